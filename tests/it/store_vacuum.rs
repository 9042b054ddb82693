//! `vacuum` gives the pages retention freed back to the system, in steps on a
//! database in incremental mode (new ones are), once by a full rebuild on an
//! older one, which switches it to that mode; what was kept stays.

use std::path::Path;

use crate::common::StoreExt;
use tidings::model::{FeedSource, ParsedFeed, ParsedItem, Retention, View};
use tidings::store::Store;

const NOW: i64 = 1_800_000_000;

fn auto_vacuum(db: &Path) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row("PRAGMA auto_vacuum", [], |r| r.get(0)).unwrap()
}

fn free_pages(db: &Path) -> usize {
    rusqlite::Connection::open(db).unwrap().query_row("PRAGMA freelist_count", [], |r| r.get::<_, i64>(0)).unwrap()
        as usize
}

/// 600 items of some 8 KB each, then all but the newest 50 removed by retention.
fn fill_and_prune(store: &mut Store) -> Vec<String> {
    let id = store.sync_feeds(&[FeedSource { url: "https://e.example/f".into(), ..FeedSource::default() }]).unwrap()[0];
    let items = (0..600)
        .map(|k| ParsedItem {
            guid: format!("g{k}"),
            title: format!("item {k}"),
            content: Some(format!("<p>{}</p>", "word ".repeat(1_600))),
            published: Some(NOW - k * 3_600),
            ..Default::default()
        })
        .collect();
    store.ingest(id, &ParsedFeed { items, ..Default::default() }, NOW).unwrap();
    let policy = Retention { keep_days: 0, max_items_per_feed: 50, keep_unread: false };
    assert_eq!(store.prune(policy, NOW).unwrap(), 550);
    store.headlines(View::All).unwrap().into_iter().map(|h| h.title).collect()
}

#[test]
fn a_new_database_shrinks_in_steps() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let mut store = Store::open(&db).unwrap();
    assert_eq!(auto_vacuum(&db), 2, "new databases are in incremental mode");
    let kept = fill_and_prune(&mut store);
    assert_eq!(kept.len(), 50);
    let freed = free_pages(&db);
    assert!(freed > 500, "retention freed {freed} pages");
    let done = store.vacuum().unwrap();
    assert!(done.after * 3 < done.before, "{done:?}");
    assert_eq!(free_pages(&db), 0);
    // Many pages per transaction: a step that moved one page took hours at a million items.
    assert!(done.steps <= freed / 16, "{freed} pages given back in {} transactions", done.steps);
    drop(store);
    let store = Store::open(&db).unwrap();
    let again: Vec<String> = store.headlines(View::All).unwrap().into_iter().map(|h| h.title).collect();
    assert_eq!(again, kept);
    assert_eq!(store.search(View::All, "word", 0, 100).unwrap().0, 50, "the search index follows");
}

#[test]
fn an_older_database_is_rebuilt_once_into_incremental_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    // A file that already had a table when tidings first opened it: no auto-vacuum.
    rusqlite::Connection::open(&db).unwrap().execute_batch("CREATE TABLE other (x)").unwrap();
    let mut store = Store::open(&db).unwrap();
    assert_eq!(auto_vacuum(&db), 0);
    let kept = fill_and_prune(&mut store);
    let done = store.vacuum().unwrap();
    assert!(done.after * 3 < done.before, "{done:?}");
    assert_eq!(auto_vacuum(&db), 2, "switched by the rebuild");
    let again: Vec<String> = store.headlines(View::All).unwrap().into_iter().map(|h| h.title).collect();
    assert_eq!(again, kept);
}
