//! The feed an HTML page advertises: `<link rel="alternate" type="application/rss+xml" href="...">`.

use url::Url;

use crate::scan::find;

const FEED_TYPES: [&str; 4] =
    ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"];

/// The first feed link of the page, made absolute against the page's URL.
pub(crate) fn advertised_feed(html: &[u8], page_url: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<link") {
        let start = from + at + 5;
        let end = start + lower[start..].iter().position(|b| *b == b'>').unwrap_or(lower.len() - start);
        from = end;
        let tag = &html[start..end];
        let rel = attribute(tag, "rel").unwrap_or_default().to_ascii_lowercase();
        let kind = attribute(tag, "type").unwrap_or_default().to_ascii_lowercase();
        if !rel.split_ascii_whitespace().any(|r| r == "alternate") || !FEED_TYPES.contains(&kind.trim()) {
            continue;
        }
        let href = attribute(tag, "href")?.replace("&amp;", "&");
        let href = crate::sanitize::line(href.trim());
        let base = Url::parse(page_url).ok();
        let url = match &base {
            Some(base) => base.join(&href).ok()?,
            None => Url::parse(&href).ok()?,
        };
        return matches!(url.scheme(), "http" | "https").then(|| url.to_string());
    }
    None
}

/// Value of an attribute of a start tag (quoted or not), names compared without case.
fn attribute(tag: &[u8], name: &str) -> Option<String> {
    let mut i = 0;
    while i < tag.len() {
        while i < tag.len() && (tag[i].is_ascii_whitespace() || tag[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < tag.len() && !tag[i].is_ascii_whitespace() && tag[i] != b'=' {
            i += 1;
        }
        let attr = &tag[name_start..i];
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = &tag[0..0];
        if tag.get(i) == Some(&b'=') {
            i += 1;
            while i < tag.len() && tag[i].is_ascii_whitespace() {
                i += 1;
            }
            let quote = tag.get(i).copied().filter(|q| *q == b'"' || *q == b'\'');
            let value_start = i + usize::from(quote.is_some());
            let value_end = match quote {
                Some(q) => {
                    value_start + tag[value_start..].iter().position(|b| *b == q).unwrap_or(tag.len() - value_start)
                }
                None => {
                    value_start
                        + tag[value_start..].iter().position(u8::is_ascii_whitespace).unwrap_or(tag.len() - value_start)
                }
            };
            value = &tag[value_start..value_end];
            i = value_end + usize::from(quote.is_some());
        }
        if attr.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(String::from_utf8_lossy(value).into_owned());
        }
        if attr.is_empty() {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::advertised_feed;

    #[test]
    fn finds_and_resolves_the_feed_link() {
        let page = br#"<html><head><link rel="stylesheet" href="/s.css">
            <LINK REL='alternate' TYPE='application/atom+xml' title="x" HREF='../feed.atom?a=1&amp;b=2'></head>"#;
        assert_eq!(
            advertised_feed(page, "https://example.org/blog/post/").as_deref(),
            Some("https://example.org/blog/feed.atom?a=1&b=2")
        );
        let unquoted = b"<link rel=alternate type=application/rss+xml href=/rss>";
        assert_eq!(advertised_feed(unquoted, "http://h.example/x").as_deref(), Some("http://h.example/rss"));
        assert_eq!(advertised_feed(b"<link rel=alternate type=text/html href=/x>", "http://h.example/"), None);
        assert_eq!(
            advertised_feed(b"<link rel=alternate type=application/rss+xml href='javascript:x'>", "http://h.example/"),
            None
        );
        assert_eq!(advertised_feed(b"<link", "http://h.example/"), None);
    }
}
