//! The feed list: "All items" then each feed with its unread count; a failed
//! last fetch is marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{is_focused, pane_block, spread, theme, visible_start};
use crate::app::{App, Pane};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = is_focused(app, Pane::Feeds);
    let block = pane_block("Feeds", focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let width = inner.width as usize;
    let start = visible_start(app.feed_scroll, app.feed_sel, height);
    let rows = std::iter::once(("All items".to_string(), app.total_unread(), false))
        .chain(app.feeds.iter().map(|f| (f.title.clone(), f.unread, f.last_error.is_some())));
    let lines: Vec<Line> = rows
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, (title, unread, failed))| row(&title, unread, failed, width, i == app.feed_sel, focused))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row(title: &str, unread: u32, failed: bool, width: usize, selected: bool, focused: bool) -> Line<'static> {
    let mark = if failed { "! " } else { "  " };
    let count = if unread > 0 { unread.to_string() } else { String::new() };
    let (left, right) = spread(title, &count, width.saturating_sub(2));
    let base = if unread > 0 { theme::unread() } else { theme::read() };
    let mut line = Line::from(vec![
        Span::styled(mark, theme::error()),
        Span::styled(left, base),
        Span::styled(right, theme::count()),
    ]);
    if selected {
        line = line.style(if focused { theme::selected() } else { theme::selected_unfocused() });
    }
    line
}
