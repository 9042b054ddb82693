//! The small conversations of feed management: typing an address (`a`),
//! choosing among the feeds a page offers, confirming a removal (`d`).
//! State and decisions only; the runtime edits the config and reloads it.

use super::{App, Effect, Status};
use crate::model::Found;
use crate::model::{FeedId, View};

/// Longest address accepted in the prompt, in characters.
const MAX_INPUT: usize = 2048;

/// The dialog on screen, in the status line (or over the lists when choosing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// Typing the address of a feed or of a site.
    AddFeed { input: String },
    /// The page at `input` offers several feeds.
    PickFeed { input: String, found: Vec<Found>, selected: usize },
    /// Remove this feed from the config?
    ConfirmRemove { feed: FeedId, title: String, url: String },
}

/// A key pressed while a dialog is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogKey {
    Char(char),
    Backspace,
    /// Ctrl-U: clear the line.
    Clear,
    Up,
    Down,
    Enter,
    Cancel,
}

/// `a`: ask for an address.
pub(super) fn open_add(app: &mut App) -> Vec<Effect> {
    app.dialog = Some(Dialog::AddFeed { input: String::new() });
    Vec::new()
}

/// `d`: ask before removing the feed selected in the feed list.
pub(super) fn open_remove(app: &mut App) -> Vec<Effect> {
    match app.selected_view() {
        View::Feed(id) => {
            if let Some(feed) = app.feed(id) {
                app.dialog = Some(Dialog::ConfirmRemove { feed: id, title: feed.title.clone(), url: feed.url.clone() });
            }
        }
        _ => app.status = Status::Info("select a feed in the feed list to remove it".into()),
    }
    Vec::new()
}

pub(super) fn key(app: &mut App, key: DialogKey) -> Vec<Effect> {
    let Some(dialog) = app.dialog.take() else { return Vec::new() };
    let (next, effects) = match dialog {
        Dialog::AddFeed { input } => typing(app, input, key),
        Dialog::PickFeed { input, found, selected } => picking(app, input, found, selected, key),
        Dialog::ConfirmRemove { feed, title, url } => match key {
            DialogKey::Char('y' | 'Y') => {
                app.status = Status::Info(format!("removing {title}…"));
                (None, vec![Effect::RemoveFeed { url }])
            }
            DialogKey::Char('n' | 'N') | DialogKey::Cancel => (None, Vec::new()),
            _ => (Some(Dialog::ConfirmRemove { feed, title, url }), Vec::new()),
        },
    };
    app.dialog = next;
    effects
}

fn typing(app: &mut App, mut input: String, key: DialogKey) -> (Option<Dialog>, Vec<Effect>) {
    match key {
        DialogKey::Char(c) if !c.is_control() && input.chars().count() < MAX_INPUT => input.push(c),
        DialogKey::Backspace => {
            input.pop();
        }
        DialogKey::Clear => input.clear(),
        DialogKey::Cancel => return (None, Vec::new()),
        DialogKey::Enter => {
            let input = input.trim().to_owned();
            if input.is_empty() {
                return (None, Vec::new());
            }
            app.status = Status::Info(format!("looking for feeds at {input}…"));
            app.finding = Some(input.clone());
            return (None, vec![Effect::Discover(input)]);
        }
        _ => {}
    }
    (Some(Dialog::AddFeed { input }), Vec::new())
}

fn picking(
    app: &mut App,
    input: String,
    found: Vec<Found>,
    selected: usize,
    key: DialogKey,
) -> (Option<Dialog>, Vec<Effect>) {
    let chosen = match key {
        DialogKey::Enter => Some(selected),
        DialogKey::Char(c @ '1'..='9') => Some(c as usize - '1' as usize).filter(|i| *i < found.len()),
        DialogKey::Cancel | DialogKey::Char('q') => return (None, Vec::new()),
        _ => None,
    };
    if let Some(feed) = chosen.and_then(|i| found.get(i)) {
        app.status = Status::Info(format!("subscribing to {}…", feed.url));
        return (None, vec![Effect::AddFeed { url: feed.url.clone() }]);
    }
    let selected = match key {
        DialogKey::Up | DialogKey::Char('k') => selected.saturating_sub(1),
        DialogKey::Down | DialogKey::Char('j') => (selected + 1).min(found.len().saturating_sub(1)),
        _ => selected,
    };
    (Some(Dialog::PickFeed { input, found, selected }), Vec::new())
}

/// The poller's answer to a discovery: add the only feed, offer the choice,
/// or say why there is none. Answers to an abandoned search are dropped.
pub(super) fn discovered(app: &mut App, input: String, result: Result<Vec<Found>, String>) -> Vec<Effect> {
    if app.finding.as_deref() != Some(input.as_str()) {
        return Vec::new();
    }
    app.finding = None;
    match result {
        Ok(found) if found.len() == 1 => {
            app.status = Status::Info(format!("subscribing to {}…", found[0].url));
            vec![Effect::AddFeed { url: found[0].url.clone() }]
        }
        Ok(found) if !found.is_empty() => {
            app.status = Status::Info(format!("{} feeds found: choose one", found.len()));
            app.dialog = Some(Dialog::PickFeed { input, found, selected: 0 });
            Vec::new()
        }
        Ok(_) => {
            app.status = Status::Error(format!("no feed found at {input}"));
            Vec::new()
        }
        Err(error) => {
            app.status = Status::Error(error);
            Vec::new()
        }
    }
}
