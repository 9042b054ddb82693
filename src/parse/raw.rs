//! What a format reader finds, before identities are made, text sanitised and
//! links made absolute against the feed's address; and the readers' shared
//! pieces: the extension elements every format may carry (Dublin Core,
//! Media RSS, iTunes, `content:encoded`), people and links.

use super::dates;
use super::xml::{Doc, NodeId, Ns};
use crate::model::{Enclosure, FeedDetails};

#[derive(Debug, Default)]
pub(crate) struct RawFeed {
    pub(crate) title: Option<String>,
    pub(crate) site: Option<String>,
    /// As written: not sanitised yet, links not made absolute.
    pub(crate) details: FeedDetails,
    /// RSS `ttl`, minutes.
    pub(crate) ttl: Option<u32>,
    pub(crate) entries: Vec<RawEntry>,
    /// The elements the entries were read from (XML).
    pub(crate) entry_nodes: Vec<NodeId>,
    /// Said on the feed: what the document has that was not understood.
    pub(crate) not_understood: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct RawEntry {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) link: Option<String>,
    /// The link the item's identity falls back on when it has no id, where
    /// it is not `link` (the first of RSS's links, comment pages included,
    /// as it always was).
    pub(crate) identity_link: Option<String>,
    pub(crate) published: Option<i64>,
    pub(crate) updated: Option<i64>,
    pub(crate) author: Option<String>,
    pub(crate) content: Option<String>,
    pub(crate) summary: Option<String>,
    /// `xml:base` of the content, when the document sets one.
    pub(crate) base: Option<String>,
    pub(crate) enclosures: Vec<Enclosure>,
}

/// Candidates from extension elements, ranked (lower is better), used where
/// the format's own element is missing.
#[derive(Debug, Default)]
pub(crate) struct Extensions {
    pub(crate) title: Ranked<String>,
    pub(crate) author: Ranked<String>,
    pub(crate) published: Ranked<i64>,
    pub(crate) updated: Ranked<i64>,
    pub(crate) summary: Ranked<String>,
    pub(crate) content: Ranked<String>,
    pub(crate) language: Ranked<String>,
    pub(crate) logo: Ranked<String>,
    pub(crate) enclosures: Vec<Enclosure>,
}

/// The best candidate so far.
#[derive(Debug)]
pub(crate) struct Ranked<T>(Option<(u8, T)>);

impl<T> Default for Ranked<T> {
    fn default() -> Self {
        Ranked(None)
    }
}

impl<T> Ranked<T> {
    /// Keeps `value` when nothing better (or as good) came before.
    pub(crate) fn offer(&mut self, rank: u8, value: Option<T>) {
        if let Some(value) = value
            && self.0.as_ref().is_none_or(|(r, _)| rank < *r)
        {
            self.0 = Some((rank, value));
        }
    }

    pub(crate) fn take(&mut self) -> Option<T> {
        self.0.take().map(|(_, v)| v)
    }
}

impl Extensions {
    /// Takes in `id` when it is an extension element; false when it is not one.
    pub(crate) fn offer(&mut self, doc: &Doc<'_>, id: NodeId) -> bool {
        let node = doc.node(id);
        let text = || non_empty(&doc.text_or_markup(id));
        let date = || dates::parse(&doc.text(id));
        match (node.ns, &*node.name) {
            (Ns::Dc, "title") => self.title.offer(0, text()),
            (Ns::Dc, "creator") => self.author.offer(0, text().and_then(|t| person(&t))),
            (Ns::Dc, "author") => self.author.offer(1, text().and_then(|t| person(&t))),
            (Ns::Dc, "date") => self.published.offer(0, date()),
            (Ns::Dc, "description") => self.summary.offer(0, text()),
            (Ns::Dc, "language") => self.language.offer(0, text()),
            (Ns::Dcterms, "issued") => self.published.offer(1, date()),
            (Ns::Dcterms, "created") => self.published.offer(2, date()),
            (Ns::Dcterms, "available" | "date") => self.published.offer(3, date()),
            (Ns::Dcterms, "modified") => self.updated.offer(0, date()),
            (Ns::Content, "encoded") => self.content.offer(0, Some(doc.text_or_markup(id).into_owned())),
            (Ns::Itunes, "author") => self.author.offer(2, text().and_then(|t| person(&t))),
            (Ns::Itunes, "title") => self.title.offer(2, text()),
            (Ns::Itunes, "summary") => self.summary.offer(2, text()),
            (Ns::Itunes, "image") => self.logo.offer(1, doc.attr(id, "href").and_then(|h| link(doc, id, h))),
            (Ns::Media, "group") => self.media_group(doc, id),
            (Ns::Media, "content") => self.media_content(doc, id),
            (Ns::Media, "title") => self.title.offer(1, text()),
            (Ns::Media, "description") => self.summary.offer(1, text()),
            (Ns::Media | Ns::Dc | Ns::Dcterms | Ns::Content | Ns::Itunes, _) => {}
            _ => return false,
        }
        true
    }

    /// The elements of a `media:group` (one level: groups do not nest).
    fn media_group(&mut self, doc: &Doc<'_>, group: NodeId) {
        for id in doc.elements(group) {
            if doc.node(id).ns == Ns::Media && &*doc.node(id).name != "group" {
                self.offer(doc, id);
            }
        }
    }

    /// A `media:content` (with its own `media:title`, if any) as an enclosure.
    fn media_content(&mut self, doc: &Doc<'_>, id: NodeId) {
        if let Some(url) = doc.attr(id, "url").and_then(|u| link(doc, id, u)) {
            let mime = doc.attr(id, "type").and_then(non_empty);
            let length = doc.attr(id, "fileSize").and_then(|s| s.trim().parse().ok());
            self.enclosures.push(Enclosure { url, mime, length });
        }
        for child in doc.elements(id) {
            if doc.node(child).ns == Ns::Media && &*doc.node(child).name == "title" {
                self.title.offer(1, non_empty(&doc.text_or_markup(child)));
            }
        }
    }
}

/// The text trimmed, None when empty.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// `href` resolved against the `xml:base` in scope at `id` (else the feed's
/// address); as written when it cannot be; None when empty.
pub(crate) fn link(doc: &Doc<'_>, id: NodeId, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let joined = match url::Url::parse(href) {
        Ok(url) => Some(url),
        Err(url::ParseError::RelativeUrlWithoutBase) => doc.base(id).and_then(|b| b.join(href).ok()),
        Err(_) => None,
    };
    Some(joined.map_or_else(|| href.to_owned(), String::from))
}

/// A name out of the forms feeds write people in: `Name`, `Name <email>`,
/// `email (Name)`, `Name (email)`, `mailto:email`; a bare address when
/// there is no name.
pub(crate) fn person(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.strip_prefix("mailto:").unwrap_or(text);
    if let Some(inner) = text.strip_suffix(')')
        && let Some((before, after)) = inner.rsplit_once('(')
    {
        // `email (Name)`, or `Name (email)`.
        if before.contains('@') {
            return non_empty(after).or_else(|| non_empty(before));
        }
        if after.contains('@') {
            return non_empty(before).or_else(|| non_empty(after.trim().trim_start_matches("mailto:")));
        }
    }
    if let Some(inner) = text.strip_suffix('>')
        && let Some((name, email)) = inner.rsplit_once('<')
        && email.contains('@')
    {
        return non_empty(name.trim().trim_matches('"')).or_else(|| non_empty(email));
    }
    non_empty(text)
}

/// Whether `id` is the element `name` (in any case) of one of `ns`.
pub(crate) fn is(doc: &Doc<'_>, id: NodeId, ns: &[Ns], name: &str) -> bool {
    let node = doc.node(id);
    ns.contains(&node.ns) && node.name.eq_ignore_ascii_case(name)
}

#[cfg(test)]
mod tests {
    use super::person;

    #[test]
    fn people_as_feeds_write_them() {
        let cases = [
            ("Alice Martin", Some("Alice Martin")),
            ("alice@example.org (Alice Martin)", Some("Alice Martin")),
            ("Alice Martin <alice@example.org>", Some("Alice Martin")),
            ("\"Alice\" <alice@example.org>", Some("Alice")),
            ("<alice@example.org>", Some("alice@example.org")),
            ("alice@example.org ()", Some("alice@example.org")),
            ("mailto:alice@example.org", Some("alice@example.org")),
            ("Alice (Example Corp)", Some("Alice (Example Corp)")),
            ("Rael Dornfest (mailto:rael@example.org)", Some("Rael Dornfest")),
            ("  ", None),
        ];
        for (text, name) in cases {
            assert_eq!(person(text).as_deref(), name, "{text}");
        }
    }
}
