//! Feeds that stricter readers refuse (feed-rs did) but a reader can read (tests/fixtures/hostile/):
//! odd `<rss>` versions, bare `&`, unknown Atom types, JSON Feed versions
//! and numeric ids; broken XML gives the readable items or one clear error.

use crate::common::StoreExt;
use tidings::model::{FeedSource, ParsedFeed};
use tidings::parse::{ITEMS_DROPPED, parse_feed};
use tidings::store::Store;

const URL: &str = "https://hostile.example/feed";

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn parse(name: &str) -> ParsedFeed {
    parse_feed(&fixture(name), URL).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn guids(feed: &ParsedFeed) -> Vec<&str> {
    feed.items.iter().map(|i| i.guid.as_str()).collect()
}

fn titles(feed: &ParsedFeed) -> Vec<&str> {
    feed.items.iter().map(|i| i.title.as_str()).collect()
}

#[test]
fn rss_without_a_known_version_reads_as_rss() {
    for version in ["none", "0.93", "0.94", "2.01", "2.1"] {
        let feed = parse(&format!("rss-version-{version}.xml"));
        assert_eq!(feed.title.as_deref(), Some(format!("Version {version}").as_str()));
        assert_eq!(guids(&feed), ["odd-1", "odd-2"], "{version}");
    }
}

#[test]
fn bare_ampersands_in_text_and_attributes_are_read_as_ampersands() {
    let feed = parse("bare-ampersand.xml");
    assert_eq!(feed.title.as_deref(), Some("Tom & Jerry's news"));
    assert_eq!(feed.site_url.as_deref(), Some("https://amp.example/?a=1&b=2"));
    assert_eq!(titles(&feed), ["Fish & chips & peas", "Rock &roll"]);
    assert_eq!(guids(&feed), ["amp-1", "amp-2&x"]);
    assert_eq!(feed.items[0].link.as_deref(), Some("https://amp.example/item?id=1&lang=en"));
    assert_eq!(feed.items[1].link.as_deref(), Some("https://amp.example/item?id=2&lang=en"), "&amp; still one &");
    assert_eq!(feed.items[0].content.as_deref(), Some("AT&T; R&D & more & &copy"));
}

#[test]
fn unknown_atom_content_types_keep_the_feed() {
    let feed = parse("atom-content-types.xml");
    assert_eq!(titles(&feed), ["Markdown", "Upper case", "Octets", "Empty"]);
    let contents: Vec<_> = feed.items.iter().map(|i| i.content.as_deref().unwrap_or_default()).collect();
    // A media type that is not text or XML is base64 (RFC 4287 4.1.3.3), shown when it decodes to text.
    assert_eq!(contents, ["Some *markdown* body", "An upper-case type", "Binary", "An empty type"]);
}

#[test]
fn json_feed_versions_written_any_way_are_read() {
    for version in ["http1", "https11", "bare11", "missing"] {
        let feed = parse(&format!("json-version-{version}.json"));
        assert_eq!(feed.title.as_deref(), Some(format!("JSON {version}").as_str()));
        assert_eq!(guids(&feed), ["json-1", "json-2"], "{version}");
    }
}

#[test]
fn numeric_json_ids_become_strings_and_a_string_tag_is_no_error() {
    let feed = parse("json-numeric-ids.json");
    assert_eq!(guids(&feed), ["123", "4.5", "9007199254740993"]);
    assert_eq!(feed.items[0].link.as_deref(), Some("https://json.example/123"));
}

#[test]
fn a_truncated_feed_keeps_its_complete_items() {
    let feed = parse("truncated.xml");
    assert_eq!(feed.title.as_deref(), Some("Cut short"));
    assert_eq!(guids(&feed), ["cut-1", "cut-2"]);
    assert_eq!(feed.warning.as_deref(), Some(ITEMS_DROPPED), "the loss is said");
}

#[test]
fn an_unclosed_tag_costs_only_its_item() {
    let feed = parse("unclosed-tags.xml");
    assert_eq!(guids(&feed), ["open-1"]);
    assert_eq!(feed.warning.as_deref(), Some(ITEMS_DROPPED));
}

#[test]
fn repairs_that_lose_nothing_say_nothing_and_a_loss_stays_on_the_feed_until_read_whole() {
    for name in ["bare-ampersand.xml", "rss-version-2.1.xml", "json-version-bare11.json", "atom-content-types.xml"] {
        assert_eq!(parse(name).warning, None, "{name}");
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("w.db")).unwrap();
    let feed = store.sync_feeds(&[FeedSource { url: URL.into(), ..FeedSource::default() }]).unwrap()[0];
    store.ingest(feed, &parse("truncated.xml"), 1_800_000_000).unwrap();
    let row = store.feeds().unwrap().remove(0);
    assert_eq!((row.last_error.as_deref(), row.total), (Some(ITEMS_DROPPED), 2), "stored, and said");
    store.ingest(feed, &parse("bare-ampersand.xml"), 1_800_000_100).unwrap();
    assert_eq!(store.feeds().unwrap()[0].last_error, None, "read whole: cleared");
}

#[test]
fn what_cannot_be_read_is_one_clear_error_never_a_panic() {
    let cases: [(&[u8], &str); 5] = [
        (b"<rss version=\"2.0\"><channel><title>cut", "not a feed: malformed XML"),
        (b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</ti", "not a feed: malformed XML"),
        (b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [", "not a feed: malformed JSON"),
        (
            b"{\"version\": \"https://jsonfeed.org/version/9\", \"title\": \"t\", \"items\": []}",
            "not a feed: unsupported JSON Feed version",
        ),
        (b"\x00\x01\x02<<<&&&>>>", "not a feed: "),
    ];
    for (bytes, expected) in cases {
        let error = parse_feed(bytes, URL).expect_err("not readable").to_string();
        assert!(error.starts_with(expected) && !error.contains('\n'), "{error:?}");
    }
    // Every prefix of every fixture: an answer each time, no panic.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        for cut in (0..bytes.len()).step_by(7) {
            let _ = parse_feed(&bytes[..cut], URL);
        }
    }
}
