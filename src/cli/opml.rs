//! OPML, the format readers exchange subscription lists in: a tolerant reader
//! for what newsboat, Feedly, Inoreader, NetNewsWire, Miniflux, FreshRSS and
//! others export (OPML 1.0/1.1/2.0, any case of `xmlUrl`, missing titles), and
//! a writer for OPML 2.0 with tags as folders.
//!
//! Reading only extracts; whether an entry may be subscribed to is decided by
//! `subscribe`, as OPML files come from elsewhere.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use crate::sanitize;

/// Largest OPML file read, in bytes (subscription lists are kilobytes).
pub const MAX_OPML_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpmlError {
    #[error("not an OPML file (no <opml> element)")]
    NotOpml,
    #[error("malformed XML at line {line}: {message}")]
    Malformed { line: usize, message: String },
    #[error("file larger than {} MiB", MAX_OPML_BYTES / 1024 / 1024)]
    TooLarge,
}

/// One feed outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The `xmlUrl` value, trimmed (not checked yet).
    pub url: String,
    pub title: Option<String>,
    /// `category` entries, then enclosing folders (outermost first).
    pub tags: Vec<String>,
    /// Line of the outline in the file, for reports.
    pub line: usize,
}

/// An outline that is neither a feed nor a folder of feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    pub line: usize,
    /// Its title or text, to find it in the file.
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub feeds: Vec<Outline>,
    pub unusable: Vec<Unusable>,
}

/// Attributes of an outline that matter, read case-insensitively.
#[derive(Default)]
struct Attrs {
    xml_url: Option<String>,
    title: Option<String>,
    text: Option<String>,
    kind: Option<String>,
    category: Option<String>,
}

/// Reads the feed outlines of an OPML document.
pub fn parse(bytes: &[u8]) -> Result<Document, OpmlError> {
    if bytes.len() > MAX_OPML_BYTES {
        return Err(OpmlError::TooLarge);
    }
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes));
    let mut reader = quick_xml::Reader::from_str(&text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    let mut doc = Document::default();
    // One entry per open outline: the folder name it gives its children, if any.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut seen_root = false;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| OpmlError::Malformed {
            line: line_of(&text, reader.error_position() as usize),
            message: sanitize::line(&e.to_string()),
        })?;
        match event {
            Event::Start(e) if is(&e, "opml") || is(&e, "outline") => {
                seen_root = true;
                if is(&e, "outline") {
                    let folder = outline(&e, line_of(&text, at), &folders, &mut doc);
                    folders.push(folder);
                }
            }
            Event::Empty(e) if is(&e, "outline") => {
                outline(&e, line_of(&text, at), &folders, &mut doc);
            }
            Event::Empty(e) if is(&e, "opml") => seen_root = true,
            Event::End(e) if e.local_name().as_ref().eq_ignore_ascii_case("outline") => {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err(OpmlError::NotOpml);
    }
    Ok(doc)
}

fn is(e: &BytesStart<'_>, name: &str) -> bool {
    e.local_name().as_ref().eq_ignore_ascii_case(name)
}

/// Records a feed outline, or returns the folder name a folder outline gives.
fn outline(e: &BytesStart<'_>, line: usize, folders: &[Option<String>], doc: &mut Document) -> Option<String> {
    let a = attrs(e);
    let name = a.title.clone().or_else(|| a.text.clone());
    let Some(url) = a.xml_url else {
        // No feed address: a folder, unless it claims to be a feed.
        if a.kind.as_deref().is_some_and(|k| matches!(k.to_ascii_lowercase().as_str(), "rss" | "atom")) {
            let reason = "a feed outline without an xmlUrl".to_owned();
            doc.unusable.push(Unusable { line, name: name.unwrap_or_default(), reason });
            return None;
        }
        return name;
    };
    let mut tags: Vec<String> = Vec::new();
    let categories = a.category.iter().flat_map(|c| c.split(',')).flat_map(|path| path.split('/'));
    // Categories first: they keep the order of a feed's tags (see `write`).
    for tag in categories.chain(folders.iter().flatten().map(String::as_str)) {
        let tag = sanitize::line(tag);
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let title = name.filter(|t| *t != url);
    doc.feeds.push(Outline { url, title, tags, line });
    None
}

fn attrs(e: &BytesStart<'_>) -> Attrs {
    let mut out = Attrs::default();
    for attr in e.html_attributes().with_checks(false).flatten() {
        let value = match attr.normalized_value(XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            // An unknown entity: keep the text as written rather than lose the entry.
            Err(_) => attr.value.clone().into_owned(),
        };
        let value = sanitize::line(&value);
        let slot = match attr.key.local_name().as_ref().to_ascii_lowercase().as_str() {
            "xmlurl" => &mut out.xml_url,
            "title" => &mut out.title,
            "text" => &mut out.text,
            "type" => &mut out.kind,
            "category" => &mut out.category,
            _ => continue,
        };
        if !value.is_empty() && slot.is_none() {
            *slot = Some(value);
        }
    }
    out
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// One feed to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFeed {
    pub url: String,
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub tags: Vec<String>,
}

/// OPML 2.0: untagged feeds at the top, then one folder per tag (in order of
/// first use) holding its feeds; a feed with several tags is in each of their
/// folders and lists them all in `category`, so reading it back gives the
/// same tags in the same order. `created` is an RFC 822 date.
pub fn write(feeds: &[ExportFeed], created: &str) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str("  <head>\n    <title>tidings subscriptions</title>\n");
    out.push_str(&format!("    <dateCreated>{}</dateCreated>\n  </head>\n  <body>\n", esc(created)));
    for feed in feeds.iter().filter(|f| f.tags.is_empty()) {
        out.push_str(&feed_outline(feed, "    "));
    }
    let mut tags: Vec<&str> = Vec::new();
    for tag in feeds.iter().flat_map(|f| &f.tags) {
        if !tags.contains(&tag.as_str()) {
            tags.push(tag);
        }
    }
    for tag in tags {
        out.push_str(&format!("    <outline text=\"{0}\" title=\"{0}\">\n", esc(tag)));
        for feed in feeds.iter().filter(|f| f.tags.iter().any(|t| t == tag)) {
            out.push_str(&feed_outline(feed, "      "));
        }
        out.push_str("    </outline>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn feed_outline(feed: &ExportFeed, indent: &str) -> String {
    // `text` is required by OPML 2.0: the URL stands in for a missing title.
    let text = feed.title.as_deref().unwrap_or(&feed.url);
    let mut line =
        format!("{indent}<outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\"", esc(text), esc(&feed.url));
    if let Some(site) = &feed.site_url {
        line.push_str(&format!(" htmlUrl=\"{}\"", esc(site)));
    }
    // `category` is a list of slash paths: a tag with `,` or `/` cannot be
    // one, and then only the folders say where it belongs.
    if !feed.tags.is_empty() && !feed.tags.iter().any(|t| t.contains([',', '/'])) {
        let category: Vec<String> = feed.tags.iter().map(|t| format!("/{t}")).collect();
        line.push_str(&format!(" category=\"{}\"", esc(&category.join(","))));
    }
    line.push_str("/>\n");
    line
}

fn esc(text: &str) -> String {
    quick_xml::escape::escape(sanitize::line(text).as_str()).into_owned()
}
