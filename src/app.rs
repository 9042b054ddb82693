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
mod messages;
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

pub use crate::model::{Anchor, Window};
pub use actions::{ActionSettings, ArticleActions, ItemLink, PipeRequest, SaveRequest, file_name};
pub use article_view::OpenArticle;
pub use failure::Failure;
pub use feed_info::{InfoLine, LABEL_COLUMNS};
pub use headline_request::HeadlineRequest;
pub use input::{Mouse, MouseKind};
pub use input_line::{Accept, Edit, InputLine};
pub use messages::{Effect, Msg};
pub use modal::{InputKind, Modal, Question};
pub use settings::Settings;
pub use subscriptions::SubscribeTarget;
pub use sync_status::AccountStatus;

use crate::config::{FeedSort, LayoutConfig, TextColumn, Theme};
pub use crate::keymap::{Action, Key, Keymap};
use crate::model::{FeedId, FeedRow, Headline, ItemId, Listing, SavedView, Sort, View};

/// The pane that has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Feeds,
    Headlines,
    Article,
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
    /// The config's accounts, offered by `a` beside this machine.
    pub subscribe_accounts: Vec<SubscribeTarget>,
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
            subscribe_accounts: settings.accounts,
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

    /// True while the search line is open: what is typed there changes the
    /// results, so keys already waiting are worth reading before any load runs.
    pub fn typing_search(&self) -> bool {
        matches!(self.modal, Some(Modal::Input { kind: InputKind::Search, .. }))
    }

    /// True for a load of headlines the app no longer shows (a search a later
    /// key has already changed): its answer would be dropped, so it need not run.
    pub fn is_stale(&self, effect: &Effect) -> bool {
        matches!(effect, Effect::LoadHeadlines(request) if request.listing != self.listing())
    }
}

/// A read of the feed list or of headlines (what `coalesce` merges).
pub fn is_load(effect: &Effect) -> bool {
    matches!(effect, Effect::LoadFeeds | Effect::LoadHeadlines(_))
}

/// The effects of a burst of messages with repeated loads dropped: only the
/// last `LoadFeeds` or `LoadHeadlines` of a view is kept, so a thousand
/// feeds finishing together cost one reload, read after every write.
pub fn coalesce(effects: Vec<Effect>) -> Vec<Effect> {
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
