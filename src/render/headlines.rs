//! The headline list: unread marker, date, title. Only visible rows are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit, is_focused, pane_block, theme, visible_start};
use crate::app::{App, Pane};
use crate::model::{Headline, View};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = is_focused(app, Pane::Headlines);
    let title = match app.view {
        View::All => "All items".to_string(),
        View::Feed(id) => app.feed(id).map_or_else(|| "Headlines".into(), |f| f.title.clone()),
    };
    let block = pane_block(&fit(&title, area.width.saturating_sub(4) as usize), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.headlines.total == 0 {
        let hint = if app.is_refreshing() { "fetching…" } else { "no items (R refreshes)" };
        frame.render_widget(Paragraph::new(Span::styled(hint, theme::dim())), inner);
        return;
    }
    let height = inner.height as usize;
    let start = visible_start(app.item_scroll, app.item_sel, height);
    // Rows not loaded yet (a window is on its way) stay blank for a frame.
    let lines: Vec<Line> = (start..(start + height).min(app.headlines.total))
        .map(|pos| match app.headlines.get(pos) {
            Some(h) => row(h, inner.width as usize, app.utc_offset, pos == app.item_sel, focused),
            None => Line::default(),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row(h: &Headline, width: usize, utc_offset: i32, selected: bool, focused: bool) -> Line<'static> {
    let (mark, style) = if h.read { ("  ", theme::read()) } else { ("● ", theme::unread()) };
    let date = short_date(h.date, utc_offset);
    let title_w = width.saturating_sub(2 + date.len() + 1);
    let mut line = Line::from(vec![
        Span::styled(mark, theme::count()),
        Span::styled(format!("{date} "), theme::dim()),
        Span::styled(fit(&h.title, title_w), style),
    ]);
    if selected {
        line = line.style(if focused { theme::selected() } else { theme::selected_unfocused() });
    }
    line
}

/// `2025-01-28` in local time: sortable, unambiguous, ten columns.
fn short_date(unix: i64, utc_offset: i32) -> String {
    crate::article::local_date(unix, utc_offset, "%Y-%m-%d").unwrap_or_else(|| "----------".into())
}
