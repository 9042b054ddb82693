//! Moving from newsboat: the real newsboat's `urls` and `cache.db`
//! (tests/fixtures/newsboat, made by make-fixture.sh) imported with the real
//! binary, then the same feeds fetched from the loopback server: marks are
//! kept and no article comes back as a duplicate or unread.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::StoreExt;
use crate::common::bin;
use crate::common::{Response, TestServer};
use tidings::model::View;
use tidings::store::Store;

/// The address the fixture was made against (make-fixture.sh).
const FIXTURE_BASE: &str = "http://127.0.0.1:8765";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/newsboat").join(name)
}

struct Setup {
    dir: tempfile::TempDir,
    server: TestServer,
}

impl Setup {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn tidings(&self, args: &[&str]) -> Output {
        bin::run(&self.path("config.toml"), &self.path("data"), args)
    }

    fn import(&self) -> Output {
        let (urls, cache) = (self.path("urls"), self.path("cache.db"));
        self.tidings(&["import-newsboat", "--urls", urls.to_str().unwrap(), "--cache", cache.to_str().unwrap()])
    }

    fn store(&self) -> Store {
        Store::open(&self.path("data").join("tidings.db")).unwrap()
    }
}

/// The fixture's feeds served on a loopback port, and its urls and cache.db
/// copied with the fixture's address replaced by the server's.
fn setup() -> Setup {
    let server = TestServer::start();
    let base = server.base_url();
    for name in ["rss-guid.xml", "rss-noguid.xml", "atom.xml"] {
        let body = std::fs::read_to_string(fixture(&format!("feeds/{name}"))).unwrap().replace(FIXTURE_BASE, &base);
        server.route(&format!("/{name}"), Response::rss(body));
    }
    let dir = tempfile::tempdir().unwrap();
    let urls = std::fs::read_to_string(fixture("urls")).unwrap().replace(FIXTURE_BASE, &base);
    std::fs::write(dir.path().join("urls"), urls).unwrap();
    let cache = dir.path().join("cache.db");
    std::fs::copy(fixture("cache.db"), &cache).unwrap();
    // newsboat's own database, not ours: the port lives in its URL columns.
    let conn = rusqlite::Connection::open(&cache).unwrap();
    conn.execute_batch(&format!(
        "UPDATE rss_item SET feedurl = replace(feedurl, '{FIXTURE_BASE}', '{base}'),
                             url = replace(url, '{FIXTURE_BASE}', '{base}'),
                             guid = replace(guid, '{FIXTURE_BASE}', '{base}');
         UPDATE rss_feed SET rssurl = replace(rssurl, '{FIXTURE_BASE}', '{base}'),
                             url = replace(url, '{FIXTURE_BASE}', '{base}');"
    ))
    .unwrap();
    drop(conn);
    Setup { dir, server }
}

/// (title, read, starred) of every stored item, sorted by title.
fn items(store: &Store) -> Vec<(String, bool, bool)> {
    let mut rows: Vec<_> =
        store.headlines(View::All).unwrap().into_iter().map(|h| (h.title, h.read, h.starred)).collect();
    rows.sort();
    rows
}

fn expected_items() -> Vec<(String, bool, bool)> {
    let rows = [
        ("Entry one", true, false),
        ("Entry three", true, false),
        ("Entry two", true, true),
        ("First link, read", true, false),
        ("Four: still unread", false, false),
        ("One: read", true, false),
        ("Second link", false, false),
        ("Three: flagged, unread", false, true),
        ("Two: read", true, false),
    ];
    rows.iter().map(|(t, r, s)| (t.to_string(), *r, *s)).collect()
}

#[test]
fn feeds_tags_titles_and_every_mark_come_over() {
    let s = setup();
    let out = s.import();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let base = s.server.base_url();
    for line in [
        format!("added    {base}/rss-guid.xml \"Renamed Gazette\" [tech, news]"),
        format!("added    {base}/rss-noguid.xml [two words]"),
        format!("added    {base}/atom.xml [tech]"),
        "skipped  line 6: query:Unread Articles:unread = \"yes\": a newsboat query feed".to_owned(),
        "skipped  line 7: exec:/nonexistent/tidings-fixture/make-feed.sh: runs a command".to_owned(),
        format!("skipped  line 8: filter:/nonexistent/tidings-fixture/filter.sh:{base}/atom.xml: pipes the feed"),
        "3 added, 0 already subscribed, 3 skipped (not feeds), 0 refused, 0 invalid".to_owned(),
        "articles: 9 from newsboat's cache (9 new here), 6 read, 3 unread, 2 flagged (now starred)".to_owned(),
    ] {
        assert!(stdout.contains(&line), "missing {line:?} in:\n{stdout}");
    }
    let config = tidings::config::Config::load(&s.path("config.toml")).unwrap();
    let feeds: Vec<(&str, Option<&str>, Vec<&str>)> = config
        .feeds
        .iter()
        .map(|f| (f.url.as_str(), f.title.as_deref(), f.tags.iter().map(String::as_str).collect()))
        .collect();
    let (a, b, c) = (format!("{base}/rss-guid.xml"), format!("{base}/rss-noguid.xml"), format!("{base}/atom.xml"));
    assert_eq!(
        feeds,
        vec![
            (a.as_str(), Some("Renamed Gazette"), vec!["tech", "news"]),
            (b.as_str(), None, vec!["two words"]),
            (c.as_str(), None, vec!["tech"]),
        ]
    );
    let store = s.store();
    assert_eq!(items(&store), expected_items());
    let titles: Vec<String> = store.feeds().unwrap().into_iter().map(|f| f.title).collect();
    assert_eq!(
        titles,
        ["Renamed Gazette", "Linky Log", "Atomic Notes"],
        "newsboat's feed titles until the first fetch"
    );
    assert!(s.server.requests().is_empty(), "importing fetches nothing");
}

#[test]
fn fetching_after_the_import_adds_no_duplicate_and_keeps_the_marks() {
    let s = setup();
    assert!(s.import().status.success());
    let out = s.tidings(&["refresh"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let summary: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!((&summary["ok"], &summary["failed"], &summary["new_items"]), (&3.into(), &0.into(), &0.into()));
    assert_eq!(summary["type"], "summary", "every article was already known:\n{stdout}");
    assert_eq!(items(&s.store()), expected_items());
    let unread: u32 = s.store().feeds().unwrap().iter().map(|f| f.unread).sum();
    assert_eq!(unread, 3, "what newsboat's print-unread said");
}

#[test]
fn importing_twice_changes_nothing_and_keeps_marks_made_here() {
    let s = setup();
    assert!(s.import().status.success());
    let store = s.store();
    let four = store.headlines(View::All).unwrap().into_iter().find(|h| h.title.starts_with("Four")).unwrap();
    store.set_read(four.id, true).unwrap();
    let out = s.import();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(stdout.contains("0 added, 3 already subscribed"), "{stdout}");
    assert!(stdout.contains("(0 new here)"), "{stdout}");
    let mut expected = expected_items();
    expected.iter_mut().filter(|(t, ..)| t.starts_with("Four")).for_each(|row| row.1 = true);
    assert_eq!(items(&s.store()), expected, "read here stays read");
    let config = std::fs::read_to_string(s.path("config.toml")).unwrap();
    assert_eq!(config.lines().filter(|l| *l == "[[feeds]]").count(), 3, "{config}");
}

#[test]
fn dry_run_writes_nothing_and_missing_files_exit_2() {
    let s = setup();
    let (urls, cache) = (s.path("urls"), s.path("cache.db"));
    let out = s.tidings(&[
        "import-newsboat",
        "--dry-run",
        "--urls",
        urls.to_str().unwrap(),
        "--cache",
        cache.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("3 would add"));
    assert!(!s.path("config.toml").exists() && !s.path("data").exists());

    let out = s.tidings(&["import-newsboat", "--urls", s.path("nope").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("tidings: ") && stderr.contains("nope"), "{stderr}");

    std::fs::write(s.path("not-a-cache.db"), "hello").unwrap();
    let bad = s.path("not-a-cache.db");
    let out = s.tidings(&["import-newsboat", "--urls", urls.to_str().unwrap(), "--cache", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("not a readable newsboat cache"));
    assert!(!s.path("config.toml").exists(), "nothing written when the cache is unreadable");
}
