//! What `tidings refresh` prints on a terminal (a pty read with vt100), piped,
//! with `--json`, `--verbose` and `--quiet`; and the reader's status line
//! showing the same progress line during a refresh.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use crate::common::pty::Tui;
use crate::common::{Response, TestServer};
use serde_json::{Value, json};

struct Env {
    dir: tempfile::TempDir,
    server: TestServer,
}

const QUIET_FEED: &str = "<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>";

impl Env {
    /// Three feeds: one with three new items, one with none, one failing.
    fn new() -> Env {
        let server = crate::common::fixture_server();
        server.route("/quiet.xml", Response::rss(QUIET_FEED));
        let env = Env { dir: tempfile::tempdir().unwrap(), server };
        env.write_config(&["/rss.xml", "/quiet.xml", "/broken"]);
        env
    }

    fn write_config(&self, paths: &[&str]) {
        let feeds: String = paths
            .iter()
            .map(|p| {
                let title = if *p == "/broken" { "title = \"Broken feed\"\n" } else { "" };
                format!("[[feeds]]\nurl = \"{}\"\n{title}\n", self.server.url(p))
            })
            .collect();
        std::fs::write(self.path("config.toml"), feeds).unwrap();
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn args(&self, extra: &[&str]) -> Vec<String> {
        let mut args = vec![
            "--config".to_owned(),
            self.path("config.toml").to_str().unwrap().to_owned(),
            "--data-dir".to_owned(),
            self.path("data").to_str().unwrap().to_owned(),
        ];
        args.extend(extra.iter().map(|a| (*a).to_owned()));
        args
    }

    /// `tidings refresh ARGS` in an 80×24 terminal, to its end (`done` says when the
    /// screen has all of it): (exit code, screen, raw bytes).
    fn on_terminal(&self, extra: &[&str], done: impl Fn(&str) -> bool) -> (u32, String, String) {
        let args = self.args(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut tui = Tui::spawn(&args, 80, 24);
        let code = tui.wait_exit();
        // The exit can be seen before the last bytes are read.
        let screen = tui.wait_for("the end of the output", done);
        (code, screen, String::from_utf8_lossy(&tui.output()).into_owned())
    }

    /// `tidings refresh ARGS` with its output piped.
    fn piped(&self, extra: &[&str]) -> Output {
        crate::common::bin::tidings(self.dir.path()).args(self.args(extra)).stdin(Stdio::null()).output().unwrap()
    }
}

/// The screen's lines with something on them, right-trimmed.
fn rows(screen: &str) -> Vec<&str> {
    screen.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect()
}

#[test]
fn on_a_terminal_one_live_line_then_only_what_matters() {
    let env = Env::new();
    let summary = |s: &str| s.contains("refreshed 3 feeds");
    let (code, screen, raw) = env.on_terminal(&["refresh"], summary);
    assert_eq!(code, 1, "a feed failed");
    assert_eq!(
        rows(&screen),
        ["ok    Rust Notes: 3 new", "FAIL  Broken feed: HTTP 500", "refreshed 3 feeds: 2 ok, 1 failed, 3 new items"],
        "the quiet feed is not listed, the progress line is gone"
    );
    // The progress line was drawn from the start, rewritten in place, and erased at the end.
    assert!(raw.contains("\r\x1b[2Krefreshing 0/3 feeds, 0 new items"), "{raw:?}");
    let last_progress = raw.rfind("\r\x1b[2Krefreshing").unwrap();
    assert!(
        raw[last_progress..].starts_with("\r\x1b[2Krefreshing 3/3 feeds, 3 new items, 1 failed\r\x1b[2K"),
        "{raw:?}"
    );
    assert!(!raw.contains("refreshing 3/3 feeds, 3 new items, 1 failed\r\n"), "never left on its own line");

    // Again, listing every feed: nothing new, the broken one waits.
    let (code, screen, _) = env.on_terminal(&["refresh", "--verbose"], summary);
    assert_eq!(code, 1, "a feed waited");
    let rows = rows(&screen);
    assert_eq!(rows[..2], ["ok    Rust Notes: unchanged", "ok    Quiet: unchanged"], "{screen}");
    assert!(rows[2].starts_with("skip  Broken feed: failed last time; next try in "), "{screen}");
    assert_eq!(rows[3], "refreshed 3 feeds: 2 ok, 0 failed, 1 skipped, 0 new items");
}

#[test]
fn piped_every_feed_is_a_json_object_and_the_summary_too() {
    let env = Env::new();
    let out = env.piped(&["refresh"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no progress line when piped: {text:?}");
    let mut lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary = lines.pop().unwrap();
    // Feeds come as they finish: compare them by id.
    lines.sort_by_key(|l| l["id"].as_i64());
    let url = |p: &str| env.server.url(p);
    assert_eq!(
        lines,
        [
            json!({"type": "feed", "id": 1, "title": "Rust Notes", "url": url("/rss.xml"), "status": "ok",
                   "new_items": 3, "error": null, "moved_to": null}),
            json!({"type": "feed", "id": 2, "title": "Quiet", "url": url("/quiet.xml"), "status": "ok",
                   "new_items": 0, "error": null, "moved_to": null}),
            json!({"type": "feed", "id": 3, "title": "Broken feed", "url": url("/broken"), "status": "failed",
                   "new_items": 0, "error": "HTTP 500", "moved_to": null}),
        ]
    );
    assert_eq!(
        summary,
        json!({"type": "summary", "feeds": 3, "ok": 2, "failed": 1, "skipped": 0, "new_items": 3, "removed_items": 0})
    );
    // The keys in a fixed order, "type" first.
    assert!(text.lines().all(|l| l.starts_with("{\"type\":")), "{text}");

    let (_, _, raw) = env.on_terminal(&["refresh", "--json"], |s| s.contains("summary"));
    assert!(raw.contains("{\"type\":\"summary\",\"feeds\":3,\"ok\":2,\"failed\":0,\"skipped\":1"), "{raw:?}");
    assert!(!raw.contains("\x1b[2K"), "--json on a terminal has no progress line: {raw:?}");
}

#[test]
fn quiet_prints_failures_only_and_nothing_when_all_is_well() {
    let env = Env::new();
    let out = env.piped(&["refresh", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "FAIL  Broken feed: HTTP 500\n");

    env.write_config(&["/rss.xml", "/quiet.xml"]);
    let out = env.piped(&["refresh", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "", "silent for cron");
    let (code, screen, _) = env.on_terminal(&["refresh", "--quiet"], |_| true);
    assert_eq!((code, rows(&screen).len()), (0, 0), "{screen}");
}

#[test]
fn the_readers_status_line_shows_the_same_progress() {
    let env = Env::new();
    let pid_file = env.path("hang.pid");
    let hang = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/commands/hang.sh");
    // One feed that is quick, one that hangs until the reader quits.
    let text = format!(
        "request_timeout = 600\n\n[[feeds]]\nurl = \"{}\"\n\n[[feeds]]\ncommand = [\"{}\", \"{}\"]\ntitle = \"Slow\"\n",
        env.server.url("/rss.xml"),
        hang.display(),
        pid_file.display()
    );
    std::fs::write(env.path("config.toml"), text).unwrap();
    let args = env.args(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut tui = Tui::spawn(&args, 100, 24);
    let screen = tui.wait_for_text("refreshing 1/2 feeds, 3 new items");
    let status = screen.lines().last().unwrap();
    assert!(status.starts_with("refreshing 1/2 feeds, 3 new items  "), "{status:?}");
    // The hung command is running and has started its child.
    let pid = crate::common::process::written_pid(&pid_file);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    // Quitting stopped the command that was still running, and its child.
    assert!(crate::common::process::ends(&pid), "process {pid} outlived the reader");
}
