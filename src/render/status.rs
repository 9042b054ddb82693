//! The bottom line: the open modal's line (see `modal`), else refresh
//! progress or the last message, the keys of a sequence being typed, and a key hint.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{modal, spread};
use crate::app::{App, Status};
use crate::keymap::sequence_label;
use crate::model::Progress;

pub(super) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    if modal::status_line(app, frame, area) {
        return;
    }
    let theme = &app.theme;
    let (text, style) = if app.is_refreshing() {
        // The same line `tidings refresh` shows on a terminal.
        let r = &app.refresh;
        let progress = Progress { done: r.done, total: r.total, new_items: r.new_items, failed: r.failed };
        (progress.to_string(), theme.status_bar)
    } else {
        match &app.status {
            Status::None => (String::new(), theme.status_bar),
            Status::Info(s) => (s.clone(), theme.status_bar),
            Status::Error(s) => (s.clone(), theme.error),
        }
    };
    let mut hint = if app.pending_keys.is_empty() {
        "? help  q quit".to_string()
    } else {
        format!("{} …", sequence_label(&app.pending_keys))
    };
    if let Some(sync) = app.sync_label() {
        hint = format!("{}  {hint}", crate::sanitize::line(&sync));
    }
    let (left, right) = spread(&text, &hint, area.width as usize);
    let line = Line::from(vec![Span::styled(left, style), Span::styled(right, theme.dim)]);
    frame.render_widget(Paragraph::new(line), area);
}
