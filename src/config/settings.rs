//! Config sections of the reader workflow: layout, reading, saved views,
//! feed order. Parsed here; checked with positions in `validate`.

use serde::Deserialize;

use crate::model::SavedView;

/// `[layout]`: pane proportions and when panes stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LayoutConfig {
    /// Percent of the width the feed list takes in the side-by-side layout.
    pub feeds_width: u16,
    /// Percent of the remaining width the headlines take (the article has the rest).
    pub headlines_width: u16,
    /// Below this many columns the panes are stacked top to bottom.
    pub stacked_below: u16,
    /// Percent of the height the list above the article takes when stacked.
    pub stacked_list_height: u16,
}

impl Default for LayoutConfig {
    fn default() -> Self {
        LayoutConfig { feeds_width: 20, headlines_width: 45, stacked_below: 100, stacked_list_height: 35 }
    }
}

/// One `[[views]]` entry: a named query (see `crate::query`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewConfig {
    pub name: String,
    pub query: String,
}

impl ViewConfig {
    /// The view, if its query parses (validation has reported it otherwise).
    pub fn saved_view(&self) -> Option<SavedView> {
        crate::query::parse(&self.query).ok().map(|filter| SavedView { name: self.name.trim().to_owned(), filter })
    }
}

/// Order of the feed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedSort {
    /// As listed in the config.
    #[default]
    Config,
    /// By title, case-insensitive.
    Name,
    /// Most unread first.
    Unread,
}

impl FeedSort {
    pub fn next(self) -> FeedSort {
        match self {
            FeedSort::Config => FeedSort::Name,
            FeedSort::Name => FeedSort::Unread,
            FeedSort::Unread => FeedSort::Config,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FeedSort::Config => "config order",
            FeedSort::Name => "by name",
            FeedSort::Unread => "most unread first",
        }
    }
}

/// The article's text column, from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextColumn {
    /// Longest line of article text, in columns.
    pub text_width: u16,
    pub align: TextAlign,
}

impl Default for TextColumn {
    fn default() -> Self {
        TextColumn { text_width: 80, align: TextAlign::Center }
    }
}

/// Where the text column sits in a pane wider than `text_width`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextAlign {
    Left,
    #[default]
    Center,
}
