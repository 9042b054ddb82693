//! Bytes to `ParsedFeed` through feed-rs, with stable item identities and
//! every string sanitised.

use feed_rs::model::{Entry, Feed, Link, Text};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use sha2::{Digest, Sha256};
use url::Url;

use crate::html_text;
use crate::model::{Enclosure, ParsedFeed, ParsedItem};
use crate::sanitize;
use crate::scan::{attribute_value, find};

mod advertised;
mod hints;
mod recover;

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("not a feed: {0}")]
    Invalid(String),
}

/// Longest title made up from a summary, in characters.
const SUMMARY_TITLE_CHARS: usize = 80;

/// Parses RSS, Atom or JSON Feed. `url` is the feed's address (base for
/// relative links). The same bytes always give the same item guids.
pub fn parse_feed(bytes: &[u8], url: &str) -> Result<ParsedFeed, ParseError> {
    parse_document(bytes, None, url)
}

/// `parse_feed` for bytes in any encoding: `charset` is the one the HTTP
/// `Content-Type` names, if any (see `encoding`).
pub fn parse_document(bytes: &[u8], charset: Option<&str>, url: &str) -> Result<ParsedFeed, ParseError> {
    let utf8 = crate::encoding::to_utf8(bytes, charset);
    let body = trim_start(&utf8);
    if body.is_empty() {
        return Err(ParseError::Invalid("the document is empty".to_owned()));
    }
    let (feed, warning) = match run_feed_rs(body, url) {
        Ok(feed) => Ok((feed, None)),
        // Repairs run only here, so a feed that parses pays nothing for them.
        Err(error) => recover(body, url, &error).ok_or(error),
    }
    .map_err(|e| ParseError::Invalid(describe(&e, body, url)))?;
    let interval_hint = hints::interval(feed.ttl, body);
    Ok(ParsedFeed { interval_hint, warning, ..convert(feed, Url::parse(url).ok().as_ref()) })
}

/// What a feed read by dropping its broken items says on its error line.
pub const ITEMS_DROPPED: &str = "malformed feed: the items that could be read are stored, broken ones were dropped";

/// The feed read from repaired bytes, when repairs help: JSON Feed quirks,
/// an unknown `<rss>` version, bare `&`, odd Atom types, and last the items
/// that are well formed on their own (with `ITEMS_DROPPED` as its warning).
fn recover(body: &[u8], url: &str, error: &ParseFeedError) -> Option<(Feed, Option<String>)> {
    let attempt = |bytes: &[u8], how: &str| {
        let feed = run_feed_rs(bytes, url).ok()?;
        tracing::info!(url, %error, how, "feed read after a repair");
        Some(feed)
    };
    if matches!(error, ParseFeedError::JsonSerde(_) | ParseFeedError::JsonUnsupportedVersion(_)) {
        return attempt(&recover::repair_json(body)?, "JSON Feed normalised").map(|f| (f, None));
    }
    let mut doc = std::borrow::Cow::Borrowed(body);
    if matches!(error, ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)) {
        // feed-rs only knows rss 0.91, 0.92 and 2.0; the others read fine as 2.0.
        doc = rss_as_v2(&doc)?.into();
    }
    if let Some(repaired) = recover::repair_xml(&doc) {
        doc = repaired.into();
    }
    if doc.as_ref() != body
        && let Some(feed) = attempt(&doc, "XML repaired")
    {
        return Some((feed, None));
    }
    let feed = attempt(&recover::salvage_items(&doc)?, "broken items dropped")?;
    Some((feed, Some(ITEMS_DROPPED.to_owned())))
}

fn run_feed_rs(body: &[u8], url: &str) -> Result<Feed, ParseFeedError> {
    feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        // An empty id tells `convert` the entry had none (feed-rs would
        // otherwise invent a random one on every parse).
        .id_generator(|_, _, _| String::new())
        .build()
        .parse(body)
}

/// Drops a UTF-8 BOM and leading whitespace, which make feed-rs miss the root.
fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

/// The document with its `<rss ...>` start tag's version set to 2.0, or None
/// when there is no `<rss` element or it already says a version feed-rs knows.
fn rss_as_v2(body: &[u8]) -> Option<Vec<u8>> {
    let tag_start = find(body, b"<rss")?;
    let name_end = tag_start + 4;
    if !body.get(name_end).is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/') {
        return None;
    }
    let tag_end = name_end + find(&body[name_end..], b">")?;
    let tag = &body[name_end..tag_end];
    let mut fixed = Vec::with_capacity(body.len() + 16);
    fixed.extend_from_slice(&body[..name_end]);
    match attribute_value(tag, b"version") {
        Some((start, end)) => {
            if matches!(&tag[start..end], b"2.0" | b"0.91" | b"0.92") {
                return None;
            }
            fixed.extend_from_slice(&tag[..start]);
            fixed.extend_from_slice(b"2.0");
            fixed.extend_from_slice(&tag[end..]);
        }
        None => {
            fixed.extend_from_slice(b" version=\"2.0\"");
            fixed.extend_from_slice(tag);
        }
    }
    fixed.extend_from_slice(&body[tag_end..]);
    Some(fixed)
}

/// One short line saying why the document is not a feed.
fn describe(error: &ParseFeedError, body: &[u8], url: &str) -> String {
    let message = match error {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) if looks_like_html(body) => {
            match advertised::advertised_feed(body, url) {
                Some(feed) => return format!("got an HTML page; the feed it advertises is {feed}"),
                None => "got an HTML page".to_owned(),
            }
        }
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => "no RSS, Atom or JSON Feed document found".to_owned(),
        ParseFeedError::ParseError(kind) => kind.to_string(),
        ParseFeedError::IoError(e) => format!("cannot read the document: {e}"),
        ParseFeedError::JsonSerde(e) => format!("malformed JSON: {e}"),
        ParseFeedError::JsonUnsupportedVersion(v) => format!("unsupported JSON Feed version {v}"),
        ParseFeedError::XmlReader(e) => format!("malformed XML: {e}"),
    };
    truncate(&sanitize::line(&message), 160)
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
    head.contains("<!doctype html") || head.contains("<html")
}

fn convert(feed: Feed, base: Option<&Url>) -> ParsedFeed {
    let items = feed.entries.iter().map(|e| convert_entry(e, base)).collect();
    ParsedFeed {
        title: feed.title.as_ref().map(one_line).filter(|t| !t.is_empty()),
        site_url: pick_link(&feed.links, false).and_then(|l| absolute(&l.href, base)),
        items,
        interval_hint: None,
        warning: None,
    }
}

fn convert_entry(entry: &Entry, base_url: Option<&Url>) -> ParsedItem {
    let base = base_url;
    let link = pick_link(&entry.links, true).and_then(|l| absolute(&l.href, base));
    let content = entry_content(entry);
    let published = entry.published.or(entry.updated).map(|d| d.timestamp());
    let title = entry
        .title
        .as_ref()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .or_else(|| entry.summary.as_ref().and_then(summary_title))
        .unwrap_or_else(|| "(untitled)".to_owned());
    let id = sanitize::line(&entry.id);
    let guid = if !id.is_empty() {
        id
    } else if let Some(link) = &link {
        link.clone()
    } else {
        content_hash(&title, content.as_deref(), published)
    };
    let author =
        entry.authors.iter().filter_map(|a| a.name.as_deref()).map(html_text::one_line).find(|a| !a.is_empty());
    // `xml:base` only matters when it differs from what relative URLs resolve against anyway.
    let base = entry.base.as_deref().and_then(|b| absolute(b, base)).filter(|b| Some(b) != link.as_ref());
    let enclosures = enclosures(entry, base.as_deref().and_then(|b| Url::parse(b).ok()).as_ref().or(base_url));
    ParsedItem { guid, title, link, author, published, content, base, enclosures }
}

/// RSS `enclosure`, Media RSS content and Atom/JSON `enclosure` links, each URL once.
fn enclosures(entry: &Entry, base: Option<&Url>) -> Vec<Enclosure> {
    let media = entry.media.iter().flat_map(|m| &m.content).filter_map(|c| {
        let url = c.url.as_ref()?;
        Some(Enclosure {
            url: sanitize::line(url.as_str()),
            mime: c.content_type.as_ref().map(|t| t.to_string()),
            length: c.size,
        })
    });
    let links = entry.links.iter().filter(|l| l.rel.as_deref() == Some("enclosure")).filter_map(|l| {
        Some(Enclosure { url: absolute(&l.href, base)?, mime: l.media_type.clone(), length: l.length })
    });
    let mut seen = std::collections::HashSet::new();
    media
        .chain(links)
        .filter(|e| !e.url.is_empty() && seen.insert(e.url.clone()))
        .map(|e| Enclosure { mime: e.mime.map(|m| sanitize::line(&m)).filter(|m| !m.is_empty()), ..e })
        .collect()
}

/// The fullest body the entry offers: `content` (RSS `content:encoded`, Atom
/// `content`, JSON `content_html`), else the summary.
fn entry_content(entry: &Entry) -> Option<String> {
    let body = entry.content.as_ref().and_then(|c| c.body.as_deref());
    let summary = entry.summary.as_ref().map(|s| s.content.as_str());
    [body, summary].into_iter().flatten().find(|s| !s.trim().is_empty()).map(sanitize::text)
}

/// The first `alternate` (or rel-less) link, else for items the first link
/// of any kind; a feed's `self` link is its own address, not its site.
fn pick_link(links: &[Link], any_fallback: bool) -> Option<&Link> {
    let alternate = links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"));
    if any_fallback { alternate.or_else(|| links.first()) } else { alternate }
}

/// The link made absolute against the feed URL, sanitised; None when empty.
fn absolute(href: &str, base: Option<&Url>) -> Option<String> {
    let href = sanitize::line(href);
    if href.is_empty() {
        return None;
    }
    let joined = match Url::parse(&href) {
        Ok(url) => Some(url),
        Err(url::ParseError::RelativeUrlWithoutBase) => base.and_then(|b| b.join(&href).ok()),
        Err(_) => None,
    };
    Some(joined.map_or(href, String::from))
}

/// Titles are often HTML (tags, double-encoded entities): shown as one line of text.
fn one_line(text: &Text) -> String {
    html_text::one_line(&text.content)
}

/// A title made from the start of the summary, for entries without one.
fn summary_title(summary: &Text) -> Option<String> {
    let line = html_text::one_line(&summary.content);
    (!line.is_empty()).then(|| truncate(&line, SUMMARY_TITLE_CHARS))
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", s[..cut].trim_end()),
        None => s.to_owned(),
    }
}

/// Identity of an entry with neither id nor link: the same entry always hashes the same.
fn content_hash(title: &str, content: Option<&str>, published: Option<i64>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.as_bytes());
    hasher.update([0]);
    hasher.update(content.unwrap_or_default().as_bytes());
    hasher.update([0]);
    hasher.update(published.map(|p| p.to_string()).unwrap_or_default());
    format!("sha256:{}", hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_versions_rewritten() {
        let cases: [(&str, Option<&str>); 7] = [
            (r#"<rss version="0.94"><channel/></rss>"#, Some(r#"<rss version="2.0"><channel/></rss>"#)),
            (r#"<rss version='2.01' x="1">"#, Some(r#"<rss version='2.0' x="1">"#)),
            ("<rss><channel/>", Some(r#"<rss version="2.0"><channel/>"#)),
            (r#"<rss xmlns:version="a" version = "1">"#, Some(r#"<rss xmlns:version="a" version = "2.0">"#)),
            (r#"<rss version="2.0">"#, None),
            (r#"<rsstuff version="9">"#, None),
            ("<feed>", None),
        ];
        for (input, expected) in cases {
            let out = rss_as_v2(input.as_bytes()).map(|v| String::from_utf8(v).unwrap());
            assert_eq!(out.as_deref(), expected, "{input}");
        }
    }

    #[test]
    fn trims_bom_and_whitespace() {
        assert_eq!(trim_start(b"\xef\xbb\xbf \n <rss"), b"<rss");
        assert_eq!(trim_start(b"  "), b"");
    }

    #[test]
    fn truncates_on_char_boundaries() {
        assert_eq!(truncate("été à la mer", 3), "été…");
        assert_eq!(truncate("court", 10), "court");
    }
}
