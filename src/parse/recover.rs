//! A second chance for XML documents that are not well formed but a reader
//! can read. Called only after a first parse failed, so well-formed feeds
//! pay nothing.
//!
//! - Output before the document (PHP warnings, a stray `<br />`) is dropped.
//! - A bare `&` becomes `&amp;`; an odd Atom text `type` becomes `text`,
//!   `html` or `xhtml`.
//! - Broken XML (truncated, an unclosed tag): the items that are well formed
//!   on their own are kept, the rest dropped, the document closed.

use quick_xml::events::Event;

use crate::scan::{attribute_value, find};

/// Where the feed document starts when something comes before it (after
/// its prolog, if any): its XML declaration, else its root element; None
/// when nothing does.
pub(crate) fn feed_start(body: &[u8]) -> Option<usize> {
    const ROOTS: [&[u8]; 4] = [b"<rss", b"<feed", b"<rdf:RDF", b"<RDF"];
    let mut at = 0;
    loop {
        at += body[at..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        let rest = &body[at..];
        let skip = match rest {
            [b'<', b'?', ..] => find(rest, b"?>").map(|e| e + 2),
            [b'<', b'!', b'-', b'-', ..] => find(rest, b"-->").map(|e| e + 3),
            _ if rest.starts_with(b"<!DOCTYPE") => Some(doctype_len(rest)),
            _ => break,
        };
        at += skip?;
    }
    if ROOTS.iter().any(|r| element_start(body, r, at) == Some(at)) {
        return None;
    }
    let declaration = find(&body[at..], b"<?xml").map(|d| at + d);
    declaration.or_else(|| ROOTS.into_iter().filter_map(|r| element_start(body, r, at)).min())
}

/// The document with bare ampersands escaped and odd Atom `type` values
/// replaced; None when there was nothing to repair.
pub(crate) fn repair_xml(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() + 64);
    let mut changed = false;
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        // Markup whose text is not parsed for references is copied as is.
        let verbatim = [(&b"<![CDATA["[..], &b"]]>"[..]), (b"<!--", b"-->"), (b"<?", b"?>")]
            .into_iter()
            .find(|(open, _)| rest.starts_with(open))
            .map(|(open, close)| find(&rest[open.len()..], close).map_or(rest.len(), |e| open.len() + e + close.len()))
            .or_else(|| rest.starts_with(b"<!DOCTYPE").then(|| doctype_len(rest)));
        if let Some(len) = verbatim {
            out.extend_from_slice(&rest[..len]);
            i += len;
            continue;
        }
        match rest[0] {
            b'&' if !starts_reference(&rest[1..]) => {
                out.extend_from_slice(b"&amp;");
                changed = true;
                i += 1;
            }
            b'<' if rest.get(1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') => {
                let len = tag_len(rest);
                let tag = &rest[..len];
                match atom_type_fixed(tag) {
                    Some(fixed) => {
                        out.extend_from_slice(&escape_ampersands(&fixed));
                        changed = true;
                    }
                    None => {
                        let escaped = escape_ampersands(tag);
                        changed |= escaped.len() != tag.len();
                        out.extend_from_slice(&escaped);
                    }
                }
                i += len;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

/// Length of a `<!DOCTYPE ...>`, internal subset included.
fn doctype_len(rest: &[u8]) -> usize {
    let end = find(rest, b">").map_or(rest.len(), |e| e + 1);
    match find(&rest[..end], b"[") {
        Some(_) => find(rest, b"]>").map_or(rest.len(), |e| e + 2),
        None => end,
    }
}

/// Length of a start or end tag from its `<` to its `>`, quotes respected.
fn tag_len(rest: &[u8]) -> usize {
    let mut quote = None;
    for (at, &b) in rest.iter().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return at + 1,
            None if b == b'<' => return at,
            None => {}
        }
    }
    rest.len()
}

/// Whether the bytes after a `&` make a reference: `name;`, `#123;`, `#x1F;`.
fn starts_reference(after: &[u8]) -> bool {
    let (digits, hex) = match after {
        [b'#', b'x' | b'X', rest @ ..] => (rest, true),
        [b'#', rest @ ..] => (rest, false),
        _ => {
            let name = after.iter().take(64).take_while(|b| b.is_ascii_alphanumeric() || b"_:.-".contains(b)).count();
            return name > 0 && (after[0].is_ascii_alphabetic() || after[0] == b'_') && after.get(name) == Some(&b';');
        }
    };
    let n = digits.iter().take(16).take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() }).count();
    n > 0 && digits.get(n) == Some(&b';')
}

fn escape_ampersands(tag: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tag.len());
    for (at, &b) in tag.iter().enumerate() {
        if b == b'&' && !starts_reference(&tag[at + 1..]) {
            out.extend_from_slice(b"&amp;");
        } else {
            out.push(b);
        }
    }
    out
}

/// An Atom text construct or `content` start tag with its `type` made one
/// feed-rs reads; None when the tag needs no change.
fn atom_type_fixed(tag: &[u8]) -> Option<Vec<u8>> {
    let name_len = tag[1..].iter().position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')? + 1;
    let name = &tag[1..name_len];
    let (prefix, local) = match name.iter().rposition(|b| *b == b':') {
        Some(colon) => (&name[..colon], &name[colon + 1..]),
        None => (&b""[..], name),
    };
    // `media:content` and other namespaces keep their own meaning of `type`.
    if !(prefix.is_empty() || prefix == b"atom") {
        return None;
    }
    let is_content = local == b"content";
    if !is_content && !matches!(local, b"title" | b"subtitle" | b"summary" | b"rights") {
        return None;
    }
    let attrs = &tag[name_len..];
    // Out-of-line content (`src`) has a media type, not a text type.
    if is_content && attribute_value(attrs, b"src").is_some() {
        return None;
    }
    let (start, end) = attribute_value(attrs, b"type")?;
    let value = &attrs[start..end];
    let lower = String::from_utf8_lossy(value).trim().to_ascii_lowercase();
    let fixed: &[u8] = match lower.as_str() {
        "text" | "html" | "xhtml" if lower.as_bytes() == value => return None,
        "text/html" if is_content && value == b"text/html" => return None,
        l if l.contains("xhtml") => b"xhtml",
        l if l.contains("html") => b"html",
        _ => b"text",
    };
    let mut out = tag[..name_len + start].to_vec();
    out.extend_from_slice(fixed);
    out.extend_from_slice(&attrs[end..]);
    Some(out)
}

/// The document cut down to its head and the items (`item` or `entry`)
/// that are well formed on their own, closed where the head left off.
/// None when the head itself is broken or nothing was dropped.
pub(crate) fn salvage_items(body: &[u8]) -> Option<Vec<u8>> {
    let (open, close): (&[u8], &[u8]) = match element_start(body, b"<entry", 0) {
        Some(_) => (b"<entry", b"</entry>"),
        None => (b"<item", b"</item>"),
    };
    let first = element_start(body, open, 0)?;
    let head = &body[..first];
    let mut out = head.to_vec();
    let mut dropped = false;
    let mut at = first;
    loop {
        let next = element_start(body, open, at + open.len());
        // An item whose end comes after the next one's start was never closed.
        let end = find(&body[at..], close).map(|e| at + e + close.len()).filter(|e| next.is_none_or(|n| *e <= n));
        match end {
            Some(end) if well_formed(&body[at..end]) => out.extend_from_slice(&body[at..end]),
            _ => dropped = true,
        }
        match next {
            Some(n) => at = n,
            None => break,
        }
    }
    if !dropped {
        return None;
    }
    for name in open_elements(head)?.iter().rev() {
        out.extend_from_slice(b"</");
        out.extend_from_slice(name);
        out.push(b'>');
    }
    Some(out)
}

/// Where the element `open` (`<item`, `<entry`) next starts at or after `from`.
fn element_start(body: &[u8], open: &[u8], from: usize) -> Option<usize> {
    let mut from = from;
    while let Some(at) = body.get(from..).and_then(|rest| find(rest, open)) {
        let start = from + at;
        let after = body.get(start + open.len());
        if after.is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/') {
            return Some(start);
        }
        from = start + open.len();
    }
    None
}

fn well_formed(xml: &[u8]) -> bool {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => return depth == 0,
            Ok(_) => {}
            Err(_) => return false,
        }
        buf.clear();
    }
}

/// The names of the elements still open at the end of `head`, outermost
/// first; None when the head is not well formed so far.
fn open_elements(head: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut open = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(start)) => open.push(start.name().as_ref().as_bytes().to_vec()),
            Ok(Event::End(_)) => {
                open.pop()?;
            }
            Ok(Event::Eof) => return Some(open),
            Ok(_) => {}
            Err(_) => return None,
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml(input: &str) -> Option<String> {
        repair_xml(input.as_bytes()).map(|v| String::from_utf8(v).expect("UTF-8"))
    }

    #[test]
    fn bare_ampersands_are_escaped_references_kept() {
        assert_eq!(xml("<t>Tom & Jerry</t>").as_deref(), Some("<t>Tom &amp; Jerry</t>"));
        assert_eq!(
            xml("<a href=\"?a=1&b=2\">&amp;&#38;&#x26;&nbsp;</a>").as_deref(),
            Some("<a href=\"?a=1&amp;b=2\">&amp;&#38;&#x26;&nbsp;</a>")
        );
        assert_eq!(xml("<t>&amp; &#233; &lt;</t>"), None, "nothing to repair");
        assert_eq!(xml("<t><![CDATA[a & b]]> <!-- c & d --></t>"), None, "CDATA and comments are verbatim");
        assert_eq!(xml("<t>&#; &#x; & ;&1a;</t>").as_deref(), Some("<t>&amp;#; &amp;#x; &amp; ;&amp;1a;</t>"));
    }

    #[test]
    fn odd_atom_types_become_known_ones() {
        assert_eq!(xml("<content type=\"TEXT\">x</content>").as_deref(), Some("<content type=\"text\">x</content>"));
        assert_eq!(xml("<summary type='text/x-markdown'>").as_deref(), Some("<summary type='text'>"));
        assert_eq!(xml("<atom:title type=\"\">").as_deref(), Some("<atom:title type=\"text\">"));
        assert_eq!(xml("<content type=\"application/xhtml+xml\">").as_deref(), Some("<content type=\"xhtml\">"));
        assert_eq!(xml("<media:content type=\"video/mp4\"/>"), None, "other namespaces untouched");
        assert_eq!(xml("<content type=\"application/pdf\" src=\"a.pdf\"/>"), None, "out-of-line content");
        assert_eq!(xml("<title type=\"html\">"), None);
    }

    #[test]
    fn where_the_document_starts_after_a_servers_output() {
        let php = b"<br />\n<b>Warning</b>: something in <b>x.php</b><br />\n<?xml version=\"1.0\"?><rss>";
        assert_eq!(feed_start(php), Some(php.len() - 26));
        assert_eq!(feed_start(b"<b>Notice</b> <rss version=\"2.0\">"), Some(14));
        assert_eq!(feed_start(b"<?xml version=\"1.0\"?><rss>"), None, "at the start already");
        assert_eq!(feed_start(b"<?xml version=\"1.0\"?>\n<!-- c --><feed>"), None);
        assert_eq!(feed_start(b"<?xml version=\"1.0\"?>\n<b>Deprecated</b>: x<feed xmlns=\"a\">"), Some(42));
        assert_eq!(feed_start(b"<p>no feed, <feedburner:x> is not one</p>"), None);
    }

    #[test]
    fn broken_items_are_dropped_and_the_document_closed() {
        let doc = b"<rss><channel><title>t</title><item><guid>1</guid></item><item><title>bad<guid>2</guid></item>\
                    <item><guid>3</guid></item><item><title>cut";
        let out = String::from_utf8(salvage_items(doc).expect("salvaged")).expect("UTF-8");
        assert_eq!(
            out,
            "<rss><channel><title>t</title><item><guid>1</guid></item><item><guid>3</guid></item></channel></rss>"
        );
        assert_eq!(salvage_items(b"<feed><entry><id>1</id></entry></feed>"), None, "nothing dropped");
        assert_eq!(salvage_items(b"<rss><channel><title>cut"), None, "no item at all");
    }
}
