//! HTML to `Doc`: a walk over the html5ever DOM (through dom_query) that
//! keeps what a reader needs (structure, emphasis, links) and drops the rest
//! (scripts, styles, forms). Every text is sanitised on the way in.

use dom_query::{Document, NodeRef};
use ratatui::style::{Modifier, Style};

use super::doc::{Block, Doc, LinkKind, Run, plain};
use super::inline::Inline;
use super::links::Links;
use super::script;
use super::styles;
use crate::html_text;
use crate::sanitize;

/// Deeper elements are read as plain text: hostile nesting must not
/// exhaust the stack (the walk and the layout both recurse).
const MAX_DEPTH: usize = 64;

/// Parses `html` (a fragment or a whole page); relative URLs resolve against `base`.
pub(super) fn parse(html: &str, base: Option<&str>) -> Doc {
    let document = Document::from(html);
    let mut walker = Walker { links: Links::new(base), ..Walker::default() };
    if let Some(href) = document.select("base[href]").attr("href") {
        walker.links.set_base(&href);
    }
    let root = document.body().unwrap_or_else(|| document.root());
    walker.children(&root, 0);
    walker.flush();
    Doc { blocks: walker.blocks, links: walker.links.links }
}

#[derive(Default)]
pub(super) struct Walker {
    pub(super) links: Links,
    pub(super) inline: Inline,
    pub(super) blocks: Vec<Block>,
    pub(super) style: Style,
    /// Inside `pre`: whitespace is kept.
    pre: bool,
    /// Inside a table cell (or a one-line field): blocks become spaces.
    pub(super) flat: usize,
    /// Unordered lists open around the walk (bullets change with depth).
    pub(super) lists: usize,
}

impl Walker {
    pub(super) fn children(&mut self, node: &NodeRef, depth: usize) {
        for child in node.children_it(false) {
            self.node(&child, depth + 1);
        }
    }

    fn node(&mut self, node: &NodeRef, depth: usize) {
        if node.is_text() {
            let text = sanitize::text(&node.text());
            if self.pre {
                self.inline.verbatim(&text, self.style);
            } else {
                self.inline.text(&text, self.style);
            }
            return;
        }
        if !node.is_element() {
            return; // comments, doctypes, processing instructions
        }
        if depth > MAX_DEPTH {
            self.inline.text(&sanitize::text(&node.text()), self.style);
            return;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if !self.block(&name, node, depth) {
            self.inline_element(&name, node, depth);
        }
    }

    /// Handles block-level elements; false for anything else.
    fn block(&mut self, name: &str, node: &NodeRef, depth: usize) -> bool {
        let known = html_text::is_block(name);
        if !known {
            return false;
        }
        if self.flat > 0 {
            // A table cell or a one-line field: structure collapses to spaces.
            self.inline.space();
            self.children(node, depth);
            self.inline.space();
            return true;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse().unwrap_or(1);
                let runs = self.styled_runs(node, depth, self.style.add_modifier(Modifier::BOLD));
                self.push(Block::Heading(level, runs));
            }
            "pre" => {
                self.flush();
                let (pre, style) = (std::mem::replace(&mut self.pre, true), self.style);
                self.style = styles::code();
                let runs = self.runs_of(node, depth);
                (self.pre, self.style) = (pre, style);
                self.push(Block::Pre(runs));
            }
            "ul" | "ol" | "menu" | "dir" => self.list(node, name == "ol", depth),
            "li" => self.list(node, false, depth), // a stray item: a list of one
            "blockquote" => {
                let inner = self.blocks_of(node, depth);
                self.push(Block::Quote(inner));
            }
            "hr" => self.push(Block::Rule),
            "table" => {
                let table = self.table(node, depth);
                self.push(Block::Table(table));
            }
            "dl" => {
                let defs = self.defs(node, depth);
                self.push(Block::Defs(defs));
            }
            "figcaption" => {
                let style = self.style.add_modifier(Modifier::ITALIC | Modifier::DIM);
                let runs = self.styled_runs(node, depth, style);
                self.push(Block::Caption(runs));
            }
            _ => {
                // p, div, section, figure, dt/dd outside a dl...: a paragraph break around.
                self.flush();
                self.children(node, depth);
                self.flush();
            }
        }
        true
    }

    fn inline_element(&mut self, name: &str, node: &NodeRef, depth: usize) {
        let style = self.style;
        match name {
            "head" | "script" | "style" | "template" | "title" | "meta" | "link" | "noscript" | "svg" | "input"
            | "select" | "textarea" | "option" | "canvas" | "map" | "source" | "track" | "param" | "base" => {}
            "br" => self.inline.hard_break(),
            // A line break opportunity, nothing visible.
            "wbr" => self.inline.word("\u{200b}", style),
            "a" => self.anchor(node, depth),
            "img" => self.image(node),
            "video" | "audio" | "iframe" | "embed" | "object" => self.media(name, node),
            "sup" | "sub" => {
                let text = plain(&self.runs_of(node, depth));
                let shown = if name == "sup" { script::sup(&text) } else { script::sub(&text) };
                self.inline.word(&shown, style);
            }
            "q" => {
                self.inline.word("“", style);
                self.children(node, depth);
                self.inline.word("”", style);
            }
            _ => {
                self.style = style.patch(inline_style(name));
                self.children(node, depth);
                self.style = style;
            }
        }
    }

    fn anchor(&mut self, node: &NodeRef, depth: usize) {
        let number = node.attr("href").and_then(|href| self.links.number(&href, LinkKind::Link));
        let Some(number) = number else {
            self.children(node, depth);
            return;
        };
        let style = self.style;
        self.style = style.patch(styles::link());
        self.children(node, depth);
        self.style = style;
        self.marker(number);
    }

    fn image(&mut self, node: &NodeRef) {
        // Tracking pixels say nothing.
        let tiny = |attr: &str| node.attr(attr).and_then(|v| v.trim().parse::<u32>().ok()).is_some_and(|v| v <= 1);
        if tiny("width") || tiny("height") {
            return;
        }
        let alt =
            ["alt", "title"].iter().filter_map(|a| node.attr(a)).map(|a| sanitize::line(&a)).find(|a| !a.is_empty());
        let label = alt.map_or_else(|| "[image]".to_owned(), |alt| format!("[image: {alt}]"));
        // A `data:` URL is the placeholder of a lazy-loaded image, not a link worth a number.
        let src = ["src", "data-src", "data-lazy-src"]
            .iter()
            .filter_map(|a| node.attr(a))
            .find(|s| !s.trim_start().starts_with("data:"));
        let number = src.and_then(|src| self.links.number(&src, LinkKind::Image));
        self.inline.word(&label, self.style.add_modifier(Modifier::ITALIC));
        if let Some(n) = number {
            self.marker(n);
        }
    }

    /// `video`, `audio`, `iframe`, `embed`, `object`: a label and a link.
    fn media(&mut self, name: &str, node: &NodeRef) {
        let kind = match name {
            "video" => LinkKind::Video,
            "audio" => LinkKind::Audio,
            _ => LinkKind::Frame,
        };
        let src = ["src", "data"].iter().find_map(|a| node.attr(a)).or_else(|| {
            node.children_it(false)
                .find(|c| c.node_name().is_some_and(|n| n.eq_ignore_ascii_case("source")) && c.has_attr("src"))
                .and_then(|c| c.attr("src"))
        });
        let number = src.and_then(|src| self.links.number(&src, kind));
        let title = node.attr("title").map(|t| sanitize::line(&t)).filter(|t| !t.is_empty());
        let host =
            number.and_then(|n| url::Url::parse(&self.links.links[n - 1].url).ok()?.host_str().map(String::from));
        let label = match (kind, title.or(host)) {
            (LinkKind::Frame, Some(what)) => format!("[embedded: {what}]"),
            (LinkKind::Frame, None) => "[embedded page]".to_owned(),
            (kind, Some(what)) => format!("[{}: {what}]", kind.label()),
            (kind, None) => format!("[{}]", kind.label()),
        };
        self.inline.word(&label, self.style.add_modifier(Modifier::ITALIC));
        if let Some(n) = number {
            self.marker(n);
        }
    }

    /// `[n]` after a link, glued to it (a word joiner) so it never starts a line alone.
    fn marker(&mut self, n: usize) {
        self.inline.word(&format!("\u{2060}[{n}]"), styles::link_marker());
    }

    /// Blocks made from the children of `node`, collected apart.
    pub(super) fn blocks_of(&mut self, node: &NodeRef, depth: usize) -> Vec<Block> {
        self.flush();
        let outer = std::mem::take(&mut self.blocks);
        self.children(node, depth);
        self.flush();
        std::mem::replace(&mut self.blocks, outer)
    }

    /// Blocks made from `node` itself.
    pub(super) fn blocks_of_node(&mut self, node: &NodeRef, depth: usize) -> Vec<Block> {
        self.flush();
        let outer = std::mem::take(&mut self.blocks);
        self.node(node, depth);
        self.flush();
        std::mem::replace(&mut self.blocks, outer)
    }

    /// The inline content of `node` as runs, collected apart.
    /// Block elements inside become spaces.
    pub(super) fn runs_of(&mut self, node: &NodeRef, depth: usize) -> Vec<Run> {
        let outer = std::mem::take(&mut self.inline);
        self.flat += 1;
        self.children(node, depth);
        self.flat -= 1;
        std::mem::replace(&mut self.inline, outer).take()
    }

    pub(super) fn styled_runs(&mut self, node: &NodeRef, depth: usize, style: Style) -> Vec<Run> {
        self.flush();
        let outer = std::mem::replace(&mut self.style, style);
        let runs = self.runs_of(node, depth);
        self.style = outer;
        runs
    }

    /// Ends the paragraph being collected.
    pub(super) fn flush(&mut self) {
        let runs = self.inline.take();
        if !runs.is_empty() {
            self.blocks.push(Block::Para(runs));
        }
    }

    fn push(&mut self, block: Block) {
        self.flush();
        let empty = match &block {
            Block::Para(r) | Block::Heading(_, r) | Block::Pre(r) | Block::Caption(r) => r.is_empty(),
            Block::Quote(b) => b.is_empty(),
            _ => false,
        };
        if !empty {
            self.blocks.push(block);
        }
    }
}

fn inline_style(name: &str) -> Style {
    match name {
        "strong" | "b" => Style::new().add_modifier(Modifier::BOLD),
        "em" | "i" | "cite" | "dfn" | "var" => Style::new().add_modifier(Modifier::ITALIC),
        "u" | "ins" => Style::new().add_modifier(Modifier::UNDERLINED),
        "s" | "del" | "strike" => Style::new().add_modifier(Modifier::CROSSED_OUT),
        "code" | "kbd" | "samp" | "tt" => styles::code(),
        "mark" => styles::mark(),
        _ => Style::new(),
    }
}

pub(super) fn is_named(node: &NodeRef, name: &str) -> bool {
    node.is_element() && node.node_name().is_some_and(|n| n.eq_ignore_ascii_case(name))
}
