//! Never silent: what a feed says on its error line when it was read, but
//! not all of it could be understood.

use super::xml::{Doc, NodeId, Ns};

/// Elements that look like items but were not read.
#[derive(Debug)]
pub(crate) struct Unread {
    pub(crate) count: usize,
    /// How many such elements the document has in all.
    pub(crate) of: usize,
    pub(crate) name: String,
    /// Where the first of them is.
    pub(crate) place: String,
}

impl Unread {
    /// The feed's warning.
    pub(crate) fn warning(&self, none_read: bool) -> String {
        let Unread { count, of, name, place } = self;
        if none_read {
            format!("no items read: the document has {count} <{name}> elements {place}, where no format puts them")
        } else {
            format!("{count} of the document's {of} <{name}> elements were not read ({place})")
        }
    }
}

/// What a document has that looks like items but was not read: `read` are
/// the elements the reader took entries from, in document order. None when
/// nothing is missing.
pub(crate) fn unread_items(doc: &Doc<'_>, read: &[NodeId]) -> Option<Unread> {
    // Parents come before their children: one pass tells what is inside an item.
    let mut inside = Vec::new();
    let mut of = 0;
    let mut unread = Vec::new();
    for id in doc.all() {
        let in_item = doc.node(id).parent.is_some_and(|p| inside[p] || is_item(doc, p));
        inside.push(in_item);
        if !in_item && is_item(doc, id) {
            of += 1;
            if read.binary_search(&id).is_err() {
                unread.push(id);
            }
        }
    }
    let first = *unread.first()?;
    Some(Unread { count: unread.len(), of, name: doc.node(first).name.to_string(), place: place(doc, first) })
}

/// `inside <foo>, namespace http://…`: where the element is.
fn place(doc: &Doc<'_>, id: NodeId) -> String {
    let parent =
        doc.node(id).parent.map_or_else(|| "as the root".to_owned(), |p| format!("inside <{}>", doc.node(p).name));
    match namespace(doc, doc.node(id).ns) {
        Some(ns) => format!("{parent}, in the namespace {ns}"),
        None => parent,
    }
}

fn namespace(doc: &Doc<'_>, ns: Ns) -> Option<String> {
    Some(match ns {
        Ns::None => return None,
        Ns::Other(_) => doc.other_uri(ns)?.to_owned(),
        known => format!("{known:?}"),
    })
}

/// An `item` or `entry` element that is not an extension's.
fn is_item(doc: &Doc<'_>, id: NodeId) -> bool {
    let node = doc.node(id);
    let extension =
        matches!(node.ns, Ns::Dc | Ns::Dcterms | Ns::Content | Ns::Media | Ns::Itunes | Ns::Xhtml | Ns::Rdf);
    !extension && (node.name.eq_ignore_ascii_case("item") || node.name.eq_ignore_ascii_case("entry"))
}
