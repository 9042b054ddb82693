//! The modal on screen, read in this one place: its status line (a line
//! being typed, a question) and its box over the screen (the help, the link
//! list, the choice among the feeds a page offers, a feed's details).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{feed_info, fit, help, links, spread, subscriptions};
use crate::app::{App, InputKind, Modal, Question};
use crate::sanitize;

/// Draws the open modal's status line; false when it has none.
pub(super) fn status_line(app: &App, frame: &mut Frame, area: Rect) -> bool {
    let theme = &app.theme;
    match &app.modal {
        Some(Modal::Input { kind: kind @ InputKind::AddFeed, line }) => {
            // With accounts, Enter asks where the feed goes before looking for it.
            let hint =
                if app.subscribe_accounts.is_empty() { "Enter find  Esc cancel" } else { "Enter next  Esc cancel" };
            subscriptions::typed_line(question(*kind), line.text(), hint, theme, frame, area);
        }
        Some(Modal::Input { kind: kind @ InputKind::Pipe { .. }, line }) => {
            subscriptions::typed_line(question(*kind), line.text(), "Enter run  Esc cancel", theme, frame, area);
        }
        Some(Modal::Input { kind: kind @ InputKind::SavePath { .. }, line }) => {
            subscriptions::typed_line(question(*kind), line.text(), "Enter save  Esc cancel", theme, frame, area);
        }
        Some(Modal::Input { kind, line }) => prompt(app, frame, area, question(*kind), line.text()),
        Some(Modal::Confirm(Question::MarkAllRead)) => {
            prompt(app, frame, area, "Mark every item of every feed read? (y/n) ", "");
        }
        Some(Modal::Confirm(Question::RemoveFeed { title, .. })) => {
            subscriptions::removal_line(title, theme, frame, area);
        }
        Some(Modal::Confirm(Question::Overwrite(request))) => {
            // The end of the path is the part that tells files apart.
            let words = " exists: replace it? (n: another name)";
            let room = (area.width as usize).saturating_sub(words.width() + "y yes  n no".width() + 2);
            let text = format!("{}{words}", subscriptions::tail(&sanitize::line(&request.path), room));
            yes_no(&text, theme.error, app, frame, area);
        }
        Some(Modal::Confirm(Question::OpenAll { links, more })) => {
            let s = if links.len() == 1 { "" } else { "s" };
            let mut text = format!("open {} item{s} in the browser and mark them read?", links.len());
            if *more > 0 {
                text.push_str(&format!(" ({more} more stay unread)"));
            }
            yes_no(&text, theme.prompt, app, frame, area);
        }
        _ => return false,
    }
    true
}

/// Draws the open modal's box over the screen, if it has one.
pub(super) fn overlay(app: &App, frame: &mut Frame, area: Rect) {
    match &app.modal {
        Some(Modal::Help { scroll }) => help::draw(app, frame, area, *scroll),
        // A link number typed over the list leaves the list in view.
        Some(Modal::Links { scroll } | Modal::Input { kind: InputKind::Link { over_list: Some(scroll) }, .. }) => {
            links::draw(app, frame, area, *scroll);
        }
        Some(Modal::PickFeed { input, found, selected }) => {
            subscriptions::draw_choice(input, found, *selected, &app.theme, frame, area);
        }
        Some(Modal::PickTarget { input, selected }) => {
            subscriptions::draw_targets(input, &app.subscribe_accounts, *selected, &app.theme, frame, area);
        }
        Some(Modal::FeedInfo { info, scroll }) => feed_info::draw(app, frame, area, info, *scroll),
        _ => {}
    }
}

/// The help covers the panes: none of them shows as focused under it.
pub(super) fn covers_panes(app: &App) -> bool {
    matches!(app.modal, Some(Modal::Help { .. }))
}

/// The words before a typed line.
fn question(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Search => "/",
        InputKind::AddFeed => "add feed (address or site): ",
        InputKind::Link { .. } => "open link number: ",
        InputKind::Enclosure => "play enclosure number: ",
        InputKind::Pipe { .. } => "pipe to: ",
        InputKind::SavePath { .. } => "save to: ",
    }
}

/// A yes/no question in `style`, the answers on the right.
fn yes_no(question: &str, style: ratatui::style::Style, app: &App, frame: &mut Frame, area: Rect) {
    let (left, right) = spread(question, "y yes  n no", area.width as usize);
    let line = Line::from(vec![Span::styled(left, style), Span::styled(right, app.theme.dim)]);
    frame.render_widget(Paragraph::new(line), area);
}

/// `question` and the `text` typed, the terminal's cursor after them.
fn prompt(app: &App, frame: &mut Frame, area: Rect, question: &str, text: &str) {
    let text = fit(&format!("{question}{text}"), area.width.saturating_sub(1) as usize);
    let cursor = area.x + text.width() as u16;
    frame.render_widget(Paragraph::new(Line::styled(text, app.theme.prompt)), area);
    frame.set_cursor_position(Position::new(cursor.min(area.right().saturating_sub(1)), area.y));
}
