//! The feed-management and scripting commands on the real binary: stdout,
//! stderr, exit statuses and what they leave in the config and the database.

use std::path::PathBuf;
use std::process::Output;

use crate::common::StoreExt;
use crate::common::bin;
use crate::common::{Response, TestServer, fixture_server};
use tidings::model::View;
use tidings::store::Store;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn run(&self, args: &[&str]) -> Output {
        bin::run(&self.config(), &self.dir.path().join("data"), args)
    }

    fn config_text(&self) -> String {
        std::fs::read_to_string(self.config()).unwrap()
    }

    fn store(&self) -> Store {
        Store::open(&self.dir.path().join("data/tidings.db")).unwrap()
    }
}

fn page(head: &str) -> Response {
    Response::ok("text/html", format!("<html><head>{head}</head><body></body></html>"))
}

#[test]
fn add_a_feed_creates_the_config_and_is_idempotent() {
    let server = fixture_server();
    let env = Env::new();
    let o = env.run(&["add", &server.url("/rss.xml"), "--tag", "notes", "--title", "My notes"]);
    assert_eq!(o.status.code(), Some(0), "{}", bin::stderr(&o));
    assert_eq!(bin::stdout(&o), format!("subscribed to {} in {}\n", server.url("/rss.xml"), env.config().display()));
    let text = env.config_text();
    assert!(text.starts_with("# tidings configuration"), "{text}");
    assert!(text.ends_with(&format!(
        "[[feeds]]\nurl = \"{}\"\ntitle = \"My notes\"\ntags = [\"notes\"]\n",
        server.url("/rss.xml")
    )));

    let o = env.run(&["add", &server.url("/rss.xml")]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(bin::stdout(&o), format!("already subscribed to {}\n", server.url("/rss.xml")));
    assert_eq!(env.config_text(), text, "unchanged");
}

#[test]
fn add_a_site_finds_its_feed() {
    let server = fixture_server();
    server.route("/", page(r#"<link rel="alternate" type="application/atom+xml" href="atom.xml">"#));
    let env = Env::new();
    std::fs::write(env.config(), "# my comment\nrefresh_interval = 10\n").unwrap();
    let o = env.run(&["add", &server.base_url()]);
    assert_eq!(o.status.code(), Some(0), "{}", bin::stderr(&o));
    assert_eq!(
        env.config_text(),
        format!("# my comment\nrefresh_interval = 10\n\n[[feeds]]\nurl = \"{}\"\n", server.url("/atom.xml"))
    );
    assert!(env.config().with_extension("toml.bak").exists(), "backup kept");
}

#[test]
fn add_asks_which_when_a_page_offers_several() {
    let server = fixture_server();
    server.route(
        "/",
        page(
            r#"<link rel="alternate" type="application/rss+xml" href="/rss.xml" title="Posts">
                <link rel="alternate" type="application/atom+xml" href="/atom.xml" title="Comments">"#,
        ),
    );
    let env = Env::new();
    let o = env.run(&["add", &server.base_url()]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = bin::stderr(&o);
    assert!(stderr.contains(&format!("  1. Posts (RSS) <{}>", server.url("/rss.xml"))), "{stderr}");
    assert!(stderr.contains(&format!("  2. Comments (Atom) <{}>", server.url("/atom.xml"))), "{stderr}");
    assert!(stderr.contains("choose one with --pick N"), "{stderr}");
    assert!(!env.config().exists());

    let o = env.run(&["add", &server.base_url(), "--pick", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", bin::stderr(&o));
    assert!(env.config_text().contains(&server.url("/atom.xml")));
    let o = env.run(&["add", &server.base_url(), "--pick", "3"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(bin::stderr(&o).starts_with("tidings: --pick 3: only 2 feeds found"), "{}", bin::stderr(&o));
}

#[test]
fn add_failures_exit_1_and_broken_configs_exit_2() {
    let server = TestServer::start();
    server.route("/", page(""));
    let env = Env::new();
    let o = env.run(&["add", &server.base_url()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(bin::stderr(&o), format!("tidings: no feed found at {}/\n", server.base_url()));
    let o = env.run(&["add", "ftp://example.com/feed"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(bin::stderr(&o).contains("not an http(s) address"), "{}", bin::stderr(&o));

    std::fs::write(env.config(), "refresh_interval = -1\n").unwrap();
    let o = env.run(&["add", &server.base_url()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(bin::stderr(&o).starts_with(&format!("tidings: {}:1:", env.config().display())), "{}", bin::stderr(&o));
    assert_eq!(env.config_text(), "refresh_interval = -1\n");
}

#[test]
fn remove_by_url_or_title() {
    let env = Env::new();
    std::fs::write(
        env.config(),
        "# feeds\n[[feeds]]\nurl = \"https://a.example/f\"\ntitle = \"Alpha\"\n\n[[feeds]]\nurl = \"https://b.example/f\"\n",
    )
    .unwrap();
    let o = env.run(&["remove", "alpha"]);
    assert_eq!(o.status.code(), Some(0), "{}", bin::stderr(&o));
    assert_eq!(bin::stdout(&o), "removed https://a.example/f\n");
    assert_eq!(env.config_text(), "# feeds\n\n[[feeds]]\nurl = \"https://b.example/f\"\n", "the file header stays");
    let o = env.run(&["remove", "https://A.example/f"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        bin::stderr(&o).contains("no feed in") && bin::stderr(&o).contains("matches https://A.example/f"),
        "{}",
        bin::stderr(&o)
    );
    let o = env.run(&["remove", "HTTPS://B.EXAMPLE/f"]);
    assert_eq!(o.status.code(), Some(0), "URLs compare as URLs");
}

/// A config with the fixture server's RSS feed, refreshed once.
fn refreshed(server: &TestServer) -> Env {
    let env = Env::new();
    std::fs::write(env.config(), format!("[[feeds]]\nurl = \"{}\"\n", server.url("/rss.xml"))).unwrap();
    assert!(env.run(&["refresh"]).status.success());
    env
}

#[test]
fn mark_sets_read_and_starred_and_reports_unknown_ids() {
    let server = fixture_server();
    let env = refreshed(&server);
    let ids: Vec<String> = env.store().headlines(View::All).unwrap().iter().map(|h| h.id.to_string()).collect();
    assert_eq!(ids.len(), 3);
    let o = env.run(&["mark", &ids[0], &ids[1], "--read", "--star"]);
    assert_eq!((o.status.code(), bin::stdout(&o), bin::stderr(&o)), (Some(0), String::new(), String::new()));
    let marks: Vec<(bool, bool)> =
        env.store().headlines(View::All).unwrap().iter().map(|h| (h.read, h.starred)).collect();
    assert_eq!(marks, [(true, true), (true, true), (false, false)]);

    let o = env.run(&["mark", &ids[0], "99999", "--unread"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(bin::stderr(&o), "tidings: no item with id 99999\n");
    assert!(!env.store().headlines(View::All).unwrap()[0].read, "the known id was marked");

    let o = env.run(&["mark", &ids[0]]);
    assert_eq!(o.status.code(), Some(2), "a mark is required: {}", bin::stderr(&o));
    let o = env.run(&["mark", &ids[0], "--read", "--unread"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn feeds_lists_state_as_text_and_json_lines() {
    let server = fixture_server();
    let env = refreshed(&server);
    std::fs::write(
        env.config(),
        format!(
            "[[feeds]]\nurl = \"{}\"\n\n[[feeds]]\nurl = \"{}\"\ntitle = \"Down\"\n",
            server.url("/rss.xml"),
            server.url("/broken")
        ),
    )
    .unwrap();
    assert_eq!(env.run(&["refresh"]).status.code(), Some(1));
    let o = env.run(&["feeds"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        bin::stdout(&o),
        format!(
            "     3  Rust Notes  {}  site https://rss.example/\n     0  Down        {}   ! HTTP 500\n",
            server.url("/rss.xml"),
            server.url("/broken")
        )
    );

    let o = env.run(&["feeds", "--json"]);
    let lines: Vec<serde_json::Value> = bin::stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["url"], server.url("/rss.xml"));
    assert_eq!(lines[0]["title"], "Rust Notes");
    assert_eq!((lines[0]["unread"].as_u64(), lines[0]["total"].as_u64()), (Some(3), Some(3)));
    assert!(lines[0]["last_error"].is_null());
    let date = |v: &serde_json::Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap().timestamp();
    assert_eq!(date(&lines[0]["next_refresh"]) - date(&lines[0]["last_fetched"]), 30 * 60, "default interval");
    assert_eq!(lines[1]["last_error"], "HTTP 500");
    assert!(lines[1]["last_fetched"].is_null() && lines[1]["next_refresh"].is_null());
}

#[test]
fn completions_help_and_version() {
    let env = Env::new(); // no config file: these never need one
    for shell in ["bash", "zsh", "fish"] {
        let o = env.run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = bin::stdout(&o);
        assert!(script.contains("import-newsboat") && script.contains("completions"), "{shell}");
    }
    assert_eq!(env.run(&["completions", "tcsh"]).status.code(), Some(2));
    let o = env.run(&["--version"]);
    assert_eq!(bin::stdout(&o), format!("tidings {}\n", env!("CARGO_PKG_VERSION")));
    let o = env.run(&["--help"]);
    assert!(
        bin::stdout(&o).contains("Exit status: 0 ok, 1 some feed failed or nothing matched, 2 usage/config error.")
    );
    for command in ["add", "remove", "import", "export", "import-newsboat", "mark", "feeds", "completions"] {
        let o = env.run(&[command, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{command}");
        assert!(
            bin::stdout(&o).contains("Examples:\n  tidings "),
            "{command} --help has examples:\n{}",
            bin::stdout(&o)
        );
    }
    assert!(!env.config().exists());
}
