//! The article pane: the pre-wrapped lines of the open article, scrolled,
//! in a column of `text_width` placed as `text_align` says.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{is_focused, pane_block};
use crate::app::layout::text_room;
use crate::app::{App, Pane};
use crate::config::TextAlign;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = is_focused(app, Pane::Article);
    let theme = &app.theme;
    let mut block = pane_block("Article", focused, theme);
    let inner = block.inner(area);
    let Some(open) = &app.article else {
        frame.render_widget(block, area);
        let hint = Line::styled("Enter on a headline opens it here", theme.dim);
        frame.render_widget(Paragraph::new(hint).alignment(Alignment::Center), inner);
        return;
    };
    let Some(rendered) = &open.rendered else {
        // The render worker answers within milliseconds; the title shows meanwhile.
        frame.render_widget(block, area);
        let title = Line::styled(crate::sanitize::line(&open.article.title), Style::new().add_modifier(Modifier::BOLD));
        frame.render_widget(Paragraph::new(title), text_area(inner, 0));
        return;
    };
    let height = inner.height as usize;
    let total = rendered.lines.len();
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
    let room = text_room(area);
    let offset = match app.text_column.align {
        TextAlign::Center => room.saturating_sub(rendered.width) / 2,
        TextAlign::Left => 0,
    };
    let visible: Vec<Line> = rendered.lines.iter().skip(open.scroll).take(height).cloned().collect();
    frame.render_widget(Paragraph::new(visible), text_area(inner, offset));
}

/// One column of margin on each side of the text, then `offset` more on the left.
fn text_area(inner: Rect, offset: u16) -> Rect {
    let x = inner.x + 1 + offset.min(inner.width.saturating_sub(2));
    Rect::new(x, inner.y, (inner.x + inner.width).saturating_sub(x + 1), inner.height)
}
