//! Atom 1.0 and Atom 0.3 (`http://purl.org/atom/ns#`, or `version="0.3"`
//! with no namespace): 0.3's `tagline`, `issued`, `modified`, `created`,
//! `copyright` and content modes read as their 1.0 counterparts. An entry's
//! author comes from its `source`, else from the feed, as RFC 4287 says.

use super::raw::{Extensions, Ranked, RawEntry, RawFeed, is, link, non_empty};
use super::rss::{atom_alternate, enclosure};
use super::text::{construct, content};
use super::xml::{Doc, NodeId, Ns};

pub(crate) fn read(doc: &Doc<'_>, root: NodeId) -> RawFeed {
    let mut own = vec![Ns::None, Ns::Atom, Ns::Atom03];
    if matches!(doc.node(root).ns, Ns::Other(_)) {
        own.push(doc.node(root).ns);
    }
    if doc.node(root).name.eq_ignore_ascii_case("entry") {
        return RawFeed { entries: vec![entry(doc, root, &own, None)], entry_nodes: vec![root], ..RawFeed::default() };
    }
    let mut feed = RawFeed::default();
    feed.details.language = doc.attr(root, "xml:lang").and_then(non_empty);
    let mut ext = Extensions::default();
    let mut links = Vec::new();
    let mut entries = Vec::new();
    for id in doc.elements(root) {
        if !own.contains(&doc.node(id).ns) {
            ext.offer(doc, id);
            continue;
        }
        let text = || non_empty(&construct(doc, id));
        match doc.node(id).name.to_ascii_lowercase().as_str() {
            "title" => feed.title = feed.title.take().or_else(text),
            "subtitle" | "tagline" => feed.details.description = feed.details.description.take().or_else(text),
            "link" => links.push(id),
            "author" => feed.details.author = feed.details.author.take().or_else(|| person_name(doc, id)),
            "icon" => feed.details.icon = text().and_then(|t| link(doc, id, &t)),
            "logo" => feed.details.logo = text().and_then(|t| link(doc, id, &t)),
            "generator" => feed.details.generator = generator(doc, id),
            "entry" => entries.push(id),
            _ => {}
        }
    }
    feed.site = links.iter().find_map(|l| atom_alternate(doc, *l));
    feed.title = feed.title.or_else(|| ext.title.take());
    feed.details.author = feed.details.author.or_else(|| ext.author.take());
    feed.details.language = feed.details.language.or_else(|| ext.language.take());
    feed.entries = entries.iter().map(|e| entry(doc, *e, &own, feed.details.author.as_deref())).collect();
    feed.entry_nodes = entries;
    feed
}

/// `<generator uri="…" version="6.4">WordPress</generator>` as `WordPress 6.4`.
fn generator(doc: &Doc<'_>, id: NodeId) -> Option<String> {
    let name = non_empty(&doc.text(id))?;
    Some(match doc.attr(id, "version").and_then(non_empty) {
        Some(version) if !name.contains(&version) => format!("{name} {version}"),
        _ => name,
    })
}

/// The name of an Atom person (`author`, `contributor`), else its address.
pub(crate) fn person_name(doc: &Doc<'_>, id: NodeId) -> Option<String> {
    let part = |name: &str| doc.elements(id).find(|c| doc.node(*c).name.eq_ignore_ascii_case(name));
    let named = part("name").and_then(|n| non_empty(&doc.text_or_markup(n)));
    // Some feeds write the name as the element's text.
    named.or_else(|| part("email").and_then(|e| non_empty(&doc.text(e)))).or_else(|| non_empty(&doc.text(id)))
}

fn entry(doc: &Doc<'_>, id: NodeId, own: &[Ns], feed_author: Option<&str>) -> RawEntry {
    let mut entry = RawEntry::default();
    let mut ext = Extensions::default();
    let (mut links, mut published, mut updated) = (Vec::new(), Ranked::default(), Ranked::default());
    let (mut author, mut source_author, mut content_at) = (None, None, None);
    for c in doc.elements(id) {
        if !own.contains(&doc.node(c).ns) {
            ext.offer(doc, c);
            continue;
        }
        let date = || super::dates::parse(&doc.text(c));
        match doc.node(c).name.to_ascii_lowercase().as_str() {
            "id" => entry.id = non_empty(&doc.text(c)).unwrap_or(entry.id),
            "title" => entry.title = non_empty(&construct(doc, c)).or(entry.title.take()),
            "link" => links.push(c),
            "published" => published.offer(0, date()),
            "issued" => published.offer(1, date()),
            "created" => published.offer(2, date()),
            "pubdate" => published.offer(3, date()),
            "updated" | "modified" => updated.offer(0, date()),
            "author" => author = author.or_else(|| person_name(doc, c)),
            "source" => {
                source_author = doc.elements(c).find(|a| is(doc, *a, own, "author")).and_then(|a| person_name(doc, a))
            }
            "summary" => entry.summary = non_empty(&construct(doc, c)),
            "content" => content_at = Some(c),
            _ => {}
        }
    }
    if let Some(c) = content_at {
        entry.content = content(doc, c);
        entry.base = doc.has_own_base(c).then(|| doc.base(c).map(|b| b.to_string())).flatten();
    }
    entry.link = pick_link(doc, &links);
    for l in &links {
        if doc.attr(*l, "rel").is_some_and(|r| r.trim() == "enclosure") {
            entry.enclosures.extend(enclosure(doc, *l, "href"));
        }
    }
    entry.enclosures.append(&mut ext.enclosures);
    entry.title = entry.title.or_else(|| ext.title.take());
    entry.summary = entry.summary.or_else(|| ext.summary.take());
    entry.content = entry.content.or_else(|| ext.content.take());
    entry.author = author.or(source_author).or_else(|| ext.author.take()).or_else(|| feed_author.map(str::to_owned));
    published.offer(4, ext.published.take());
    entry.published = published.take();
    updated.offer(1, ext.updated.take());
    entry.updated = updated.take();
    entry
}

/// The entry's page: its first `alternate` (or rel-less) link, else its
/// first link of any kind.
fn pick_link(doc: &Doc<'_>, links: &[NodeId]) -> Option<String> {
    links
        .iter()
        .find_map(|l| atom_alternate(doc, *l))
        .or_else(|| links.iter().find_map(|l| doc.attr(*l, "href").and_then(|h| link(doc, *l, h))))
}
