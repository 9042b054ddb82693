//! The search index catches up after refreshes: items stored with indexing
//! deferred (as the poller stores them) are found once `index_pending` ran,
//! and edits, removals and reused ids keep the index exact.

use crate::common::{StoreExt, feed_source, temp_store};
use tidings::model::{FeedId, FeedSource, ParsedFeed, ParsedItem, Retention, View};
use tidings::store::Store;

const NOW: i64 = 1_800_000_000;

fn item(guid: &str, title: &str, body: &str, age_days: i64) -> ParsedItem {
    ParsedItem {
        guid: guid.into(),
        title: title.into(),
        content: Some(format!("<p>{body}</p>")),
        published: Some(NOW - age_days * 86_400),
        ..Default::default()
    }
}

fn deferred_store() -> (tempfile::TempDir, Store, FeedId) {
    let (dir, mut store, ids) = temp_store(&[feed_source("https://e.example/f")]);
    store.defer_search_index(true);
    (dir, store, ids[0])
}

fn found(store: &Store, words: &str) -> Vec<String> {
    store.search(View::All, words, 0, 100).unwrap().1.into_iter().map(|h| h.title).collect()
}

#[test]
fn deferred_items_are_found_once_the_index_caught_up() {
    let (_dir, mut store, feed) = deferred_store();
    let items = (0..5).map(|k| item(&format!("g{k}"), &format!("note {k}"), "ornithology", k)).collect();
    store.ingest(feed, &ParsedFeed { items, ..Default::default() }, NOW).unwrap();
    assert!(store.search_index_behind().unwrap());
    assert!(found(&store, "ornithology").is_empty(), "not indexed yet");
    assert_eq!(store.headlines(View::All).unwrap().len(), 5, "but stored and listed");

    assert_eq!(store.index_pending(2).unwrap(), 2, "a batch at a time, oldest ids first");
    assert_eq!(found(&store, "ornithology").len(), 2);
    assert_eq!(store.index_all_pending().unwrap(), 3);
    assert_eq!(store.index_pending(2).unwrap(), 0);
    assert!(!store.search_index_behind().unwrap());
    assert_eq!(found(&store, "ornithology").len(), 5);
}

#[test]
fn edits_before_and_after_indexing_leave_the_index_exact() {
    let (_dir, mut store, feed) = deferred_store();
    let feed_of = |items: Vec<ParsedItem>| ParsedFeed { items, ..Default::default() };
    store.ingest(feed, &feed_of(vec![item("a", "alpha", "walrus", 1)]), NOW).unwrap();
    store.index_all_pending().unwrap();
    // An indexed item edited: found by its new words only.
    store.ingest(feed, &feed_of(vec![item("a", "alpha", "narwhal", 1), item("b", "beta", "walrus", 2)]), NOW).unwrap();
    // A stored item edited before the index caught up: indexed as it is now.
    store.ingest(feed, &feed_of(vec![item("a", "alpha", "narwhal", 1), item("b", "beta", "dugong", 2)]), NOW).unwrap();
    store.index_all_pending().unwrap();
    assert_eq!(found(&store, "narwhal"), ["alpha"]);
    assert_eq!(found(&store, "dugong"), ["beta"]);
    assert!(found(&store, "walrus").is_empty(), "{:?}", found(&store, "walrus"));
}

#[test]
fn a_removed_items_reused_id_is_indexed_with_the_new_item() {
    let (_dir, mut store, feed) = deferred_store();
    // Listed first, so stored last: the oldest item gets the highest id.
    let items = vec![item("old", "old one", "manatee", 30), item("new", "new one", "seal", 0)];
    store.ingest(feed, &ParsedFeed { items, ..Default::default() }, NOW).unwrap();
    store.index_all_pending().unwrap();
    let old_id = store.headlines(View::All).unwrap().iter().find(|h| h.title == "old one").unwrap().id;
    // Retention removes the highest id; SQLite hands that id out again.
    let policy = Retention { keep_days: 0, max_items_per_feed: 1, keep_unread: false };
    assert_eq!(store.prune(policy, NOW).unwrap(), 1);
    let next = vec![item("newer", "newer one", "otter", 0), item("new", "new one", "seal", 0)];
    store.ingest(feed, &ParsedFeed { items: next, ..Default::default() }, NOW).unwrap();
    let reused = store.headlines(View::All).unwrap().iter().find(|h| h.title == "newer one").unwrap().id;
    assert_eq!(reused, old_id, "the situation this test is about");
    store.index_all_pending().unwrap();
    assert_eq!(found(&store, "otter"), ["newer one"]);
    assert!(found(&store, "manatee").is_empty());
    assert_eq!(store.search(View::All, "otter", 0, 10).unwrap().0, 1, "indexed once");
}

#[test]
fn without_deferral_every_write_is_searchable_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let feed =
        store.sync_feeds(&[FeedSource { url: "https://e.example/f".into(), ..FeedSource::default() }]).unwrap()[0];
    store
        .ingest(feed, &ParsedFeed { items: vec![item("a", "alpha", "pelican", 0)], ..Default::default() }, NOW)
        .unwrap();
    assert!(!store.search_index_behind().unwrap());
    assert_eq!(found(&store, "pelican"), ["alpha"]);
}
