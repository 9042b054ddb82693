//! The poller's typed messages: what the UI (or the headless CLI) asks, and
//! what happened, in the order the poller's documentation gives.

use crate::model::{FeedId, Found, ItemId};

use super::{FeedError, FeedList};

/// What the UI (or the headless CLI) asks of the poller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollerCmd {
    RefreshAll,
    RefreshFeed(FeedId),
    /// Fetch the item's web page and store its main content.
    FetchFullText {
        item: ItemId,
    },
    /// The configured feeds changed (config reload): fetch the new ones now.
    SetFeeds(FeedList),
    /// Find the feeds of a web address (answered by `Discovered`).
    Discover(String),
    /// Finish in-flight work quickly and end the task.
    Shutdown,
    /// The config's `[[rules]]` changed (config reload): new items get these.
    SetRules(Vec<crate::model::Rule>),
}

/// What happened, in the past tense. Data is already on disk when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollerEvent {
    /// These feeds were queued for fetching (feeds already in flight are not queued twice).
    Queued { feeds: Vec<FeedId> },
    /// An explicit refresh could not fetch this feed now (gone, or asked to wait); one line why.
    FeedSkipped { feed: FeedId, reason: String },
    /// The feed answered through a permanent redirect to `to`, which is used from now on.
    FeedRedirected { feed: FeedId, to: String },
    /// Fetched, parsed and stored (new_items may be 0).
    FeedUpdated { feed: FeedId, new_items: usize },
    /// 304 Not Modified, or the same bytes as last time: nothing parsed, nothing written.
    FeedUnchanged { feed: FeedId },
    /// Fetch, parse or store failed; the error's display is also stored on the feed.
    FeedFailed { feed: FeedId, error: FeedError },
    /// Retention removed this many items after a refresh.
    Pruned { items: usize },
    /// The full text of the item's page is stored.
    FullTextFetched { item: ItemId },
    /// The item's page could not be fetched or held no article; one readable line.
    FullTextFailed { item: ItemId, error: String },
    /// The answer to `Discover`: the feeds found at `input`, or why none.
    Discovered { input: String, result: Result<Vec<Found>, String> },
    /// 410 Gone: the feed is no longer polled.
    FeedGone { feed: FeedId },
    /// Every feed of the busy spell is fetched and stored, and retention has
    /// run: what a refresh's summary reports. Search indexing may follow
    /// before `Idle`.
    FetchesDone,
    /// Items stored by refreshes are being added to the search index (sent
    /// only when some are waiting); searches may miss them until `SearchIndexed`.
    SearchIndexing,
    /// The search index has caught up with the stored items (this many added).
    SearchIndexed { items: usize },
    /// Nothing queued or in flight any more. Also the answer to a
    /// `RefreshAll`/`RefreshFeed` that found nothing to do.
    Idle,
}

impl PollerEvent {
    /// The feed whose refresh this event ends, if it is such an event.
    pub fn finished_feed(&self) -> Option<FeedId> {
        match self {
            PollerEvent::FeedUpdated { feed, .. }
            | PollerEvent::FeedUnchanged { feed }
            | PollerEvent::FeedFailed { feed, .. }
            | PollerEvent::FeedGone { feed } => Some(*feed),
            _ => None,
        }
    }
}
