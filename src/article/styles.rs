//! The article's own styles. Modifiers carry the meaning; colours only mark
//! what can be opened. Fixed: the theme styles the panes, not the text.

use ratatui::style::{Color, Modifier, Style};

/// Link text (the `[n]` marker after it says which number opens it).
pub fn link() -> Style {
    Style::new().add_modifier(Modifier::UNDERLINED)
}

/// `[3]`, `[image: ...]` and the numbers of the link list.
pub fn link_marker() -> Style {
    Style::new().fg(Color::Cyan)
}

/// Inline `code` and `pre` blocks.
pub fn code() -> Style {
    Style::new().fg(Color::Yellow)
}

/// The `│` gutter of a blockquote, list markers, rules, field labels.
pub fn gutter() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// Notes, labels and hints inside the article.
pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// `mark` (highlighted text).
pub fn mark() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}
