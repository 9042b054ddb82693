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
        .skip(app.help_scroll)
        .take(app.help_rows())
        .map(|(keys, desc)| {
            Line::from(vec![Span::styled(format!(" {keys:<key_w$}  "), theme::count()), Span::raw(desc.to_string())])
        })
        .collect();
    let width = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16 + 3;
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let mut block = pane_block("Keys (Esc closes)", true);
    if app.help_rows() < rows.len() {
        let end = app.help_scroll + app.help_rows();
        let more = format!(" {}-{} of {}, j/k scroll ", app.help_scroll + 1, end, rows.len());
        block = block.title_bottom(Line::styled(more, theme::dim()).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
