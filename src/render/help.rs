//! The `?` overlay, generated from the keymap in force.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, pane_block, theme};
use crate::app::App;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let rows = app.keymap.help_rows();
    let key_w = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let lines: Vec<Line> = rows
        .iter()
        .map(|(keys, desc)| {
            Line::from(vec![Span::styled(format!(" {keys:<key_w$}  "), theme::count()), Span::raw(desc.to_string())])
        })
        .collect();
    let width = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16 + 3;
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = pane_block("Keys (Esc closes)", true);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
