//! Link numbering and URL resolution: relative URLs are made absolute against
//! the item's base (`xml:base`, else its link, else a `<base href>` in the
//! content), and only http, https and mailto are marked openable.

use url::Url;

use super::doc::{Link, LinkKind};
use crate::sanitize;

#[derive(Debug, Default)]
pub(super) struct Links {
    base: Option<Url>,
    pub links: Vec<Link>,
}

impl Links {
    pub(super) fn new(base: Option<&str>) -> Links {
        Links { base: base.and_then(|b| Url::parse(b.trim()).ok()), links: Vec::new() }
    }

    /// A `<base href>` in the content: resolved against the current base.
    pub(super) fn set_base(&mut self, href: &str) {
        if let Some(url) = self.resolve(href).and_then(|u| Url::parse(&u).ok()) {
            self.base = Some(url);
        }
    }

    /// The absolute form of `href` (sanitised), or the href as written when
    /// it cannot be resolved; None when empty.
    pub(super) fn resolve(&self, href: &str) -> Option<String> {
        let href = sanitize::line(href);
        if href.is_empty() {
            return None;
        }
        match Url::parse(&href) {
            Ok(url) => Some(url.into()),
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                Some(self.base.as_ref().and_then(|b| b.join(&href).ok()).map_or(href, String::from))
            }
            Err(_) => Some(href),
        }
    }

    /// The number of the link to `href` (from 1), adding it if new. A URL
    /// seen before keeps its first number. None for an empty href and for a
    /// link to a place in the article itself (`#note`), which needs no opening.
    pub(super) fn number(&mut self, href: &str, kind: LinkKind) -> Option<usize> {
        if href.trim_start().starts_with('#') {
            return None;
        }
        let url = self.resolve(href)?;
        self.add(url, kind)
    }

    /// Numbers an already absolute URL.
    pub(super) fn add(&mut self, url: String, kind: LinkKind) -> Option<usize> {
        if let Some(i) = self.links.iter().position(|l| l.url == url) {
            return Some(i + 1);
        }
        let openable = is_openable(&url);
        self.links.push(Link { url, kind, openable });
        Some(self.links.len())
    }
}

/// Only these schemes are handed to a browser or player.
pub fn is_openable(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_order_and_reuses_known_urls() {
        let mut links = Links::new(Some("https://site.example/blog/post.html"));
        assert_eq!(links.number("/a", LinkKind::Link), Some(1));
        assert_eq!(links.number("img.png", LinkKind::Image), Some(2));
        assert_eq!(links.number("https://site.example/a", LinkKind::Link), Some(1), "same URL, same number");
        assert_eq!(links.number("#fn1", LinkKind::Link), None);
        assert_eq!(links.number("  ", LinkKind::Link), None);
        assert_eq!(links.number("javascript:alert(1)", LinkKind::Link), Some(3));
        let urls: Vec<(&str, bool)> = links.links.iter().map(|l| (l.url.as_str(), l.openable)).collect();
        assert_eq!(
            urls,
            [
                ("https://site.example/a", true),
                ("https://site.example/blog/img.png", true),
                ("javascript:alert(1)", false)
            ]
        );
    }

    #[test]
    fn base_element_and_missing_base() {
        let mut links = Links::new(Some("https://a.example/x/"));
        links.set_base("/other/");
        assert_eq!(links.resolve("p").as_deref(), Some("https://a.example/other/p"));
        let links = Links::new(None);
        assert_eq!(links.resolve("rel/path").as_deref(), Some("rel/path"));
        assert!(!is_openable("rel/path"));
        assert!(is_openable("mailto:a@b.example"));
        assert!(!is_openable("file:///etc/passwd"));
    }
}
