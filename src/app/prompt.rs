//! The status-line prompt: the search typed after `/` (results follow each
//! key), yes/no questions, and link or enclosure numbers.

use crossterm::event::{KeyCode, KeyModifiers};

use super::marks::mark_everything_read;
use super::navigate::step;
use super::{Anchor, App, Effect, Key, Pane, Query, Status};

/// What the prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Search the view; `input` is applied as it changes.
    Search,
    /// "Mark every item read?" (y confirms).
    ConfirmMarkAllRead,
    /// A link number of the article to open.
    Link,
    /// An enclosure number (1 is the first enclosure) to play.
    Enclosure,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
}

impl Prompt {
    /// The text before the input.
    pub fn question(&self) -> &'static str {
        match self.kind {
            PromptKind::Search => "/",
            PromptKind::ConfirmMarkAllRead => "Mark every item of every feed read? (y/n) ",
            PromptKind::Link => "open link number: ",
            PromptKind::Enclosure => "play enclosure number: ",
        }
    }
}

/// Longest search accepted, in characters (a paste of a whole page is cut).
const MAX_SEARCH: usize = 200;

/// Opens the search prompt on the current search, if any.
pub(super) fn open_search(app: &mut App) -> Vec<Effect> {
    let input = app.search.clone().unwrap_or_default();
    app.prompt = Some(Prompt { kind: PromptKind::Search, input });
    if app.focus == Pane::Feeds {
        app.focus = Pane::Headlines;
    }
    Vec::new()
}

pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(prompt) = &app.prompt else {
        return Vec::new();
    };
    match prompt.kind {
        PromptKind::ConfirmMarkAllRead => {
            app.prompt = None;
            if key == Key::ch('y') || key == Key::ch('Y') {
                return mark_everything_read(app);
            }
            app.status = Status::Info("nothing marked".into());
            Vec::new()
        }
        PromptKind::Search => search_key(app, key),
        PromptKind::Link | PromptKind::Enclosure => number_key(app, key),
    }
}

/// Longest number accepted in a link or enclosure prompt, in digits.
const MAX_DIGITS: usize = 6;

fn number_key(app: &mut App, key: Key) -> Vec<Effect> {
    let ctrl = key.mods.contains(KeyModifiers::CONTROL);
    let Some(prompt) = &mut app.prompt else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Char(c) if !ctrl && c.is_ascii_digit() && prompt.input.len() < MAX_DIGITS => prompt.input.push(c),
        KeyCode::Backspace => {
            prompt.input.pop();
        }
        KeyCode::Esc => app.prompt = None,
        KeyCode::Char('c') if ctrl => app.prompt = None,
        KeyCode::Enter => {
            let Some(prompt) = app.prompt.take() else { return Vec::new() };
            return super::article_view::answer(app, prompt.kind, &prompt.input);
        }
        _ => {}
    }
    Vec::new()
}

fn search_key(app: &mut App, key: Key) -> Vec<Effect> {
    let ctrl = key.mods.contains(KeyModifiers::CONTROL);
    let Some(prompt) = &mut app.prompt else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            app.prompt = None;
            return clear_search(app);
        }
        KeyCode::Char('c') if ctrl => {
            app.prompt = None;
            return clear_search(app);
        }
        KeyCode::Enter => {
            app.prompt = None;
            app.focus = Pane::Headlines;
            return Vec::new();
        }
        // Moving through the results while typing.
        KeyCode::Down | KeyCode::Up => {
            let focus = std::mem::replace(&mut app.focus, Pane::Headlines);
            let effects = step(app, if key.code == KeyCode::Down { 1 } else { -1 });
            app.focus = focus;
            return effects;
        }
        KeyCode::Backspace => {
            prompt.input.pop();
        }
        KeyCode::Char('u') if ctrl => prompt.input.clear(),
        KeyCode::Char(c) if !ctrl && prompt.input.chars().count() < MAX_SEARCH => prompt.input.push(c),
        _ => return Vec::new(),
    }
    let input = prompt.input.trim().to_owned();
    let search = (!input.is_empty()).then_some(input);
    if search == app.search {
        return Vec::new();
    }
    app.search = search;
    show_from_top(app)
}

/// Drops the search and goes back to the whole view, on the item that was selected.
pub(super) fn clear_search(app: &mut App) -> Vec<Effect> {
    if app.search.take().is_none() {
        return Vec::new();
    }
    let anchor = match app.selected_headline() {
        Some(h) => Anchor::Item { id: h.id, fallback: 0 },
        None => Anchor::Index(0),
    };
    vec![Effect::LoadHeadlines(Query { listing: app.listing(), anchor, open: false })]
}

fn show_from_top(app: &mut App) -> Vec<Effect> {
    app.item_sel = 0;
    app.item_scroll = 0;
    vec![Effect::LoadHeadlines(Query::top(app.listing()))]
}
