//! Dates as feeds write them in the wild: parsed where they can be, and never
//! allowed to wreck the order of a list.

use crate::common::StoreExt;
use tidings::model::{FeedSource, View};
use tidings::parse::parse_date;
use tidings::store::Store;

const FETCHED: i64 = 1_800_000_000;

/// Date strings and the instant each names (RFC 822 and its damage, zones by
/// name and number, asctime, W3C-DTF and ISO 8601 variants).
const DATES: &[(&str, &str)] = &[
    ("Tue, 28 Jan 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 +0000", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 -0000", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 UT", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 UTC", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 Z", "2025-01-28T08:14:00Z"),
    ("28 Jan 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 25 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Sun, 06 Nov 94 08:49:37 GMT", "1994-11-06T08:49:37Z"),
    ("Sun, 06 Nov 094 08:49:37 GMT", "1994-11-06T08:49:37Z"),
    ("Tue, 28 Jan 2025 08:14 GMT", "2025-01-28T08:14:00Z"),
    ("Sat, 1 Feb 2025 08:14:00 GMT", "2025-02-01T08:14:00Z"),
    ("Tue, 28 Jan 2025 8:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Tue 28 Jan 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan, 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Tue,28 Jan 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("tue, 28 jan 2025 08:14:00 gmt", "2025-01-28T08:14:00Z"),
    ("TUE, 28 JAN 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Tuesday, 28 January 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Thurs, 30 Jan 2025 08:14:00 GMT", "2025-01-30T08:14:00Z"),
    ("Tue, 28 Sept 2021 08:14:00 GMT", "2021-09-28T08:14:00Z"),
    ("Wed, 28 Jan 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Mié, 28 Jan 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Tue., 28 Jan. 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 +0100", "2025-01-28T07:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 +01:00", "2025-01-28T07:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 -0500", "2025-01-28T13:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 -05:00", "2025-01-28T13:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 +0530", "2025-01-28T02:44:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 +05", "2025-01-28T03:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 EST", "2025-01-28T13:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 EDT", "2025-01-28T12:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 CST", "2025-01-28T14:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 CDT", "2025-01-28T13:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 MST", "2025-01-28T15:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 MDT", "2025-01-28T14:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 PST", "2025-01-28T16:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 PDT", "2025-01-28T15:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 ET", "2025-01-28T13:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 PT", "2025-01-28T16:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 MET", "2025-01-28T07:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 MEST", "2025-01-28T06:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 CET", "2025-01-28T07:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 CEST", "2025-01-28T06:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 BST", "2025-01-28T07:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 AEST", "2025-01-27T22:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 JST", "2025-01-27T23:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 IST", "2025-01-28T02:44:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 A", "2025-01-28T09:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 M", "2025-01-28T20:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 N", "2025-01-28T07:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 Y", "2025-01-27T20:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 GMT+1", "2025-01-28T07:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 UTC+01:00", "2025-01-28T07:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 GMT-0800", "2025-01-28T16:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 +0000 (UTC)", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 -0800 (PST)", "2025-01-28T16:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 XYZ", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025", "2025-01-28T00:00:00Z"),
    ("28 January 2025", "2025-01-28T00:00:00Z"),
    ("Jan 28, 2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("January 28, 2025 8:14 AM EST", "2025-01-28T13:14:00Z"),
    ("January 28, 2025 at 8:14 PM", "2025-01-28T20:14:00Z"),
    ("Tue, 28 Jan 2025 12:05:00 AM GMT", "2025-01-28T00:05:00Z"),
    ("28-Jan-2025 08:14:00 GMT", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 08:14:00.123 GMT", "2025-01-28T08:14:00Z"),
    ("Tue, 28 Jan 2025 24:00:00 GMT", "2025-01-29T00:00:00Z"),
    ("Wed, 31 Dec 2008 23:59:60 GMT", "2008-12-31T23:59:59Z"),
    ("Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"),
    ("Sun Nov 6 08:49:37 1994", "1994-11-06T08:49:37Z"),
    ("Thu Jul  8 23:56:58 EDT 2004", "2004-07-09T03:56:58Z"),
    ("2003", "2003-01-01T00:00:00Z"),
    ("2003-12", "2003-12-01T00:00:00Z"),
    ("2003-12-31", "2003-12-31T00:00:00Z"),
    ("2003-1-5", "2003-01-05T00:00:00Z"),
    ("2003-12-31T10:14Z", "2003-12-31T10:14:00Z"),
    ("2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"),
    ("2003-12-31T10:14:55.25Z", "2003-12-31T10:14:55Z"),
    ("2003-12-31T10:14:55,5Z", "2003-12-31T10:14:55Z"),
    ("2003-12-31T10:14:55.123456789+01:00", "2003-12-31T09:14:55Z"),
    ("2003-12-31T10:14:55-05:00", "2003-12-31T15:14:55Z"),
    ("2003-12-31T10:14:55+0100", "2003-12-31T09:14:55Z"),
    ("2003-12-31T10:14:55+01", "2003-12-31T09:14:55Z"),
    ("2003-12-31T10:14:55", "2003-12-31T10:14:55Z"),
    ("2003-12-31T10:14", "2003-12-31T10:14:00Z"),
    ("2003-12-31 10:14:55", "2003-12-31T10:14:55Z"),
    ("2003-12-31 10:14:55Z", "2003-12-31T10:14:55Z"),
    ("2003-12-31 10:14:55 +01:00", "2003-12-31T09:14:55Z"),
    ("2003-12-31t10:14:55z", "2003-12-31T10:14:55Z"),
    ("2003-12-31T10:14:55 GMT", "2003-12-31T10:14:55Z"),
    ("2003-12-31T10:14:55 EST", "2003-12-31T15:14:55Z"),
    ("2003/12/31 10:14:55", "2003-12-31T10:14:55Z"),
    ("2003-12-31T24:00:00Z", "2004-01-01T00:00:00Z"),
    ("20031231", "2003-12-31T00:00:00Z"),
    ("20031231T101455Z", "2003-12-31T10:14:55Z"),
    ("20031231T1014Z", "2003-12-31T10:14:00Z"),
    ("20031231T101455+0100", "2003-12-31T09:14:55Z"),
    ("2004-07-08 23:56:58", "2004-07-08T23:56:58Z"),
    ("  2003-12-31T10:14:55Z  ", "2003-12-31T10:14:55Z"),
    ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
    ("2038-01-19T03:14:08Z", "2038-01-19T03:14:08Z"),
    ("2025-01-28T08:14:00.000+00:00", "2025-01-28T08:14:00Z"),
    ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
    ("Tue, 28 Jan 2025 08:14:00 +0000 (Coordinated Universal Time)", "2025-01-28T08:14:00Z"),
    ("Di, 28 Jan 2025 08:14:00 +0100", "2025-01-28T07:14:00Z"),
    ("Mi 29 Jan 2025 08:14:00 +0100", "2025-01-29T07:14:00Z"),
    ("28 Mär 2025 08:14:00 +0100", "2025-03-28T07:14:00Z"),
    ("28. März 2025 08:14", "2025-03-28T08:14:00Z"),
    ("Do, 28 Okt 2021 08:14:00 +0200", "2021-10-28T06:14:00Z"),
    ("mar., 28 janv. 2025 08:14:00 +0100", "2025-01-28T07:14:00Z"),
    ("mer., 28 août 2024 10:00:00 +0200", "2024-08-28T08:00:00Z"),
    ("28 févr. 2024 10:00:00 +0100", "2024-02-28T09:00:00Z"),
    ("Mié, 28 Ene 2025 08:14:00 +0000", "2025-01-28T08:14:00Z"),
    ("28 dic 2024 10:00:00 +0100", "2024-12-28T09:00:00Z"),
    ("28 Juni 2024", "2024-06-28T00:00:00Z"),
];

/// What is not a date stays undated.
const NOT_DATES: &[&str] = &[
    "",
    "   ",
    "garbage",
    "yesterday",
    "now",
    "Jan 2025",
    "28 Jan",
    "Tue, 28 Jan 08:14:00 GMT",
    "2025-13-01",
    "2025-02-30",
    "2025-02-29T00:00:00Z",
    "Tue, 32 Jan 2025 08:14:00 GMT",
    "Tue, 28 Foo 2025 08:14:00 GMT",
    "Tue, 28 Jan 2025 25:00:00 GMT",
    "Tue, 28 Jan 2025 08:61:00 GMT",
    "Tue, 28 Jan 2025 24:30:00 GMT",
    "Tue, 28 Jan 2025 13:14:00 PM",
    "2025-01-28T08:14:00+25:00",
    "1738052040",
    "12345",
    "0",
    "10000-01-01",
    "Sat, 01 Jan 10000 00:00:00 GMT",
    "28/01/2025",
    "01/28/2025",
    "Tue, 28 Jan 2025 08:14:00 garbagezone",
    "Tue, 28 Jan 2025 08:14:00 +0100 later",
    "2025-01-28T",
    "2025-01-28T08",
    "T08:14:00",
    "2025-01-28T08:14:00Z extra",
    "2025-01-28 08:14:00 foo",
    "--",
    "Jan 28 2025 Jan",
    "२०२५-०१-२८",
    "28 jui 2025",
    "Tue, 28 Jan 2025 08:14:00 +0000 (UTC) later",
];

#[test]
fn a_table_of_dates_gives_their_instants() {
    assert!(DATES.len() >= 110, "{} dates", DATES.len());
    for (text, instant) in DATES {
        let want = chrono::DateTime::parse_from_rfc3339(instant).expect("an instant").timestamp();
        assert_eq!(parse_date(text), Some(want), "{text:?} is {instant}");
    }
    for text in NOT_DATES.iter().copied().chain([&"x".repeat(200) as &str]) {
        assert_eq!(parse_date(text), None, "{text:?} is not a date");
    }
}

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

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Any instant, written in the usual forms at any offset, reads back as itself.
    #[test]
    fn written_dates_read_back(secs in -2_000_000_000i64..4_000_000_000, quarters in -48i32..=56) {
        let offset = chrono::FixedOffset::east_opt(quarters * 15 * 60).expect("an offset");
        let date = chrono::DateTime::from_timestamp(secs, 0).expect("in range").with_timezone(&offset);
        for text in [
            date.to_rfc2822(),
            date.to_rfc3339(),
            date.format("%Y-%m-%d %H:%M:%S%z").to_string(),
            date.format("%d %B %Y %H:%M:%S %:z").to_string(),
            date.format("%Y%m%dT%H%M%S%z").to_string(),
        ] {
            proptest::prop_assert_eq!(parse_date(&text), Some(secs), "{}", text);
        }
    }

    /// Any text at all: a date or None, never a panic.
    #[test]
    fn any_text_is_a_date_or_none(text in "\\PC{0,40}") {
        let _ = parse_date(&text);
    }
}
