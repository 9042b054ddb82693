//! One refresh of one feed: a conditional fetch on the async side; then, only
//! when the bytes are new, parse and store on a blocking thread so neither
//! XML nor SQLite stalls the async workers. A 304, or a 200 with the very
//! bytes stored last time, costs no parse and no write.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Semaphore;

use super::{FeedError, PollFeed, PollerEvent};
use super::{schedule, sources};
use crate::clock::Clock;
use crate::encoding::charset_of;
use crate::fetch::command::{CommandError, Limits};
use crate::fetch::{FetchError, Fetcher, Response};
use crate::model::{FeedId, FetchState};
use crate::parse::parse_document;
use crate::store::Store;

/// The poller's writer connection, shared with the blocking threads.
pub(crate) type SharedStore = Arc<Mutex<Store>>;

/// What a failed job says when the code itself broke (a panic).
pub(crate) const INTERNAL_ERROR: &str = "internal error while refreshing (see the log)";

/// Everything a job needs, cloned out of the poller.
pub(crate) struct Job {
    pub fetcher: Result<Fetcher, String>,
    pub store: SharedStore,
    pub feed: PollFeed,
    pub state: FetchState,
    pub use_server_intervals: bool,
    /// "Now" for the schedule (the store's clock: tests fix it).
    pub clock: Clock,
    /// Parses (and the writes that follow) at once: one per core, plus one.
    /// More would not finish sooner, and each holds a whole feed in memory.
    pub parse_slots: Arc<tokio::sync::Semaphore>,
    /// Page fetches shared with the rest of the poller; set when the feed
    /// wants the full text of its new items.
    pub full_text: Option<Arc<Semaphore>>,
    /// The caps of the feed's command or filter (those of an HTTP fetch).
    pub limits: Limits,
}

/// What a job did: events in order (the last one ends the feed's refresh)
/// and the feed's new fetch state, already stored when it had to be.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub events: Vec<PollerEvent>,
    pub state: FetchState,
}

impl Job {
    pub(crate) async fn run(self) -> Outcome {
        let fetched = sources::fetch(&self).await;
        let mut state = self.state.clone();
        let mut events = Vec::new();
        if let Ok(response) = &fetched {
            self.note_redirect(response, &mut state, &mut events);
        }
        let filter = self.feed.filter.as_deref();
        match fetched {
            Ok(response) => match response.body.as_deref().map(|body| sources::body_hash(filter, body)) {
                None => self.unchanged(state, events, &response).await,
                Some(hash) if Some(&hash) == self.state.body_hash.as_ref() => {
                    self.unchanged(state, events, &response).await
                }
                Some(hash) => match sources::filtered(&self, response).await {
                    Ok(response) => self.ingest(state, events, response, hash).await,
                    Err(failure) => self.blocking(move |job, store| job.fail(store, state, events, failure)).await,
                },
            },
            Err(failure) => self.blocking(move |job, store| job.fail(store, state, events, failure)).await,
        }
    }

    /// A permanent redirect to somewhere new is remembered (and said once).
    fn note_redirect(&self, response: &Response, state: &mut FetchState, events: &mut Vec<PollerEvent>) {
        let Some(to) = &response.permanent_url else { return };
        let moved = (to != &self.feed.url).then(|| to.clone());
        if moved != state.moved_to {
            state.moved_to = moved;
            if let Some(to) = &state.moved_to {
                tracing::info!(feed = %self.feed.id, to = %crate::fetch::redacted(to), "permanent redirect");
                events.push(PollerEvent::FeedRedirected { feed: self.feed.id, to: crate::fetch::redacted(to) });
            }
        }
    }

    /// Nothing new: no parse; a write only if the state must survive a restart
    /// (a recovery after failures, a new redirect).
    async fn unchanged(self, mut state: FetchState, mut events: Vec<PollerEvent>, response: &Response) -> Outcome {
        let must_write = state.failures > 0 || state.moved_to != self.state.moved_to || state.gone_at.is_some();
        reset_failures(&mut state);
        // New validators for the same bytes are worth keeping for the next request.
        state.etag = response.etag.clone().or(state.etag);
        state.last_modified = response.last_modified.clone().or(state.last_modified);
        state.next_due_ms =
            schedule::next_due(self.clock.now_ms(), self.feed.interval, state.hint_secs, self.use_server_intervals);
        let feed = self.feed.id;
        events.push(PollerEvent::FeedUnchanged { feed });
        if !must_write {
            return Outcome { events, state };
        }
        let saved = state.clone();
        let written = self
            .blocking(move |_, store| lock(&store).record_recovery(feed, unix_now(), &saved).map_err(|e| e.to_string()))
            .await;
        if let Err(error) = written {
            tracing::warn!(feed = %feed, %error, "cannot save the fetch state");
        }
        Outcome { events, state }
    }

    async fn ingest(self, state: FetchState, events: Vec<PollerEvent>, response: Response, hash: String) -> Outcome {
        let (fetcher, store, feed, full_text) =
            (self.fetcher.clone(), Arc::clone(&self.store), self.feed.id, self.full_text.clone());
        // New items are those first seen now; their pages are fetched below.
        let now = unix_now();
        let outcome = {
            // A closed semaphore cannot happen (it is never closed); go on without a slot.
            let _slot = Arc::clone(&self.parse_slots).acquire_owned().await.ok();
            self.blocking(move |job, store| job.parse_and_store(store, state, events, response, hash, now)).await
        };
        let new_items =
            outcome.events.iter().any(|e| matches!(e, PollerEvent::FeedUpdated { new_items, .. } if *new_items > 0));
        // The feed counts as refreshed once its new items' pages are stored too.
        if let Some(permits) = full_text.filter(|_| new_items) {
            super::full_text::fetch_new(&fetcher, &store, &permits, feed, now).await;
        }
        outcome
    }

    fn parse_and_store(
        &self,
        store: SharedStore,
        mut state: FetchState,
        mut events: Vec<PollerEvent>,
        response: Response,
        hash: String,
        now: i64,
    ) -> Outcome {
        let feed = self.feed.id;
        let before = state.clone();
        let charset = response.content_type.as_deref().and_then(charset_of);
        let body = response.body.as_deref().unwrap_or_default();
        let parsed = match parse_document(body, charset, &response.final_url) {
            Ok(parsed) => parsed,
            Err(error) => return self.fail(store, state, events, Failure::Other(FeedError::parse(&error))),
        };
        let header_hint = response.fresh_for.map(|d| d.as_secs() as i64);
        let body_hint = parsed.interval_hint.map(|s| s as i64);
        state.hint_secs = header_hint.max(body_hint);
        state.etag = response.etag;
        state.last_modified = response.last_modified;
        state.body_hash = Some(hash);
        reset_failures(&mut state);
        state.next_due_ms =
            schedule::next_due(self.clock.now_ms(), self.feed.interval, state.hint_secs, self.use_server_intervals);
        let stored = lock(&store).ingest_with_state(feed, &parsed, now, Some(&state));
        match stored {
            Ok(report) => {
                tracing::info!(feed = %feed, new = report.new_items, updated = report.updated_items, "feed stored");
                events.push(PollerEvent::FeedUpdated { feed, new_items: report.new_items });
                Outcome { events, state }
            }
            Err(error) => self.fail(store, before, events, Failure::Other(FeedError::store(&error))),
        }
    }

    /// Records a failure with its consequences for the schedule.
    fn fail(
        &self,
        store: SharedStore,
        mut state: FetchState,
        mut events: Vec<PollerEvent>,
        failure: Failure,
    ) -> Outcome {
        let feed = self.feed.id;
        let now = self.clock.now_ms();
        state.failures = state.failures.saturating_add(1);
        state.server_hold = false;
        let error = match failure {
            Failure::Fetch(FetchError::Status { status: 410, .. }) => {
                state.gone_at = Some(unix_now());
                state.retry_at_ms = None;
                FeedError::Fetch("gone (HTTP 410): no longer polled; remove it from the config".to_owned())
            }
            Failure::Fetch(FetchError::Status { status: status @ (429 | 503), retry_after: Some(asked) }) => {
                let wait = schedule::retry_after(asked);
                state.retry_at_ms = Some(now + schedule::millis(wait));
                state.server_hold = true;
                FeedError::Hold { status, wait: schedule::human(schedule::millis(wait)) }
            }
            other => {
                state.retry_at_ms = Some(now + schedule::millis(schedule::backoff(state.failures, jitter())));
                match other {
                    Failure::Fetch(e) => FeedError::fetch(&e),
                    Failure::Command(e) => FeedError::command(&e),
                    Failure::Other(e) => e,
                }
            }
        };
        tracing::warn!(feed = %feed, %error, failures = state.failures, "feed refresh failed");
        let line = error.to_string();
        if let Err(store_error) = lock(&store).record_failure_with_state(feed, &line, unix_now(), Some(&state)) {
            tracing::warn!(feed = %feed, %store_error, "cannot record the failure");
        }
        let gone = state.gone_at.is_some() && self.state.gone_at.is_none();
        events.push(if gone { PollerEvent::FeedGone { feed } } else { PollerEvent::FeedFailed { feed, error } });
        Outcome { events, state }
    }

    /// Runs `work` on a blocking thread; a panic there becomes a recorded failure.
    async fn blocking<T, F>(self, work: F) -> T
    where
        F: FnOnce(&Job, SharedStore) -> T + Send + 'static,
        T: Send + 'static + FromPanic,
    {
        let store = Arc::clone(&self.store);
        let feed = self.feed.id;
        let job = Arc::new(self);
        let inner = Arc::clone(&job);
        match tokio::task::spawn_blocking(move || work(&inner, store)).await {
            Ok(value) => value,
            Err(error) => {
                tracing::warn!(feed = %feed, %error, "parse or store panicked");
                T::from_panic(record_failure_blocking(Arc::clone(&job.store), feed, FeedError::Internal).await)
            }
        }
    }
}

/// What a blocking step returns when it panicked.
pub(crate) trait FromPanic {
    fn from_panic(event: PollerEvent) -> Self;
}

impl FromPanic for Outcome {
    fn from_panic(event: PollerEvent) -> Self {
        Outcome { events: vec![event], state: FetchState::default() }
    }
}

impl FromPanic for Result<(), String> {
    fn from_panic(_: PollerEvent) -> Self {
        Err(INTERNAL_ERROR.to_owned())
    }
}

/// A failure before it is made a `FeedError`: a fetch error still says
/// which status it was, for the schedule.
#[derive(Debug)]
pub(super) enum Failure {
    Fetch(FetchError),
    /// The feed's command source or filter.
    Command(CommandError),
    Other(FeedError),
}

fn reset_failures(state: &mut FetchState) {
    state.failures = 0;
    state.retry_at_ms = None;
    state.server_hold = false;
    state.gone_at = None;
}

/// A number in [0, 1) that differs between calls (spreads backoff times).
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let bits = std::collections::hash_map::RandomState::new().build_hasher().finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Keeps the error on the feed and makes the event for it.
pub(crate) fn record_failure(store: &mut Store, feed: FeedId, error: FeedError) -> PollerEvent {
    tracing::warn!(feed = %feed, %error, "feed refresh failed");
    if let Err(store_error) = store.record_failure(feed, &error.to_string(), unix_now()) {
        tracing::warn!(feed = %feed, %store_error, "cannot record the failure");
    }
    PollerEvent::FeedFailed { feed, error }
}

/// `record_failure` from async code.
pub(crate) async fn record_failure_blocking(store: SharedStore, feed: FeedId, error: FeedError) -> PollerEvent {
    let fallback = PollerEvent::FeedFailed { feed, error: error.clone() };
    tokio::task::spawn_blocking(move || record_failure(&mut lock(&store), feed, error)).await.unwrap_or(fallback)
}

pub(crate) fn lock(store: &SharedStore) -> MutexGuard<'_, Store> {
    // A panic during an ingest rolled its transaction back; the connection is fine.
    store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) fn unix_now() -> i64 {
    crate::clock::unix_now()
}
