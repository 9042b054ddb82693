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
