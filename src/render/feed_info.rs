//! The `i` overlay: a feed's details, as `app` lays them out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, pane_block};
use crate::app::{App, InfoLine, LABEL_COLUMNS};
use crate::model::FeedInfo;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect, info: &FeedInfo, scroll: usize) {
    let theme = &app.theme;
    let all = app.feed_info_lines(info);
    let rows = app.feed_info_rows();
    // A resize may leave the scroll past the end until the next key.
    let scroll = scroll.min(all.len().saturating_sub(rows));
    let shown: Vec<Line> = all
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|line| match line {
            InfoLine::Title(text) => Line::styled(format!(" {text}"), theme.unread),
            InfoLine::Blank => Line::raw(""),
            InfoLine::Field { label, text, error } => Line::from(vec![
                Span::styled(format!(" {label:<LABEL_COLUMNS$}"), theme.dim),
                Span::styled(text.clone(), if *error { theme.error } else { ratatui::style::Style::new() }),
            ]),
        })
        .collect();
    let rect = centered(area, app.feed_info_width(), shown.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let mut block = pane_block("Feed details (Esc closes)", true, theme);
    let more = (rows < all.len()).then(|| format!("{}-{} of {}, j/k scroll", scroll + 1, scroll + rows, all.len()));
    let bottom: Vec<String> = [app.feed_info_hint(info), more].into_iter().flatten().collect();
    if !bottom.is_empty() {
        block = block.title_bottom(Line::styled(format!(" {} ", bottom.join(", ")), theme.dim).right_aligned());
    }
    frame.render_widget(Paragraph::new(shown).block(block), rect);
}
