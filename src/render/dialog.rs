//! Feed management dialogs: the address prompt and the removal question in
//! the status line, the choice among several feeds in a box over the lists.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, fit, pane_block, spread};
use crate::app::Dialog;
use crate::config::Theme;
use crate::model::Found;
use crate::sanitize;

/// The status line while a prompt or a question is open; false when the
/// dialog is not one that lives there.
pub(super) fn status_line(dialog: &Dialog, theme: &Theme, frame: &mut Frame, area: Rect) -> bool {
    let width = area.width as usize;
    let line = match dialog {
        Dialog::AddFeed { input } => {
            let (question, hint) = ("add feed (address or site): ", "Enter find  Esc cancel");
            let room = width.saturating_sub(question.width() + hint.width() + 3);
            let shown = tail(input, room);
            let used = question.width() + shown.width() + 1;
            Line::from(vec![
                Span::styled(question, theme.count),
                Span::raw(shown),
                Span::styled(" ", theme.selected),
                Span::raw(" ".repeat(width.saturating_sub(used + hint.width()))),
                Span::styled(hint, theme.dim),
            ])
        }
        Dialog::ConfirmRemove { title, .. } => {
            let question = format!("remove “{}” from the config? (its items are kept)", sanitize::line(title));
            let (left, right) = spread(&question, "y yes  n no", width);
            Line::from(vec![Span::styled(left, theme.error), Span::styled(right, theme.dim)])
        }
        Dialog::PickFeed { .. } => return false,
    };
    frame.render_widget(Paragraph::new(line), area);
    true
}

/// The box listing the feeds a page offers.
pub(super) fn draw_pick(dialog: &Dialog, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Dialog::PickFeed { input, found, selected } = dialog else { return };
    let max_w = area.width.saturating_sub(4) as usize;
    let lines: Vec<Line> = found
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let text = fit(&format!(" {}. {} ", i + 1, label(f)), max_w);
            let style = if i == *selected { theme.selected } else { theme.title };
            Line::styled(text, style)
        })
        .collect();
    let title = format!("Feeds at {}", fit(&sanitize::line(input), max_w.saturating_sub(12)));
    let width = lines.iter().map(Line::width).max().unwrap_or(0).max(title.width() + 4) as u16 + 2;
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let hint = Line::styled(" Enter subscribe  1-9 pick  Esc cancel ", theme.dim).right_aligned();
    let block = pane_block(&title, true, theme).title_bottom(hint);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The end of `text` in at most `room` columns, `…` first when cut: the end
/// of a long address stays visible, where the typing is.
fn tail(text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_owned();
    }
    let mut kept = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

fn label(found: &Found) -> String {
    sanitize::line(&found.label())
}
