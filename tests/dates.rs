//! Dates as feeds write them in the wild: parsed where they can be, and never
//! allowed to wreck the order of a list.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use tidings::model::{FeedSource, View};
use tidings::store::Store;
mod common;
use common::StoreExt;

const FETCHED: i64 = 1_800_000_000;

fn item(date: &str, n: usize) -> String {
    format!("<item><title>item {n}</title><guid>{n}</guid><pubDate>{date}</pubDate></item>")
}

#[test]
fn wild_dates_parse_or_fall_back_without_panicking() {
    let cases = [
        ("Tue, 28 Jan 2025 08:14:00 EST", Some(1_738_070_040)),
        ("Tue, 28 Jan 2025 08:14:00 PDT", Some(1_738_077_240)),
        ("28 Jan 2025 08:14 GMT", Some(1_738_052_040)),
        ("Tue, 28 Jan 2025 08:14:00 +0100", Some(1_738_048_440)),
        ("2025-01-28", Some(1_738_022_400)),
        ("2025-01-28T08:14:00Z", Some(1_738_052_040)),
        ("garbage", None),
        ("", None),
    ];
    for (date, want) in cases {
        let xml = format!("<rss version=\"2.0\"><channel><title>t</title>{}</channel></rss>", item(date, 1));
        let feed = tidings::parse::parse_feed(xml.as_bytes(), "https://e.example/").unwrap();
        assert_eq!(feed.items[0].published, want, "{date:?}");
    }
}

#[test]
fn absurd_dates_do_not_wreck_the_order() {
    let dates = [
        "Tue, 28 Jan 2025 08:14:00 GMT",
        "Sat, 01 Jan 9999 00:00:00 GMT",
        "Sat, 01 Jan 0000 00:00:00 GMT",
        "Sat, 01 Jan 10000 00:00:00 GMT",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "no date at all",
    ];
    let items: String = dates.iter().enumerate().map(|(n, d)| item(d, n)).collect();
    let xml = format!("<rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>");
    let parsed = tidings::parse::parse_feed(xml.as_bytes(), "https://e.example/").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let id = store.sync_feeds(&[FeedSource { url: "https://e.example/".into(), ..FeedSource::default() }]).unwrap()[0];
    store.ingest(id, &parsed, FETCHED).unwrap();
    let heads = store.headlines(View::All).unwrap();
    assert_eq!(heads.len(), dates.len());
    for h in &heads {
        assert!(h.date <= FETCHED + 86_400, "{} dated {} is after the fetch", h.title, h.date);
        assert!(h.date > 0, "{} dated {} is not after the epoch", h.title, h.date);
    }
    // The real 2025 date sorts below items dated by the fetch (future, year 0, none).
    let pos = |t: &str| heads.iter().position(|h| h.title == t).unwrap();
    assert!(pos("item 0") > pos("item 1"), "far future is clamped to the fetch, not the top forever");
    assert_eq!(pos("item 0"), heads.len() - 1);
}
