//! One-line text from feed fields that may carry HTML (titles, authors,
//! summaries made into titles): tags dropped, entities decoded, whitespace
//! collapsed, sanitised. Below `parse` and `article`, which both use it.

use dom_query::{Document, NodeRef};

use crate::sanitize;

/// Deepest element nesting walked; deeper content is taken as plain text.
const MAX_DEPTH: usize = 64;

/// A one-line field from a feed as text.
pub(crate) fn one_line(s: &str) -> String {
    if !looks_like_html(s) {
        return sanitize::line(s);
    }
    let document = Document::fragment(s);
    let mut out = String::with_capacity(s.len());
    children(&document.root(), 0, &mut out);
    sanitize::line(&out)
}

/// Feeds put plain text and HTML in the same fields; a tag or an entity means HTML.
pub(crate) fn looks_like_html(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        || bytes.windows(2).any(|w| w[0] == b'&' && (w[1].is_ascii_alphanumeric() || w[1] == b'#'))
}

fn children(node: &NodeRef, depth: usize, out: &mut String) {
    for child in node.children_it(false) {
        walk(&child, depth + 1, out);
    }
}

fn walk(node: &NodeRef, depth: usize, out: &mut String) {
    if node.is_text() {
        out.push_str(&node.text());
        return;
    }
    if !node.is_element() {
        return; // comments, doctypes, processing instructions
    }
    if depth > MAX_DEPTH {
        out.push_str(&node.text());
        return;
    }
    let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
    match name.as_str() {
        // What a browser does not show as text.
        "head" | "script" | "style" | "template" | "title" | "meta" | "link" | "noscript" | "svg" | "input"
        | "select" | "textarea" | "option" | "canvas" | "map" | "source" | "track" | "param" | "base" => {}
        "img" => {
            if let Some(alt) = ["alt", "title"].iter().filter_map(|a| node.attr(a)).find(|a| !a.trim().is_empty()) {
                out.push_str(&alt);
            }
        }
        "q" => {
            out.push('“');
            children(node, depth, out);
            out.push('”');
        }
        "br" | "hr" => out.push(' '),
        _ if is_block(&name) || matches!(name.as_str(), "tr" | "td" | "th") => {
            out.push(' ');
            children(node, depth, out);
            out.push(' ');
        }
        _ => children(node, depth, out),
    }
}

/// Elements that start a new block (lower-case names): the article lays them
/// out as blocks, one line makes them spaces.
pub(crate) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "nav"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "form"
            | "fieldset"
            | "hgroup"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "ul"
            | "ol"
            | "menu"
            | "dir"
            | "li"
            | "blockquote"
            | "hr"
            | "table"
            | "dl"
            | "dt"
            | "dd"
            | "figure"
            | "figcaption"
    )
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn tags_are_dropped_and_references_decoded() {
        assert_eq!(one_line("Rust &amp;amp; <b>Go</b>\n  news"), "Rust &amp; Go news");
        assert_eq!(one_line("A &lt; B"), "A < B");
        assert_eq!(one_line("plain <3 text"), "plain <3 text");
        assert_eq!(one_line("Example <a href=\"https://example.org/\">test</a>"), "Example test");
        assert_eq!(one_line("<p>one</p><p>two</p><script>x()</script>"), "one two");
        assert_eq!(one_line("say <q>hi</q> <img alt=\"cat\" src=\"c.png\">"), "say “hi” cat");
    }
}
