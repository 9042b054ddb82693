//! The article pane: the pre-wrapped lines of the open article, scrolled.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{is_focused, pane_block};
use crate::app::{App, Pane};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = is_focused(app, Pane::Article);
    let theme = &app.theme;
    let mut block = pane_block("Article", focused, theme);
    let Some(open) = &app.article else {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let hint = Line::styled("Enter on a headline opens it here", theme.dim);
        frame.render_widget(Paragraph::new(hint).alignment(Alignment::Center), inner);
        return;
    };
    let inner = block.inner(area);
    let height = inner.height as usize;
    let total = open.lines.len();
    if total > height {
        // Where we are, as pagers say it.
        let max = total - height;
        let pos = match open.scroll {
            0 => "Top".to_string(),
            s if s >= max => "End".to_string(),
            s => format!("{}%", s * 100 / max),
        };
        block = block.title_bottom(Line::from(Span::styled(format!(" {pos} "), theme.dim)).right_aligned());
    }
    frame.render_widget(block, area);
    // One column of margin on each side of the text.
    let text_area = Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(2), inner.height);
    let visible: Vec<Line> = open.lines.iter().skip(open.scroll).take(height).cloned().collect();
    frame.render_widget(Paragraph::new(visible), text_area);
}
