//! Colours and text styles, in one place so a later `[theme]` can replace them.
//! Colours are the terminal's named ones, so light and dark themes both read well.

use ratatui::style::{Color, Modifier, Style};

pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn focused_border() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn title() -> Style {
    Style::new()
}

pub fn focused_title() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// The selected row of the focused list.
pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// The selected row of a list without focus.
pub fn selected_unfocused() -> Style {
    Style::new().add_modifier(Modifier::UNDERLINED)
}

pub fn unread() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn read() -> Style {
    Style::new()
}

pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

pub fn count() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn status_bar() -> Style {
    Style::new()
}

// Article text. Modifiers carry the meaning; colours only mark what can be opened.

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

/// `mark` (highlighted text).
pub fn mark() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}
