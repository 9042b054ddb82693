//! A feed document as a small tree, read with quick-xml: namespaces resolved
//! (undeclared well-known prefixes too), text runs joined, references read
//! the lenient way, `xml:base` followed. No DTD is read and no entity is
//! expanded: an unknown `&name;` stays as written.

use std::borrow::Cow;
use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use url::Url;

use super::references::{push_reference, unescape};

/// The namespaces the readers tell apart; `Other` indexes `Doc::other`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Ns {
    None,
    Atom,
    Atom03,
    Rss,
    Rss09,
    Rdf,
    Dc,
    Dcterms,
    Content,
    Media,
    Itunes,
    Xhtml,
    Other(u32),
}

impl Ns {
    fn of_uri(uri: &str) -> Option<Ns> {
        let uri = uri.trim().trim_end_matches('/');
        let lower = uri.to_ascii_lowercase();
        let plain = lower.strip_prefix("https://").or(lower.strip_prefix("http://")).unwrap_or(&lower);
        Some(match plain {
            "www.w3.org/2005/atom" => Ns::Atom,
            p if p.starts_with("purl.org/atom/ns#") => Ns::Atom03,
            "purl.org/rss/1.0" => Ns::Rss,
            "my.netscape.com/rdf/simple/0.9" | "channel.netscape.com/rdf/simple/0.9" => Ns::Rss09,
            "www.w3.org/1999/02/22-rdf-syntax-ns#" => Ns::Rdf,
            "purl.org/dc/elements/1.1" => Ns::Dc,
            "purl.org/dc/terms" => Ns::Dcterms,
            "purl.org/rss/1.0/modules/content" => Ns::Content,
            "search.yahoo.com/mrss" => Ns::Media,
            "www.itunes.com/dtds/podcast-1.0.dtd" => Ns::Itunes,
            "www.w3.org/1999/xhtml" => Ns::Xhtml,
            _ => return None,
        })
    }

    /// The namespace an undeclared prefix means in practice.
    fn of_prefix(prefix: &str) -> Option<Ns> {
        Some(match prefix {
            "atom" | "atom10" => Ns::Atom,
            "rdf" => Ns::Rdf,
            "dc" => Ns::Dc,
            "dcterms" => Ns::Dcterms,
            "content" => Ns::Content,
            "media" => Ns::Media,
            "itunes" => Ns::Itunes,
            "xhtml" => Ns::Xhtml,
            _ => return None,
        })
    }
}

pub(crate) type NodeId = usize;

pub(crate) struct Node<'a> {
    pub(crate) ns: Ns,
    /// The local name, as written.
    pub(crate) name: Box<str>,
    /// Qualified names as written, values with references resolved.
    attrs: Vec<(Box<str>, String)>,
    children: Vec<Child<'a>>,
    /// Index in `Doc::bases` of the `xml:base` in scope.
    base: Option<usize>,
    pub(crate) parent: Option<NodeId>,
}

enum Child<'a> {
    Element(NodeId),
    Text(Cow<'a, str>),
}

/// The tree; node 0 is the root element.
pub(crate) struct Doc<'a> {
    nodes: Vec<Node<'a>>,
    bases: Vec<Url>,
    /// Where the bases the document sets itself start in `bases` (after the feed's address).
    own_bases: usize,
    other: Vec<String>,
    other_index: HashMap<String, usize>,
}

/// Why the bytes are not a well-formed document.
#[derive(Debug)]
pub(crate) struct XmlError(pub(crate) String);

/// Reads the document; `base` is the feed's address.
pub(crate) fn read<'a>(text: &'a str, base: Option<&Url>) -> Result<Doc<'a>, XmlError> {
    let mut reader = quick_xml::NsReader::from_str(text);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.trim_text(false);
    // A bare `&` is text, as every reader treats it.
    config.allow_dangling_amp = true;
    let bases: Vec<Url> = base.into_iter().cloned().collect();
    let mut doc =
        Doc { nodes: Vec::new(), own_bases: bases.len(), bases, other: Vec::new(), other_index: HashMap::new() };
    let mut open: Vec<NodeId> = Vec::new();
    let mut pending: Option<Cow<'a, str>> = None;
    loop {
        let (resolved, event) = reader.read_resolved_event().map_err(|e| XmlError(e.to_string()))?;
        let text: Cow<'a, str> = match event {
            Event::Start(start) => {
                let ns = doc.namespace(resolved);
                let parent = open.last().copied();
                doc.flush(parent, &mut pending);
                open.push(doc.element(ns, &start, parent));
                continue;
            }
            Event::End(_) => {
                doc.flush(open.pop(), &mut pending);
                // What follows the root element is not the feed's.
                if open.is_empty() {
                    break;
                }
                continue;
            }
            Event::Eof => break,
            Event::Text(t) => t.into_inner(),
            Event::CData(t) => t.into_inner(),
            Event::GeneralRef(r) => {
                if !open.is_empty() {
                    push_reference(&r, pending.get_or_insert_with(|| Cow::Owned(String::new())).to_mut());
                }
                continue;
            }
            _ => continue,
        };
        if open.is_empty() {
            continue;
        }
        match &mut pending {
            Some(run) => run.to_mut().push_str(&text),
            None => pending = Some(text),
        }
    }
    match open.last() {
        Some(id) => Err(XmlError(format!("the document ends inside <{}>", doc.nodes[*id].name))),
        None if doc.nodes.is_empty() => Err(XmlError("no element".to_owned())),
        None => Ok(doc),
    }
}

impl<'a> Doc<'a> {
    fn namespace(&mut self, resolved: ResolveResult<'_>) -> Ns {
        let known = match &resolved {
            ResolveResult::Unbound => return Ns::None,
            ResolveResult::Bound(ns) => Ns::of_uri(ns.0),
            ResolveResult::Unknown(prefix) => Ns::of_prefix(&prefix.to_ascii_lowercase()),
        };
        known.unwrap_or_else(|| {
            let uri = match resolved {
                ResolveResult::Bound(ns) => ns.0.to_owned(),
                ResolveResult::Unknown(prefix) => format!("{prefix}:"),
                ResolveResult::Unbound => String::new(),
            };
            let next = self.other.len();
            let at = *self.other_index.entry(uri.clone()).or_insert_with(|| {
                self.other.push(uri);
                next
            });
            Ns::Other(at as u32)
        })
    }

    fn element(&mut self, ns: Ns, start: &BytesStart<'_>, parent: Option<NodeId>) -> NodeId {
        let name = start.local_name();
        let attrs: Vec<(Box<str>, String)> = start
            .attributes()
            .with_checks(false)
            .flatten()
            .map(|a| (Box::from(a.key.as_ref()), unescape(&a.value).into_owned()))
            .collect();
        let inherited = match parent {
            Some(p) => self.nodes[p].base,
            None => (self.own_bases > 0).then_some(0),
        };
        let base = match attrs.iter().find(|(k, _)| &**k == "xml:base") {
            Some((_, value)) => {
                let joined = match inherited {
                    Some(b) => self.bases[b].join(value.trim()).ok(),
                    None => Url::parse(value.trim()).ok(),
                };
                joined.map_or(inherited, |url| {
                    self.bases.push(url);
                    Some(self.bases.len() - 1)
                })
            }
            None => inherited,
        };
        let id = self.nodes.len();
        self.nodes.push(Node { ns, name: Box::from(name.as_ref()), attrs, children: Vec::new(), base, parent });
        if let Some(parent) = parent {
            self.nodes[parent].children.push(Child::Element(id));
        }
        id
    }

    fn flush(&mut self, into: Option<NodeId>, pending: &mut Option<Cow<'a, str>>) {
        if let (Some(id), Some(text)) = (into, pending.take()) {
            self.nodes[id].children.push(Child::Text(text));
        }
    }

    pub(crate) fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id]
    }

    /// The URI of a namespace the readers do not know.
    pub(crate) fn other_uri(&self, ns: Ns) -> Option<&str> {
        match ns {
            Ns::Other(at) => self.other.get(at as usize).map(String::as_str),
            _ => None,
        }
    }

    /// Every element of the document, in document order.
    pub(crate) fn all(&self) -> impl Iterator<Item = NodeId> {
        0..self.nodes.len()
    }

    /// The child elements of `id`, in order.
    pub(crate) fn elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[id].children.iter().filter_map(|c| match c {
            Child::Element(e) => Some(*e),
            Child::Text(_) => None,
        })
    }

    pub(crate) fn has_elements(&self, id: NodeId) -> bool {
        self.elements(id).next().is_some()
    }

    /// The element's own text (its child elements left out).
    pub(crate) fn text(&self, id: NodeId) -> Cow<'_, str> {
        let mut texts = self.nodes[id].children.iter().filter_map(|c| match c {
            Child::Text(t) => Some(t.as_ref()),
            Child::Element(_) => None,
        });
        let Some(first) = texts.next() else { return Cow::Borrowed("") };
        match texts.next() {
            None => Cow::Borrowed(first),
            Some(second) => Cow::Owned([first, second].into_iter().chain(texts).collect()),
        }
    }

    /// Its text, or its children as markup when it has child elements
    /// (markup the publisher did not escape).
    pub(crate) fn text_or_markup(&self, id: NodeId) -> Cow<'_, str> {
        if self.has_elements(id) { Cow::Owned(self.markup(id)) } else { self.text(id) }
    }

    /// The value of the attribute written `name` (`href`, `xml:base`).
    pub(crate) fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        self.nodes[id].attrs.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.as_str())
    }

    /// The value of an attribute by its local name, whatever its prefix (`rdf:about`).
    pub(crate) fn attr_local(&self, id: NodeId, local: &str) -> Option<&str> {
        self.nodes[id].attrs.iter().find(|(k, _)| k.rsplit(':').next() == Some(local)).map(|(_, v)| v.as_str())
    }

    /// The `xml:base` in scope at `id` (else the feed's address).
    pub(crate) fn base(&self, id: NodeId) -> Option<&Url> {
        self.nodes[id].base.map(|b| &self.bases[b])
    }

    /// Whether an `xml:base` of the document itself is in scope at `id`.
    pub(crate) fn has_own_base(&self, id: NodeId) -> bool {
        self.nodes[id].base.is_some_and(|b| b >= self.own_bases)
    }

    /// The children of `id` written out as (X)HTML; a lone wrapping `div`
    /// (as Atom's XHTML has) is left out.
    pub(crate) fn markup(&self, id: NodeId) -> String {
        let children = &self.nodes[id].children;
        let blank = |c: &Child<'_>| matches!(c, Child::Text(t) if t.trim().is_empty());
        let mut elements = children.iter().filter(|c| !blank(c));
        let inner = match (elements.next(), elements.next()) {
            (Some(Child::Element(div)), None) if self.nodes[*div].name.eq_ignore_ascii_case("div") => *div,
            _ => id,
        };
        let mut out = String::new();
        self.write_children(inner, &mut out);
        out
    }

    /// Writes the content of `id` without recursion (documents can nest deep).
    fn write_children(&self, id: NodeId, out: &mut String) {
        let mut stack: Vec<(NodeId, usize)> = vec![(id, 0)];
        while let Some((node, at)) = stack.pop() {
            let Some(child) = self.nodes[node].children.get(at) else {
                if node != id {
                    close_tag(&self.nodes[node], out);
                }
                continue;
            };
            stack.push((node, at + 1));
            match child {
                Child::Text(t) => escape_into(t, false, out),
                Child::Element(e) => {
                    open_tag(&self.nodes[*e], out);
                    stack.push((*e, 0));
                }
            }
        }
    }
}

const VOID: [&str; 13] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

fn is_void(node: &Node<'_>) -> bool {
    node.children.is_empty() && VOID.iter().any(|v| node.name.eq_ignore_ascii_case(v))
}

fn open_tag(node: &Node<'_>, out: &mut String) {
    out.push('<');
    out.push_str(&node.name);
    for (name, value) in &node.attrs {
        if name.starts_with("xmlns") {
            continue;
        }
        out.push(' ');
        out.push_str(name.rsplit(':').next().unwrap_or_default());
        out.push_str("=\"");
        escape_into(value, true, out);
        out.push('"');
    }
    out.push('>');
}

fn close_tag(node: &Node<'_>, out: &mut String) {
    if !is_void(node) {
        out.push_str("</");
        out.push_str(&node.name);
        out.push('>');
    }
}

fn escape_into(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_without_the_wrapping_div_and_without_recursion() {
        let xml = r#"<t><div xmlns="http://www.w3.org/1999/xhtml"> <p class="a&amp;b">x &lt; <br/>y</p> </div></t>"#;
        let doc = read(xml, None).expect("well formed");
        assert_eq!(doc.markup(0), r#" <p class="a&amp;b">x &lt; <br>y</p> "#);
        let deep = format!("<t>{}x{}</t>", "<b>".repeat(60_000), "</b>".repeat(60_000));
        let doc = read(&deep, None).expect("well formed");
        assert_eq!(doc.markup(0).len(), 7 * 60_000 + 1);
    }

    #[test]
    fn bases_prefixes_and_errors() {
        let base = Url::parse("https://f.example/feed").ok();
        let doc = read(r#"<f xml:base="/a/"><e xml:base="b/"><dc:x/></e></f>"#, base.as_ref()).expect("well formed");
        assert_eq!(doc.base(2).map(Url::as_str), Some("https://f.example/a/b/"));
        assert_eq!(doc.node(2).ns, Ns::Dc, "an undeclared dc: prefix");
        assert!(read("<a><b></a>", None).is_err());
        assert!(read("<a><b>", None).is_err());
        assert!(read("text", None).is_err());
    }
}
