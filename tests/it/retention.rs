//! Retention: what goes, what always stays, counts that follow, and removed
//! items that never come back.

use crate::common;
use crate::common::{StoreExt, feed_source, temp_store};
use tidings::model::{FeedId, ItemId, ParsedFeed, ParsedItem, Retention, View};
use tidings::store::Store;

const DAY: i64 = 86_400;
const NOW: i64 = 1_800_000_000;

/// One feed of `n` items, item k published k days ago.
fn feed(n: usize) -> ParsedFeed {
    let items = (0..n)
        .map(|k| ParsedItem {
            guid: format!("g{k}"),
            title: format!("item {k}"),
            published: Some(NOW - k as i64 * DAY),
            ..Default::default()
        })
        .collect();
    ParsedFeed { items, ..Default::default() }
}

fn store(n: usize) -> (tempfile::TempDir, Store, FeedId) {
    let (dir, mut store, ids) = temp_store(&[feed_source("https://e.example/f")]);
    store.ingest(ids[0], &feed(n), NOW).unwrap();
    (dir, store, ids[0])
}

fn titles(store: &Store) -> Vec<String> {
    store.headlines(View::All).unwrap().into_iter().map(|h| h.title).collect()
}

fn id_of(store: &Store, title: &str) -> ItemId {
    store.headlines(View::All).unwrap().into_iter().find(|h| h.title == title).unwrap().id
}

#[test]
fn keep_days_removes_old_read_items_only() {
    let (_dir, mut store, _) = store(10);
    for k in [2, 6, 7, 8] {
        store.set_read(id_of(&store, &format!("item {k}")), true).unwrap();
    }
    store.set_starred(id_of(&store, "item 8"), true).unwrap();
    let policy = Retention { keep_days: 5, max_items_per_feed: 0, keep_unread: true };
    assert_eq!(store.prune(policy, NOW).unwrap(), 2, "items 6 and 7: old and read");
    let left = titles(&store);
    assert!(!left.contains(&"item 6".into()) && !left.contains(&"item 7".into()));
    assert!(left.contains(&"item 2".into()), "read but recent");
    assert!(left.contains(&"item 8".into()), "starred stays");
    assert!(left.contains(&"item 9".into()), "unread stays");
    assert_eq!(store.feeds().unwrap()[0].total, 8, "counts follow");
    assert_eq!(store.feeds().unwrap()[0].unread, 6);
}

#[test]
fn max_items_per_feed_keeps_the_newest() {
    let (_dir, mut store, _) = store(10);
    store.set_starred(id_of(&store, "item 9"), true).unwrap();
    let policy = Retention { keep_days: 0, max_items_per_feed: 3, keep_unread: false };
    assert_eq!(store.prune(policy, NOW).unwrap(), 6);
    assert_eq!(titles(&store), vec!["item 0", "item 1", "item 2", "item 9"]);
    let unread_kept = Retention { keep_days: 0, max_items_per_feed: 1, keep_unread: true };
    assert_eq!(store.prune(unread_kept, NOW).unwrap(), 0, "unread items stay unless keep_unread = false");
}

#[test]
fn removed_items_do_not_come_back_as_unread() {
    let (_dir, mut store, id) = store(10);
    let policy = Retention { keep_days: 0, max_items_per_feed: 4, keep_unread: false };
    store.prune(policy, NOW).unwrap();
    let report = store.ingest(id, &feed(10), NOW + 60).unwrap();
    assert_eq!(report.new_items, 0, "the feed still lists them; tombstones keep them out");
    assert_eq!(titles(&store).len(), 4);
    assert_eq!(store.feeds().unwrap()[0].unread, 4);
}

#[test]
fn large_removals_go_in_batches() {
    let (_dir, mut store, _) = store(1_300);
    let policy = Retention { keep_days: 0, max_items_per_feed: 50, keep_unread: false };
    assert_eq!(store.prune(policy, NOW).unwrap(), 1_250);
    assert_eq!(store.headline_count(&View::All.into()).unwrap(), 50);
    assert_eq!(store.search(View::All, "item", 0, 1000).unwrap().0, 50, "the search index follows");
}

#[test]
fn off_by_default_removes_nothing() {
    let (_dir, mut store, _) = store(10);
    let off = tidings::config::Config::default().retention();
    assert!(off.is_off());
    assert_eq!(store.prune(off, NOW + 1000 * DAY).unwrap(), 0);
}

#[test]
fn tidings_refresh_applies_retention() {
    let server = common::fixture_server();
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("config.toml");
    let text =
        format!("max_items_per_feed = 1\nkeep_unread = false\n[[feeds]]\nurl = \"{}\"\n", server.url("/rss.xml"));
    std::fs::write(&config_path, &text).unwrap();
    let config = tidings::config::Config::parse(&text, &config_path).unwrap();
    let mut out = Vec::new();
    assert!(tidings::cli::refresh::refresh(&config, &config_path, dir.path(), &mut out).unwrap());
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("retention removed 2 old items"), "{out}");
    let store = Store::open(&dir.path().join("tidings.db")).unwrap();
    assert_eq!(store.headline_count(&View::All.into()).unwrap(), 1);
}

/// The size of the search index and its `deletemerge` setting, read beside the store.
fn search_index_shape(dir: &tempfile::TempDir) -> (i64, Option<i64>) {
    let conn = rusqlite::Connection::open(dir.path().join("tidings.db")).unwrap();
    let bytes = conn.query_row("SELECT COALESCE(SUM(length(block)), 0) FROM items_fts_data", [], |r| r.get(0)).unwrap();
    let merge = conn.query_row("SELECT v FROM items_fts_config WHERE k = 'deletemerge'", [], |r| r.get(0)).ok();
    (bytes, merge)
}

#[test]
fn removing_most_items_shrinks_the_search_index_once_done() {
    let (dir, mut store, _) = store(3000);
    let (before, _) = search_index_shape(&dir);
    let policy = Retention { keep_days: 0, max_items_per_feed: 100, keep_unread: false };
    assert_eq!(store.prune(policy, NOW).unwrap(), 2900);
    let (after, merge) = search_index_shape(&dir);
    // Tombstones held back while removing are purged at the end, and FTS5
    // purges on its own again from then on.
    assert_eq!(merge, Some(10), "deletemerge back to FTS5's default");
    assert!(after * 3 < before, "the words of removed items are gone: {before} bytes before, {after} after");
    assert_eq!(store.search(View::All, "2999", 0, 10).unwrap().0, 0, "a removed item is not found");
    assert_eq!(store.search(View::All, "99", 0, 10).unwrap().0, 1, "a kept one is");
}

#[test]
fn a_prune_cut_short_is_finished_by_the_next_one() {
    let (dir, mut store, _) = store(300);
    // What a prune killed while removing leaves behind: tombstones held back.
    let conn = rusqlite::Connection::open(dir.path().join("tidings.db")).unwrap();
    conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('deletemerge', 0)", []).unwrap();
    conn.execute("DELETE FROM items WHERE title <> 'item 0'", []).unwrap();
    drop(conn);
    let (before, merge) = search_index_shape(&dir);
    assert_eq!(merge, Some(0));
    // The next prune has nothing left to remove, and still purges.
    let policy = Retention { keep_days: 0, max_items_per_feed: 100, keep_unread: false };
    assert_eq!(store.prune(policy, NOW).unwrap(), 0);
    let (after, merge) = search_index_shape(&dir);
    assert_eq!(merge, Some(10), "deletemerge back to FTS5's default");
    assert!(after * 3 < before, "the removed items' words are purged: {before} bytes before, {after} after");
    assert_eq!(store.search(View::All, "item", 0, 10).unwrap().0, 1);
}
