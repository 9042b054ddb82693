//! What holds the keyboard above the reader: at most one modal at a time
//! (`App::modal`). The overlays (help, the link list, a feed's details) read keys through the
//! keymap as actions (`overlays`); the others take each key as it is typed,
//! here: a line typed in the status line, a yes/no question, the choice
//! among the feeds a page offers.

use crossterm::event::{KeyCode, KeyModifiers};

use super::actions::{self, ItemLink, SaveRequest};
use super::input_line::{Accept, Edit, InputLine, cancels};
use super::{App, Effect, Key, Status, article_view, marks, search, subscriptions};
use crate::article::Source;
use crate::model::{FeedId, FeedInfo, Found, ItemId};

/// The modal on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    /// `?`: the keys in force, from this row (it scrolls on small terminals).
    Help { scroll: usize },
    /// `L`: the article's links, from this row.
    Links { scroll: usize },
    /// A line typed in the status line.
    Input { kind: InputKind, line: InputLine },
    /// A yes/no question in the status line.
    Confirm(Question),
    /// The page at `input` offers several feeds: which one?
    PickFeed { input: String, found: Vec<Found>, selected: usize },
    /// `a` with accounts: does `input` go to this machine's config (row 0)
    /// or to an account's server (row i: `App::subscribe_accounts[i - 1]`)?
    PickTarget { input: String, selected: usize },
    /// `i`: a feed's details, from this line (see `feed_info`).
    FeedInfo { info: Box<FeedInfo>, scroll: usize },
}

/// What a typed line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// `/`: the search, applied as it is typed.
    Search,
    /// `a`: the address of a feed or of a site.
    AddFeed,
    /// `#`: a link number of the article. Typed over the link list, this
    /// is the list's scroll: the list comes back after.
    Link { over_list: Option<usize> },
    /// `e`: an enclosure number (1 is the first enclosure).
    Enclosure,
    /// `|`: the command the item is piped to.
    Pipe { item: ItemId, source: Option<Source> },
    /// `w`: the path the item is saved to.
    SavePath { item: ItemId, source: Option<Source> },
}

/// A question answered by y (yes) or n, Esc, Ctrl-C (no).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Ctrl-A: mark every item of every feed read?
    MarkAllRead,
    /// `d`: remove this feed from the config (its items are kept)?
    RemoveFeed { feed: FeedId, title: String, url: String },
    /// `w`: the file is there; replace it (no: change the path)?
    Overwrite(SaveRequest),
    /// `O`: open this many items in the browser (`more` stay unread)?
    OpenAll { links: Vec<ItemLink>, more: usize },
}

/// Longest search accepted, in characters (a paste of a whole page is cut).
const MAX_SEARCH: usize = 200;
/// Longest address accepted, in characters.
const MAX_ADDRESS: usize = 2048;
/// Longest link or enclosure number accepted, in digits.
const MAX_DIGITS: usize = 6;

impl Modal {
    /// A line of this kind holding `text` (as much of it as the kind takes).
    pub fn input(kind: InputKind, text: &str) -> Modal {
        let line = match kind {
            InputKind::Search => InputLine::new(text, MAX_SEARCH, Accept::Text),
            InputKind::AddFeed => InputLine::new(text, MAX_ADDRESS, Accept::Text),
            InputKind::Link { .. } | InputKind::Enclosure => InputLine::new(text, MAX_DIGITS, Accept::Digits),
            InputKind::Pipe { .. } => InputLine::new(text, actions::MAX_COMMAND, Accept::Text),
            InputKind::SavePath { .. } => InputLine::new(text, actions::MAX_PATH, Accept::Text),
        };
        Modal::Input { kind, line }
    }

    /// The modal takes keys as typed, not through the keymap.
    pub(super) fn takes_keys(&self) -> bool {
        !matches!(self, Modal::Help { .. } | Modal::Links { .. } | Modal::FeedInfo { .. })
    }
}

/// A key for the open modal that takes keys as typed.
pub(super) fn key(app: &mut App, key: Key) -> Vec<Effect> {
    match app.modal.take() {
        Some(Modal::Input { kind, mut line }) => {
            let edit = line.edit(key);
            typed(app, kind, line, edit, key)
        }
        Some(Modal::Confirm(question)) => match answer(key) {
            Some(yes) => answered(app, question, yes),
            None => {
                app.modal = Some(Modal::Confirm(question));
                Vec::new()
            }
        },
        Some(Modal::PickFeed { input, found, selected }) => subscriptions::pick(app, input, found, selected, key),
        Some(Modal::PickTarget { input, selected }) => subscriptions::pick_target(app, input, selected, key),
        other => {
            app.modal = other;
            Vec::new()
        }
    }
}

/// After a key in a typed line: the search follows each key; Enter acts on
/// the line, Enter and Esc close it.
fn typed(app: &mut App, kind: InputKind, line: InputLine, edit: Edit, key: Key) -> Vec<Effect> {
    if let Edit::Submit | Edit::Cancel = edit {
        app.modal = match kind {
            InputKind::Link { over_list: Some(scroll) } => Some(Modal::Links { scroll }),
            _ => None,
        };
        return match (kind, edit) {
            (InputKind::Search, Edit::Submit) => search::submit(app),
            (InputKind::Search, _) => search::clear_search(app),
            (InputKind::AddFeed, Edit::Submit) => subscriptions::find(app, line.text()),
            (InputKind::Link { .. }, Edit::Submit) => article_view::answer_link(app, line.text()),
            (InputKind::Enclosure, Edit::Submit) => article_view::answer_enclosure(app, line.text()),
            (InputKind::Pipe { item, source }, Edit::Submit) => actions::pipe_typed(app, item, source, line.text()),
            (InputKind::SavePath { item, source }, Edit::Submit) => actions::save_typed(app, item, source, line.text()),
            _ => Vec::new(),
        };
    }
    let search = (kind == InputKind::Search).then(|| line.text().trim().to_owned());
    app.modal = Some(Modal::Input { kind, line });
    match (search, edit) {
        (Some(search), Edit::Edited) => search::typed(app, search),
        // Moving through the results while typing.
        (Some(_), _) if matches!(key.code, KeyCode::Up | KeyCode::Down) => {
            search::step_results(app, if key.code == KeyCode::Down { 1 } else { -1 })
        }
        _ => Vec::new(),
    }
}

/// y (or Y) is yes; n (or N), Esc and Ctrl-C are no; other keys are not an answer.
fn answer(key: Key) -> Option<bool> {
    let ctrl = key.mods.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('y' | 'Y') if !ctrl => Some(true),
        KeyCode::Char('n' | 'N') if !ctrl => Some(false),
        _ if cancels(key) => Some(false),
        _ => None,
    }
}

fn answered(app: &mut App, question: Question, yes: bool) -> Vec<Effect> {
    match (question, yes) {
        (Question::MarkAllRead, true) => marks::mark_everything_read(app),
        (Question::MarkAllRead, false) => {
            app.status = Status::Info("nothing marked".into());
            Vec::new()
        }
        (Question::RemoveFeed { feed, title, url }, true) => match app.feed(feed).and_then(|f| f.account.clone()) {
            // An account's feed is the server's subscription, not the config's.
            Some(account) => {
                app.status = Status::Info(format!("unsubscribing {title} on {account}…"));
                vec![Effect::Unsubscribe(feed)]
            }
            None => {
                app.status = Status::Info(format!("removing {title}…"));
                vec![Effect::RemoveFeed { url }]
            }
        },
        (Question::RemoveFeed { .. }, false) => Vec::new(),
        (question, yes) => actions::answered(app, question, yes),
    }
}
