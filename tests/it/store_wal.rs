//! The write-ahead log: it gives its disk back after a large write (a
//! retention of half a million items beside an open reader reached 3.6 GB)
//! instead of keeping the space for as long as the reader runs; retention
//! copies it back into the database less often; and the UI's marks leave
//! that copying to the other writers.

use std::path::Path;

use crate::common::StoreExt;
use tidings::model::{FeedId, FeedSource, ItemId, ParsedFeed, ParsedItem, Retention, View};
use tidings::store::Store;

const NOW: i64 = 1_800_000_000;

fn wal_bytes(dir: &tempfile::TempDir) -> u64 {
    std::fs::metadata(dir.path().join("w.db-wal")).map_or(0, |m| m.len())
}

/// A new database at `db` with one feed.
fn one_feed(db: &Path) -> (Store, FeedId) {
    let mut store = Store::open(db).unwrap();
    let id = store.sync_feeds(&[FeedSource { url: "https://e.example/f".into(), ..FeedSource::default() }]).unwrap()[0];
    (store, id)
}

fn items(from: usize, n: usize) -> ParsedFeed {
    let items = (from..from + n)
        .map(|k| ParsedItem {
            guid: format!("g{k}"),
            title: format!("item {k}"),
            content: Some(format!("<p>{}</p>", "word ".repeat(1_600))),
            published: Some(NOW - k as i64 * 60),
            ..Default::default()
        })
        .collect();
    ParsedFeed { items, ..Default::default() }
}

#[test]
fn the_wal_shrinks_back_after_a_large_write() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, id) = one_feed(&dir.path().join("w.db"));
    // One transaction of some 30 MB: the log holds all of it until it commits.
    store.ingest(id, &items(0, 3_000), NOW).unwrap();
    let grown = wal_bytes(&dir);
    assert!(grown > 24 << 20, "the large write went through the log: {grown} bytes");
    // Small writes after it: the log is checkpointed, then started over.
    for k in 0..3 {
        store.ingest(id, &items(3_000 + k, 1), NOW).unwrap();
    }
    let after = wal_bytes(&dir);
    assert!(after <= 16 << 20, "the log gave its disk back: {grown} -> {after} bytes");
    assert_eq!(store.headline_count(&View::All.into()).unwrap(), 3_003);
}

fn db_bytes(db: &Path) -> u64 {
    std::fs::metadata(db).unwrap().len()
}

/// The pages in the log (all of them, checkpointed or not: the log starts
/// over at the first write after a complete checkpoint), as a passive
/// checkpoint from another connection counts them.
fn log_pages(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1)).unwrap()
}

#[test]
fn retention_checkpoints_less_often_then_as_usual() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let mut store = Store::open(&db).unwrap();
    let sources: Vec<FeedSource> =
        (0..200).map(|f| FeedSource { url: format!("https://e.example/{f}"), ..FeedSource::default() }).collect();
    let ids = store.sync_feeds(&sources).unwrap();
    // Feeds whose items interleave in date order, as real ones do: removing
    // each feed's oldest dirties pages all over the date-ordered indexes.
    for (f, id) in ids.iter().enumerate() {
        let items = (0..50)
            .map(|k| ParsedItem {
                guid: format!("g{k}"),
                title: format!("feed {f} item {k}"),
                published: Some(NOW - (k * 200 + f) as i64 * 60),
                ..Default::default()
            })
            .collect();
        store.ingest(*id, &ParsedFeed { items, ..Default::default() }, NOW).unwrap();
    }
    let policy = Retention { keep_days: 0, max_items_per_feed: 10, keep_unread: false };
    assert_eq!(store.prune(policy, NOW).unwrap(), 8_000);
    // Checkpointed every 1,000 pages, the log would have started over batch
    // after batch; it held the whole retention instead.
    let held = log_pages(&db);
    assert!(held > 1_500, "the retention's log: {held} pages");
    // As usual from then on: a commit after 1,500 pages copies them back.
    let _other = others_log(&db, 1_500);
    let before = db_bytes(&db);
    store.ingest(ids[0], &items(50, 1), NOW).unwrap();
    assert!(db_bytes(&db) > before + (1 << 20), "checkpointed at 1,500 pages after the retention");
    assert_eq!(store.headline_count(&View::All.into()).unwrap(), 2_001);
}

/// A log of about `pages` pages written by another connection that does not
/// checkpoint (a bulk writer at work).
fn others_log(db: &Path, pages: usize) -> rusqlite::Connection {
    let other = rusqlite::Connection::open(db).unwrap();
    other.execute_batch("PRAGMA wal_autocheckpoint = 0; CREATE TABLE IF NOT EXISTS bulk (b BLOB);").unwrap();
    let tx = other.unchecked_transaction().unwrap();
    for _ in 0..pages {
        tx.execute("INSERT INTO bulk (b) VALUES (zeroblob(4000))", []).unwrap();
    }
    tx.commit().unwrap();
    other
}

/// The UI's store of a new database at `db` with two unread items, and one of them.
fn ui_with_an_item(db: &Path) -> (Store, ItemId) {
    let (mut ui, id) = one_feed(db);
    ui.leave_checkpoints_to_others().unwrap();
    ui.ingest(id, &items(0, 2), NOW).unwrap();
    let item = ui.headlines(View::All).unwrap()[0].id;
    (ui, item)
}

#[test]
fn the_uis_marks_leave_the_log_to_other_writers() {
    // Past 8,000 pages nobody else is checkpointing: the UI does.
    for (pages, checkpoints) in [(1_500, false), (6_000, false), (8_500, true)] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        let (ui, item) = ui_with_an_item(&db);
        let _other = others_log(&db, pages);
        let before = db_bytes(&db);
        ui.mark_items_read(&[item]).unwrap();
        // A checkpoint copies the other connection's pages into the database file.
        let copied = db_bytes(&db) > before + (1 << 20);
        assert_eq!(copied, checkpoints, "a mark after a log of {pages} pages checkpointed: {copied}");
        assert_eq!(ui.headline_count(&View::Unread.into()).unwrap(), 1);
    }
}

/// Whether the parked checkpoint has reached its busy handler, and whether
/// it may go on (see `parked_checkpoint`).
static PARKED: std::sync::Mutex<(bool, bool)> = std::sync::Mutex::new((false, false));
static PARKED_CHANGED: std::sync::Condvar = std::sync::Condvar::new();

/// The busy handler of the parked checkpoint: says it is waiting, then waits
/// until released; it holds the log's checkpoint lock all the while.
fn park(_: i32) -> bool {
    let mut state = PARKED.lock().unwrap();
    state.0 = true;
    PARKED_CHANGED.notify_all();
    while !state.1 {
        state = PARKED_CHANGED.wait(state).unwrap();
    }
    true
}

fn parked_until(f: impl Fn(&(bool, bool)) -> bool) {
    let mut state = PARKED.lock().unwrap();
    while !f(&state) {
        state = PARKED_CHANGED.wait(state).unwrap();
    }
}

#[test]
fn a_mark_beside_another_checkpoint_is_not_reported_failed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let (ui, item) = ui_with_an_item(&db);
    // A log past the UI's valve (8,000 pages): its next commit checkpoints.
    let _other = others_log(&db, 8_500);
    // Another connection's checkpoint (the poller's, in the reader) holds
    // the checkpoint lock: a FULL one waits in its busy handler for the
    // write lock, which a third connection holds until it has started.
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let checkpointer = std::thread::spawn({
        let db = db.clone();
        move || {
            let mut conn = rusqlite::Connection::open(&db).unwrap();
            conn.busy_handler(Some(park)).unwrap();
            conn.query_row("PRAGMA wal_checkpoint(FULL)", [], |r| r.get::<_, i64>(0)).unwrap()
        }
    });
    parked_until(|s| s.0);
    writer.execute_batch("COMMIT").unwrap();
    // The mark's commit is made; the checkpoint after it finds the lock taken.
    let marked = ui.mark_items_read(&[item]);
    {
        let mut state = PARKED.lock().unwrap();
        state.1 = true;
        PARKED_CHANGED.notify_all();
    }
    assert_eq!(checkpointer.join().unwrap(), 0, "the other checkpoint went on once released");
    assert_eq!(marked.unwrap(), 1, "the mark is made and said so");
    let reopened = Store::open(&db).unwrap();
    assert_eq!(reopened.headline_count(&View::Unread.into()).unwrap(), 1);
}
