//! `headless::refresh` end to end: config file, loopback server, SQLite file, output lines.

use std::path::{Path, PathBuf};

use crate::common;
use crate::common::TestServer;
use tidings::cli::refresh;
use tidings::config::Config;

struct Setup {
    dir: tempfile::TempDir,
    config_path: PathBuf,
    config: Config,
}

impl Setup {
    /// A config in a temp dir listing `feeds` as `(url, title)`.
    fn new(feeds: &[(&str, Option<&str>)]) -> Setup {
        let dir = tempfile::tempdir().expect("temp dir");
        let config_path = dir.path().join("config.toml");
        let mut text = String::from("max_concurrent_fetches = 3\nrequest_timeout = 10\n");
        for (url, title) in feeds {
            text.push_str(&format!("\n[[feeds]]\nurl = \"{url}\"\n"));
            if let Some(title) = title {
                text.push_str(&format!("title = \"{title}\"\n"));
            }
        }
        std::fs::write(&config_path, &text).expect("write config");
        let config = Config::load(&config_path).unwrap_or_else(|e| panic!("{e}\n{text}"));
        Setup { dir, config_path, config }
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data").join("tidings")
    }

    /// Runs a refresh; returns (all ok, output lines).
    fn run(&self) -> (bool, Vec<String>) {
        let mut out = Vec::new();
        let ok = refresh::refresh(&self.config, &self.config_path, &self.data_dir(), &mut out).expect("refresh runs");
        let text = String::from_utf8(out).expect("UTF-8 output");
        (ok, text.lines().map(str::to_owned).collect())
    }
}

/// Per-feed lines arrive in completion order: compare them sorted, the summary last.
fn split(lines: &[String]) -> (Vec<&str>, &str) {
    let (summary, feeds) = lines.split_last().expect("a summary line");
    let mut feeds: Vec<&str> = feeds.iter().map(String::as_str).collect();
    feeds.sort_unstable();
    (feeds, summary)
}

fn fixture_feeds(server: &TestServer) -> Vec<(String, Option<&'static str>)> {
    vec![
        (server.url("/rss.xml"), None),
        (server.url("/atom.xml"), Some("My Atom")),
        (server.url("/feed.json"), None),
        (server.url("/seed.xml"), None),
    ]
}

fn as_refs<'a>(feeds: &'a [(String, Option<&'static str>)]) -> Vec<(&'a str, Option<&'a str>)> {
    feeds.iter().map(|(u, t)| (u.as_str(), *t)).collect()
}

#[test]
fn prints_a_line_per_feed_and_a_summary_and_fails_on_one_error() {
    let server = common::fixture_server();
    let mut feeds = fixture_feeds(&server);
    feeds.push((server.url("/broken"), Some("Broken feed")));
    let setup = Setup::new(&as_refs(&feeds));

    let (ok, lines) = setup.run();
    assert!(!ok, "one feed failed: {lines:?}");
    let (feed_lines, summary) = split(&lines);
    assert_eq!(
        feed_lines,
        [
            "FAIL  Broken feed: HTTP 500",
            "ok    JSON Dispatch: 2 new",
            "ok    Le Fil Tech: 2 new",
            "ok    My Atom: 2 new",
            "ok    Rust Notes: 3 new",
        ]
    );
    assert_eq!(summary, "refreshed 5 feeds: 4 ok, 1 failed, 9 new items");
    assert!(setup.data_dir().join(tidings::paths::DB_FILE).is_file(), "database created");

    // The same bytes the second time: nothing parsed. The failed feed waits
    // out its backoff, and the exit status still reflects it.
    let (ok, lines) = setup.run();
    assert!(!ok);
    let (feed_lines, summary) = split(&lines);
    assert_eq!(
        feed_lines[..4],
        [
            "ok    JSON Dispatch: unchanged",
            "ok    Le Fil Tech: unchanged",
            "ok    My Atom: unchanged",
            "ok    Rust Notes: unchanged"
        ]
    );
    assert!(feed_lines[4].starts_with("skip  Broken feed: failed last time; next try in "), "{feed_lines:?}");
    assert_eq!(summary, "refreshed 5 feeds: 4 ok, 0 failed, 1 skipped, 0 new items");
    assert_eq!(server.hits("/broken"), 1);
}

#[test]
fn all_feeds_ok_returns_true_and_reads_local_files() {
    let server = common::fixture_server();
    // A path relative to the config file is a local feed.
    let mut feeds = fixture_feeds(&server);
    feeds.push(("feeds/local.json".to_owned(), Some("Local JSON")));
    let setup = Setup::new(&as_refs(&feeds));
    std::fs::create_dir_all(setup.dir.path().join("feeds")).expect("mkdir");
    std::fs::copy(common::fixture_path("json.json"), setup.dir.path().join("feeds/local.json")).expect("copy");

    let (ok, lines) = setup.run();
    let (feed_lines, summary) = split(&lines);
    assert!(ok, "{lines:?}");
    assert!(feed_lines.contains(&"ok    Local JSON: 2 new"), "{feed_lines:?}");
    assert_eq!(summary, "refreshed 5 feeds: 5 ok, 0 failed, 11 new items");
}

#[test]
fn no_feeds_is_not_an_error() {
    let setup = Setup::new(&[]);
    let (ok, lines) = setup.run();
    assert!(ok);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("no feeds configured in "), "{lines:?}");
}

#[test]
fn hostile_titles_and_errors_print_as_plain_text() {
    let server = TestServer::start();
    let evil = "<rss version=\"2.0\"><channel><title>Evil\u{1b}]0;owned\u{7} \u{1b}[31mred\u{202e}</title>\
                <item><title>x</title><guid>1</guid></item></channel></rss>";
    server.route("/evil", common::Response::rss(evil));
    let setup = Setup::new(&[(&server.url("/evil"), None), ("missing.xml", None)]);
    let (ok, lines) = setup.run();
    assert!(!ok);
    let (feed_lines, _) = split(&lines);
    assert_eq!(feed_lines[1], "ok    Evil red: 1 new");
    let missing = Path::new(setup.dir.path()).join("missing.xml");
    assert_eq!(
        feed_lines[0],
        format!(
            "FAIL  {}: cannot read {}: no such file",
            url::Url::from_file_path(&missing).expect("file URL"),
            missing.display()
        )
    );
    assert!(lines.iter().all(|l| !l.chars().any(char::is_control)), "{lines:?}");
}

#[test]
fn a_permanent_redirect_is_reported_and_check_mentions_it() {
    let server = TestServer::start();
    server.route("/old.xml", common::Response::redirect(301, "/new.xml"));
    server.route("/new.xml", common::Response::rss(common::fixture("rss.xml")));
    server.route("/gone.xml", common::Response::status(410));
    let setup = Setup::new(&[(&server.url("/old.xml"), Some("Moving")), (&server.url("/gone.xml"), Some("Gone"))]);
    let (ok, lines) = setup.run();
    assert!(!ok, "a gone feed is a failure: {lines:?}");
    let (feed_lines, _) = split(&lines);
    assert_eq!(
        feed_lines,
        [
            "GONE  Gone: HTTP 410, no longer polled; remove it from the config".to_owned(),
            format!("moved Moving: permanently redirected to {}; update the config", server.url("/new.xml")),
            "ok    Moving: 3 new".to_owned(),
        ]
    );

    let output = common::bin::run(&setup.config_path, &setup.data_dir(), &["check"]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let notes: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(
        notes,
        [
            format!(
                "note: {} moved permanently to {}; update the config",
                server.url("/old.xml"),
                server.url("/new.xml")
            ),
            format!(
                "note: {} is gone (HTTP 410) and no longer polled; remove it from the config",
                server.url("/gone.xml")
            ),
        ]
    );
    assert_eq!((server.hits("/old.xml"), server.hits("/gone.xml")), (1, 1));
}
