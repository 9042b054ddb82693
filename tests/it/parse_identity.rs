//! Reading feeds better must not turn stored items into new unread ones.
//! `tests/fixtures/formats/read-by-main.jsonl` holds what the parser of the
//! day before the format work (feed-rs based) read from the fixtures: every
//! item it read comes out again with the same guid (from the fixtures that
//! existed then, exactly the same items; the format fixtures may now give
//! more), and a store filled from that old reading keeps its items and
//! marks when the feeds are read again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tidings::model::{FeedSource, ParsedFeed, ParsedItem, View};
use tidings::parse::parse_feed;
use tidings::store::Store;

use crate::common::StoreExt;

/// The address every fixture was read with (relative links resolve against it).
const URL: &str = "https://fixture.example/feed";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Each fixture named in a record file, with what the old parser read from it.
fn records(name: &str) -> Vec<(String, Value)> {
    let text = std::fs::read_to_string(fixtures().join("formats").join(name)).expect("records");
    let records: Vec<(String, Value)> = text
        .lines()
        .map(|line| {
            let record: Value = serde_json::from_str(line).expect("a JSON line");
            (record["file"].as_str().expect("file").to_owned(), record)
        })
        .collect();
    assert!(records.len() >= 45, "{} records", records.len());
    records
}

fn read_now(file: &str) -> ParsedFeed {
    let bytes = std::fs::read(fixtures().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    parse_feed(&bytes, URL).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn old_items(record: &Value) -> Vec<ParsedItem> {
    let text = |item: &Value, key: &str| item[key].as_str().map(str::to_owned);
    record["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| ParsedItem {
            guid: text(item, "guid").expect("guid"),
            title: text(item, "title").expect("title"),
            link: text(item, "link"),
            author: text(item, "author"),
            published: item["published"].as_i64(),
            ..ParsedItem::default()
        })
        .collect()
}

#[test]
fn the_same_bytes_give_the_guids_the_old_parser_gave() {
    for (file, record) in records("read-by-main.jsonl") {
        let old: Vec<String> = old_items(&record).into_iter().map(|i| i.guid).collect();
        let now: Vec<String> = read_now(&file).items.into_iter().map(|i| i.guid).collect();
        if file.starts_with("formats/") {
            // Read better now: more items, maybe, but every old one as it was, in order.
            let mut rest = now.iter();
            let kept = old.iter().all(|guid| rest.any(|g| g == guid));
            assert!(kept, "{file}: {old:?} within {now:?}");
        } else {
            assert_eq!(now, old, "{file}");
        }
    }
}

#[test]
fn a_store_filled_by_the_old_parser_keeps_its_items_and_marks() {
    let records = records("read-by-main.jsonl");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("identity.db")).expect("store");
    let sources: Vec<FeedSource> =
        records.iter().map(|(file, _)| FeedSource { url: format!("{URL}/{file}"), ..FeedSource::default() }).collect();
    let ids = store.sync_feeds(&sources).expect("sync");
    let mut marked = HashMap::new();
    for ((_, record), id) in records.iter().zip(&ids) {
        let old = ParsedFeed {
            title: record["title"].as_str().map(str::to_owned),
            items: old_items(record),
            ..Default::default()
        };
        store.ingest(*id, &old, 1_800_000_000).expect("old ingest");
        let heads = store.headlines(View::Feed(*id)).expect("headlines");
        if let Some(first) = heads.first() {
            store.set_read(first.id, true).expect("read");
            store.set_starred(first.id, true).expect("star");
            marked.insert(*id, first.id);
        }
    }
    for ((file, _), id) in records.iter().zip(&ids) {
        let before = store.headlines(View::Feed(*id)).expect("headlines").len();
        let now = read_now(file);
        let read_more = now.items.iter().map(|i| i.guid.as_str()).collect::<HashSet<_>>().len() - before;
        let report = store.ingest(*id, &now, 1_800_000_100).expect("new ingest");
        assert_eq!(report.new_items, read_more, "{file}: nothing old comes back as new");
        let after = store.headlines(View::Feed(*id)).expect("headlines");
        assert_eq!(after.len(), before + read_more, "{file}");
        if let Some(item) = marked.get(id) {
            let head = after.iter().find(|h| h.id == *item).unwrap_or_else(|| panic!("{file}: the marked item"));
            assert!(head.read && head.starred, "{file}: marks kept");
        }
    }
}
