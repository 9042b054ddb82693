//! Atom's text constructs and content, 1.0 and 0.3 alike: `type` as a name
//! (`text`, `html`, `xhtml`) or a media type, 0.3's `mode` (`xml`,
//! `escaped`, `base64`), inline markup, base64 bodies. Whatever the type
//! says, the text is never lost: an unknown one reads as text.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::xml::{Doc, NodeId};

/// Base64 as feeds write it: padded or not.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A title, subtitle, summary or rights: its text, or its markup as HTML.
pub(crate) fn construct(doc: &Doc<'_>, id: NodeId) -> String {
    let kind = attr_lower(doc, id, "type");
    match attr_lower(doc, id, "mode").as_deref() {
        Some("base64") => decoded(&doc.text(id)).unwrap_or_else(|| doc.text(id).into_owned()),
        Some("xml") => doc.markup(id),
        _ if kind.as_deref().is_some_and(|k| k.contains("xhtml")) || doc.has_elements(id) => doc.markup(id),
        _ => doc.text(id).into_owned(),
    }
    .trim()
    .to_owned()
}

/// An entry's content as HTML or text; None when it is elsewhere (`src`)
/// or binary.
pub(crate) fn content(doc: &Doc<'_>, id: NodeId) -> Option<String> {
    if doc.attr(id, "src").is_some() {
        return None;
    }
    let kind = attr_lower(doc, id, "type").unwrap_or_default();
    if kind == "multipart/alternative" {
        // Atom 0.3: the HTML part, else the first (parts do not nest).
        let multipart = |p: NodeId| attr_lower(doc, p, "type").is_some_and(|k| k.starts_with("multipart/"));
        let parts: Vec<NodeId> =
            doc.elements(id).filter(|p| &*doc.node(*p).name == "content" && !multipart(*p)).collect();
        let html = parts.iter().find(|p| attr_lower(doc, **p, "type").is_some_and(|k| k.contains("html")));
        return html.or(parts.first()).and_then(|p| content(doc, *p));
    }
    let textual = !kind.contains('/')
        || kind.starts_with("text/")
        || kind.ends_with("+xml")
        || kind.ends_with("/xml")
        || attr_lower(doc, id, "mode").is_some();
    if textual {
        return Some(construct(doc, id));
    }
    // Any other media type is base64 (RFC 4287 4.1.3.3); shown when it is text.
    let text = doc.text(id);
    match BASE64.decode(strip_space(&text)) {
        Ok(bytes) => String::from_utf8(bytes).ok().map(|t| t.trim().to_owned()),
        Err(_) => Some(text.trim().to_owned()),
    }
}

fn decoded(text: &str) -> Option<String> {
    BASE64.decode(strip_space(text)).ok().map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

fn strip_space(text: &str) -> Vec<u8> {
    text.bytes().filter(|b| !b.is_ascii_whitespace()).collect()
}

fn attr_lower(doc: &Doc<'_>, id: NodeId, name: &str) -> Option<String> {
    doc.attr(id, name).map(|v| v.trim().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_child(xml: &str, read: fn(&Doc<'_>, NodeId) -> Option<String>) -> Option<String> {
        let doc = super::super::xml::read(xml, None).expect("well formed");
        read(&doc, 1)
    }

    #[test]
    fn every_kind_of_construct() {
        let title = |xml: &str| first_child(xml, |d, id| Some(construct(d, id)));
        assert_eq!(title("<e><t>Tom &amp; Jerry</t></e>").as_deref(), Some("Tom & Jerry"));
        assert_eq!(title("<e><t type='html'>&lt;b&gt;Hi&lt;/b&gt;</t></e>").as_deref(), Some("<b>Hi</b>"));
        assert_eq!(
            title("<e><t type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>A <b>b</b></div></t></e>").as_deref(),
            Some("A <b>b</b>")
        );
        assert_eq!(title("<e><t mode='base64' type='text/html'>PGk+SGk8L2k+</t></e>").as_deref(), Some("<i>Hi</i>"));
        assert_eq!(
            title("<e><t>Example <a href='x'>test</a></t></e>").as_deref(),
            Some("Example <a href=\"x\">test</a>")
        );
        assert_eq!(title("<e><t type='text/plain' mode='escaped'>a &amp;lt; b</t></e>").as_deref(), Some("a &lt; b"));
    }

    #[test]
    fn content_by_type() {
        let body = |xml: &str| first_child(xml, content);
        assert_eq!(body("<e><c type='application/octet-stream'>QmluYXJ5</c></e>").as_deref(), Some("Binary"));
        assert_eq!(body("<e><c type='image/png'>iVBORw0KGgo=</c></e>"), None, "binary");
        assert_eq!(body("<e><c type='text/x-markdown'>*hi*</c></e>").as_deref(), Some("*hi*"));
        assert_eq!(body("<e><c type='application/pdf' src='a.pdf'/></e>"), None);
        assert_eq!(body("<e><c type='invalid'>kept</c></e>").as_deref(), Some("kept"));
        let multipart = "<e><c type='multipart/alternative'><content type='text/plain'>plain</content>\
                         <content type='text/html' mode='escaped'>&lt;p&gt;html</content></c></e>";
        assert_eq!(body(multipart).as_deref(), Some("<p>html"));
    }
}
