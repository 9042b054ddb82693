//! The headline list: unread and star marks, a relative date, the feed in
//! views that mix feeds, the title (in a `[[highlight]]` style when the
//! window says one matches). Only visible rows are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{fit, is_focused, pane_block, visible_start};
use crate::app::{App, Pane};
use crate::model::{Headline, Sort, View};

/// Columns of the relative date ("59 min", "28 Jan").
const DATE_W: usize = 6;
/// Columns of the feed name in views that mix feeds.
const FEED_W: usize = 14;
const FEED_W_NARROW: usize = 10;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let focused = is_focused(app, Pane::Headlines);
    let block = pane_block(&fit(&title(app), area.width.saturating_sub(4) as usize), focused, &app.theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.headlines.total == 0 {
        let hint = match (&app.search, app.is_refreshing()) {
            (Some(_), _) if app.search_catching_up() => "no match yet: indexing new items…",
            (Some(_), _) => "no match",
            (None, true) => "fetching…",
            (None, false) if app.hide_read => "nothing unread (u shows read items)",
            (None, false) => "no items (R refreshes)",
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, app.theme.dim)), inner);
        return;
    }
    let height = inner.height as usize;
    let start = visible_start(app.item_scroll, app.item_sel, height);
    // Views that mix feeds name the feed of each row (narrower when sorted by feed, where it matters most).
    let feed_w = match (&app.view, app.sort, inner.width) {
        (View::Feed(_), ..) => 0,
        (_, _, 60..) => FEED_W,
        (_, Sort::Feed, 36..) => FEED_W_NARROW,
        _ => 0,
    };
    // Rows not loaded yet (a window is on its way) stay blank for a frame.
    let lines: Vec<Line> = (start..(start + height).min(app.headlines.total))
        .map(|pos| match app.headlines.get(pos) {
            Some(h) => row(app, h, inner.width as usize, feed_w, pos == app.item_sel && focused, pos == app.item_sel),
            None => Line::default(),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The view's name and what narrows or orders it: `#rust · 12 · unread · oldest first · /async`.
fn title(app: &App) -> String {
    let mut parts = vec![app.nav_entry(&app.view).label, app.headlines.total.to_string()];
    if app.hide_read && app.view != View::Unread {
        parts.push("unread".into());
    }
    if app.sort != Sort::Newest {
        parts.push(app.sort.label().into());
    }
    if let Some(search) = &app.search {
        parts.push(format!("/{search}"));
    }
    if app.search_catching_up() && app.lists_by_search() {
        parts.push("indexing…".into());
    }
    parts.join(" · ")
}

fn row(app: &App, h: &Headline, width: usize, feed_w: usize, selected: bool, current: bool) -> Line<'static> {
    let theme = &app.theme;
    let (mark, style) = if h.read { ("  ", theme.read) } else { ("● ", theme.unread) };
    let star = if h.starred { "★ " } else { "  " };
    let date = format!("{:>DATE_W$} ", relative_date(h.date, app.now, app.utc_offset));
    let mut spans =
        vec![Span::styled(mark, theme.count), Span::styled(date, theme.date), Span::styled(star, theme.star)];
    let mut used = 4 + DATE_W + 1;
    if feed_w > 0 {
        let name = fit(app.feed(h.feed_id).map_or("", |f| f.title.as_str()), feed_w);
        let pad = " ".repeat(feed_w.saturating_sub(name.width()) + 1);
        spans.push(Span::styled(format!("{name}{pad}"), theme.feed_name));
        used += feed_w + 1;
    }
    // A `[[highlight]]` the store found for this row with the window.
    let style = match app.headlines.highlights.get(&h.id).and_then(|&i| app.highlights.get(i)) {
        Some(highlight) => style.patch(*highlight),
        None => style,
    };
    spans.push(Span::styled(fit(&h.title, width.saturating_sub(used)), style));
    let mut line = Line::from(spans);
    if selected {
        line = line.style(theme.selected);
    } else if current {
        line = line.style(theme.selected_unfocused);
    }
    line
}

/// "now", "12 min", "3 h", "2 d" for the last month; then "28 Jan" for the
/// last ten months, the year before that. Local time for the calendar forms.
pub(super) fn relative_date(date: i64, now: i64, utc_offset: i32) -> String {
    let age = now.saturating_sub(date);
    match age {
        -86_399..60 => "now".into(),
        60..3_600 => format!("{} min", age / 60),
        3_600..86_400 => format!("{} h", age / 3_600),
        86_400..2_592_000 => format!("{} d", age / 86_400),
        _ => {
            let format = if age < 300 * 86_400 { "%d %b" } else { "%Y" };
            crate::article::local_date(date, utc_offset, format).unwrap_or_else(|| "?".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::relative_date;

    #[test]
    fn relative_dates() {
        let now = 1_738_052_040; // Tue 28 Jan 2025 08:14 UTC
        let table = [
            (now, "now"),
            (now - 59, "now"),
            (now + 3_600, "now"),
            (now - 60, "1 min"),
            (now - 3_599, "59 min"),
            (now - 3 * 3_600, "3 h"),
            (now - 86_400, "1 d"),
            (now - 29 * 86_400, "29 d"),
            (now - 31 * 86_400, "28 Dec"),
            (now - 20 * 86_400 - 365 * 86_400, "2024"),
            (now + 3 * 86_400, "31 Jan"),
        ];
        for (date, want) in table {
            assert_eq!(relative_date(date, now, 0), want, "{}", now - date);
        }
        assert_eq!(relative_date(now - 40 * 86_400, now, 0), "19 Dec");
    }
}
