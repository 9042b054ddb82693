//! Drawing: `draw(&App, &mut Frame)` reads the state and paints it, nothing
//! else. Styles come from `app.theme`, the time for relative dates from `app.now`.

mod article_pane;
mod feed_info;
mod feeds;
mod headlines;
mod help;
mod links;
mod modal;
mod status;
mod subscriptions;
mod welcome;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Borders};

use crate::app::{App, Pane};
use crate::config::Theme;

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if let Some(path) = &app.welcome {
        welcome::draw(app, frame, area, path);
    } else {
        let panes = app.panes();
        if let Some(r) = panes.feeds {
            feeds::draw(app, frame, r);
        }
        if let Some(r) = panes.headlines {
            headlines::draw(app, frame, r);
        }
        if let Some(r) = panes.article {
            article_pane::draw(app, frame, r);
        }
        status::draw(app, frame, panes.status);
    }
    modal::overlay(app, frame, area);
}

/// The frame around a pane; the focused one stands out.
fn pane_block(title: &str, focused: bool, theme: &Theme) -> Block<'static> {
    let (style, border) =
        if focused { (theme.focused_border, BorderType::Thick) } else { (theme.border, BorderType::Plain) };
    Block::new()
        .borders(Borders::ALL)
        .border_type(border)
        .border_style(style)
        .title(format!(" {title} "))
        .title_style(if focused { theme.focused_title } else { theme.title })
}

fn is_focused(app: &App, pane: Pane) -> bool {
    app.focus == pane && !modal::covers_panes(app)
}

/// First row to show: the list's own scroll, corrected if the selection
/// would be off screen (a resize between update and draw).
fn visible_start(scroll: usize, selected: usize, height: usize) -> usize {
    if selected < scroll || selected >= scroll + height {
        selected.saturating_sub(height.saturating_sub(1))
    } else {
        scroll
    }
}

/// A rectangle of at most `w`×`h` centred in `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

/// `text` cut to `width` display columns, with `…` when cut.
pub(crate) fn fit(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `left` then `right` at the far end of a `width`-column row.
fn spread(left: &str, right: &str, width: usize) -> (String, String) {
    use unicode_width::UnicodeWidthStr;
    let right_w = right.width();
    let room = width.saturating_sub(right_w + 1);
    let left = fit(left, room);
    let pad = width.saturating_sub(left.width() + right_w);
    (format!("{left}{}", " ".repeat(pad)), right.to_string())
}
