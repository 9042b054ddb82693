//! UI state and the one function that changes it.
//!
//! `update(&mut App, Msg) -> Vec<Effect>` is pure: it never touches the
//! network, the disk or the terminal. The runtime (`ui`) executes the effects
//! and feeds their results back as messages.

mod actions;
mod article_view;
mod failure;
mod feed_info;
pub mod headline_request;
mod input;
mod input_line;
pub mod layout;
mod marks;
mod modal;
mod navigate;
mod overlays;
mod receive;
mod search;
mod settings;
mod subscriptions;
mod sync_status;
mod views;

use std::path::PathBuf;
use std::sync::Arc;

pub use crate::model::{Anchor, Window};
pub use actions::{ActionSettings, ArticleActions, ItemLink, PipeRequest, SaveRequest, file_name};
pub use article_view::OpenArticle;
pub use failure::Failure;
pub use feed_info::{InfoLine, LABEL_COLUMNS};
pub use headline_request::HeadlineRequest;
pub use input::{Mouse, MouseKind};
pub use input_line::{Accept, Edit, InputLine};
pub use modal::{InputKind, Modal, Question};
pub use settings::Settings;
pub use sync_status::AccountStatus;

use crate::account_sync::SyncEvent;
use crate::article::{Rendered, Source};
use crate::config::{FeedSort, LayoutConfig, TextColumn, Theme};
pub use crate::keymap::{Action, Key, Keymap};
use crate::model::{Article, FeedId, FeedInfo, FeedRow, Headline, ItemId, Listing, SavedView, Sort, View};
use crate::poller::PollerEvent;

/// The pane that has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Feeds,
    Headlines,
    Article,
}

/// Everything that can happen to the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Action(Action),
    /// A key press: the open modal takes it, else the keymap (and any
    /// pending keys of a sequence) decides.
    Key(Key),
    Mouse(Mouse),
    Resize {
        width: u16,
        height: u16,
    },
    /// The time now (unix seconds), for relative dates.
    Now(i64),
    Poller(PollerEvent),
    FeedsLoaded(Vec<FeedRow>),
    /// The answer to `Effect::LoadHeadlines`; `selected` is the position the
    /// anchor resolved to (None: no such row, e.g. nothing unread).
    HeadlinesLoaded {
        query: HeadlineRequest,
        window: Window,
        selected: Option<usize>,
    },
    ArticleLoaded(Article),
    /// A bulk mark read is on disk: this many items changed.
    Marked(usize),
    /// The last bulk mark was undone (this many items unread again), or there was none.
    Undone(Option<usize>),
    /// The render worker laid out an article (see `Effect::RenderArticle`).
    ArticleRendered(Arc<Rendered>),
    /// An effect worked and has something to say; one line for the status bar.
    Info(String),
    /// The config was (re)loaded and its feeds are in force; `note` says what
    /// changed. `settings` are the reader's choices it makes (None without a store).
    ConfigApplied {
        note: String,
        settings: Option<Box<Settings>>,
    },
    /// An effect failed; one line for the status bar.
    Failed(Failure),
    /// The answer to `Effect::LoadFeedInfo`.
    FeedInfoLoaded(Box<FeedInfo>),
    /// The answer to `Effect::LoadUnreadLinks`: unread items with a link, in
    /// listing order; how many have none; how many more there are past the cap.
    UnreadLinks {
        links: Vec<ItemLink>,
        without_link: usize,
        more: usize,
    },
    /// `Effect::OpenAll` opened this many items; this many were marked read.
    OpenedAll {
        opened: usize,
        marked: usize,
    },
    /// The file of a save is there already (answer to `Effect::Save` without `overwrite`).
    SaveExists(SaveRequest),
    /// The last rule application (`tidings rules apply`) was undone: this
    /// many items are as they were; `rule` says which.
    UndoneRule {
        rule: String,
        restored: usize,
    },
    /// Hidden items are back among the others (this many).
    Unhidden(usize),
    /// What the sync task did (the data is on disk already).
    Sync(SyncEvent),
}

/// Work for the runtime. Data effects answer with a `Msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadFeeds,
    LoadHeadlines(HeadlineRequest),
    LoadArticle(ItemId),
    SetRead {
        item: ItemId,
        read: bool,
    },
    SetStarred {
        item: ItemId,
        starred: bool,
    },
    /// Marks the listing's unread items read, remembered for undo; answered by `Msg::Marked`.
    MarkRead(Listing),
    /// Undoes the last bulk mark (or rule application); answered by `Msg::Undone` or `Msg::UndoneRule`.
    UndoMark,
    /// Saves the hide-read choice for the next run.
    SaveHideRead(bool),
    /// `None` refreshes every feed.
    Refresh(Option<FeedId>),
    /// Opens the item's link in the browser (http, https and mailto only).
    OpenItemLink(ItemId),
    /// Runs the notify command with the titles of the `new_items` newest items.
    Notify {
        new_items: usize,
    },
    /// Lays out the article off the UI thread; answered by `Msg::ArticleRendered`.
    RenderArticle {
        article: Box<Article>,
        source: Source,
        width: u16,
    },
    /// Opens a link of the article in the browser (http, https and mailto only).
    OpenUrl(String),
    /// Plays an enclosure with the configured player.
    Play(String),
    /// Copies the item's link to the clipboard (OSC 52, and the system clipboard).
    CopyItemLink(ItemId),
    /// Asks the poller for the main content of the item's web page.
    FetchFullText(ItemId),
    /// Asks the poller for the feeds at a web address (answered by `PollerEvent::Discovered`).
    Discover(String),
    /// Adds a `[[feeds]]` entry to the config, then applies it.
    AddFeed {
        url: String,
    },
    /// Removes the config entry of the feed with this (resolved) URL, then applies it.
    RemoveFeed {
        url: String,
    },
    /// Suspends the UI, runs `$VISUAL`/`$EDITOR` on the config, then reloads it.
    EditConfig,
    /// Reads a feed's details; answered by `Msg::FeedInfoLoaded`.
    LoadFeedInfo(FeedId),
    /// Pipes the item to a command, the terminal handed over while it runs.
    Pipe(PipeRequest),
    /// Writes the item to a file; answered by `Msg::SaveExists` when the
    /// file is there and `overwrite` is false.
    Save {
        request: SaveRequest,
        overwrite: bool,
    },
    /// Runs the bookmark command for the item.
    Bookmark(ItemId),
    /// The listing's unread items and their links; answered by `Msg::UnreadLinks`.
    LoadUnreadLinks(Listing),
    /// Opens each link in the browser, in order, and marks those items read
    /// in one bulk mark (undone by `U`); answered by `Msg::OpenedAll`.
    OpenAll(Vec<ItemLink>),
    /// Brings a hidden item back (Hidden view ids); answered by `Msg::Unhidden`.
    Unhide(ItemId),
    /// Unsubscribes an account's feed on its server (answered by `SyncEvent::Unsubscribed`).
    Unsubscribe(FeedId),
}

/// Progress of the refresh in flight, for the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refresh {
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    pub new_items: usize,
    /// The user asked for it (no notification afterwards).
    pub manual: bool,
    /// Feeds that answered through a permanent redirect.
    pub moved: usize,
    /// Feeds an explicit refresh could not fetch (gone, asked to wait).
    pub skipped: usize,
}

/// What the status line says when no refresh is running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    None,
    Info(String),
    Error(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct App {
    /// Set when there is no config: the welcome screen shows where it goes.
    pub welcome: Option<PathBuf>,
    pub focus: Pane,
    /// Help, the link list, a line being typed, a question or a choice:
    /// while one is open it has the keyboard.
    pub modal: Option<Modal>,
    /// The address whose feeds are being looked for.
    pub finding: Option<String>,
    pub feeds: Vec<FeedRow>,
    pub saved_views: Vec<SavedView>,
    /// The left list: built-in views, tags, saved views, then the feeds.
    pub nav: Vec<View>,
    /// Position of the selection in `nav`.
    pub feed_sel: usize,
    /// The view the headline list shows (it follows the selection in `nav`).
    pub view: View,
    /// The search typed after `/`, narrowing the view.
    pub search: Option<String>,
    pub hide_read: bool,
    pub sort: Sort,
    pub feed_sort: FeedSort,
    /// The loaded part of the listing's headlines.
    pub headlines: Window,
    /// Position of the selected headline in the whole listing.
    pub item_sel: usize,
    /// First visible row of the left list and of the headline list.
    pub feed_scroll: usize,
    pub item_scroll: usize,
    pub article: Option<OpenArticle>,
    /// The article alone on screen, full width.
    pub zen: bool,
    /// Keys typed so far of a multi-key binding (`g` of `g g`).
    pub pending_keys: Vec<Key>,
    /// The article's text column (width, alignment) from the config.
    pub text_column: TextColumn,
    /// The item whose full text the poller is fetching.
    pub fetching_full_text: Option<ItemId>,
    /// A full text just arrived for this item: show it when the item reloads.
    full_text_arrived: Option<ItemId>,
    pub refresh: Refresh,
    /// The user asked for a refresh that has not started yet.
    refresh_asked: bool,
    pub status: Status,
    /// Terminal size, for page sizes and article wrapping.
    pub width: u16,
    pub height: u16,
    /// Local time offset for dates, seconds east of UTC (fixed in tests).
    pub utc_offset: i32,
    /// Unix seconds, for relative dates (set by `Msg::Now`; fixed in tests).
    pub now: i64,
    /// Bindings in force (the help overlay is generated from them).
    pub keymap: Keymap,
    pub theme: Theme,
    pub layout: LayoutConfig,
    pub notify: bool,
    /// Refreshed items are being indexed: a search may miss them for now.
    pub search_indexing: bool,
    pub quit: bool,
    /// Pipe, save, bookmark, open all: their settings and what they remember.
    pub actions: ArticleActions,
    /// `[[highlight]]` styles, in config order (a window says which row has which).
    pub highlights: Vec<ratatui::style::Style>,
    /// The left list offers the Hidden view (rules hide items, or hid some).
    pub hidden_view: bool,
    /// The accounts' sync, as the sync task last told it.
    pub accounts: Vec<AccountStatus>,
}

impl App {
    pub fn new(width: u16, height: u16, utc_offset: i32) -> App {
        App::with_settings(width, height, utc_offset, Settings::default())
    }

    pub fn with_settings(width: u16, height: u16, utc_offset: i32, settings: Settings) -> App {
        let mut app = App {
            welcome: None,
            focus: Pane::Feeds,
            modal: None,
            finding: None,
            feeds: Vec::new(),
            saved_views: settings.saved_views,
            nav: Vec::new(),
            feed_sel: 0,
            view: View::All,
            search: None,
            hide_read: settings.hide_read,
            sort: settings.sort,
            feed_sort: settings.feed_sort,
            headlines: Window::default(),
            item_sel: 0,
            feed_scroll: 0,
            item_scroll: 0,
            article: None,
            zen: false,
            pending_keys: Vec::new(),
            text_column: settings.text_column,
            fetching_full_text: None,
            full_text_arrived: None,
            refresh: Refresh::default(),
            refresh_asked: false,
            status: Status::None,
            width,
            height,
            utc_offset,
            now: 0,
            keymap: settings.keymap,
            theme: settings.theme,
            layout: settings.layout,
            notify: settings.notify,
            search_indexing: false,
            quit: false,
            actions: ArticleActions { settings: settings.actions, last_pipe: None },
            highlights: settings.highlights,
            hidden_view: settings.hidden_view,
            accounts: Vec::new(),
        };
        app.rebuild_nav();
        app
    }

    /// The welcome screen shown when `config_path` does not exist yet.
    pub fn welcome(config_path: PathBuf, width: u16, height: u16) -> App {
        App { welcome: Some(config_path), ..App::new(width, height, 0) }
    }

    /// Effects that fill the screen at start.
    pub fn start(&self) -> Vec<Effect> {
        if self.welcome.is_some() {
            return Vec::new();
        }
        vec![Effect::LoadFeeds, Effect::LoadHeadlines(HeadlineRequest::top(self.listing()))]
    }

    /// Exactly what the headline list shows.
    pub fn listing(&self) -> Listing {
        Listing { view: self.view.clone(), search: self.search.clone(), hide_read: self.hide_read, sort: self.sort }
    }

    /// The view selected in the left list.
    pub fn selected_view(&self) -> View {
        self.nav.get(self.feed_sel).cloned().unwrap_or(View::All)
    }

    pub fn selected_headline(&self) -> Option<&Headline> {
        self.headlines.get(self.item_sel)
    }

    /// Unread items across every feed.
    pub fn total_unread(&self) -> u32 {
        self.feeds.iter().map(|f| f.unread).sum()
    }

    pub fn feed(&self, id: FeedId) -> Option<&FeedRow> {
        self.feeds.iter().find(|f| f.id == id)
    }

    pub fn is_refreshing(&self) -> bool {
        self.refresh.total > self.refresh.done
    }
}

/// The effects of a burst of messages with repeated loads dropped: only the
/// last `LoadFeeds` or `LoadHeadlines` of a view is kept, so a thousand
/// feeds finishing together cost one reload, read after every write.
pub fn coalesce(effects: Vec<Effect>) -> Vec<Effect> {
    let is_load = |e: &Effect| matches!(e, Effect::LoadFeeds | Effect::LoadHeadlines(_));
    let mut kept: Vec<Effect> = Vec::with_capacity(effects.len());
    for effect in effects.into_iter().rev() {
        if !(is_load(&effect) && kept.contains(&effect)) {
            kept.push(effect);
        }
    }
    kept.reverse();
    kept
}

/// Applies one message; returns the work the runtime must do.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = match msg {
        Msg::Action(action) => input::action(app, action),
        Msg::Key(key) => input::key(app, key),
        Msg::Mouse(mouse) => input::mouse(app, mouse),
        Msg::Resize { width, height } => {
            app.width = width;
            app.height = height;
            app.clamp_feed_info();
            let mut effects = receive::relayout_article(app);
            effects.extend(app.follow_selection());
            effects
        }
        Msg::Now(now) => {
            app.now = now;
            Vec::new()
        }
        Msg::Poller(event) => receive::poller(app, event),
        Msg::FeedsLoaded(rows) => receive::feeds(app, rows),
        Msg::HeadlinesLoaded { query, window, selected } => receive::headlines(app, query, window, selected),
        Msg::ArticleLoaded(article) => receive::article(app, article),
        Msg::Marked(count) => marks::marked(app, count),
        Msg::Undone(count) => marks::undone(app, count),
        Msg::ArticleRendered(rendered) => {
            receive::rendered(app, rendered);
            Vec::new()
        }
        Msg::Info(info) => {
            app.status = Status::Info(info);
            Vec::new()
        }
        Msg::ConfigApplied { note, settings } => {
            app.status = Status::Info(note);
            let mut effects = settings.map_or_else(Vec::new, |s| app.take_settings(*s));
            effects.extend([Effect::LoadFeeds, Effect::LoadHeadlines(receive::keep_selection(app))]);
            effects
        }
        Msg::Failed(failure) => {
            app.status = Status::Error(failure.to_string());
            Vec::new()
        }
        Msg::FeedInfoLoaded(info) => feed_info::loaded(app, info),
        Msg::UnreadLinks { links, without_link, more } => actions::unread_links(app, links, without_link, more),
        Msg::OpenedAll { opened, marked } => actions::opened_all(app, opened, marked),
        Msg::SaveExists(request) => actions::save_exists(app, request),
        Msg::UndoneRule { rule, restored } => marks::undone_rule(app, &rule, restored),
        Msg::Unhidden(count) => views::unhidden(app, count),
        Msg::Sync(event) => sync_status::event(app, event),
    };
    if effects.iter().any(|e| matches!(e, Effect::Refresh(_))) {
        app.refresh_asked = true;
    }
    effects
}
