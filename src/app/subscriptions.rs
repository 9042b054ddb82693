//! Adding and removing feeds from the reader: the address typed after `a`,
//! where it goes when there are accounts (this machine's config or an
//! account's server), the choice among the feeds a page offers, the question
//! before a removal (`d`). State and decisions only; the runtime edits the
//! config and reloads it, or asks the sync task.

use crossterm::event::{KeyCode, KeyModifiers};

use super::input_line::cancels;
use super::{App, Effect, InputKind, Key, Modal, Question, Status};
use crate::model::{Found, View};

/// An account `a` can send a subscription to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscribeTarget {
    pub name: String,
    /// Its API has a subscribe call (Fever has none).
    pub can_subscribe: bool,
}

/// `a`: ask for an address.
pub(super) fn open_add(app: &mut App) -> Vec<Effect> {
    app.modal = Some(Modal::input(InputKind::AddFeed, ""));
    Vec::new()
}

/// `d`: ask before removing the feed selected in the feed list.
pub(super) fn open_remove(app: &mut App) -> Vec<Effect> {
    match app.selected_view() {
        View::Feed(id) => {
            if let Some(feed) = app.feed(id) {
                let question = Question::RemoveFeed { feed: id, title: feed.title.clone(), url: feed.url.clone() };
                app.modal = Some(Modal::Confirm(question));
            }
        }
        _ => app.status = Status::Info("select a feed in the feed list to remove it".into()),
    }
    Vec::new()
}

/// Enter on the address: with accounts, ask where it goes; else look for
/// its feeds (nothing typed, nothing to find).
pub(super) fn find(app: &mut App, input: &str) -> Vec<Effect> {
    let input = input.trim().to_owned();
    if input.is_empty() {
        return Vec::new();
    }
    if !app.subscribe_accounts.is_empty() {
        app.modal = Some(Modal::PickTarget { input, selected: 0 });
        return Vec::new();
    }
    discover(app, input)
}

/// Looks for the feeds at `input`, for this machine's config.
fn discover(app: &mut App, input: String) -> Vec<Effect> {
    app.status = Status::Info(format!("looking for feeds at {input}…"));
    app.finding = Some(input.clone());
    vec![Effect::Discover(input)]
}

/// A key while choosing: Enter or 1-9 subscribes, the arrows (or j/k) move, Esc or q cancels.
pub(super) fn pick(app: &mut App, input: String, found: Vec<Found>, selected: usize, key: Key) -> Vec<Effect> {
    if cancels(key) {
        return Vec::new();
    }
    // Ctrl with a character means nothing here.
    let code = match key.code {
        KeyCode::Char(_) if key.mods.contains(KeyModifiers::CONTROL) => KeyCode::Null,
        code => code,
    };
    let chosen = match code {
        KeyCode::Enter => Some(selected),
        KeyCode::Char(c @ '1'..='9') => Some(c as usize - '1' as usize).filter(|i| *i < found.len()),
        KeyCode::Char('q') => return Vec::new(),
        _ => None,
    };
    if let Some(feed) = chosen.and_then(|i| found.get(i)) {
        app.status = Status::Info(format!("subscribing to {}…", feed.url));
        return vec![Effect::AddFeed { url: feed.url.clone() }];
    }
    let selected = match code {
        KeyCode::Up | KeyCode::Char('k') => selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => (selected + 1).min(found.len().saturating_sub(1)),
        _ => selected,
    };
    app.modal = Some(Modal::PickFeed { input, found, selected });
    Vec::new()
}

/// A key while choosing where the address goes: Enter or 1-9 chooses, the
/// arrows (or j/k) move, Esc or q cancels. This machine looks for the feeds
/// as without accounts; an account's server gets the address as typed (the
/// server finds the feed of a site itself); a Fever account is refused.
pub(super) fn pick_target(app: &mut App, input: String, selected: usize, key: Key) -> Vec<Effect> {
    if cancels(key) {
        return Vec::new();
    }
    let rows = app.subscribe_accounts.len() + 1;
    let code = match key.code {
        KeyCode::Char(_) if key.mods.contains(KeyModifiers::CONTROL) => KeyCode::Null,
        code => code,
    };
    let chosen = match code {
        KeyCode::Enter => Some(selected),
        KeyCode::Char(c @ '1'..='9') => Some(c as usize - '1' as usize).filter(|i| *i < rows),
        KeyCode::Char('q') => return Vec::new(),
        _ => None,
    };
    match chosen.map(|i| i.checked_sub(1).and_then(|i| app.subscribe_accounts.get(i)).cloned()) {
        Some(None) => return discover(app, input),
        Some(Some(account)) if account.can_subscribe => {
            let url = crate::sanitize::line(&input);
            app.status = Status::Info(format!("subscribing to {url} on {}…", crate::sanitize::line(&account.name)));
            return vec![Effect::Subscribe { account: account.name, url: input }];
        }
        Some(Some(account)) => {
            app.status = Status::Error(format!(
                "{}: Fever has no subscribe call; subscribe on the server itself",
                crate::sanitize::line(&account.name)
            ));
            app.modal = Some(Modal::PickTarget { input, selected: chosen.unwrap_or(selected) });
            return Vec::new();
        }
        None => {}
    }
    let selected = match code {
        KeyCode::Up | KeyCode::Char('k') => selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => (selected + 1).min(rows - 1),
        _ => selected,
    };
    app.modal = Some(Modal::PickTarget { input, selected });
    Vec::new()
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
            // The choice is what the user waits for: it takes the place of any other modal.
            app.modal = Some(Modal::PickFeed { input, found, selected: 0 });
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
