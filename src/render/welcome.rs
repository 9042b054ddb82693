//! Shown when there is no config file: where it goes and what to put in it.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Padding, Paragraph, Wrap};

use super::theme::Theme;
use super::{centered, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, config_path: &Path, theme: &Theme) {
    let path = crate::sanitize::line(&config_path.display().to_string());
    let code = theme.count;
    let lines = vec![
        Line::styled("Welcome to tidings", theme.unread),
        Line::default(),
        Line::raw("There is no config file yet. tidings reads your feeds from:"),
        Line::styled(format!("  {path}"), code),
        Line::default(),
        Line::raw("Create it with one [[feeds]] entry per feed, for example:"),
        Line::styled("  [[feeds]]", code),
        Line::styled("  url = \"https://blog.rust-lang.org/feed.xml\"", code),
        Line::styled("  title = \"Rust Blog\"", code),
        Line::styled("  tags = [\"rust\"]", code),
        Line::default(),
        Line::raw("config.example.toml documents every setting. Then start tidings again."),
        Line::default(),
        Line::from(vec![Span::styled("q", code), Span::raw(" quits")]),
    ];
    let rect = centered(area, 78, lines.len() as u16 + 2);
    let block = pane_block("tidings", true, theme).padding(Padding::horizontal(1));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), rect);
}
