//! The article as blocks of styled runs: what the HTML means, before it is
//! laid out for a width. Built once per article (the costly part) and laid
//! out again on every resize.

use ratatui::style::Style;

/// A piece of inline text in one style. Whitespace is already collapsed as
/// HTML does; `\n` is a hard line break (`<br>`, or a line of `<pre>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub style: Style,
}

/// One block of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(Vec<Run>),
    /// Level 1 to 6.
    Heading(u8, Vec<Run>),
    /// Kept verbatim: never reflowed, long lines clipped.
    Pre(Vec<Run>),
    List(Vec<ListItem>),
    Quote(Vec<Block>),
    Rule,
    Table(Table),
    /// Definition list: terms and their descriptions, in order.
    Defs(Vec<Def>),
    /// A figure caption, set apart from the body text.
    Caption(Vec<Run>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// `•`, `◦`, `3.`, ... as it is shown.
    pub marker: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Def {
    Term(Vec<Run>),
    Desc(Vec<Block>),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub caption: Vec<Run>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// Every cell of the row is a `th` (or the row is in `thead`).
    pub header: bool,
    pub cells: Vec<Vec<Run>>,
}

/// What a numbered link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    Link,
    Image,
    Video,
    Audio,
    /// An embedded page (`iframe`, `embed`, `object`).
    Frame,
    /// A feed enclosure (podcast audio, video).
    Enclosure,
}

impl LinkKind {
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Link => "link",
            LinkKind::Image => "image",
            LinkKind::Video => "video",
            LinkKind::Audio => "audio",
            LinkKind::Frame => "embedded page",
            LinkKind::Enclosure => "enclosure",
        }
    }
}

/// A link of the article, numbered from 1 in the order of first appearance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Absolute when it could be resolved; sanitised.
    pub url: String,
    pub kind: LinkKind,
    /// Only http, https and mailto links are ever opened.
    pub openable: bool,
}

/// The article body, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
}

/// The runs' text with styles dropped.
pub fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}
