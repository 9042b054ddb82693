//! The search index's second file (`tidings-search.db`): half the items are
//! indexed there, by a writer of its own; searches ask both halves, and a
//! side file that is lost, damaged, another database's or older than the
//! database's log of changes is rebuilt rather than trusted.

use std::path::{Path, PathBuf};

use crate::common::{StoreExt, UNDO_SIDE_INDEX, feed_source};
use tidings::model::{FeedId, ParsedFeed, ParsedItem, Retention, View};
use tidings::store::{Store, search_file_of};

const NOW: i64 = 1_800_000_000;

fn item(guid: &str, title: &str, body: &str) -> ParsedItem {
    ParsedItem {
        guid: guid.into(),
        title: title.into(),
        content: Some(body.into()),
        published: Some(NOW),
        ..Default::default()
    }
}

/// `n` items whose bodies say `word` (their titles do not: the word spelt
/// backwards, so that each batch's titles are its own).
fn items(word: &str, n: usize) -> ParsedFeed {
    let backwards: String = word.chars().rev().collect();
    let items = (0..n).map(|k| item(&format!("{word}{k}"), &format!("{backwards} {k}"), word)).collect();
    ParsedFeed { items, ..Default::default() }
}

fn open(db: &Path) -> (Store, FeedId) {
    let mut store = Store::open(db).unwrap();
    let ids = store.sync_feeds(&[feed_source("https://e.example/f")]).unwrap();
    (store, ids[0])
}

/// A database at `db` holding `items(word, n)`, closed (checkpointed).
fn fill(db: &Path, word: &str, n: usize) {
    let (mut store, feed) = open(db);
    store.ingest(feed, &items(word, n), NOW).unwrap();
}

fn found(store: &Store, words: &str) -> usize {
    store.search(View::All, words, 0, 1000).unwrap().0
}

/// The rows of the side file's index, read from the file itself.
fn side_rows(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(search_file_of(db)).unwrap();
    conn.query_row("SELECT count(*) FROM side_fts_docsize", [], |r| r.get(0)).unwrap()
}

fn remove_side(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = search_file_of(db).into_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(file));
    }
}

#[test]
fn half_the_items_are_indexed_in_the_side_file_and_searches_find_both_halves() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    assert_eq!(search_file_of(&db), dir.path().join("tidings-search.db"));
    let (mut store, feed) = open(&db);
    store.ingest(feed, &items("walrus", 10), NOW).unwrap();
    assert_eq!(found(&store, "walrus"), 10, "indexed at once without deferral");
    assert_eq!(side_rows(&db), 5, "the odd ids");

    // Edits and removals reach the side half too.
    let mut edited = items("walrus", 10);
    for item in &mut edited.items {
        item.content = Some("narwhal".into());
    }
    store.ingest(feed, &edited, NOW).unwrap();
    assert_eq!(found(&store, "walrus"), 0, "no old body words in either half");
    assert_eq!(found(&store, "narwhal"), 10);
    store.prune(Retention { keep_days: 0, max_items_per_feed: 2, keep_unread: false }, NOW).unwrap();
    assert_eq!(found(&store, "narwhal"), 2);
    assert_eq!(side_rows(&db), 1, "the removed odd items' words left the side file");
}

#[test]
fn deferred_items_of_both_halves_are_found_once_caught_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let (mut store, feed) = open(&db);
    store.defer_search_index(true);
    store.ingest(feed, &items("dugong", 40), NOW).unwrap();
    assert!(store.search_index_behind().unwrap());
    assert_eq!(found(&store, "dugong"), 0);
    assert_eq!(store.index_all_pending().unwrap(), 40, "both halves counted");
    assert!(!store.search_index_behind().unwrap());
    assert_eq!(found(&store, "dugong"), 40);
    assert_eq!(side_rows(&db), 20);
}

#[test]
fn a_lost_or_damaged_side_file_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    fill(&db, "manatee", 9);

    remove_side(&db);
    let (mut store, _) = open(&db);
    assert!(store.search_index_behind().unwrap(), "the lost half is to index again");
    assert_eq!(found(&store, "manatee"), 4, "the main half meanwhile");
    store.index_all_pending().unwrap();
    assert_eq!(found(&store, "manatee"), 9);
    drop(store);

    remove_side(&db);
    std::fs::write(search_file_of(&db), b"not a database at all, just bytes ".repeat(200)).unwrap();
    let (mut store, _) = open(&db);
    store.index_all_pending().unwrap();
    assert_eq!(found(&store, "manatee"), 9);
    assert_eq!(side_rows(&db), 5);
}

#[test]
fn another_databases_side_file_is_not_trusted() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (db_a, db_b) = (a.path().join("tidings.db"), b.path().join("tidings.db"));
    fill(&db_a, "walrus", 6);
    fill(&db_b, "seal", 6);

    remove_side(&db_a);
    std::fs::copy(search_file_of(&db_b), search_file_of(&db_a)).unwrap();
    let (mut store, _) = open(&db_a);
    assert!(store.search_index_behind().unwrap());
    assert_eq!(found(&store, "seal"), 0, "B's words, on A's item ids, match nothing");
    store.index_all_pending().unwrap();
    assert_eq!(found(&store, "walrus"), 6);
    assert_eq!(found(&store, "seal"), 0);
}

#[test]
fn a_database_restored_from_a_backup_rebuilds_the_newer_side_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let backup = dir.path().join("backup.db");
    fill(&db, "otter", 4); // checkpointed: the file is the whole database
    std::fs::copy(&db, &backup).unwrap();
    fill(&db, "beaver", 6);

    // The database goes back to the backup; the side file stays as it was.
    std::fs::copy(&backup, &db).unwrap();
    let (mut store, feed) = open(&db);
    // New items take the ids the backup never saw, which the side file
    // still holds beaver words for.
    store.ingest(feed, &items("stoat", 6), NOW).unwrap();
    store.index_all_pending().unwrap();
    assert_eq!(found(&store, "beaver"), 0, "no words of items the database does not have");
    assert_eq!(found(&store, "stoat"), 6);
    assert_eq!(found(&store, "otter"), 4);
}

#[test]
fn a_database_from_before_the_side_file_keeps_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    fill(&db, "heron", 7);
    // Back to schema 14: every item in the one index, no log, no side file.
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute_batch(UNDO_SIDE_INDEX).unwrap();
    raw.execute_batch(
        "INSERT INTO items_fts (items_fts) VALUES ('delete-all');
         INSERT INTO items_fts (rowid, title, author, content) SELECT id, title, author, content FROM items;
         UPDATE search_index_state SET indexed_up_to = (SELECT MAX(id) FROM items);
         PRAGMA user_version = 14;",
    )
    .unwrap();
    drop(raw);
    remove_side(&db);

    let (mut store, feed) = open(&db);
    assert!(!store.search_index_behind().unwrap(), "nothing to index again");
    assert_eq!(found(&store, "heron"), 7);
    assert_eq!(side_rows(&db), 0, "the old items stay in the main index");
    // An old odd item edited is updated where it is; new odd items go to the side.
    let mut next = items("heron", 7);
    next.items[0].content = Some("egret".into());
    next.items.extend(items("crane", 4).items);
    store.ingest(feed, &next, NOW).unwrap();
    assert_eq!(found(&store, "egret"), 1);
    assert_eq!(found(&store, "heron"), 6);
    assert_eq!(found(&store, "crane"), 4);
    assert_eq!(side_rows(&db), 2);
}

#[test]
fn statistics_are_gathered_beside_the_read_only_side_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let (mut store, feed) = open(&db);
    store.ingest(feed, &items("walrus", 300), NOW).unwrap();
    // A search reads both halves: SQLite then wants statistics of both.
    assert_eq!(found(&store, "walrus"), 300);
    store.optimize().expect("the database's statistics, not the read-only side file's");
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let analyzed: i64 = conn.query_row("SELECT count(*) FROM sqlite_stat1", [], |r| r.get(0)).unwrap();
    assert!(analyzed > 0, "planner statistics were gathered: {analyzed} rows");
}
