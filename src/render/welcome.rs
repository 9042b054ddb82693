//! Shown when there is no config file: where it goes, `a` to subscribe to a
//! first feed (which creates it), and how to bring subscriptions along.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Padding, Paragraph, Wrap};

use super::{centered, dialog, pane_block, status};
use crate::app::App;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect, config_path: &Path) {
    let theme = &app.theme;
    let path = crate::sanitize::line(&config_path.display().to_string());
    let code = theme.count;
    let key = |k: &'static str| Span::styled(k, code);
    let lines = vec![
        Line::styled("Welcome to tidings", theme.unread),
        Line::default(),
        Line::raw("There is no config file yet. tidings keeps your feeds in:"),
        Line::styled(format!("  {path}"), code),
        Line::default(),
        Line::from(vec![
            Span::raw("Press "),
            key("a"),
            Span::raw(" to add a feed: type its address, or a site's address and"),
        ]),
        Line::raw("tidings finds its feeds. That creates the file, and reading starts."),
        Line::default(),
        Line::raw("Already subscribed elsewhere? Quit and run one of:"),
        Line::from(vec![key("  tidings import FILE.opml"), Span::raw("     feeds exported as OPML")]),
        Line::from(vec![key("  tidings import-newsboat"), Span::raw("      newsboat's feeds and read marks")]),
        Line::default(),
        Line::raw("config.example.toml documents every setting."),
        Line::default(),
        Line::from(vec![
            key("a"),
            Span::raw(" add a feed   "),
            key("?"),
            Span::raw(" keys   "),
            key("q"),
            Span::raw(" quit"),
        ]),
    ];
    let body = Rect { height: area.height.saturating_sub(1), ..area };
    let rect = centered(body, 78, lines.len() as u16 + 2);
    let block = pane_block("tidings", true, theme).padding(Padding::horizontal(1));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), rect);
    // The status line: the address prompt, or what the search found.
    let line = Rect { y: area.bottom().saturating_sub(1), height: area.height.min(1), ..area };
    let prompt_shown = app.dialog.as_ref().is_some_and(|d| dialog::status_line(d, theme, frame, line));
    if !prompt_shown {
        status::draw(app, frame, line);
    }
    if let Some(d) = &app.dialog {
        dialog::draw_pick(d, theme, frame, area);
    }
}
