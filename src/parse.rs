//! Bytes to `ParsedFeed`: RSS (0.90 to 2.0), Atom (0.3 and 1.0) and JSON
//! Feed (1.0 and 1.1) read by our own readers over quick-xml and
//! serde_json, each as its publisher meant it (see the readers' docs), with
//! stable item identities and every string sanitised. Never silent: what a
//! document has but could not be understood is said on the feed.

use url::Url;

use crate::model::ParsedFeed;
use crate::sanitize;

mod advertised;
mod atom;
mod build;
mod dates;
mod hints;
mod json;
mod notice;
mod raw;
mod recover;
mod references;
mod rss;
mod text;
mod xml;

pub use crate::model::NO_TITLE;

/// Which reading of documents this is: raised when the same bytes come to be
/// read differently (more items, other fields). A body stored as unchanged
/// (same hash, or an ETag the server answers 304 to) under another version
/// needs to be fetched and read again once, or the better reading never
/// reaches feeds that do not change. 1 was feed-rs; 2 the readers of
/// `parse/` (Atom 0.3, RSS 0.90, fallbacks, ...).
pub const READER_VERSION: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("not a feed: {0}")]
    Invalid(String),
}

/// Parses RSS, Atom or JSON Feed. `url` is the feed's address (base for
/// relative links). The same bytes always give the same item guids.
pub fn parse_feed(bytes: &[u8], url: &str) -> Result<ParsedFeed, ParseError> {
    parse_document(bytes, None, url)
}

/// A date as feeds write it (RFC 822 and its damage, W3C-DTF, ISO 8601,
/// asctime), as unix seconds; None when it is not a date.
pub fn parse_date(text: &str) -> Option<i64> {
    dates::parse(text)
}

/// `parse_feed` for bytes in any encoding: `charset` is the one the HTTP
/// `Content-Type` names, if any (see `encoding`).
pub fn parse_document(bytes: &[u8], charset: Option<&str>, url: &str) -> Result<ParsedFeed, ParseError> {
    let text = crate::encoding::decode(bytes, charset);
    let body = trim_start(&text);
    if body.is_empty() {
        return Err(ParseError::Invalid("the document is empty".to_owned()));
    }
    let base = Url::parse(url).ok();
    let (raw, dropped) = match read(body, base.as_ref()) {
        Ok(raw) => Ok((raw, false)),
        // Repairs run only here, so a feed that parses pays nothing for them.
        Err(error) => recover(body, base.as_ref(), url, &error).ok_or(error),
    }
    .map_err(|e| ParseError::Invalid(describe(&e, body.as_bytes(), url)))?;
    let interval_hint = hints::interval(raw.ttl, body.as_bytes());
    let not_understood = raw.not_understood.clone();
    let mut feed = build::feed(raw, base.as_ref());
    let no_title = feed.title.is_none().then_some(NO_TITLE.to_owned());
    let warnings: Vec<String> =
        [dropped.then(|| ITEMS_DROPPED.to_owned()), not_understood, no_title].into_iter().flatten().collect();
    feed.warning = (!warnings.is_empty()).then(|| warnings.join("; "));
    feed.interval_hint = interval_hint;
    Ok(feed)
}

/// What a feed read by dropping its broken items says on its error line.
pub const ITEMS_DROPPED: &str = "malformed feed: the items that could be read are stored, broken ones were dropped";

/// Why a document could not be read.
#[derive(Debug)]
enum ReadError {
    /// Not RSS, Atom or JSON Feed: the root element's name, and the items it holds.
    NoFeedRoot {
        root: Option<String>,
        items: Option<notice::Unread>,
    },
    Xml(String),
    Json(String),
    JsonVersion(String),
}

/// The document read by the reader its format needs.
fn read(body: &str, base: Option<&Url>) -> Result<raw::RawFeed, ReadError> {
    let no_root = || ReadError::NoFeedRoot { root: None, items: None };
    match body.as_bytes().first() {
        Some(b'{') => json::read(body.as_bytes()).map_err(|e| match e {
            json::JsonError::Malformed(e) => ReadError::Json(e),
            json::JsonError::Version(v) => ReadError::JsonVersion(v),
            json::JsonError::NotAFeed => no_root(),
        }),
        Some(b'<') => {
            let doc = xml::read(body, base).map_err(|e| ReadError::Xml(e.0))?;
            let root = doc.node(0);
            let mut feed = match root.name.to_ascii_lowercase().as_str() {
                "rss" | "rdf" | "channel" => rss::read(&doc, 0),
                "feed" | "entry" => atom::read(&doc, 0),
                _ => {
                    let items = notice::unread_items(&doc, &[]);
                    return Err(ReadError::NoFeedRoot { root: Some(root.name.to_string()), items });
                }
            };
            let none_read = feed.entries.is_empty();
            feed.not_understood = notice::unread_items(&doc, &feed.entry_nodes).map(|u| u.warning(none_read));
            Ok(feed)
        }
        _ => Err(no_root()),
    }
}

/// The feed read from repaired bytes, when repairs help: output before the
/// document (a server's warnings), bare `&` and odd Atom types, and last the
/// items that are well formed on their own (the flag says items were dropped).
fn recover(body: &str, base: Option<&Url>, url: &str, error: &ReadError) -> Option<(raw::RawFeed, bool)> {
    let attempt = |bytes: &[u8], how: &str| {
        let feed = read(&String::from_utf8_lossy(bytes), base).ok()?;
        tracing::info!(url, ?error, how, "feed read after a repair");
        Some(feed)
    };
    let mut body = body.as_bytes();
    if matches!(error, ReadError::Xml(_) | ReadError::NoFeedRoot { root: Some(_), .. })
        && let Some(start) = recover::feed_start(body)
    {
        body = &body[start..];
        if let Some(feed) = attempt(body, "text before the document dropped") {
            return Some((feed, false));
        }
    }
    if !matches!(error, ReadError::Xml(_)) {
        return None;
    }
    let repaired = recover::repair_xml(body);
    if let Some(feed) = repaired.as_deref().and_then(|doc| attempt(doc, "XML repaired")) {
        return Some((feed, false));
    }
    let doc = repaired.as_deref().unwrap_or(body);
    Some((attempt(&recover::salvage_items(doc)?, "broken items dropped")?, true))
}

/// Drops a BOM and leading whitespace.
fn trim_start(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text).trim_start_matches(|c: char| c.is_ascii_whitespace())
}

/// One short line saying why the document is not a feed.
fn describe(error: &ReadError, body: &[u8], url: &str) -> String {
    if looks_like_html(body) {
        return match advertised::advertised_feed(body, url) {
            Some(feed) => format!("got an HTML page; the feed it advertises is {feed}"),
            None => "got an HTML page".to_owned(),
        };
    }
    let message = match error {
        ReadError::NoFeedRoot { root, items } => {
            let mut message = "no RSS, Atom or JSON Feed document found".to_owned();
            match (root, items) {
                (Some(root), Some(items)) => {
                    message.push_str(&format!(
                        " (the root element is <{root}>, with {} <{}> in it)",
                        items.of, items.name
                    ));
                }
                (Some(root), None) => message.push_str(&format!(" (the root element is <{root}>)")),
                _ => {}
            }
            message
        }
        ReadError::Xml(e) => format!("malformed XML: {e}"),
        ReadError::Json(e) => format!("malformed JSON: {e}"),
        ReadError::JsonVersion(v) => format!("unsupported JSON Feed version {v}"),
    };
    build::truncate(&sanitize::line(&message), 160)
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
    head.contains("<!doctype html") || head.contains("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_bom_and_whitespace() {
        assert_eq!(trim_start("\u{feff} \n <rss"), "<rss");
        assert_eq!(trim_start("  "), "");
    }
}
