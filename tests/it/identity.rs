//! Item identity when feeds are careless with guids: missing, repeated in one
//! feed, shared by two feeds, changed by the publisher. A second fetch of the
//! same feed adds nothing.

use crate::common::{StoreExt, feed_source, temp_store};
use tidings::model::{FeedId, FeedSource, ParsedFeed, ParsedItem, Retention, View};
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

fn store(n: usize) -> (tempfile::TempDir, Store, Vec<FeedId>) {
    let sources: Vec<FeedSource> = (0..n).map(|i| feed_source(&format!("https://f{i}.example/feed"))).collect();
    temp_store(&sources)
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

/// A parsed feed of (guid, title, link, date) items.
fn feed(items: &[(&str, &str, Option<&str>, Option<i64>)]) -> ParsedFeed {
    let items = items
        .iter()
        .map(|&(guid, title, link, published)| ParsedItem {
            guid: guid.into(),
            title: title.into(),
            link: link.map(Into::into),
            published,
            content: Some(format!("<p>{title}</p>")),
            ..Default::default()
        })
        .collect();
    ParsedFeed { items, ..Default::default() }
}

fn marks(store: &Store, feed: FeedId) -> Vec<(String, bool, bool)> {
    let mut m: Vec<_> =
        store.headlines(View::Feed(feed)).unwrap().into_iter().map(|h| (h.title, h.read, h.starred)).collect();
    m.sort();
    m
}

#[test]
fn a_publisher_changing_every_guid_brings_back_nothing_and_keeps_the_marks() {
    let (_dir, mut store, ids) = store(1);
    let day = |d: i64| Some(NOW - d * 86_400);
    let before = feed(&[
        ("https://e.example/?p=1", "one", Some("http://e.example/one"), day(3)),
        ("https://e.example/?p=2", "two", Some("http://e.example/two"), day(2)),
        ("https://e.example/?p=3", "three", None, day(1)),
    ]);
    store.ingest(ids[0], &before, NOW).unwrap();
    let stored = store.headlines(View::Feed(ids[0])).unwrap();
    let id = |t: &str| stored.iter().find(|h| h.title == t).unwrap().id;
    store.set_read(id("one"), true).unwrap();
    store.set_starred(id("two"), true).unwrap();
    store.set_read(id("three"), true).unwrap();

    // New guid scheme; "two" also moved to https, "three" has no link: the
    // title with the link or the date still says which item it is.
    let after = feed(&[
        ("tag:e.example,2026:one", "one", Some("http://e.example/one"), day(3)),
        ("tag:e.example,2026:two", "two", Some("https://e.example/two"), day(2)),
        ("tag:e.example,2026:three", "three", None, day(1)),
        ("tag:e.example,2026:four", "four", Some("https://e.example/four"), None),
    ]);
    let report = store.ingest(ids[0], &after, NOW + 60).unwrap();
    assert_eq!(report.new_items, 1, "only four is new");
    let expected = [("four", false, false), ("one", true, false), ("three", true, false), ("two", false, true)];
    let expected: Vec<_> = expected.iter().map(|&(t, r, s)| (t.to_owned(), r, s)).collect();
    assert_eq!(marks(&store, ids[0]), expected);
    // The items now answer to their new guids: a third fetch changes nothing.
    let again = store.ingest(ids[0], &after, NOW + 120).unwrap();
    assert_eq!((again.new_items, again.updated_items), (0, 0));
}

#[test]
fn a_single_item_feed_with_one_link_gets_each_new_item() {
    // A "word of the day" feed: one item, always linking to the home page.
    let (_dir, mut store, ids) = store(1);
    let home = Some("https://e.example/");
    store.ingest(ids[0], &feed(&[("2026-11-27", "Monday's word", home, Some(NOW - 86_400))]), NOW).unwrap();
    let first = store.headlines(View::Feed(ids[0])).unwrap()[0].id;
    store.set_read(first, true).unwrap();
    let report = store.ingest(ids[0], &feed(&[("2026-11-28", "Tuesday's word", home, Some(NOW))]), NOW + 60).unwrap();
    assert_eq!(report.new_items, 1);
    let expected = vec![("Monday's word".to_owned(), true, false), ("Tuesday's word".to_owned(), false, false)];
    assert_eq!(marks(&store, ids[0]), expected);
}

#[test]
fn a_new_guid_that_could_be_either_of_two_old_items_is_a_new_item() {
    let (_dir, mut store, ids) = store(1);
    let link = Some("https://e.example/news");
    store.ingest(ids[0], &feed(&[("a", "News", link, None), ("b", "News", link, None)]), NOW).unwrap();
    let report = store.ingest(ids[0], &feed(&[("c", "News", link, None)]), NOW + 60).unwrap();
    assert_eq!(report.new_items, 1, "no way to tell which one it replaced");
    assert_eq!(store.headlines(View::Feed(ids[0])).unwrap().len(), 3);
}

#[test]
fn an_item_still_listed_keeps_its_identity_when_a_lookalike_appears() {
    let (_dir, mut store, ids) = store(1);
    let link = Some("https://e.example/live");
    store.ingest(ids[0], &feed(&[("a", "Live", link, None)]), NOW).unwrap();
    let report =
        store.ingest(ids[0], &feed(&[("a", "Live", link, None), ("b", "Live", link, None)]), NOW + 60).unwrap();
    assert_eq!(report.new_items, 1, "a is still listed, so b is another item");
}

#[test]
fn an_item_removed_by_retention_stays_removed_when_its_guid_changes() {
    let (_dir, mut store, ids) = store(1);
    let items: Vec<(String, String, String)> =
        (0..6).map(|k| (format!("old-{k}"), format!("item {k}"), format!("https://e.example/{k}"))).collect();
    let listed = |prefix: &str| {
        let items: Vec<(String, &str, Option<&str>, Option<i64>)> = items
            .iter()
            .enumerate()
            .map(|(k, (_, t, l))| (format!("{prefix}-{k}"), t.as_str(), Some(l.as_str()), Some(NOW - k as i64 * 3600)))
            .collect();
        let borrowed: Vec<_> = items.iter().map(|(g, t, l, p)| (g.as_str(), *t, *l, *p)).collect();
        feed(&borrowed)
    };
    store.ingest(ids[0], &listed("old"), NOW).unwrap();
    let policy = Retention { keep_days: 0, max_items_per_feed: 2, keep_unread: false };
    assert_eq!(store.prune(policy, NOW).unwrap(), 4);
    let report = store.ingest(ids[0], &listed("new"), NOW + 60).unwrap();
    assert_eq!(report.new_items, 0, "renamed, the removed items are still removed");
    assert_eq!(titles(&store, View::Feed(ids[0])), ["item 0", "item 1"]);
}
