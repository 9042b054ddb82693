//! Plain data shared by the poller, the store and the UI.
//! Everything here is already sanitised: strings that come from feeds have had
//! control and escape characters removed by `sanitize` before they were built.

/// Row id of a feed in the store.
pub type FeedId = i64;
/// Row id of an item in the store.
pub type ItemId = i64;

/// A feed the user subscribed to, as resolved from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSource {
    /// Absolute `http(s)://` or `file://` URL (relative paths already resolved).
    pub url: String,
    /// Title set in the config; wins over the feed's own title.
    pub title: Option<String>,
    pub tags: Vec<String>,
}

/// A feed as parsed from the network, ready to be stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub items: Vec<ParsedItem>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub read: bool,
    pub starred: bool,
}

/// What one ingest did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IngestReport {
    pub new_items: usize,
    pub updated_items: usize,
}
