//! Plain data shared by the poller, the store and the UI.
//! Everything here is already sanitised: strings that come from feeds have had
//! control and escape characters removed by `sanitize` before they were built.

mod account;
mod command_line;
mod progress;
mod rules;
mod secret;
mod window;

pub use account::{
    AccountId, AccountState, BulkScope, MarkField, PendingBulk, PendingChange, PullReport, RemoteFeedRow, RemoteItemRow,
};
pub use command_line::{COMMAND_PREFIX, command_key, is_command_key, quoted};
pub use progress::Progress;
pub use rules::{Rule, RuleAction, RuleMatches, UndoneMark};
pub use secret::Secret;
pub use window::{Anchor, WINDOW, Window};

/// Row id of a feed in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(transparent)]
pub struct FeedId(pub i64);

/// Row id of an item in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(transparent)]
pub struct ItemId(pub i64);

impl std::str::FromStr for ItemId {
    type Err = std::num::ParseIntError;

    fn from_str(s: &str) -> Result<ItemId, Self::Err> {
        s.parse().map(ItemId)
    }
}

impl std::fmt::Display for FeedId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A feed the user subscribed to, as resolved from the config.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedSource {
    /// Absolute `http(s)://` or `file://` URL (relative paths already resolved).
    pub url: String,
    /// Title set in the config; wins over the feed's own title.
    pub title: Option<String>,
    pub tags: Vec<String>,
    /// Fetch the full text of new items from their pages during refresh.
    pub full_text: bool,
    /// Minutes between automatic refreshes (0: never); None: the global setting.
    pub refresh_interval: Option<u64>,
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
    /// A command source: this program (its path resolved) is run and its
    /// standard output is the feed; `url` is then its key (`command_key`).
    pub command: Option<Vec<String>>,
    /// The fetched bytes go through this program before they are read.
    pub filter: Option<Vec<String>>,
}

/// A feed as parsed from the network, ready to be stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub items: Vec<ParsedItem>,
    /// How often the feed says it changes (RSS `ttl`, `sy:updatePeriod`), seconds.
    pub interval_hint: Option<u64>,
    /// Read, but not all of it: kept on the feed as its error line until a
    /// fetch reads it whole (the feed still counts as refreshed).
    pub warning: Option<String>,
    /// What the feed says about itself besides its title and site.
    pub details: FeedDetails,
}

/// A feed's description of itself, as its document gives it (sanitised,
/// one line each, URLs absolute).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedDetails {
    /// RSS `description`, Atom `subtitle` (0.3 `tagline`), JSON `description`, as text.
    pub description: Option<String>,
    /// As written: `en`, `fr-FR`.
    pub language: Option<String>,
    /// A small square image: Atom `icon`, JSON `favicon`.
    pub icon: Option<String>,
    /// A larger image: RSS `image`, `itunes:image`, Atom `logo`, JSON `icon`.
    pub logo: Option<String>,
    pub author: Option<String>,
    /// The software that wrote the feed.
    pub generator: Option<String>,
}

/// One entry of a parsed feed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedItem {
    /// Stable identity within its feed: the guid, else the link, else a hash.
    pub guid: String,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    /// Publication (or update) time, unix seconds.
    pub published: Option<i64>,
    /// Body as HTML (or plain text), the fullest the feed offers.
    pub content: Option<String>,
    /// Base for relative URLs in `content` (`xml:base`), when the feed sets one.
    pub base: Option<String>,
    /// Attached media (podcast audio, video), in feed order.
    pub enclosures: Vec<Enclosure>,
}

/// A media file attached to an item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Enclosure {
    /// Absolute URL, sanitised.
    pub url: String,
    /// MIME type as the feed declares it (`audio/mpeg`).
    pub mime: Option<String>,
    /// Size in bytes as the feed declares it.
    pub length: Option<u64>,
}

/// A feed as listed in the UI.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedRow {
    pub id: FeedId,
    pub url: String,
    /// Config title, else the feed's own title, else the URL.
    pub title: String,
    /// Tags from the config, in config order.
    pub tags: Vec<String>,
    pub unread: u32,
    pub total: u32,
    pub starred: u32,
    /// Error of the last fetch, if it failed.
    pub last_error: Option<String>,
    /// Unix seconds of the last successful fetch.
    pub last_fetched: Option<i64>,
    /// The account the feed is synced from (its name); None for a feed of the config.
    pub account: Option<String>,
}

/// Which items a headline list shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// Every item of every configured feed.
    #[default]
    All,
    /// Unread items of configured feeds.
    Unread,
    /// Starred items, of any feed (even one no longer configured).
    Starred,
    /// Items of the configured feeds that have this tag.
    Tag(String),
    /// A `[[views]]` entry of the config.
    Saved(SavedView),
    Feed(FeedId),
    /// What rules hid (`action = "hide"`), of any feed: the way back.
    Hidden,
}

/// A named query from the config.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SavedView {
    pub name: String,
    pub filter: crate::query::Filter,
}

/// Order of a headline list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// By date, newest first.
    #[default]
    Newest,
    Oldest,
    /// Grouped by feed in the feed list's config order, newest first in each.
    Feed,
}

impl Sort {
    /// The next order, for the key that cycles them.
    pub fn next(self) -> Sort {
        match self {
            Sort::Newest => Sort::Oldest,
            Sort::Oldest => Sort::Feed,
            Sort::Feed => Sort::Newest,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "newest first",
            Sort::Oldest => "oldest first",
            Sort::Feed => "by feed",
        }
    }
}

/// What a headline list shows exactly: a view, maybe narrowed by a search
/// and to unread items, in an order. The store pages it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Listing {
    pub view: View,
    /// Text typed after `/`: every word must match (as a prefix).
    pub search: Option<String>,
    pub hide_read: bool,
    pub sort: Sort,
}

impl From<View> for Listing {
    fn from(view: View) -> Listing {
        Listing { view, ..Listing::default() }
    }
}

/// One row of the headline list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub id: ItemId,
    pub feed_id: FeedId,
    pub title: String,
    /// Publication time, else the time we first saw it; unix seconds.
    pub date: i64,
    pub read: bool,
    pub starred: bool,
}

/// Everything the article pane shows about one item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    pub id: ItemId,
    pub feed_id: FeedId,
    pub feed_title: String,
    pub title: String,
    pub author: Option<String>,
    pub link: Option<String>,
    pub date: i64,
    /// HTML or plain text body, as stored.
    pub content: Option<String>,
    /// Base for relative URLs in the body; the link when the feed set none.
    pub base: Option<String>,
    /// The main content of the item's web page (HTML), once fetched.
    pub full_text: Option<String>,
    pub enclosures: Vec<Enclosure>,
    pub read: bool,
    pub starred: bool,
}

/// What the poller remembers about fetching one feed (the store's `fetch_state`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FetchState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Hash of the last body stored (see `poller`).
    pub body_hash: Option<String>,
    /// Unix ms when the feed is next due by its interval.
    pub next_due_ms: Option<i64>,
    /// Unix ms before which no request is made (Retry-After or backoff).
    pub retry_at_ms: Option<i64>,
    /// `retry_at_ms` was asked for by the server.
    pub server_hold: bool,
    /// Failures in a row.
    pub failures: u32,
    /// Seconds between polls the server or feed asked for.
    pub hint_secs: Option<i64>,
    /// Where a permanent redirect leads.
    pub moved_to: Option<String>,
    /// Unix seconds of the 410 Gone that stopped polling.
    pub gone_at: Option<i64>,
}

/// A remembered permanent redirect or 410, for `tidings check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedNotice {
    pub url: String,
    pub moved_to: Option<String>,
    pub gone_at: Option<i64>,
}

/// What one ingest did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IngestReport {
    /// New items stored and shown (those a rule hid are not counted here).
    pub new_items: usize,
    pub updated_items: usize,
    /// New items a rule hid.
    pub hidden_items: usize,
}

/// What retention removes: read items older than `keep_days`, and items past
/// the newest `max_items_per_feed` of a feed (0 turns either off). Starred
/// items are always kept; unread ones too unless `keep_unread` is false.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub keep_days: u32,
    pub max_items_per_feed: u32,
    pub keep_unread: bool,
}

impl Retention {
    pub fn is_off(&self) -> bool {
        self.keep_days == 0 && self.max_items_per_feed == 0
    }
}

/// What the last fetches learnt about a feed, configured or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedMeta {
    pub url: String,
    pub feed_title: Option<String>,
    pub site_url: Option<String>,
}

/// An item from another reader, with the marks it had there.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MarkedItem {
    pub item: ParsedItem,
    pub read: bool,
    pub starred: bool,
}

/// What importing marked items did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MarksReport {
    /// Items the store did not have, stored with their marks.
    pub new_items: usize,
    /// Items the store had (same guid, else same link) whose marks were merged.
    pub matched: usize,
}

/// A feed found for an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub url: String,
    /// The feed's title when it was fetched, else the link's `title` attribute.
    pub title: Option<String>,
    /// `RSS`, `Atom` or `JSON Feed`, when the page said.
    pub kind: Option<&'static str>,
}

impl Found {
    /// One line for a list to choose from: `Title (Atom) <url>`.
    pub fn label(&self) -> String {
        let mut label = self.title.clone().unwrap_or_default();
        match self.kind {
            Some(kind) if label.is_empty() => label = kind.to_owned(),
            Some(kind) if !label.to_ascii_lowercase().contains(&kind.to_ascii_lowercase()) => {
                label = format!("{label} ({kind})");
            }
            _ => {}
        }
        if label.is_empty() { self.url.clone() } else { format!("{label} <{}>", self.url) }
    }
}

/// The warning of a feed whose title could not be read: it is listed by its
/// address. Shown only while it is (a config title, or one kept from an
/// earlier fetch, names the feed instead: see `store`).
pub const NO_TITLE: &str = "the feed has no title that could be read: listed by its address";

/// Everything known about one feed: its row in the list, what it says about
/// itself and how fetching it goes. For its details overlay and `tidings feeds`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedInfo {
    pub row: FeedRow,
    /// The site the feed belongs to (RSS `link`, Atom `link rel="alternate"`, JSON `home_page_url`).
    pub site_url: Option<String>,
    pub details: FeedDetails,
    /// Unix seconds of the error or warning on `row.last_error`.
    pub last_error_at: Option<i64>,
    /// Where a permanent redirect leads: the feed is fetched from there.
    pub moved_to: Option<String>,
    /// Unix seconds of the 410 Gone that stopped polling.
    pub gone_at: Option<i64>,
    /// Still in the config (a starred item's feed may have left it).
    pub configured: bool,
}
