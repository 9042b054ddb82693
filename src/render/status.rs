//! The bottom line: refresh progress or the last message, and a key hint.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{spread, theme};
use crate::app::{App, Status};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(prompt) = &app.prompt {
        let line = Line::from(vec![
            Span::styled(prompt.question(), theme::count()),
            Span::raw(prompt.input.clone()),
            Span::styled("█", theme::dim()),
            Span::styled("  Enter opens, Esc cancels", theme::dim()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let (text, style) = if app.is_refreshing() {
        let r = &app.refresh;
        let mut s = format!("refreshing {}/{}", r.done, r.total);
        if r.new_items > 0 {
            s.push_str(&format!(", {} new", r.new_items));
        }
        if r.failed > 0 {
            s.push_str(&format!(" ({} failed)", r.failed));
        }
        (s, theme::status_bar())
    } else {
        match &app.status {
            Status::None => (String::new(), theme::status_bar()),
            Status::Info(s) => (s.clone(), theme::status_bar()),
            Status::Error(s) => (s.clone(), theme::error()),
        }
    };
    let hint = "? help  q quit";
    let (left, right) = spread(&text, hint, area.width as usize);
    let line = Line::from(vec![Span::styled(left, style), Span::styled(right, theme::dim())]);
    frame.render_widget(Paragraph::new(line), area);
}
