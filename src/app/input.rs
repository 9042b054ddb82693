//! Raw input to intents: key presses through the keymap (with multi-key
//! sequences held in the state), clicks and the wheel through the layout.

use crossterm::event::KeyCode;

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthChar;

use super::layout::{contains, list_row, text_room};
use super::navigate::{self, open_selected, show_selected_feed};
use super::{Action, App, Effect, Key, Modal, Pane, feed_info, modal, overlays, subscriptions};
use crate::config::TextAlign;
use crate::keymap::Lookup;

/// A mouse event the UI acts on, at a screen cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    /// Left button pressed.
    Click,
    ScrollUp,
    ScrollDown,
}

/// Rows (or article lines) one wheel notch moves.
const WHEEL_STEP: isize = 3;

/// Every key press: to the modal that takes keys, else through the keymap.
pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    if app.modal.as_ref().is_some_and(Modal::takes_keys) {
        return modal::key(app, key);
    }
    let mut keys = std::mem::take(&mut app.pending_keys);
    let started = !keys.is_empty();
    keys.push(key);
    match app.keymap.lookup(&keys) {
        Lookup::Action(action) => self::action(app, action),
        Lookup::Pending => {
            app.pending_keys = keys;
            Vec::new()
        }
        // Esc abandons a sequence; another key ends it and counts on its own.
        Lookup::Unbound if started && key.code != KeyCode::Esc => self::key(app, key),
        Lookup::Unbound => Vec::new(),
    }
}

/// Every action, typed or sent: to the overlay on screen, else the welcome
/// screen, else the reader.
pub(super) fn action(app: &mut App, action: Action) -> Vec<Effect> {
    app.pending_keys.clear();
    match app.modal {
        Some(Modal::Help { scroll }) => overlays::help(app, scroll, action),
        Some(Modal::Links { scroll }) => overlays::links(app, scroll, action),
        Some(Modal::FeedInfo { .. }) => feed_info::action(app, action),
        _ if app.welcome.is_some() => welcome(app, action),
        _ => navigate::action(app, action),
    }
}

/// The welcome screen knows three keys: help, add a first feed, quit.
fn welcome(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => app.quit = true,
        Action::Help => return overlays::open_help(app),
        // The first feed: the same address line and discovery as in the reader.
        Action::AddFeed => return subscriptions::open_add(app),
        _ => {}
    }
    Vec::new()
}

pub(super) fn mouse(app: &mut App, mouse: Mouse) -> Vec<Effect> {
    if app.welcome.is_some() || app.modal.is_some() {
        return Vec::new();
    }
    app.pending_keys.clear();
    let panes = app.panes();
    let (x, y) = (mouse.column, mouse.row);
    let hit = [(Pane::Feeds, panes.feeds), (Pane::Headlines, panes.headlines), (Pane::Article, panes.article)]
        .into_iter()
        .find_map(|(pane, rect)| rect.filter(|r| contains(*r, x, y)).map(|r| (pane, r)));
    let Some((pane, rect)) = hit else {
        return Vec::new();
    };
    match mouse.kind {
        MouseKind::ScrollUp => scroll(app, pane, -WHEEL_STEP),
        MouseKind::ScrollDown => scroll(app, pane, WHEEL_STEP),
        MouseKind::Click => match (pane, list_row(rect, x, y)) {
            (Pane::Feeds, Some(row)) => click_nav(app, app.feed_scroll + row),
            (Pane::Headlines, Some(row)) => click_headline(app, app.item_scroll + row),
            (Pane::Article, Some(row)) => {
                app.focus = Pane::Article;
                click_article(app, rect, x, row)
            }
            (pane, _) => {
                app.focus = pane;
                Vec::new()
            }
        },
    }
}

/// The wheel scrolls the pane under the pointer, whichever has the keyboard.
fn scroll(app: &mut App, pane: Pane, delta: isize) -> Vec<Effect> {
    let focus = std::mem::replace(&mut app.focus, pane);
    let effects = navigate::step(app, delta);
    app.focus = focus;
    effects
}

/// A click on a link marker (`[3]`) of the article opens that link.
fn click_article(app: &mut App, pane: Rect, x: u16, row: usize) -> Vec<Effect> {
    let Some(rendered) = app.visible_article().and_then(|open| {
        let line = open.rendered.as_ref()?.lines.get(open.scroll + row)?;
        Some((open.rendered.as_ref()?.width, line.clone()))
    }) else {
        return Vec::new();
    };
    let (width, line) = rendered;
    // The geometry `render::article_pane` draws with: border, margin, centring.
    let offset = match app.text_column.align {
        TextAlign::Center => text_room(pane).saturating_sub(width) / 2,
        TextAlign::Left => 0,
    };
    let Some(column) = x.checked_sub(pane.x + 2 + offset) else { return Vec::new() };
    match link_at(&line.to_string(), usize::from(column)) {
        Some(n) => super::article_view::open_link(app, n),
        None => Vec::new(),
    }
}

/// The number of the `[n]` marker covering display column `column` of `text`.
fn link_at(text: &str, column: usize) -> Option<usize> {
    let mut col = 0;
    let mut marker: Option<(usize, String)> = None; // start column, digits so far
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        match (ch, &mut marker) {
            ('[', _) => marker = Some((col, String::new())),
            (d, Some((_, digits))) if d.is_ascii_digit() => digits.push(d),
            (']', Some((start, digits))) if !digits.is_empty() => {
                if (*start..=col).contains(&column) {
                    return digits.parse().ok();
                }
                marker = None;
            }
            _ => marker = None,
        }
        col += w;
    }
    None
}

fn click_nav(app: &mut App, index: usize) -> Vec<Effect> {
    app.focus = Pane::Feeds;
    if index >= app.nav.len() || index == app.feed_sel {
        return Vec::new();
    }
    app.feed_sel = index;
    app.follow_selection();
    show_selected_feed(app)
}

/// A click selects a headline; a click on the selected one opens it.
fn click_headline(app: &mut App, pos: usize) -> Vec<Effect> {
    if pos >= app.headlines.total {
        app.focus = Pane::Headlines;
        return Vec::new();
    }
    // While reading, a click on another headline reads that one.
    if (pos == app.item_sel && app.focus == Pane::Headlines) || app.focus == Pane::Article {
        app.item_sel = pos;
        let mut effects = app.follow_selection();
        effects.extend(open_selected(app));
        return effects;
    }
    app.focus = Pane::Headlines;
    app.item_sel = pos;
    app.follow_selection()
}
