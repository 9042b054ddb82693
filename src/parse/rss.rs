//! RSS in all its versions: 0.90 and 1.0 (RDF: items beside the channel, or
//! in it), 0.91 (Netscape's and Userland's), 0.92 to 0.94 and 2.0, with a
//! default namespace on `<rss>` (Userland's or any other), items with no
//! `<channel>` around them, or a bare `<channel>` as the root. Elements of
//! Dublin Core, Media RSS, iTunes and Atom fill in what RSS's own lack.

use super::raw::{Extensions, Ranked, RawEntry, RawFeed, is, link, non_empty, person};
use super::xml::{Doc, NodeId, Ns};
use crate::model::Enclosure;

pub(crate) fn read(doc: &Doc<'_>, root: NodeId) -> RawFeed {
    let own = own_namespaces(doc, root);
    let channel = if doc.node(root).name.eq_ignore_ascii_case("channel") {
        root
    } else {
        doc.elements(root).find(|c| is(doc, *c, &own, "channel")).unwrap_or(root)
    };
    let mut feed = channel_fields(doc, channel, &own);
    let mut items: Vec<NodeId> = doc.elements(channel).filter(|i| is(doc, *i, &own, "item")).collect();
    if channel != root {
        // RSS 1.0 puts them beside the channel; broken 2.0 feeds after it.
        items.extend(doc.elements(root).filter(|i| is(doc, *i, &own, "item")));
        items.sort_unstable();
        let image = doc.elements(root).find(|i| is(doc, *i, &own, "image"));
        feed.details.logo = feed.details.logo.or_else(|| image.and_then(|i| image_url(doc, i, &own)));
    }
    feed.entries = items.iter().map(|i| item(doc, *i, &own)).collect();
    feed.entry_nodes = items;
    feed
}

/// The namespaces of RSS's own elements: none, RSS 1.0's and 0.90's, and an
/// unknown default one the document puts them in (Userland's).
fn own_namespaces(doc: &Doc<'_>, root: NodeId) -> Vec<Ns> {
    let mut own = vec![Ns::None, Ns::Rss, Ns::Rss09];
    let channel = doc.elements(root).find(|c| doc.node(*c).name.eq_ignore_ascii_case("channel"));
    for ns in [Some(doc.node(root).ns), channel.map(|c| doc.node(c).ns)].into_iter().flatten() {
        if matches!(ns, Ns::Other(_)) && !own.contains(&ns) {
            own.push(ns);
        }
    }
    own
}

fn channel_fields(doc: &Doc<'_>, channel: NodeId, own: &[Ns]) -> RawFeed {
    let mut feed = RawFeed::default();
    let mut ext = Extensions::default();
    let mut author = Ranked::default();
    for id in doc.elements(channel) {
        let node = doc.node(id);
        let text = || non_empty(&doc.text_or_markup(id));
        if !own.contains(&node.ns) {
            match (node.ns, &*node.name) {
                (Ns::Atom, "link") => feed.site = feed.site.take().or_else(|| atom_alternate(doc, id)),
                (Ns::Atom, "subtitle") => feed.details.description = feed.details.description.take().or_else(text),
                (Ns::Atom, "icon") => {
                    feed.details.icon = feed.details.icon.take().or_else(|| text().and_then(|t| link(doc, id, &t)))
                }
                (Ns::Atom, "logo") => ext.logo.offer(2, text().and_then(|t| link(doc, id, &t))),
                (_, "generatorAgent") => feed.details.generator = doc.attr_local(id, "resource").and_then(non_empty),
                _ => {
                    ext.offer(doc, id);
                }
            }
            continue;
        }
        match node.name.to_ascii_lowercase().as_str() {
            "title" => feed.title = feed.title.take().or_else(text),
            "link" => feed.site = feed.site.take().or_else(|| rss_link(doc, id)),
            "description" => feed.details.description = feed.details.description.take().or_else(text),
            "language" => feed.details.language = feed.details.language.take().or_else(text),
            "image" => feed.details.logo = feed.details.logo.take().or_else(|| image_url(doc, id, own)),
            "author" => author.offer(1, text().and_then(|t| person(&t))),
            "managingeditor" => author.offer(4, text().and_then(|t| person(&t))),
            "generator" => feed.details.generator = feed.details.generator.take().or_else(text),
            "ttl" => feed.ttl = doc.text(id).trim().parse().ok(),
            _ => {}
        }
    }
    feed.title = feed.title.or_else(|| ext.title.take());
    feed.details.description = feed.details.description.or_else(|| ext.summary.take());
    feed.details.language = feed.details.language.or_else(|| ext.language.take()).or_else(|| lang(doc, channel));
    feed.details.logo = feed.details.logo.or_else(|| ext.logo.take());
    author.offer(0, ext.author.take());
    feed.details.author = author.take();
    feed
}

fn lang(doc: &Doc<'_>, id: NodeId) -> Option<String> {
    doc.attr(id, "xml:lang").and_then(non_empty)
}

/// An `<image>`'s `url`, or the image RSS 1.0's channel points at.
fn image_url(doc: &Doc<'_>, image: NodeId, own: &[Ns]) -> Option<String> {
    let url = doc.elements(image).find(|c| is(doc, *c, own, "url"));
    let href =
        url.and_then(|u| non_empty(&doc.text(u))).or_else(|| doc.attr_local(image, "resource").and_then(non_empty));
    href.and_then(|h| link(doc, image, &h))
}

/// An RSS `<link>`: its text, or the `href` some feeds give it instead.
fn rss_link(doc: &Doc<'_>, id: NodeId) -> Option<String> {
    match non_empty(&doc.text(id)) {
        Some(text) => link(doc, id, &text),
        None if doc.attr(id, "rel").is_none_or(|r| r.trim() == "alternate") => {
            doc.attr(id, "href").and_then(|h| link(doc, id, h))
        }
        None => None,
    }
}

/// An Atom link that is the page itself: `rel` absent or `alternate`.
pub(crate) fn atom_alternate(doc: &Doc<'_>, id: NodeId) -> Option<String> {
    let rel = doc.attr(id, "rel").map(str::trim);
    if rel.is_some_and(|r| r != "alternate") {
        return None;
    }
    doc.attr(id, "href").and_then(|h| link(doc, id, h))
}

/// An enclosure out of an RSS `<enclosure>` or an Atom `rel="enclosure"` link.
pub(crate) fn enclosure(doc: &Doc<'_>, id: NodeId, url_attr: &str) -> Option<Enclosure> {
    let url = doc.attr(id, url_attr).and_then(|u| link(doc, id, u))?;
    let mime = doc.attr(id, "type").and_then(non_empty);
    let length = doc.attr(id, "length").and_then(|l| l.trim().parse().ok());
    Some(Enclosure { url, mime, length })
}

/// What an item's own and extension elements say, best first.
#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    atom_link: Option<String>,
    permalink: Option<String>,
    summary: Option<String>,
    author: Ranked<String>,
    published: Ranked<i64>,
    updated: Ranked<i64>,
    atom_title: Option<String>,
    atom_summary: Option<String>,
    atom_content: Option<String>,
}

fn item(doc: &Doc<'_>, id: NodeId, own: &[Ns]) -> RawEntry {
    let mut entry = RawEntry::default();
    let mut it = Item::default();
    let mut ext = Extensions::default();
    let mut atom_enclosures = Vec::new();
    for c in doc.elements(id) {
        let node = doc.node(c);
        let text = || non_empty(&doc.text_or_markup(c));
        let date = || super::dates::parse(&doc.text(c));
        if !own.contains(&node.ns) {
            match (node.ns, &*node.name) {
                (Ns::Atom, "link") if doc.attr(c, "rel").is_some_and(|r| r.trim() == "enclosure") => {
                    atom_enclosures.extend(enclosure(doc, c, "href"));
                }
                (Ns::Atom, "link") => it.atom_link = it.atom_link.take().or_else(|| atom_alternate(doc, c)),
                (Ns::Atom, "title") => it.atom_title = super::text::construct(doc, c).into(),
                (Ns::Atom, "summary") => it.atom_summary = Some(super::text::construct(doc, c)),
                (Ns::Atom, "content") => it.atom_content = super::text::content(doc, c),
                (Ns::Atom, "author") => it.author.offer(5, super::atom::person_name(doc, c)),
                (Ns::Atom, "published") => it.published.offer(5, date()),
                (Ns::Atom, "updated") => it.updated.offer(0, date()),
                (_, "commentRss" | "commentRSS") if is_wfw(doc, node.ns) => {
                    entry.identity_link = entry.identity_link.take().or_else(|| rss_link(doc, c));
                }
                _ => {
                    ext.offer(doc, c);
                }
            }
            continue;
        }
        match node.name.to_ascii_lowercase().as_str() {
            // As before: the last title, guid and description an item has win.
            "title" => it.title = text().or(it.title.take()),
            "link" => {
                let link = rss_link(doc, c);
                entry.identity_link = entry.identity_link.take().or_else(|| link.clone());
                it.link = it.link.take().or(link);
            }
            "comments" => entry.identity_link = entry.identity_link.take().or_else(|| rss_link(doc, c)),
            "guid" => guid(doc, c, &mut entry, &mut it),
            "description" => it.summary = text().or(it.summary.take()),
            "author" => it.author.offer(1, text().and_then(|t| person(&t))),
            "pubdate" => it.published.offer(0, date()),
            "updated" => it.updated.offer(1, date()),
            "enclosure" => entry.enclosures.extend(enclosure(doc, c, "url")),
            _ => {}
        }
    }
    finish_item(doc, id, entry, it, ext, atom_enclosures)
}

fn finish_item(
    doc: &Doc<'_>,
    id: NodeId,
    mut entry: RawEntry,
    mut it: Item,
    mut ext: Extensions,
    atom: Vec<Enclosure>,
) -> RawEntry {
    // RSS 1.0 items name themselves in `rdf:about`.
    let about = doc.attr_local(id, "about").filter(|a| a.starts_with("http")).and_then(|a| link(doc, id, a));
    entry.title = it.title.or_else(|| ext.title.take()).or(it.atom_title);
    entry.link = it.link.or(it.atom_link).or(it.permalink).or(about);
    entry.summary = it.summary.or_else(|| ext.summary.take()).or(it.atom_summary);
    entry.content = ext.content.take().or(it.atom_content);
    it.author.offer(0, ext.author.take());
    entry.author = it.author.take();
    it.published.offer(1, ext.published.take());
    entry.published = it.published.take();
    it.updated.offer(2, ext.updated.take());
    entry.updated = it.updated.take();
    entry.enclosures.append(&mut ext.enclosures);
    entry.enclosures.extend(atom);
    if doc.has_own_base(id) {
        entry.base = doc.base(id).map(|b| b.to_string());
    }
    entry
}

/// A `<guid>`: the item's id, and its link when it is a permalink
/// (`isPermaLink` absent or true) and the item has no `<link>`.
fn guid(doc: &Doc<'_>, id: NodeId, entry: &mut RawEntry, it: &mut Item) {
    let Some(guid) = non_empty(&doc.text(id)) else { return };
    let permalink = doc.attr(id, "isPermaLink").is_none_or(|p| !p.trim().eq_ignore_ascii_case("false"));
    if permalink && (guid.starts_with("http://") || guid.starts_with("https://")) {
        it.permalink = link(doc, id, &guid);
    }
    entry.id = guid;
}

fn is_wfw(doc: &Doc<'_>, ns: Ns) -> bool {
    doc.other_uri(ns).is_some_and(|uri| uri.contains("wellformedweb.org/CommentAPI"))
}
