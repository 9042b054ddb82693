//! The write-ahead log gives its disk back. A large write (a retention of
//! half a million items beside an open reader reached 3.6 GB) grows it far
//! past its usual few MB; once that is checkpointed, the next write brings
//! the file back to its limit instead of keeping the space for as long as
//! the reader runs.

use crate::common::StoreExt;
use tidings::model::{FeedSource, ParsedFeed, ParsedItem, View};
use tidings::store::Store;

const NOW: i64 = 1_800_000_000;

fn wal_bytes(dir: &tempfile::TempDir) -> u64 {
    std::fs::metadata(dir.path().join("w.db-wal")).map_or(0, |m| m.len())
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
    let mut store = Store::open(&dir.path().join("w.db")).unwrap();
    let id = store.sync_feeds(&[FeedSource { url: "https://e.example/f".into(), ..FeedSource::default() }]).unwrap()[0];
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
