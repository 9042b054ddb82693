//! The left list: the views (All, Unread, Starred, tags, saved views), then
//! each feed with its unread count; a failed last fetch is marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{is_focused, pane_block, spread, visible_start};
use crate::app::{App, Pane};

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = is_focused(app, Pane::Feeds);
    let title = if app.hide_read { "Feeds (unread)" } else { "Feeds" };
    let block = pane_block(title, focused, &app.theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let width = inner.width as usize;
    let start = visible_start(app.feed_scroll, app.feed_sel, height);
    let lines: Vec<Line> = app
        .nav
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, view)| row(app, view, width, i == app.feed_sel, focused))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row(app: &App, view: &crate::model::View, width: usize, selected: bool, focused: bool) -> Line<'static> {
    let theme = &app.theme;
    let entry = app.nav_entry(view);
    let mark = if entry.failed { "! " } else { "  " };
    let count = entry.count.filter(|n| *n > 0).map(|n| n.to_string()).unwrap_or_default();
    let (left, right) = spread(&entry.label, &count, width.saturating_sub(2));
    let base = match (entry.is_view, entry.count.unwrap_or(0) > 0) {
        (true, _) => theme.view,
        (false, true) => theme.unread,
        (false, false) => theme.read,
    };
    let mut line =
        Line::from(vec![Span::styled(mark, theme.error), Span::styled(left, base), Span::styled(right, theme.count)]);
    if selected {
        line = line.style(if focused { theme.selected } else { theme.selected_unfocused });
    }
    line
}
