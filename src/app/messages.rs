//! The messages the UI receives (`Msg`) and the work it asks of the runtime
//! (`Effect`): the pure core's whole interface with the outside.

use std::sync::Arc;

use super::{Action, Failure, HeadlineRequest, ItemLink, Key, Mouse, PipeRequest, SaveRequest, Settings};
use crate::account_sync::SyncEvent;
use crate::article::{Rendered, Source};
use crate::model::{Article, FeedId, FeedInfo, FeedRow, ItemId, Listing, Window};
use crate::poller::PollerEvent;

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
    /// Subscribes to `url` on the account's server (answered by `SyncEvent::Subscribed`).
    Subscribe {
        account: String,
        url: String,
    },
}
