//! Adding and removing feeds on screen: the address being typed and the
//! removal question in the status line, the choice among a page's feeds in
//! a box over the lists.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, fit, pane_block, spread};
use crate::app::SubscribeTarget;
use crate::config::Theme;
use crate::model::Found;
use crate::sanitize;

/// A line being typed after `question`, its end in view, `hint` on the right.
pub(super) fn typed_line(question: &str, input: &str, hint: &str, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let room = width.saturating_sub(question.width() + hint.width() + 3);
    let shown = tail(input, room);
    let used = question.width() + shown.width() + 1;
    let line = Line::from(vec![
        Span::styled(question.to_owned(), theme.count),
        Span::raw(shown),
        Span::styled(" ", theme.selected),
        Span::raw(" ".repeat(width.saturating_sub(used + hint.width()))),
        Span::styled(hint, theme.dim),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The question before removing the feed titled `title`, standing out.
pub(super) fn removal_line(title: &str, theme: &Theme, frame: &mut Frame, area: Rect) {
    let question = format!("remove “{}” from the config? (its items are kept)", sanitize::line(title));
    let (left, right) = spread(&question, "y yes  n no", area.width as usize);
    let line = Line::from(vec![Span::styled(left, theme.error), Span::styled(right, theme.dim)]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The box listing the feeds the page at `input` offers.
pub(super) fn draw_choice(input: &str, found: &[Found], selected: usize, theme: &Theme, frame: &mut Frame, area: Rect) {
    let labels: Vec<String> = found.iter().map(label).collect();
    let hint = " Enter subscribe  1-9 pick  Esc cancel ";
    draw_list("Feeds at", input, &labels, selected, hint, theme, frame, area);
}

/// The box asking where `input` goes: this machine's config or an account.
pub(super) fn draw_targets(
    input: &str,
    accounts: &[SubscribeTarget],
    selected: usize,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let labels: Vec<String> = std::iter::once("this machine (the config file)".to_owned())
        .chain(accounts.iter().map(|a| {
            let name = sanitize::line(&a.name);
            if a.can_subscribe {
                format!("{name} (on its server)")
            } else {
                format!("{name} (Fever: cannot subscribe)")
            }
        }))
        .collect();
    let hint = " Enter choose  Esc cancel ";
    draw_list("Subscribe to", input, &labels, selected, hint, theme, frame, area);
}

/// A numbered list in a box titled `what` and `input`, `hint` at its foot.
#[allow(clippy::too_many_arguments)]
fn draw_list(
    what: &str,
    input: &str,
    labels: &[String],
    selected: usize,
    hint: &str,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let max_w = area.width.saturating_sub(4) as usize;
    let lines: Vec<Line> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let text = fit(&format!(" {}. {label} ", i + 1), max_w);
            let style = if i == selected { theme.selected } else { theme.title };
            Line::styled(text, style)
        })
        .collect();
    let title = format!("{what} {}", fit(&sanitize::line(input), max_w.saturating_sub(what.width() + 4)));
    let width = lines.iter().map(Line::width).max().unwrap_or(0).max(title.width() + 4) as u16 + 2;
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let hint = Line::styled(hint.to_owned(), theme.dim).right_aligned();
    let block = pane_block(&title, true, theme).title_bottom(hint);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The end of `text` in at most `room` columns, `…` first when cut: the end
/// of a long address stays visible, where the typing is.
pub(super) fn tail(text: &str, room: usize) -> String {
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
