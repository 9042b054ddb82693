//! UI state and the one function that changes it.
//!
//! `update(&mut App, Msg) -> Vec<Effect>` is pure: it never touches the
//! network, the disk or the terminal. The runtime (`ui`) executes the effects
//! and feeds their results back as messages.

pub mod action;
pub mod dialog;
pub mod keymap;
pub mod layout;
mod navigate;
mod reading;
mod receive;
pub mod window;

use std::path::PathBuf;
use std::sync::Arc;

pub use action::Action;
pub use dialog::{Dialog, DialogKey};
pub use keymap::Keymap;
pub use reading::{OpenArticle, Prompt, PromptKey, PromptKind, Reading, TextAlign};
pub use window::{Anchor, Query, Window};

use crate::article::{Rendered, Source};
use crate::model::{Article, FeedId, FeedRow, Headline, ItemId, View};

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
    Resize {
        width: u16,
        height: u16,
    },
    Poller(PollerEvent),
    FeedsLoaded(Vec<FeedRow>),
    /// The answer to `Effect::LoadHeadlines`; `selected` is the position the
    /// anchor resolved to (None: no such row, e.g. nothing unread).
    HeadlinesLoaded {
        query: Query,
        window: Window,
        selected: Option<usize>,
    },
    ArticleLoaded(Article),
    /// The render worker laid out an article (see `Effect::RenderArticle`).
    ArticleRendered(Arc<Rendered>),
    /// A key typed while a prompt is open.
    Prompt(PromptKey),
    /// An effect worked and has something to say; one line for the status bar.
    Info(String),
    /// A key typed while a dialog is open.
    DialogKey(DialogKey),
    /// The config was (re)loaded and its feeds are in force; `note` says what changed.
    ConfigApplied {
        note: String,
    },
    /// An effect failed; one line for the status bar.
    Failed(String),
}

/// Work for the runtime. Data effects answer with a `Msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadFeeds,
    LoadHeadlines(Query),
    LoadArticle(ItemId),
    SetRead {
        item: ItemId,
        read: bool,
    },
    MarkViewRead(View),
    /// `None` refreshes every feed.
    Refresh(Option<FeedId>),
    /// Opens the item's link in the browser (http, https and mailto only).
    OpenItemLink(ItemId),
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
}

/// Progress of the refresh in flight, for the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refresh {
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    pub new_items: usize,
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
    pub help: bool,
    /// First row of the help overlay shown (it scrolls on small terminals).
    pub help_scroll: usize,
    /// The link list overlay (`L`) is shown, from this row.
    pub links: Option<usize>,
    /// A one-line question in the status line (link number...).
    pub prompt: Option<Prompt>,
    /// Feed management dialog (add, choose, confirm removal); it has the keyboard.
    pub dialog: Option<Dialog>,
    /// The address whose feeds are being looked for.
    pub finding: Option<String>,
    pub feeds: Vec<FeedRow>,
    /// 0 is "All items"; `i + 1` is `feeds[i]`.
    pub feed_sel: usize,
    /// The view the headline list shows (it follows the feed selection).
    pub view: View,
    /// The loaded part of the view's headlines.
    pub headlines: Window,
    /// Position of the selected headline in the whole view.
    pub item_sel: usize,
    /// First visible row of the feed list and of the headline list.
    pub feed_scroll: usize,
    pub item_scroll: usize,
    pub article: Option<OpenArticle>,
    /// Reading settings from the config.
    pub reading: Reading,
    /// The item whose full text the poller is fetching.
    pub fetching_full_text: Option<ItemId>,
    /// A full text just arrived for this item: show it when the item reloads.
    full_text_arrived: Option<ItemId>,
    pub refresh: Refresh,
    pub status: Status,
    /// Terminal size, for page sizes and article wrapping.
    pub width: u16,
    pub height: u16,
    /// Local time offset for dates, seconds east of UTC (fixed in tests).
    pub utc_offset: i32,
    /// Bindings in force (the help overlay is generated from them).
    pub keymap: Keymap,
    pub quit: bool,
}

impl App {
    pub fn new(width: u16, height: u16, utc_offset: i32) -> App {
        App {
            welcome: None,
            focus: Pane::Feeds,
            help: false,
            help_scroll: 0,
            links: None,
            prompt: None,
            dialog: None,
            finding: None,
            feeds: Vec::new(),
            feed_sel: 0,
            view: View::All,
            headlines: Window::default(),
            item_sel: 0,
            feed_scroll: 0,
            item_scroll: 0,
            article: None,
            reading: Reading::default(),
            fetching_full_text: None,
            full_text_arrived: None,
            refresh: Refresh::default(),
            status: Status::None,
            width,
            height,
            utc_offset,
            keymap: Keymap::default(),
            quit: false,
        }
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
        vec![Effect::LoadFeeds, Effect::LoadHeadlines(Query::top(self.view))]
    }

    /// The view selected in the feed list.
    pub fn selected_view(&self) -> View {
        match self.feed_sel {
            0 => View::All,
            i => self.feeds.get(i - 1).map_or(View::All, |f| View::Feed(f.id)),
        }
    }

    pub fn selected_headline(&self) -> Option<&Headline> {
        self.headlines.get(self.item_sel)
    }

    /// Rows the feed list and the headline list show.
    pub fn list_rows(&self) -> (usize, usize) {
        let panes = self.panes();
        let rows = |r: Option<ratatui::layout::Rect>| r.map_or(1, layout::inner_height).max(1);
        (rows(panes.feeds), rows(panes.headlines))
    }

    /// Unread items across every feed (the "All items" count).
    pub fn total_unread(&self) -> u32 {
        self.feeds.iter().map(|f| f.unread).sum()
    }

    pub fn feed(&self, id: FeedId) -> Option<&FeedRow> {
        self.feeds.iter().find(|f| f.id == id)
    }

    pub fn is_refreshing(&self) -> bool {
        self.refresh.total > self.refresh.done
    }

    fn panes(&self) -> layout::Panes {
        layout::layout(self.area(), self.focus)
    }

    fn area(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.width, self.height)
    }

    /// Rows of text the article pane shows (in the layout where it is visible).
    pub fn article_rows(&self) -> usize {
        layout::layout(self.area(), Pane::Article).article.map_or(1, layout::inner_height).max(1)
    }

    /// Rows the help overlay shows at once.
    pub fn help_rows(&self) -> usize {
        let rows = Action::ALL.len();
        rows.min(usize::from(self.height).saturating_sub(2)).max(1)
    }

    /// Rows the link list overlay shows at once.
    pub fn links_rows(&self) -> usize {
        usize::from(self.height).saturating_sub(4).max(1)
    }

    /// Largest useful article scroll: the last page is a full page.
    pub fn max_article_scroll(&self) -> usize {
        self.article.as_ref().map_or(0, |open| open.lines().len().saturating_sub(self.article_rows()))
    }

    /// Width the article text is wrapped to in the current layout.
    pub fn article_text_width(&self) -> u16 {
        // The narrow layout shows the article full-width when it has focus.
        let panes = layout::layout(self.area(), Pane::Article);
        panes.article.map_or(1, |r| layout::text_width(r, self.reading.text_width))
    }

    /// The open article, if the current layout shows it.
    pub fn visible_article(&self) -> Option<&OpenArticle> {
        self.panes().article.and(self.article.as_ref())
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
    match msg {
        Msg::Action(action) => navigate::action(app, action),
        Msg::Resize { width, height } => {
            app.width = width;
            app.height = height;
            let mut effects = receive::relayout_article(app);
            effects.extend(app.follow_selection());
            effects
        }
        Msg::Poller(event) => receive::poller(app, event),
        Msg::FeedsLoaded(rows) => receive::feeds(app, rows),
        Msg::HeadlinesLoaded { query, window, selected } => receive::headlines(app, query, window, selected),
        Msg::ArticleLoaded(article) => receive::article(app, article),
        Msg::ArticleRendered(rendered) => {
            receive::rendered(app, rendered);
            Vec::new()
        }
        Msg::Prompt(key) => reading::prompt_key(app, key),
        Msg::Info(info) => {
            app.status = Status::Info(info);
            Vec::new()
        }
        Msg::DialogKey(key) => dialog::key(app, key),
        Msg::ConfigApplied { note } => {
            app.status = Status::Info(note);
            vec![Effect::LoadFeeds, Effect::LoadHeadlines(receive::keep_selection(app))]
        }
        Msg::Failed(error) => {
            app.status = Status::Error(error);
            Vec::new()
        }
    }
}
