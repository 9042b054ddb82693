//! The background task that owns the network: fetches feeds with bounded
//! concurrency (in all and per host), hands them to the store and reports
//! typed events.
//!
//! Events for one feed come in order: `Queued`, then possibly
//! `FeedRedirected`, then one of `FeedUpdated`, `FeedUnchanged`, `FeedFailed`
//! or `FeedGone`. A feed an explicit request cannot fetch now gets
//! `FeedSkipped` instead of `Queued`. `FetchesDone` follows the last outcome
//! of a busy spell, then the search index catches up (`SearchIndexing`,
//! `SearchIndexed` when there was something to index), then `Idle`.

mod error;
mod full_text;
mod job;
mod messages;
mod queue;
pub mod schedule;
mod settings;
mod sources;
mod upkeep;

pub use crate::fetch::FetcherStart;
pub use error::FeedError;
pub use messages::{PollerCmd, PollerEvent};
pub use settings::{FeedList, PollFeed, PollerSettings, configured_feeds, feed_list, fetch_options, minutes};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc};
use tokio::task::{self, JoinError, JoinSet};
use tokio::time;

use crate::clock::Clock;
use crate::discover;
use crate::fetch::{Fetcher, command};
use crate::model::{FeedId, FetchState, ItemId};
use crate::store::Store;
use job::{Job, Outcome, SharedStore};
use queue::Queue;
use schedule::{Skip, Trigger};
use upkeep::CatchUp;

/// Looks for the feeds at `input` (see `discover`): the `Discovered` event
/// that answers it. The welcome screen, which has no poller yet, runs it too.
pub async fn discovered(fetcher: Result<Fetcher, String>, input: String) -> PollerEvent {
    let result = match &fetcher {
        Ok(fetcher) => discover::discover(fetcher, &input).await.map_err(|e| e.to_string()),
        Err(error) => Err(error.clone()),
    };
    PollerEvent::Discovered { input, result }
}

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
    let client = FetcherStart::new(settings.fetch.clone());
    spawn_with_client(client, settings, feeds, store, cmds, events)
}

/// `spawn` with the HTTP client the caller started (`FetcherStart::new` with
/// `settings.fetch`) before its own set-up, so the two overlap.
pub fn spawn_with_client(
    client: FetcherStart,
    settings: PollerSettings,
    feeds: FeedList,
    mut store: Store,
    cmds: mpsc::UnboundedReceiver<PollerCmd>,
    events: mpsc::UnboundedSender<PollerEvent>,
) -> tokio::task::JoinHandle<()> {
    let pages = Arc::new(Semaphore::new(settings.max_concurrent_fetches.max(1)));
    match store.reread_after_parser_change(crate::parse::READER_VERSION) {
        Ok(true) => tracing::info!("the feed reader changed: every feed is read again at its next fetch"),
        Ok(false) => {}
        Err(error) => tracing::warn!(%error, "cannot check the reader version"),
    }
    let mut states = store.fetch_states().unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot read the fetch state; starting afresh");
        HashMap::new()
    });
    let clock = store.clock();
    let now = clock.now_ms();
    for feed in &feeds {
        let state = states.entry(feed.id).or_default();
        // Without a refresh at start, a feed never fetched waits one interval.
        if !settings.refresh_on_start && state.next_due_ms.is_none() {
            state.next_due_ms = feed.interval.map(|i| now + schedule::millis(i));
        }
    }
    // Items are indexed for search once a refresh is over (`start_indexing`).
    store.defer_search_index(true);
    tokio::spawn(async move {
        // The client may still be reading certificates: the caller does not
        // wait for it (the reader's first screen), the poller does. Without a
        // client every fetch fails with the reason, visibly, per feed.
        let fetcher = task::spawn_blocking(move || client.finish())
            .await
            .unwrap_or_else(|e| Err(format!("cannot start the HTTP client: {e}")));
        let poller = Poller {
            pages,
            full_texts: JoinSet::new(),
            fetching: HashMap::new(),
            settings,
            clock,
            feeds: feeds.iter().map(|f| (f.id, f.clone())).collect(),
            order: feeds.iter().map(|f| f.id).collect(),
            states,
            store: Arc::new(Mutex::new(store)),
            catch_up: CatchUp::default(),
            fetcher,
            events,
            queue: Queue::default(),
            tasks: JoinSet::new(),
            running: HashMap::new(),
            discoveries: JoinSet::new(),
            // One per core, and one more that parses while a parsed feed waits
            // for the writer (which is most of the time during a cold refresh).
            parse_slots: Arc::new(Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()) + 1)),
        };
        poller.run(cmds).await
    })
}

struct Poller {
    settings: PollerSettings,
    /// "Now" for the schedule: the store's clock (tests fix it).
    clock: Clock,
    feeds: HashMap<FeedId, PollFeed>,
    /// Feed ids in config order.
    order: Vec<FeedId>,
    states: HashMap<FeedId, FetchState>,
    store: SharedStore,
    fetcher: Result<Fetcher, String>,
    events: mpsc::UnboundedSender<PollerEvent>,
    queue: Queue,
    tasks: JoinSet<Outcome>,
    /// Which feed each running task refreshes (a panicked task has only its id).
    running: HashMap<task::Id, FeedId>,
    /// Page fetches in flight at once (full texts), shared by `f` and refreshes.
    pages: Arc<Semaphore>,
    /// Full-text fetches asked for with `FetchFullText`, and their items.
    full_texts: JoinSet<PollerEvent>,
    fetching: HashMap<task::Id, ItemId>,
    /// Feed discoveries in flight; each ends with its `Discovered` event.
    discoveries: JoinSet<PollerEvent>,
    parse_slots: Arc<tokio::sync::Semaphore>,
    /// The search index catch-up after busy spells.
    catch_up: CatchUp,
}

impl Poller {
    async fn run(mut self, mut cmds: mpsc::UnboundedReceiver<PollerCmd>) {
        // What an earlier run (or `tidings refresh`) stored and did not index.
        self.start_indexing();
        if self.settings.refresh_on_start {
            self.request(self.order.clone(), Trigger::Auto);
        }
        // No later than the earliest automatic wake: exact after a rescan,
        // lowered to each finished feed's own time, and otherwise left early
        // (a wake with nothing due costs one pass that fetches nothing). A
        // rescan after every fetch made a refresh of every feed quadratic.
        let mut wake = self.next_wake();
        loop {
            let mut rescan = true;
            tokio::select! {
                cmd = cmds.recv() => match cmd {
                    Some(PollerCmd::RefreshAll) => self.request(self.order.clone(), Trigger::All),
                    Some(PollerCmd::RefreshFeed(feed)) => self.request(self.known(feed), Trigger::One),
                    Some(PollerCmd::FetchFullText { item }) => self.fetch_full_text(item),
                    Some(PollerCmd::SetFeeds(feeds)) => self.set_feeds(feeds),
                    Some(PollerCmd::Discover(input)) => self.discover(input),
                    Some(PollerCmd::SetRules(rules)) => job::lock(&self.store).set_rules(rules),
                    Some(PollerCmd::Shutdown) | None => break,
                },
                Some(done) = self.discoveries.join_next(), if !self.discoveries.is_empty() => {
                    if let Ok(event) = done {
                        self.send(event);
                    }
                },
                Some(done) = self.tasks.join_next_with_id(), if !self.tasks.is_empty() => {
                    if let Some(feed) = self.finished(done).await {
                        wake = earliest(wake, self.wake_of(feed));
                    }
                    rescan = false;
                }
                () = sleep_until(wake, self.clock) => self.request(self.order.clone(), Trigger::Auto),
                Some(done) = self.full_texts.join_next_with_id(), if !self.full_texts.is_empty() => {
                    self.full_text_done(done);
                }
                Some(_) = self.catch_up.task.join_next(), if !self.catch_up.task.is_empty() => self.indexing_done(),
            }
            if rescan {
                wake = self.next_wake();
            }
        }
        // A batch on its blocking thread commits or rolls back on its own.
        self.catch_up.task.abort_all();
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
        let new: Vec<FeedId> = feeds.iter().map(|f| f.id).filter(|id| !self.feeds.contains_key(id)).collect();
        self.order = feeds.iter().map(|f| f.id).collect();
        self.feeds = feeds.into_iter().map(|f| (f.id, f)).collect();
        if !new.is_empty() {
            self.request(new, Trigger::One);
        }
    }

    fn discover(&mut self, input: String) {
        self.discoveries.spawn(discovered(self.fetcher.clone(), input));
    }

    /// The earliest time an automatic refresh has something to do (unix ms).
    fn next_wake(&self) -> Option<i64> {
        self.order.iter().filter(|id| !self.queue.is_busy(**id)).filter_map(|id| self.wake_of(*id)).min()
    }

    /// When an automatic refresh should next look at one feed that is not busy.
    fn wake_of(&self, feed: FeedId) -> Option<i64> {
        schedule::next_wake(self.states.get(&feed)?, self.feeds.get(&feed)?.interval)
    }

    fn known(&self, feed: FeedId) -> Vec<FeedId> {
        if self.feeds.contains_key(&feed) {
            vec![feed]
        } else {
            tracing::debug!(feed = %feed, "refresh asked for an unknown feed");
            Vec::new()
        }
    }

    /// Queues what `trigger` may fetch of `feeds` and starts what the limits
    /// allow. An explicit request says why it skips a feed, and one that
    /// leaves nothing to do still answers `Idle`, so whoever asked is never
    /// left waiting.
    fn request(&mut self, feeds: Vec<FeedId>, trigger: Trigger) {
        let now = self.clock.now_ms();
        let mut ready = Vec::new();
        let mut skipped = Vec::new();
        for feed in feeds {
            let state = self.states.entry(feed).or_default();
            match schedule::check(state, trigger, now) {
                Ok(()) => ready.push((feed, self.host(feed))),
                // The timer says nothing; only an explicit request explains.
                Err(_) if trigger == Trigger::Auto => {}
                Err(Skip::NotDue) => {}
                Err(skip) if !self.queue.is_busy(feed) => {
                    skipped.push(PollerEvent::FeedSkipped { feed, reason: skip.reason() })
                }
                Err(_) => {}
            }
        }
        let added = self.queue.push(ready);
        let queued_nothing = added.is_empty();
        if !added.is_empty() {
            tracing::debug!(feeds = added.len(), ?trigger, "queued");
            self.send(PollerEvent::Queued { feeds: added });
        }
        for event in skipped {
            self.send(event);
        }
        if queued_nothing && trigger != Trigger::Auto && self.queue.is_idle() {
            if self.catch_up.task.is_empty() {
                self.send(PollerEvent::Idle);
            } else {
                self.catch_up.idle_after = true;
            }
        }
        self.start_ready();
    }

    /// The host a feed is fetched from (after a remembered redirect), for the per-host limit.
    fn host(&self, feed: FeedId) -> Option<String> {
        let url = self
            .states
            .get(&feed)
            .and_then(|s| s.moved_to.clone())
            .or_else(|| Some(self.feeds.get(&feed)?.url.clone()))?;
        url::Url::parse(&url).ok()?.host_str().map(str::to_ascii_lowercase)
    }

    fn start_ready(&mut self) {
        while let Some(feed) =
            self.queue.start_next(self.settings.max_concurrent_fetches, self.settings.max_fetches_per_host)
        {
            let Some(poll_feed) = self.feeds.get(&feed).cloned() else { continue };
            let job = Job {
                fetcher: self.fetcher.clone(),
                store: Arc::clone(&self.store),
                full_text: poll_feed.full_text.then(|| Arc::clone(&self.pages)),
                feed: poll_feed,
                state: self.states.get(&feed).cloned().unwrap_or_default(),
                use_server_intervals: self.settings.use_server_intervals,
                clock: self.clock,
                parse_slots: Arc::clone(&self.parse_slots),
                limits: command::Limits {
                    timeout: self.settings.fetch.timeout,
                    max_output: self.settings.fetch.max_body,
                },
            };
            let handle = self.tasks.spawn(job.run());
            self.running.insert(handle.id(), feed);
        }
    }

    /// The feed whose fetch ended, if it was one of ours.
    async fn finished(&mut self, done: Result<(task::Id, Outcome), JoinError>) -> Option<FeedId> {
        let (id, outcome) = match done {
            Ok((id, outcome)) => (id, Ok(outcome)),
            Err(error) => (error.id(), Err(error)),
        };
        let feed = self.running.remove(&id)?;
        let events = match outcome {
            Ok(outcome) => {
                self.states.insert(feed, outcome.state);
                outcome.events
            }
            Err(error) => {
                tracing::warn!(feed = %feed, %error, "refresh task failed");
                vec![job::record_failure_blocking(Arc::clone(&self.store), feed, FeedError::Internal).await]
            }
        };
        self.queue.finish(feed);
        for event in events {
            self.send(event);
        }
        self.start_ready();
        if self.queue.is_idle() {
            self.prune().await;
            self.send(PollerEvent::FetchesDone);
            self.catch_up.idle_after = true;
            self.start_indexing();
        }
        Some(feed)
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

/// Sleeps until the unix-ms time `wake`, or forever.
fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

async fn sleep_until(wake: Option<i64>, clock: Clock) {
    match wake {
        Some(at) => {
            let wait = u64::try_from(at.saturating_sub(clock.now_ms())).unwrap_or(0);
            time::sleep(Duration::from_millis(wait)).await;
        }
        None => std::future::pending().await,
    }
}
