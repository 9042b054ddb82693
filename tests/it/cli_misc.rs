//! Command-line behaviour with the real binary: `TIDINGS_LOG` sets the log
//! level, `export` writes OPML on stdout, `import-newsboat` finds newsboat's
//! files in their default places and gives status 1 or 2 as documented,
//! `check` exits 2 on a config error.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::bin::{self, Files};
use crate::common::{Response, TestServer, fixture};
use tidings::config::Config;

/// `tidings refresh` of one good feed with `TIDINGS_LOG` = `level`; the log.
fn refresh_log(level: Option<&str>) -> String {
    let server = TestServer::start();
    server.route("/rss.xml", Response::rss(fixture("rss.xml")));
    let files = Files::new(&format!("[[feeds]]\nurl = \"{}\"\n", server.url("/rss.xml")));
    let mut cmd = bin::tidings_at(&files.config, &files.data);
    if let Some(level) = level {
        cmd.env("TIDINGS_LOG", level);
    }
    let out = cmd.arg("refresh").output().unwrap();
    assert!(out.status.success(), "{}", bin::stderr(&out));
    std::fs::read_to_string(files.data.join("tidings.log")).expect("the log file")
}

/// Whether some line of `log` is at `level` and says `what`.
fn logged(log: &str, level: &str, what: &str) -> bool {
    log.lines().any(|l| l.contains(&format!(" {level} ")) && l.contains(what))
}

#[test]
fn tidings_log_sets_the_level_of_the_log_file() {
    let default = refresh_log(None);
    assert!(logged(&default, "INFO", "feed stored"), "info by default:\n{default}");
    assert!(!default.contains(" DEBUG "), "no debug by default:\n{default}");

    let debug = refresh_log(Some("debug"));
    assert!(logged(&debug, "INFO", "feed stored") && logged(&debug, "DEBUG", "fetch done"), "{debug}");
    assert!(!debug.contains(" TRACE "), "{debug}");

    let warn = refresh_log(Some("warn"));
    assert!(!warn.contains(" INFO ") && !warn.contains(" DEBUG "), "only warnings and errors:\n{warn}");

    let unreadable = refresh_log(Some("loud"));
    assert!(logged(&unreadable, "INFO", "feed stored") && !unreadable.contains(" DEBUG "), "{unreadable}");
}

#[test]
fn export_writes_the_configured_feeds_as_opml_on_stdout() {
    let files = Files::new(
        "[[feeds]]\nurl = \"https://a.example/feed.xml\"\ntitle = \"Alpha & Co\"\ntags = [\"news\"]\n\n\
         [[feeds]]\nurl = \"https://b.example/rss?x=1&y=2\"\n",
    );
    let out = files.run(&["export"]);
    assert!(out.status.success(), "{}", bin::stderr(&out));
    assert_eq!(bin::stderr(&out), "", "nothing but the document");
    let text = bin::stdout(&out);
    assert!(text.starts_with("<?xml") && text.contains("<opml version=\"2.0\">"), "{text}");
    let doc = tidings::cli::opml::parse(text.as_bytes()).expect("the export parses");
    let mut feeds: Vec<_> = doc.feeds.iter().map(|o| (o.url.as_str(), o.title.as_deref(), o.tags.clone())).collect();
    feeds.sort();
    assert_eq!(
        feeds,
        [
            ("https://a.example/feed.xml", Some("Alpha & Co"), vec!["news".to_owned()]),
            ("https://b.example/rss?x=1&y=2", None, vec![]),
        ]
    );
    assert!(doc.unusable.is_empty());
    assert!(!files.data.join("tidings.db").exists(), "export makes no database");
}

/// `tidings import-newsboat` with only `home` (and `env`) to find its files.
fn import_newsboat(home: &Path, config: &Path, env: &[(&str, &Path)]) -> Output {
    let mut cmd = bin::tidings(home);
    cmd.arg("--config").arg(config).arg("--data-dir").arg(home.join("data")).arg("import-newsboat");
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.output().unwrap()
}

fn newsboat_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/newsboat").join(name)
}

/// newsboat's urls and cache.db copied into `urls_dir` and `cache_dir`.
fn place_newsboat(urls_dir: &Path, cache_dir: &Path) {
    std::fs::create_dir_all(urls_dir).unwrap();
    std::fs::create_dir_all(cache_dir).unwrap();
    std::fs::copy(newsboat_fixture("urls"), urls_dir.join("urls")).unwrap();
    std::fs::copy(newsboat_fixture("cache.db"), cache_dir.join("cache.db")).unwrap();
}

fn feed_urls(config: &Path) -> Vec<String> {
    Config::load(config).unwrap().feeds.iter().map(|f| f.url.clone()).collect()
}

const FIXTURE_FEEDS: [&str; 3] =
    ["http://127.0.0.1:8765/rss-guid.xml", "http://127.0.0.1:8765/rss-noguid.xml", "http://127.0.0.1:8765/atom.xml"];

#[test]
fn import_newsboat_finds_the_dot_dir_first() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("tidings.toml");
    // Both places hold a newsboat: ~/.newsboat wins, as in newsboat itself.
    place_newsboat(&home.path().join(".newsboat"), &home.path().join(".newsboat"));
    let xdg = home.path().join(".config/newsboat");
    std::fs::create_dir_all(&xdg).unwrap();
    std::fs::write(xdg.join("urls"), "https://xdg.example/feed.xml\n").unwrap();
    let out = import_newsboat(home.path(), &config, &[]);
    assert!(out.status.success(), "{}", bin::stderr(&out));
    let stdout = bin::stdout(&out);
    assert!(stdout.contains(&format!("{}: 3 added", home.path().join(".newsboat/urls").display())), "{stdout}");
    assert!(stdout.contains("articles: ") && stdout.contains("from newsboat's cache"), "{stdout}");
    assert_eq!(feed_urls(&config), FIXTURE_FEEDS);
}

#[test]
fn import_newsboat_finds_the_xdg_dirs_and_their_variables() {
    // No ~/.newsboat: ~/.config/newsboat/urls and ~/.local/share/newsboat/cache.db.
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("tidings.toml");
    place_newsboat(&home.path().join(".config/newsboat"), &home.path().join(".local/share/newsboat"));
    let out = import_newsboat(home.path(), &config, &[]);
    assert!(out.status.success(), "{}", bin::stderr(&out));
    assert!(bin::stdout(&out).contains("from newsboat's cache"), "{}", bin::stdout(&out));
    assert_eq!(feed_urls(&config), FIXTURE_FEEDS);

    // XDG_CONFIG_HOME and XDG_DATA_HOME move them.
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("tidings.toml");
    let (conf, data) = (home.path().join("conf"), home.path().join("share"));
    place_newsboat(&conf.join("newsboat"), &data.join("newsboat"));
    let out = import_newsboat(home.path(), &config, &[("XDG_CONFIG_HOME", &conf), ("XDG_DATA_HOME", &data)]);
    assert!(out.status.success(), "{}", bin::stderr(&out));
    assert!(bin::stdout(&out).contains("from newsboat's cache"), "{}", bin::stdout(&out));
    assert_eq!(feed_urls(&config), FIXTURE_FEEDS);
}

#[test]
fn import_newsboat_exits_1_on_refused_entries_and_2_when_nothing_is_found() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("tidings.toml");
    let out = import_newsboat(home.path(), &config, &[]);
    assert_eq!(out.status.code(), Some(2), "no urls file anywhere");
    let stderr = bin::stderr(&out);
    let expected = home.path().join(".config/newsboat/urls");
    assert!(stderr.starts_with(&format!("tidings: {}: ", expected.display())), "{stderr}");
    assert!(stderr.contains("--urls PATH"), "{stderr}");
    assert!(!config.exists(), "nothing written");

    let dot = home.path().join(".newsboat");
    std::fs::create_dir_all(&dot).unwrap();
    std::fs::write(dot.join("urls"), "https://good.example/feed.xml\n\"|echo pwned\"\n").unwrap();
    let out = import_newsboat(home.path(), &config, &[]);
    assert_eq!(out.status.code(), Some(1), "a refused entry: {}", bin::stdout(&out));
    assert!(bin::stderr(&out).starts_with("refused  line 2: |echo pwned: "), "{}", bin::stderr(&out));
    assert_eq!(feed_urls(&config), ["https://good.example/feed.xml"], "the good entry is imported");
}

#[test]
fn check_exits_0_on_a_good_config_and_2_on_a_bad_one() {
    let files = Files::new("[[feeds]]\nurl = \"https://a.example/feed.xml\"\n");
    let out = files.run(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(bin::stdout(&out), format!("{}: ok, 1 feeds\n", files.config.display()));

    let files = Files::new("[[feeds]]\nurl = \"https://a.example/feed.xml\"\nrefresh_interval = \"often\"\n");
    for args in [&["check"][..], &["--check-config"]] {
        let out = files.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = bin::stderr(&out);
        assert!(stderr.starts_with(&format!("tidings: {}:3:", files.config.display())), "{stderr}");
        assert!(stderr.contains("refresh_interval"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert_eq!(bin::stdout(&out), "", "{args:?}");
    }
    assert!(!files.data.exists(), "check opens no database");
}
