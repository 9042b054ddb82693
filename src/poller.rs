//! The background task that owns the network: fetches feeds with bounded
//! concurrency, hands them to the store and reports typed events.
//!
//! Events for one feed come in order (`Queued`, then `FeedUpdated` or
//! `FeedFailed`); `Idle` follows the last one of a busy spell.

mod full_text;
mod job;
mod queue;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc};
use tokio::task::{self, JoinError, JoinSet};
use tokio::time::{self, MissedTickBehavior};

use crate::discover::{self, Found};
use crate::fetch::Fetcher;
use crate::model::{FeedId, FeedSource, ItemId, Retention};
use crate::store::Store;
use job::SharedStore;
use queue::Queue;

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
    /// Retention removed this many items after a refresh.
    Pruned { items: usize },
    /// The full text of the item's page is stored.
    FullTextFetched { item: ItemId },
    /// The item's page could not be fetched or held no article; one readable line.
    FullTextFailed { item: ItemId, error: String },
    /// The answer to `Discover`: the feeds found at `input`, or why none.
    Discovered { input: String, result: Result<Vec<Found>, String> },
    /// Nothing queued or in flight any more. Also the answer to a
    /// `RefreshAll`/`RefreshFeed` that found nothing to do (no feeds, unknown id).
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
    /// Applied after each refresh.
    pub retention: Retention,
    /// Feeds whose new items have their full text fetched during refresh.
    pub full_text_feeds: HashSet<FeedId>,
}

/// The feeds of `sources` (with their store `ids`, in the same order) that
/// have `full_text = true`.
pub fn full_text_feeds(ids: &[FeedId], sources: &[FeedSource]) -> HashSet<FeedId> {
    ids.iter().zip(sources).filter(|(_, s)| s.full_text).map(|(id, _)| *id).collect()
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
    // Without a client every fetch fails with the reason, visibly, per feed.
    let fetcher = Fetcher::new(settings.request_timeout).map_err(|e| e.to_string());
    let pages = Arc::new(Semaphore::new(settings.max_concurrent_fetches.max(1)));
    let poller = Poller {
        pages,
        full_texts: JoinSet::new(),
        fetching: HashMap::new(),
        settings,
        feeds,
        store: Arc::new(Mutex::new(store)),
        fetcher,
        events,
        queue: Queue::default(),
        tasks: JoinSet::new(),
        running: HashMap::new(),
        discoveries: JoinSet::new(),
    };
    tokio::spawn(poller.run(cmds))
}

struct Poller {
    settings: PollerSettings,
    feeds: FeedList,
    store: SharedStore,
    fetcher: Result<Fetcher, String>,
    events: mpsc::UnboundedSender<PollerEvent>,
    queue: Queue,
    tasks: JoinSet<PollerEvent>,
    /// Which feed each running task refreshes (a panicked task has only its id).
    running: HashMap<task::Id, FeedId>,
    /// Page fetches in flight at once (full texts), shared by `f` and refreshes.
    pages: Arc<Semaphore>,
    /// Full-text fetches asked for with `FetchFullText`, and their items.
    full_texts: JoinSet<PollerEvent>,
    fetching: HashMap<task::Id, ItemId>,
    /// Feed discoveries in flight; each ends with its `Discovered` event.
    discoveries: JoinSet<PollerEvent>,
}

impl Poller {
    async fn run(mut self, mut cmds: mpsc::UnboundedReceiver<PollerCmd>) {
        let mut ticker = self.settings.refresh_interval.filter(|period| !period.is_zero()).map(|period| {
            // The first tick of a plain `interval` fires at once: start one period later.
            let mut ticker = time::interval_at(time::Instant::now() + period, period);
            ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
            ticker
        });
        if self.settings.refresh_on_start {
            self.request(self.all_feeds(), true);
        }
        loop {
            tokio::select! {
                cmd = cmds.recv() => match cmd {
                    Some(PollerCmd::RefreshAll) => self.request(self.all_feeds(), true),
                    Some(PollerCmd::RefreshFeed(feed)) => self.request(self.known(feed), true),
                    Some(PollerCmd::FetchFullText { item }) => self.fetch_full_text(item),
                    Some(PollerCmd::SetFeeds(feeds)) => self.set_feeds(feeds),
                    Some(PollerCmd::Discover(input)) => self.discover(input),
                    Some(PollerCmd::Shutdown) | None => break,
                },
                Some(done) = self.discoveries.join_next(), if !self.discoveries.is_empty() => {
                    if let Ok(event) = done {
                        self.send(event);
                    }
                },
                Some(done) = self.tasks.join_next_with_id(), if !self.tasks.is_empty() => self.finished(done).await,
                () = next_tick(&mut ticker) => self.request(self.all_feeds(), false),
                Some(done) = self.full_texts.join_next_with_id(), if !self.full_texts.is_empty() => {
                    self.full_text_done(done);
                }
            }
        }
        self.full_texts.abort_all();
        // Dropping the set aborts in-flight fetches; an ingest already on a
        // blocking thread finishes its transaction on its own.
        self.tasks.abort_all();
        self.discoveries.abort_all();
        tracing::debug!("poller stopped");
    }

    /// Takes the new feed list; feeds that were not in the old one are
    /// fetched at once so a feed just added shows its items.
    fn set_feeds(&mut self, feeds: FeedList) {
        let new: Vec<FeedId> =
            feeds.iter().map(|(id, _)| *id).filter(|id| !self.feeds.iter().any(|(old, _)| old == id)).collect();
        self.feeds = feeds;
        if !new.is_empty() {
            self.request(new, false);
        }
    }

    fn discover(&mut self, input: String) {
        let fetcher = self.fetcher.clone();
        self.discoveries.spawn(async move {
            let result = match &fetcher {
                Ok(fetcher) => discover::discover(fetcher, &input).await.map_err(|e| e.to_string()),
                Err(error) => Err(error.clone()),
            };
            PollerEvent::Discovered { input, result }
        });
    }

    fn all_feeds(&self) -> Vec<FeedId> {
        self.feeds.iter().map(|(id, _)| *id).collect()
    }

    fn known(&self, feed: FeedId) -> Vec<FeedId> {
        let known = self.feeds.iter().any(|(id, _)| *id == feed);
        if !known {
            tracing::debug!(feed, "refresh asked for an unknown feed");
        }
        if known { vec![feed] } else { Vec::new() }
    }

    /// Queues `feeds` and starts what the concurrency limit allows. An
    /// `explicit` request that leaves nothing to do still answers `Idle`, so
    /// whoever asked is never left waiting.
    fn request(&mut self, feeds: Vec<FeedId>, explicit: bool) {
        let added = self.queue.push(feeds);
        if !added.is_empty() {
            tracing::debug!(feeds = ?added, "queued");
            self.send(PollerEvent::Queued { feeds: added });
        } else if explicit && self.queue.is_idle() {
            self.send(PollerEvent::Idle);
        }
        self.start_ready();
    }

    fn start_ready(&mut self) {
        while let Some(feed) = self.queue.start_next(self.settings.max_concurrent_fetches) {
            let url = self.feeds.iter().find(|(id, _)| *id == feed).map(|(_, url)| url.clone()).unwrap_or_default();
            let full_text = self.settings.full_text_feeds.contains(&feed).then(|| Arc::clone(&self.pages));
            let job = job::refresh(self.fetcher.clone(), Arc::clone(&self.store), feed, url, full_text);
            let handle = self.tasks.spawn(job);
            self.running.insert(handle.id(), feed);
        }
    }

    async fn finished(&mut self, done: Result<(task::Id, PollerEvent), JoinError>) {
        let (id, outcome) = match done {
            Ok((id, event)) => (id, Ok(event)),
            Err(error) => (error.id(), Err(error)),
        };
        let Some(feed) = self.running.remove(&id) else { return };
        let event = match outcome {
            Ok(event) => event,
            Err(error) => {
                tracing::warn!(feed, %error, "refresh task failed");
                job::record_failure_blocking(Arc::clone(&self.store), feed, job::INTERNAL_ERROR.to_owned()).await
            }
        };
        self.queue.finish(feed);
        self.send(event);
        self.start_ready();
        if self.queue.is_idle() {
            self.prune().await;
            self.send(PollerEvent::Idle);
        }
    }

    /// Applies retention once a refresh is over, off the async workers.
    async fn prune(&self) {
        let policy = self.settings.retention;
        if policy.is_off() {
            return;
        }
        let store = Arc::clone(&self.store);
        let now = chrono::Utc::now().timestamp();
        let pruned = task::spawn_blocking(move || {
            store
                .lock()
                .map_err(|_| "store lock poisoned".to_owned())
                .and_then(|mut s| s.prune(policy, now).map_err(|e| e.to_string()))
        })
        .await;
        match pruned {
            Ok(Ok(0)) => {}
            Ok(Ok(items)) => self.send(PollerEvent::Pruned { items }),
            Ok(Err(e)) => tracing::warn!("retention failed: {e}"),
            Err(e) => tracing::warn!("retention task failed: {e}"),
        }
    }

    fn fetch_full_text(&mut self, item: ItemId) {
        if self.fetching.values().any(|i| *i == item) {
            return; // already on its way; its event answers this request too
        }
        let job = full_text::fetch_one(self.fetcher.clone(), Arc::clone(&self.store), Arc::clone(&self.pages), item);
        let handle = self.full_texts.spawn(job);
        self.fetching.insert(handle.id(), item);
    }

    fn full_text_done(&mut self, done: Result<(task::Id, PollerEvent), JoinError>) {
        let (id, event) = match done {
            Ok((id, event)) => (id, Some(event)),
            Err(error) => (error.id(), None),
        };
        let Some(item) = self.fetching.remove(&id) else { return };
        let event = event.unwrap_or(PollerEvent::FullTextFailed { item, error: job::INTERNAL_ERROR.to_owned() });
        self.send(event);
    }

    fn send(&self, event: PollerEvent) {
        // Nobody listening (the UI is closing) is not an error: the data is stored.
        let _ = self.events.send(event);
    }
}

async fn next_tick(ticker: &mut Option<time::Interval>) {
    match ticker {
        Some(ticker) => {
            ticker.tick().await;
        }
        None => std::future::pending().await,
    }
}
