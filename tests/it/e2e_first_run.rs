//! A newcomer's first run, in the real binary in a pty: no config → the
//! welcome screen → `a` and a feed served on localhost (or a site page that
//! names its feeds) → the config file is created and the reader shows the
//! feed's headlines, without a restart.

use std::path::{Path, PathBuf};

use crate::common;
use crate::common::pty::Tui;

struct FirstRun {
    _dir: tempfile::TempDir,
    config: PathBuf,
    data: PathBuf,
    server: common::TestServer,
}

/// No config (not even its directory) and no data directory yet; a server
/// with the fixture feeds and a site page naming two of them.
fn first_run() -> FirstRun {
    let server = common::fixture_server();
    server.route(
        "/site/",
        common::Response::ok(
            "text/html",
            r#"<html><head>
<link rel="alternate" type="application/rss+xml" title="Plain RSS" href="../rss.xml">
<link rel="alternate" type="application/atom+xml" title="Atom Journal" href="../atom.xml">
</head><body>A site</body></html>"#,
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("xdg").join("tidings").join("config.toml");
    let data = dir.path().join("data");
    FirstRun { config, data, server, _dir: dir }
}

fn launch(run: &FirstRun) -> Tui {
    let tui = Tui::at(&run.config, &run.data, &[], 100, 30);
    // The whole screen: it names the file, and how to bring subscriptions along.
    tui.wait_for("the welcome screen", |screen| {
        screen.contains("Welcome to tidings")
            && screen.contains(run.config.to_str().unwrap())
            && screen.contains("tidings import FILE.opml")
            && screen.contains("tidings import-newsboat")
            && screen.contains("? help  q quit")
    });
    assert!(!run.config.exists(), "nothing written before a feed is chosen");
    tui
}

/// `tidings check` accepts the file the welcome screen wrote.
fn check(config: &Path) {
    let out = common::bin::tidings(&common::bin::home_beside(config))
        .args(["check", "--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok, 1 feeds"), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_on_the_welcome_screen_subscribes_and_the_reader_shows_the_feed() {
    let run = first_run();
    let mut tui = launch(&run);
    tui.send("a");
    tui.wait_for_text("add feed (address or site):");
    let feed = run.server.url("/rss.xml");
    tui.send(&feed);
    tui.send("\r");
    // The reader, in place of the welcome screen, with the feed's headlines.
    tui.wait_for("the feed's headlines in the reader", |screen| {
        screen.contains("Third note")
            && screen.contains("Second note")
            && screen.contains("First note")
            && screen.contains("All items")
            && !screen.contains("Welcome to tidings")
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let text = std::fs::read_to_string(&run.config).unwrap();
    assert!(text.contains(&format!("url = \"{feed}\"")), "{text}");
    assert!(text.starts_with('#') && text.contains("config.example.toml"), "a commented start:\n{text}");
    check(&run.config);
    assert!(run.data.join("tidings.db").exists());
}

#[test]
fn a_site_address_on_the_welcome_screen_offers_its_feeds_to_choose() {
    let run = first_run();
    let mut tui = launch(&run);
    tui.send("a");
    tui.wait_for_text("add feed (address or site):");
    tui.send(&run.server.url("/site/"));
    tui.send("\r");
    tui.wait_for("the choice of the page's feeds", |screen| {
        screen.contains("2 feeds found") && screen.contains("1. Plain RSS") && screen.contains("2. Atom Journal")
    });
    assert!(!run.config.exists(), "nothing written while choosing");
    tui.send("2");
    tui.wait_for("the Atom feed's headlines", |screen| {
        screen.contains("Atom entry one") && screen.contains("Atom entry two")
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let text = std::fs::read_to_string(&run.config).unwrap();
    assert!(text.contains(&format!("url = \"{}\"", run.server.url("/atom.xml"))), "{text}");
    assert!(!text.contains("rss.xml"), "{text}");
    check(&run.config);
}

#[test]
fn a_failed_search_on_the_welcome_screen_says_why_and_writes_nothing() {
    let run = first_run();
    let mut tui = launch(&run);
    tui.send("a");
    tui.wait_for_text("add feed (address or site):");
    tui.send(&run.server.url("/broken"));
    tui.send("\r");
    tui.wait_for("the error in the status line", |screen| {
        screen.contains("Welcome to tidings") && screen.contains("HTTP 500")
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!run.config.exists() && !run.data.exists(), "nothing is written");
}
