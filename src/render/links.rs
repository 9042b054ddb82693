//! The `L` overlay: every link of the article with its number.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, fit, pane_block};
use crate::app::App;
use crate::article::LinkKind;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let Some(rendered) = app.visible_article().and_then(|o| o.rendered.as_ref()) else { return };
    let scroll = app.links.unwrap_or(0);
    let width = area.width.saturating_sub(4).min(100);
    let number_w = rendered.links.len().to_string().len() + 2;
    let text_w = usize::from(width.saturating_sub(3)).saturating_sub(number_w + 1);
    let mut lines: Vec<Line> = rendered
        .links
        .iter()
        .enumerate()
        .skip(scroll)
        .take(app.links_rows())
        .map(|(i, link)| {
            let kind = match (link.openable, link.kind) {
                (false, _) => " (not opened)".to_owned(),
                (true, LinkKind::Link) => String::new(),
                (true, kind) => format!(" ({})", kind.label()),
            };
            let marker = format!(" {:>number_w$} ", format!("[{}]", i + 1));
            let url = fit(&link.url, text_w.saturating_sub(kind.chars().count()));
            Line::from(vec![
                Span::styled(marker, crate::article::styles::link_marker()),
                Span::raw(url),
                Span::styled(kind, theme.dim),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(" this article has no links", theme.dim));
    }
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let mut block = pane_block("Links (1–9 or # opens, Esc closes)", true, theme);
    if app.links_rows() < rendered.links.len() {
        let end = (scroll + app.links_rows()).min(rendered.links.len());
        let more = format!(" {}-{} of {}, j/k scroll ", scroll + 1, end, rendered.links.len());
        block = block.title_bottom(Line::styled(more, theme.dim).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
