//! The store on real SQLite files: migrations, feed sync, ingest, marks.

use std::path::{Path, PathBuf};
use std::sync::Barrier;

use crate::common;
use crate::common::StoreExt;
use tidings::model::{FeedId, FeedSource, IngestReport, ItemId, ParsedFeed, ParsedItem, View};
use tidings::store::{SCHEMA_VERSION, Store, StoreError};

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("tidings.db")
}

fn source(url: &str, title: Option<&str>, tags: &[&str]) -> FeedSource {
    FeedSource {
        url: url.to_owned(),
        title: title.map(str::to_owned),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..FeedSource::default()
    }
}

fn item(guid: &str, title: &str, published: Option<i64>) -> ParsedItem {
    ParsedItem {
        guid: guid.to_owned(),
        title: title.to_owned(),
        link: Some(format!("https://example.org/{guid}")),
        author: Some("Ada".to_owned()),
        published,
        content: Some(format!("<p>{title}</p>")),
        ..ParsedItem::default()
    }
}

fn feed_of(items: Vec<ParsedItem>) -> ParsedFeed {
    ParsedFeed {
        title: Some("Feed's own title".to_owned()),
        site_url: Some("https://example.org/".to_owned()),
        items,
        interval_hint: None,
        warning: None,
        ..ParsedFeed::default()
    }
}

/// Titles of a view, in display order.
fn titles(store: &Store, view: View) -> Vec<String> {
    store.headlines(view).unwrap().into_iter().map(|h| h.title).collect()
}

fn feed_titles(store: &Store) -> Vec<String> {
    store.feeds().unwrap().into_iter().map(|f| f.title).collect()
}

/// A store with two configured feeds, returned with their ids.
fn two_feeds(path: &Path) -> (Store, FeedId, FeedId) {
    let mut store = Store::open(path).unwrap();
    let ids = store
        .sync_feeds(&[source("https://a.example/feed", None, &[]), source("https://b.example/feed", None, &[])])
        .unwrap();
    (store, ids[0], ids[1])
}

#[test]
fn migrations_run_once_and_set_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db(&dir)).unwrap();
    assert_eq!(common::schema_version(&db(&dir)), SCHEMA_VERSION);
    drop(store);

    // A second open finds the schema in place and must not re-run (it would fail
    // on CREATE TABLE) nor lose data.
    let (mut store, a, _) = two_feeds(&db(&dir));
    store.ingest(a, &feed_of(vec![item("1", "kept", Some(10))]), 100).unwrap();
    drop(store);
    let store = Store::open(&db(&dir)).unwrap();
    assert_eq!(common::schema_version(&db(&dir)), SCHEMA_VERSION);
    assert_eq!(titles(&store, View::All), ["kept"]);

    let raw = rusqlite::Connection::open(db(&dir)).unwrap();
    let mode: String = raw.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let version: u32 = raw.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(&db(&dir)).unwrap());
    let raw = rusqlite::Connection::open(db(&dir)).unwrap();
    raw.pragma_update(None, "user_version", 99).unwrap();
    drop(raw);
    match Store::open(&db(&dir)) {
        Err(StoreError::TooNew { found: 99, supported }) => assert_eq!(supported, SCHEMA_VERSION),
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
}

#[test]
fn opening_in_a_missing_directory_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("tidings.db");
    match Store::open(&path) {
        Err(e @ StoreError::Open { .. }) => assert!(e.to_string().contains(&path.display().to_string()), "{e}"),
        other => panic!("expected Open error, got {:?}", other.err()),
    }
}

#[test]
fn sync_feeds_inserts_reorders_renames_hides_and_readds() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let a = source("https://a.example/feed", Some("Alpha"), &["news", "tech"]);
    let b = source("https://b.example/feed", None, &[]);
    let c = source("file:///feeds/c.xml", Some("  "), &[]);
    let ids = store.sync_feeds(&[a.clone(), b.clone(), c.clone()]).unwrap();
    assert_eq!(ids.len(), 3);
    // Config title, else the feed's own title (none yet), else the URL; a blank title counts as none.
    assert_eq!(feed_titles(&store), ["Alpha", "https://b.example/feed", "file:///feeds/c.xml"]);
    assert_eq!(store.feed_tags(ids[0]).unwrap(), ["news", "tech"]);

    store.ingest(ids[1], &feed_of(vec![item("b1", "from b", Some(5))]), 100).unwrap();
    assert_eq!(feed_titles(&store)[1], "Feed's own title");

    // Reorder and rename: ids are stable.
    let renamed = source("https://a.example/feed", Some("Alpha renamed"), &["news"]);
    let again = store.sync_feeds(&[c.clone(), renamed.clone(), b.clone()]).unwrap();
    assert_eq!(again, [ids[2], ids[0], ids[1]]);
    assert_eq!(feed_titles(&store), ["file:///feeds/c.xml", "Alpha renamed", "Feed's own title"]);
    assert_eq!(store.feed_tags(ids[0]).unwrap(), ["news"]);

    // Removed from the config: hidden from the list and from All, items kept.
    store.set_read(store.headlines(View::Feed(ids[1])).unwrap()[0].id, true).unwrap();
    assert_eq!(store.sync_feeds(std::slice::from_ref(&renamed)).unwrap(), [ids[0]]);
    assert_eq!(feed_titles(&store), ["Alpha renamed"]);
    assert!(store.headlines(View::All).unwrap().is_empty());

    // Re-added: same id, its items and their marks are back.
    assert_eq!(store.sync_feeds(&[renamed, b]).unwrap(), [ids[0], ids[1]]);
    let back = store.headlines(View::All).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!((back[0].title.as_str(), back[0].feed_id, back[0].read), ("from b", ids[1], true));
}

#[test]
fn a_url_listed_twice_is_synced_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let ids = store
        .sync_feeds(&[
            source("https://a.example/feed", Some("first"), &[]),
            source("https://a.example/feed", Some("second"), &[]),
        ])
        .unwrap();
    assert_eq!(ids.len(), 1);
    assert_eq!(feed_titles(&store), ["first"]);
}

#[test]
fn ingest_inserts_new_items_unread_and_updates_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = two_feeds(&db(&dir));
    store.record_failure(a, "HTTP 500", 50).unwrap();
    assert_eq!(store.feeds().unwrap()[0].last_error.as_deref(), Some("HTTP 500"));

    let parsed = feed_of(vec![item("1", "one", Some(10)), item("2", "two", Some(20)), item("3", "three", None)]);
    let report = store.ingest(a, &parsed, 1_000).unwrap();
    assert_eq!(report, IngestReport { new_items: 3, updated_items: 0, hidden_items: 0 });

    let row = &store.feeds().unwrap()[0];
    assert_eq!((row.unread, row.total), (3, 3));
    assert_eq!(row.last_error, None, "a success clears the error");
    assert_eq!(row.last_fetched, Some(1_000));
    assert_eq!(row.title, "Feed's own title");
    assert!(store.headlines(View::Feed(a)).unwrap().iter().all(|h| !h.read && !h.starred));
}

#[test]
fn reingest_adds_nothing_and_keeps_marks() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = two_feeds(&db(&dir));
    let parsed = feed_of(vec![item("1", "one", Some(10)), item("2", "two", Some(20))]);
    store.ingest(a, &parsed, 100).unwrap();
    let heads = store.headlines(View::Feed(a)).unwrap();
    store.set_read(heads[0].id, true).unwrap();
    store.set_starred(heads[1].id, true).unwrap();

    assert_eq!(store.ingest(a, &parsed, 200).unwrap(), IngestReport::default());
    let after = store.headlines(View::Feed(a)).unwrap();
    assert_eq!(after.len(), 2);
    assert_eq!((after[0].read, after[0].starred), (true, false));
    assert_eq!((after[1].read, after[1].starred), (false, true));
    assert_eq!(store.feeds().unwrap()[0].last_fetched, Some(200));
}

#[test]
fn changed_items_are_counted_and_updated_without_touching_marks() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = two_feeds(&db(&dir));
    store
        .ingest(
            a,
            &feed_of(vec![item("1", "one", Some(10)), item("2", "two", Some(20)), item("3", "three", Some(30))]),
            100,
        )
        .unwrap();
    let id_of = |store: &Store, guid_title: &str| {
        store.headlines(View::Feed(a)).unwrap().into_iter().find(|h| h.title == guid_title).unwrap().id
    };
    let one = id_of(&store, "one");
    store.set_read(one, true).unwrap();
    store.set_starred(one, true).unwrap();

    let mut edited = item("1", "one", Some(10));
    edited.content = Some("<p>corrected</p>".to_owned());
    let mut retitled = item("2", "two, retitled", Some(20));
    // The feed stopped giving a date and a body: the stored ones stay.
    retitled.published = None;
    retitled.content = None;
    let parsed = feed_of(vec![edited, retitled, item("3", "three", Some(30)), item("4", "four", Some(40))]);
    assert_eq!(
        store.ingest(a, &parsed, 200).unwrap(),
        IngestReport { new_items: 1, updated_items: 2, hidden_items: 0 }
    );

    let article = store.article(one).unwrap().unwrap();
    assert_eq!(article.content.as_deref(), Some("<p>corrected</p>"));
    assert_eq!((article.read, article.starred), (true, true));
    let two = store.article(id_of(&store, "two, retitled")).unwrap().unwrap();
    assert_eq!((two.date, two.content.as_deref()), (20, Some("<p>two</p>")));
}

#[test]
fn headlines_are_newest_first_across_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, b) = two_feeds(&db(&dir));
    store
        .ingest(a, &feed_of(vec![item("a3", "a at 300", Some(300)), item("a1", "a at 100", Some(100))]), 1_000)
        .unwrap();
    // The undated item takes its first-seen time (250) as its date.
    let parsed_b = feed_of(vec![item("b2", "b at 200", Some(200)), item("bx", "b undated", None)]);
    store.ingest(b, &parsed_b, 250).unwrap();

    assert_eq!(titles(&store, View::All), ["a at 300", "b undated", "b at 200", "a at 100"]);
    assert_eq!(titles(&store, View::Feed(b)), ["b undated", "b at 200"]);
    let dates: Vec<i64> = store.headlines(View::All).unwrap().iter().map(|h| h.date).collect();
    assert_eq!(dates, [300, 250, 200, 100]);
}

#[test]
fn undated_items_keep_the_feed_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = two_feeds(&db(&dir));
    let parsed = feed_of(vec![
        item("x", "listed first", None),
        item("y", "listed second", None),
        item("z", "listed third", None),
    ]);
    store.ingest(a, &parsed, 500).unwrap();
    assert_eq!(titles(&store, View::Feed(a)), ["listed first", "listed second", "listed third"]);
}

#[test]
fn a_guid_twice_in_one_parse_keeps_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = two_feeds(&db(&dir));
    let parsed = feed_of(vec![
        item("dup", "first copy", Some(10)),
        item("other", "other", Some(5)),
        item("dup", "second copy", Some(20)),
    ]);
    assert_eq!(
        store.ingest(a, &parsed, 100).unwrap(),
        IngestReport { new_items: 2, updated_items: 0, hidden_items: 0 }
    );
    assert_eq!(titles(&store, View::Feed(a)), ["first copy", "other"]);
}

#[test]
fn article_has_every_field_and_utf8_survives() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let ids = store.sync_feeds(&[source("https://lefiltech.example/feed/", Some("Le Fil Tech"), &[])]).unwrap();
    let title = "L’ascension fulgurante de DeepSeek chinois : « moment Spoutnik » 🚀 中文";
    let parsed = feed_of(vec![ParsedItem {
        guid: "https://lefiltech.example/?p=48213".to_owned(),
        title: title.to_owned(),
        link: Some("https://lefiltech.example/2025/01/28/ascension-deepseek/".to_owned()),
        author: Some("La rédaction".to_owned()),
        published: Some(1_738_052_040),
        content: Some("<p><strong>L’apparition de DeepSeek</strong></p>".to_owned()),
        ..ParsedItem::default()
    }]);
    store.ingest(ids[0], &parsed, 1_738_060_000).unwrap();
    let id = store.headlines(View::All).unwrap()[0].id;
    let article = store.article(id).unwrap().unwrap();
    assert_eq!(article.feed_id, ids[0]);
    assert_eq!(article.feed_title, "Le Fil Tech");
    assert_eq!(article.title, title);
    assert_eq!(article.author.as_deref(), Some("La rédaction"));
    assert_eq!(article.link.as_deref(), Some("https://lefiltech.example/2025/01/28/ascension-deepseek/"));
    assert_eq!(article.date, 1_738_052_040);
    assert_eq!(article.content.as_deref(), Some("<p><strong>L’apparition de DeepSeek</strong></p>"));
    assert!(!article.read && !article.starred);
    assert_eq!(store.article(ItemId(id.0 + 1_000)).unwrap(), None);
}

#[test]
fn unknown_ids_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = two_feeds(&db(&dir));
    assert!(matches!(
        store.ingest(FeedId(9_999), &ParsedFeed::default(), 1),
        Err(StoreError::NoSuchFeed(FeedId(9_999)))
    ));
    assert!(matches!(store.record_failure(FeedId(9_999), "x", 1), Err(StoreError::NoSuchFeed(FeedId(9_999)))));
    assert!(matches!(store.set_read(ItemId(42), true), Err(StoreError::NoSuchItem(ItemId(42)))));
}

#[test]
fn a_read_mark_persists_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = two_feeds(&db(&dir));
    store.ingest(a, &feed_of(vec![item("1", "one", Some(10)), item("2", "two", Some(20))]), 100).unwrap();
    let two = store.headlines(View::All).unwrap()[0].id;
    store.set_read(two, true).unwrap();
    store.set_starred(two, true).unwrap();
    drop(store);

    let store = Store::open(&db(&dir)).unwrap();
    let heads = store.headlines(View::All).unwrap();
    assert_eq!((heads[0].id, heads[0].read, heads[0].starred), (two, true, true));
    assert!(!heads[1].read);
    assert_eq!(store.feeds().unwrap()[0].unread, 1);
}

#[test]
fn mark_view_read_counts_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, b) = two_feeds(&db(&dir));
    store.ingest(a, &feed_of(vec![item("1", "a1", Some(1)), item("2", "a2", Some(2))]), 100).unwrap();
    store
        .ingest(b, &feed_of(vec![item("1", "b1", Some(1)), item("2", "b2", Some(2)), item("3", "b3", Some(3))]), 100)
        .unwrap();
    store.set_read(store.headlines(View::Feed(b)).unwrap()[0].id, true).unwrap();

    assert_eq!(store.mark_view_read(View::Feed(a)).unwrap(), 2);
    assert_eq!(store.mark_view_read(View::Feed(a)).unwrap(), 0);
    let unread: Vec<u32> = store.feeds().unwrap().iter().map(|f| f.unread).collect();
    assert_eq!(unread, [0, 2]);

    // All covers configured feeds only: a hidden feed's items stay unread.
    let c = store.sync_feeds(&[source("https://c.example/", None, &[])]).unwrap()[0];
    store.ingest(c, &feed_of(vec![item("1", "c1", Some(1))]), 100).unwrap();
    store
        .sync_feeds(&[source("https://a.example/feed", None, &[]), source("https://b.example/feed", None, &[])])
        .unwrap();
    assert_eq!(store.mark_view_read(View::All).unwrap(), 2);
    assert!(store.headlines(View::Feed(b)).unwrap().iter().all(|h| h.read));
    assert!(store.headlines(View::Feed(c)).unwrap().iter().all(|h| !h.read));
}

#[test]
fn two_connections_write_at_the_same_time() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ui, a, b) = two_feeds(&db(&dir));
    let few: Vec<ParsedItem> = (0..200).map(|i| item(&format!("a{i}"), &format!("a{i}"), Some(i))).collect();
    ui.ingest(a, &feed_of(few), 100).unwrap();
    let targets: Vec<ItemId> = ui.headlines(View::Feed(a)).unwrap().iter().map(|h| h.id).collect();
    let mut poller = Store::open(&db(&dir)).unwrap();
    let many: Vec<ParsedItem> = (0..3_000).map(|i| item(&format!("b{i}"), &format!("b{i}"), Some(i))).collect();
    let start = Barrier::new(2);

    std::thread::scope(|s| {
        let ingest = s.spawn(|| {
            start.wait();
            (0..5).map(|round| poller.ingest(b, &feed_of(many.clone()), 200 + round)).collect::<Vec<_>>()
        });
        start.wait();
        for id in &targets {
            ui.set_read(*id, true).unwrap();
        }
        let reports = ingest.join().unwrap();
        assert_eq!(reports[0].as_ref().unwrap().new_items, 3_000);
        assert!(reports[1..].iter().all(|r| r.as_ref().unwrap() == &IngestReport::default()));
    });
    let counts: Vec<(u32, u32)> = ui.feeds().unwrap().iter().map(|f| (f.unread, f.total)).collect();
    assert_eq!(counts, [(0, 200), (3_000, 3_000)]);
}

/// A read mark made in the running reader is in the database the moment it
/// is made: the reader is SIGKILLed (no close, no checkpoint) as soon as the
/// mark is seen from another connection, and the mark is still there after.
/// (It used to be a child run of this test binary, through an ignored test
/// that passed doing nothing whenever ignored tests were included.)
#[test]
fn a_mark_survives_kill_9() {
    let files = common::bin::Files::new("refresh_on_start = true\n\n[[feeds]]\nurl = \"seed.xml\"\n");
    files.write("seed.xml", common::fixture("seed.xml"));
    let db = files.data.join("tidings.db");
    let mut tui = files.tui(110, 30);
    tui.wait_for_text("L’ascension fulgurante");
    // Read-only, so this connection never checkpoints the reader's log.
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let conn = rusqlite::Connection::open_with_flags(&db, flags).unwrap();
    let read = || -> bool {
        let sql = "SELECT read FROM items WHERE title LIKE 'L’ascension fulgurante%'";
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    assert!(!read(), "starts unread");
    tui.send("\r\r"); // the headlines, then open the first item: it is marked read
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !read() {
        assert!(std::time::Instant::now() < deadline, "the mark never reached the database");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    tui.kill9();
    drop(conn);
    assert!(db.with_extension("db-wal").exists(), "the reader died without closing the database");

    let store = Store::open(&db).unwrap();
    let first = store.headlines(View::All).unwrap().into_iter().find(|h| h.title.starts_with("L’ascension")).unwrap();
    assert!(first.read, "the mark survived the kill");
}

#[test]
fn enclosures_base_and_full_text_are_kept() {
    use tidings::model::Enclosure;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = two_feeds(&db(&dir));
    let episode = |mime: &str| ParsedItem {
        base: Some("https://cdn.example/base/".to_owned()),
        enclosures: vec![
            Enclosure { url: "https://cdn.example/ep.mp3".into(), mime: Some(mime.into()), length: Some(1234) },
            Enclosure { url: "https://cdn.example/ep.ogg".into(), mime: None, length: None },
        ],
        ..item("ep", "Episode", Some(10))
    };
    store.ingest(a, &feed_of(vec![episode("audio/mpeg")]), 100).unwrap();
    let id = store.headlines(View::All).unwrap()[0].id;
    let article = store.article(id).unwrap().unwrap();
    assert_eq!(article.base.as_deref(), Some("https://cdn.example/base/"));
    assert_eq!(article.enclosures.len(), 2);
    assert_eq!(article.enclosures[0].length, Some(1234));
    assert_eq!(article.enclosures[1].mime, None);

    // A re-ingest replaces the list; one without enclosures keeps the stored ones.
    store.ingest(a, &feed_of(vec![episode("audio/x-m4a")]), 200).unwrap();
    assert_eq!(store.enclosures(id).unwrap()[0].mime.as_deref(), Some("audio/x-m4a"));
    store.ingest(a, &feed_of(vec![item("ep", "Episode", Some(10))]), 300).unwrap();
    assert_eq!(store.enclosures(id).unwrap().len(), 2);

    assert_eq!(store.missing_full_text(a, 100).unwrap(), [(id, "https://example.org/ep".to_owned())]);
    assert_eq!(store.missing_full_text(a, 200).unwrap(), [], "first seen at 100 only");
    store.set_full_text(id, "<p>whole</p>", 400).unwrap();
    assert_eq!(store.article(id).unwrap().unwrap().full_text.as_deref(), Some("<p>whole</p>"));
    assert_eq!(store.missing_full_text(a, 100).unwrap(), []);
    assert!(matches!(store.set_full_text(ItemId(999), "x", 1), Err(StoreError::NoSuchItem(ItemId(999)))));
    assert_eq!(store.item_link(id).unwrap().as_deref(), Some("https://example.org/ep"));
}

#[test]
fn a_new_parser_reads_every_feed_again_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a, _) = two_feeds(&db(&dir));
    let state = tidings::model::FetchState {
        etag: Some("\"v1\"".into()),
        last_modified: Some("Mon, 01 Jan 2024 00:00:00 GMT".into()),
        body_hash: Some("00ff".into()),
        ..Default::default()
    };
    store.ingest_with_state(a, &feed_of(vec![item("1", "kept", Some(10))]), 100, Some(&state)).unwrap();
    // Stored by the first reader (no version recorded): validators and hash go.
    assert!(store.reread_after_parser_change(2).unwrap());
    let after = store.fetch_state(a).unwrap();
    assert_eq!((after.etag, after.last_modified, after.body_hash), (None, None, None));
    assert_eq!(store.headlines(View::All).unwrap().len(), 1, "items stay");
    // Once only.
    store.ingest_with_state(a, &feed_of(vec![item("1", "kept", Some(10))]), 200, Some(&state)).unwrap();
    assert!(!store.reread_after_parser_change(2).unwrap());
    assert_eq!(store.fetch_state(a).unwrap().etag.as_deref(), Some("\"v1\""));
}
