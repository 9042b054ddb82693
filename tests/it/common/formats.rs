//! What the format tests share: reading a fixture of `tests/fixtures/formats/`
//! and checking the fields every reader must get right.

use tidings::model::{ParsedFeed, ParsedItem};
use tidings::parse::parse_feed;

/// The address every format fixture is read from (relative links resolve against it).
pub const URL: &str = "https://fixture.example/feed";

/// What a fixture must read as: the feed's title, how many items, and the
/// first item's title, link, author and date (RFC 3339).
pub struct Expect {
    pub file: &'static str,
    pub title: Option<&'static str>,
    pub items: usize,
    pub first_title: &'static str,
    pub link: Option<&'static str>,
    pub author: Option<&'static str>,
    pub date: Option<&'static str>,
}

pub fn read(file: &str) -> ParsedFeed {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    parse_feed(&bytes, URL).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Unix seconds of an RFC 3339 instant.
pub fn instant(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339).expect("an instant in the test").timestamp()
}

/// Reads the fixture and checks what `expect` says; the feed, for more checks.
pub fn check(expect: &Expect) -> ParsedFeed {
    let feed = read(expect.file);
    let file = expect.file;
    assert_eq!(feed.title.as_deref(), expect.title, "{file}: feed title");
    assert_eq!(feed.items.len(), expect.items, "{file}: items {:#?}", titles(&feed));
    let Some(first) = feed.items.first() else { return feed };
    assert_eq!(first.title, expect.first_title, "{file}: first title");
    assert_eq!(first.link.as_deref(), expect.link, "{file}: first link");
    assert_eq!(first.author.as_deref(), expect.author, "{file}: first author");
    assert_eq!(first.published, expect.date.map(instant), "{file}: first date");
    feed
}

pub fn titles(feed: &ParsedFeed) -> Vec<&str> {
    feed.items.iter().map(|i| i.title.as_str()).collect()
}

/// One field of every item, in order.
pub fn each<'a, T>(feed: &'a ParsedFeed, field: impl Fn(&'a ParsedItem) -> T) -> Vec<T> {
    feed.items.iter().map(field).collect()
}
