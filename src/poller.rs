//! The background task that owns the network: fetches feeds with bounded
//! concurrency, hands them to the store and reports typed events.
//! STUB: signatures are the contract; bodies are being written.

use std::time::Duration;

use tokio::sync::mpsc;

use crate::model::FeedId;
use crate::store::Store;

/// What the UI (or the headless CLI) asks of the poller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollerCmd {
    RefreshAll,
    RefreshFeed(FeedId),
    /// Finish in-flight work quickly and end the task.
    Shutdown,
}

/// What happened, in the past tense. Data is already on disk when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollerEvent {
    /// These feeds were queued for fetching (feeds already in flight are not queued twice).
    Queued { feeds: Vec<FeedId> },
    /// Fetched and stored (new_items may be 0).
    FeedUpdated { feed: FeedId, new_items: usize },
    /// Fetch or parse failed; the error is one readable line, also stored on the feed.
    FeedFailed { feed: FeedId, error: String },
    /// Nothing queued or in flight any more.
    Idle,
}

/// Knobs from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollerSettings {
    pub max_concurrent_fetches: usize,
    pub request_timeout: Duration,
    /// None: no automatic refresh.
    pub refresh_interval: Option<Duration>,
    /// Queue every feed as soon as the task starts.
    pub refresh_on_start: bool,
}

/// The configured feeds the poller may fetch: (store id, absolute URL).
pub type FeedList = Vec<(FeedId, String)>;

/// Starts the poller on the current tokio runtime. `store` is the poller's own
/// connection (writes happen off the async workers). The task ends on
/// `Shutdown` or when `cmds` is closed.
pub fn spawn(
    settings: PollerSettings,
    feeds: FeedList,
    store: Store,
    cmds: mpsc::UnboundedReceiver<PollerCmd>,
    events: mpsc::UnboundedSender<PollerEvent>,
) -> tokio::task::JoinHandle<()> {
    let _ = (settings, feeds, store, cmds, events);
    todo!()
}
