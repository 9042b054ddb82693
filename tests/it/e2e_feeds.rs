//! Feed management in the real binary in a pty: `a` finds a site's feed and
//! subscribes, `d` unsubscribes after asking, edits to the file apply live
//! (a broken one is reported and changes nothing), `E` runs the editor.

use std::path::PathBuf;

use crate::common;
use crate::common::pty::Tui;

const HEADER: &str = "# My reading list (keep this comment)\nrefresh_interval = 0\n\n";

struct Setup {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    config: PathBuf,
    data: PathBuf,
    server: common::TestServer,
}

/// A config with the RSS fixture feed, and a site whose page links the Atom one.
fn setup() -> Setup {
    let server = common::fixture_server();
    server.route(
        "/site/",
        common::Response::ok(
            "text/html",
            r#"<html><head><link rel="alternate" type="application/atom+xml" href="../atom.xml"></head></html>"#,
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let feeds = format!("[[feeds]]\nurl = \"{}\"\ntitle = \"Plain RSS\"\n", server.url("/rss.xml"));
    std::fs::write(&config, format!("{HEADER}{feeds}")).unwrap();
    Setup { dir: dir.path().to_path_buf(), data: dir.path().join("data"), config, server, _dir: dir }
}

fn launch(s: &Setup, env: &[(&str, &str)]) -> Tui {
    let tui = Tui::at(&s.config, &s.data, env, 110, 30);
    tui.wait_for_text("Third note");
    tui
}

fn config_text(s: &Setup) -> String {
    std::fs::read_to_string(&s.config).unwrap()
}

#[test]
fn a_subscribes_to_the_feed_a_site_names() {
    let s = setup();
    let mut tui = launch(&s, &[]);
    tui.send("a");
    tui.wait_for_text("add feed (address or site):");
    tui.send(&s.server.url("/site/"));
    tui.send("\r");
    // Found, written to the config, fetched at once, shown.
    tui.wait_for("the new feed's headlines", |screen| {
        screen.contains("Atom entry one") && screen.contains("Atom Journal")
    });
    let text = config_text(&s);
    assert!(text.starts_with(HEADER), "the comment and settings stay:\n{text}");
    assert!(text.ends_with(&format!("\n[[feeds]]\nurl = \"{}\"\n", s.server.url("/atom.xml"))), "{text}");
    assert!(s.dir.join("config.toml.bak").exists());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn d_removes_the_selected_feed_after_asking() {
    let s = setup();
    let mut tui = launch(&s, &[]);
    tui.send("G"); // the last entry of the list, below the views: "Plain RSS"
    tui.send("d");
    tui.wait_for_text("remove “Plain RSS” from the config?");
    tui.send("x"); // not an answer: still asking
    tui.send("n");
    tui.wait_for("the question gone", |screen| !screen.contains("from the config?"));
    assert!(config_text(&s).contains("Plain RSS"));
    tui.send("d");
    tui.wait_for_text("from the config?");
    tui.send("y");
    tui.wait_for("the feed gone", |screen| screen.contains("removed ") && !screen.contains("Third note"));
    assert_eq!(config_text(&s), HEADER.trim_end().to_owned() + "\n");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn edits_apply_live_and_a_broken_one_keeps_the_last_good_config() {
    let s = setup();
    let mut tui = launch(&s, &[]);
    let good = config_text(&s);
    std::fs::write(&s.config, format!("{good}\n[[feeds]]\nurl = \n")).unwrap();
    let error = format!("{}:9:7:", s.config.display());
    tui.wait_for("the error with its position", |screen| screen.contains(&error));
    assert!(tui.contents().contains("Third note"), "the feeds in force stay");
    std::fs::write(&s.config, format!("{good}\n[[feeds]]\nurl = \"{}\"\n", s.server.url("/atom.xml"))).unwrap();
    tui.wait_for("the added feed", |screen| {
        screen.contains("config reloaded: 2 feeds") || screen.contains("Atom entry one")
    });
    tui.wait_for_text("Atom entry one");
    // Keys change live too: after this edit, x quits and q does not. The
    // edit adds a third feed as well: its items, which only this reload can
    // bring (the status line can still hold the last reload's words, or be
    // overwritten by the new feed's fetch), say the new keys are in force.
    let text = config_text(&s);
    let (top, feeds) = text.split_at(text.find("[[feeds]]").unwrap());
    let third = format!("\n[[feeds]]\nurl = \"{}\"\n", s.server.url("/feed.json"));
    std::fs::write(&s.config, format!("{top}[keys]\nquit = [\"x\"]\n\n{feeds}{third}")).unwrap();
    tui.wait_for_text("JSON item one");
    tui.send("q");
    tui.send("?");
    tui.wait_for_text("Keys (Esc closes)"); // still running after q
    tui.send("x");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn capital_e_runs_the_editor_and_reloads() {
    let s = setup();
    let script = s.dir.join("editor.sh");
    let feed = format!("[[feeds]]\nurl = \"{}\"\n", s.server.url("/atom.xml"));
    std::fs::write(&script, format!("#!/bin/sh\ncat >> \"$1\" <<'EOF'\n\n{feed}EOF\n")).unwrap();
    std::process::Command::new("chmod").args(["+x", script.to_str().unwrap()]).status().unwrap();
    let mut tui = launch(&s, &[("VISUAL", ""), ("EDITOR", script.to_str().unwrap())]);
    tui.send("E");
    tui.wait_for_text("Atom entry one");
    assert!(tui.alternate_screen(), "the TUI is back");
    assert!(config_text(&s).contains("atom.xml"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
