//! The `?` overlay, generated from the keymap in force, then the query
//! syntax of saved views. It scrolls on small terminals.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, pane_block};
use crate::app::App;

/// The keys of an action with none (bound in the config's `[keys]`).
const UNBOUND: &str = "(unbound)";

/// Every line of the help: (left column, right column); a `None` left column is a heading.
pub(super) fn lines(app: &App) -> Vec<(Option<String>, String)> {
    let keys = |keys: Vec<String>| if keys.is_empty() { UNBOUND.to_owned() } else { keys.join(", ") };
    let mut out: Vec<(Option<String>, String)> =
        app.keymap.help_rows().into_iter().map(|(k, desc)| (Some(keys(k)), desc.to_string())).collect();
    out.push((None, "[[views]] queries in the config: every term must hold".into()));
    out.extend(crate::query::HELP.iter().map(|(form, meaning)| (Some(form.to_string()), meaning.to_string())));
    out
}

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect, scroll: usize) {
    let theme = &app.theme;
    let all = lines(app);
    let key_w = all.iter().filter_map(|(k, _)| k.as_ref()).map(|k| k.width()).max().unwrap_or(0);
    let shown: Vec<Line> = all
        .iter()
        .skip(scroll)
        .take(app.help_rows())
        .map(|(keys, desc)| match keys {
            Some(keys) => {
                let pad = " ".repeat(key_w.saturating_sub(keys.width()));
                Line::from(vec![Span::styled(format!(" {keys}{pad}  "), theme.count), Span::raw(desc.clone())])
            }
            None => Line::styled(format!(" {desc}"), theme.unread),
        })
        .collect();
    let width = shown.iter().map(|l| l.width()).max().unwrap_or(0) as u16 + 3;
    let rect = centered(area, width, shown.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let mut block = pane_block("Keys (Esc closes)", true, theme);
    if app.help_rows() < all.len() {
        let end = scroll + app.help_rows();
        let more = format!(" {}-{} of {}, j/k scroll ", scroll + 1, end, all.len());
        block = block.title_bottom(Line::styled(more, theme.dim).right_aligned());
    }
    frame.render_widget(Paragraph::new(shown).block(block), rect);
}
