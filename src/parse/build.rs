//! What the readers found, made into a `ParsedFeed`: stable item identities,
//! every string sanitised, links absolute, titles one line of text.

use sha2::{Digest, Sha256};
use url::Url;

use super::raw::{RawEntry, RawFeed};
use crate::html_text::one_line;
use crate::model::{Enclosure, FeedDetails, ParsedFeed, ParsedItem};
use crate::sanitize;

/// Longest title made up from a summary, in characters.
const SUMMARY_TITLE_CHARS: usize = 80;
/// Longest feed description kept, in characters.
const DESCRIPTION_CHARS: usize = 500;

/// The feed; `base` is its address, for relative links.
pub(crate) fn feed(raw: RawFeed, base: Option<&Url>) -> ParsedFeed {
    let line = |s: Option<String>| s.map(|s| one_line(&s)).filter(|s| !s.is_empty());
    let found = raw.details;
    let details = FeedDetails {
        description: line(found.description).map(|d| truncate(&d, DESCRIPTION_CHARS)),
        language: found.language.map(|l| sanitize::line(&l)).filter(|l| !l.is_empty()),
        icon: found.icon.and_then(|i| absolute(&i, base)),
        logo: found.logo.and_then(|l| absolute(&l, base)),
        author: line(found.author),
        generator: line(found.generator),
    };
    ParsedFeed {
        title: line(raw.title),
        site_url: raw.site.and_then(|s| absolute(&s, base)),
        items: raw.entries.into_iter().map(|e| item(e, base)).collect(),
        interval_hint: None,
        warning: None,
        details,
    }
}

fn item(entry: RawEntry, base: Option<&Url>) -> ParsedItem {
    let link = entry.link.as_deref().and_then(|l| absolute(l, base));
    let content = [entry.content.as_deref(), entry.summary.as_deref()]
        .into_iter()
        .flatten()
        .find(|s| !s.trim().is_empty())
        .map(sanitize::text);
    let published = entry.published.or(entry.updated);
    let title = entry
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty())
        .or_else(|| [entry.summary.as_deref(), entry.content.as_deref()].into_iter().flatten().find_map(summary_title))
        .unwrap_or_else(|| "(untitled)".to_owned());
    let id = sanitize::line(&entry.id);
    let guid = if !id.is_empty() {
        id
    } else if let Some(link) = entry.identity_link.as_deref().and_then(|l| absolute(l, base)).or_else(|| link.clone()) {
        link
    } else {
        content_hash(&title, content.as_deref(), published)
    };
    let author = entry.author.as_deref().map(one_line).filter(|a| !a.is_empty());
    // `xml:base` only matters when it differs from what relative URLs resolve against anyway.
    let content_base = entry.base.as_deref().and_then(|b| absolute(b, base)).filter(|b| Some(b) != link.as_ref());
    let enclosures = enclosures(entry.enclosures, base);
    ParsedItem { guid, title, link, author, published, content, base: content_base, enclosures }
}

/// Each URL once, absolute, with a sanitised type.
fn enclosures(found: Vec<Enclosure>, base: Option<&Url>) -> Vec<Enclosure> {
    let mut seen = std::collections::HashSet::new();
    found
        .into_iter()
        .filter_map(|e| {
            let url = absolute(&e.url, base)?;
            let mime = e.mime.map(|m| sanitize::line(&m)).filter(|m| !m.is_empty());
            seen.insert(url.clone()).then_some(Enclosure { url, mime, length: e.length })
        })
        .collect()
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

/// A title made from the start of the summary (or body), for entries without one.
fn summary_title(summary: &str) -> Option<String> {
    let line = one_line(summary);
    (!line.is_empty()).then(|| truncate(&line, SUMMARY_TITLE_CHARS))
}

pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
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
    use super::truncate;

    #[test]
    fn truncates_on_char_boundaries() {
        assert_eq!(truncate("été à la mer", 3), "été…");
        assert_eq!(truncate("court", 10), "court");
    }
}
