//! Item identity when feeds are careless with guids: missing, repeated in one
//! feed, shared by two feeds. A second fetch of the same feed adds nothing.

use tidings::model::{FeedSource, View};
use tidings::store::Store;

const NOW: i64 = 1_800_000_000;

fn rss(items: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>https://e.example/</link>{items}</channel></rss>")
        .into_bytes()
}

fn item(guid: Option<&str>, title: &str) -> String {
    let guid = guid.map_or(String::new(), |g| format!("<guid isPermaLink=\"false\">{g}</guid>"));
    format!(
        "<item>{guid}<title>{title}</title><link>https://e.example/{title}</link><description>{title} text</description></item>"
    )
}

fn store(n: usize) -> (tempfile::TempDir, Store, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("i.db")).unwrap();
    let sources: Vec<FeedSource> =
        (0..n).map(|i| FeedSource { url: format!("https://f{i}.example/feed"), ..FeedSource::default() }).collect();
    let ids = store.sync_feeds(&sources).unwrap();
    (dir, store, ids)
}

fn titles(store: &Store, view: View) -> Vec<String> {
    let mut t: Vec<String> = store.headlines(view).unwrap().into_iter().map(|h| h.title).collect();
    t.sort();
    t
}

#[test]
fn items_without_guids_are_stored_once_across_fetches() {
    let (_dir, mut store, ids) = store(1);
    let bytes = rss(&[item(None, "a"), item(None, "b")].concat());
    for fetch in 0..3 {
        let parsed = tidings::parse::parse_feed(&bytes, "https://f0.example/feed").unwrap();
        store.ingest(ids[0], &parsed, NOW + fetch).unwrap();
    }
    assert_eq!(titles(&store, View::Feed(ids[0])), ["a", "b"]);
}

#[test]
fn a_guid_repeated_in_one_feed_is_one_item() {
    let (_dir, mut store, ids) = store(1);
    let bytes = rss(&[item(Some("same"), "first"), item(Some("same"), "second"), item(Some("other"), "c")].concat());
    let parsed = tidings::parse::parse_feed(&bytes, "https://f0.example/feed").unwrap();
    store.ingest(ids[0], &parsed, NOW).unwrap();
    let stored = titles(&store, View::Feed(ids[0]));
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert!(stored.contains(&"first".to_owned()), "the first listed wins: {stored:?}");
}

#[test]
fn a_guid_shared_by_two_feeds_is_two_items_with_their_own_marks() {
    let (_dir, mut store, ids) = store(2);
    let bytes = rss(&item(Some("tag:shared,2025:1"), "shared"));
    for (i, id) in ids.iter().enumerate() {
        let parsed = tidings::parse::parse_feed(&bytes, &format!("https://f{i}.example/feed")).unwrap();
        store.ingest(*id, &parsed, NOW).unwrap();
    }
    let first = store.headlines(View::Feed(ids[0])).unwrap();
    let second = store.headlines(View::Feed(ids[1])).unwrap();
    assert_eq!((first.len(), second.len()), (1, 1));
    assert_ne!(first[0].id, second[0].id);
    store.set_read(first[0].id, true).unwrap();
    assert!(!store.headlines(View::Feed(ids[1])).unwrap()[0].read, "marks belong to one feed's item");
}
