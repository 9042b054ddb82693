//! One refresh of one feed: fetch on the async side, then parse and store on
//! a blocking thread so neither XML nor SQLite stalls the async workers.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::Semaphore;

use super::PollerEvent;
use crate::fetch::{FetchError, Fetcher};
use crate::model::FeedId;
use crate::parse::parse_feed;
use crate::sanitize;
use crate::store::Store;

/// The poller's writer connection, shared with the blocking threads.
pub(crate) type SharedStore = Arc<Mutex<Store>>;

/// What a failed job says when the code itself broke (a panic).
pub(crate) const INTERNAL_ERROR: &str = "internal error while refreshing (see the log)";

/// Fetches, parses and stores one feed; the event says how it went, and the
/// store already holds the result when it is returned.
pub(crate) async fn refresh(
    fetcher: Result<Fetcher, String>,
    store: SharedStore,
    feed: FeedId,
    url: String,
    full_text: Option<Arc<Semaphore>>,
) -> PollerEvent {
    let fetched = match &fetcher {
        Ok(fetcher) => fetcher.fetch(&url).await.map_err(|e: FetchError| e.to_string()),
        Err(error) => Err(error.clone()),
    };
    let blocking_store = Arc::clone(&store);
    let now = unix_now();
    match tokio::task::spawn_blocking(move || parse_and_store(&blocking_store, feed, &url, fetched, now)).await {
        Ok(event @ PollerEvent::FeedUpdated { new_items, .. }) => {
            // The feed counts as refreshed once its new items' pages are stored too.
            if let Some(permits) = full_text.filter(|_| new_items > 0) {
                super::full_text::fetch_new(&fetcher, &store, &permits, feed, now).await;
            }
            event
        }
        Ok(event) => event,
        Err(error) => {
            tracing::warn!(feed, %error, "parse or store panicked");
            record_failure_blocking(store, feed, INTERNAL_ERROR.to_owned()).await
        }
    }
}

fn parse_and_store(
    store: &SharedStore,
    feed: FeedId,
    url: &str,
    fetched: Result<Vec<u8>, String>,
    now: i64,
) -> PollerEvent {
    let parsed = fetched.and_then(|bytes| parse_feed(&bytes, url).map_err(|e| e.to_string()));
    let mut store = lock(store);
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return record_failure(&mut store, feed, &error),
    };
    match store.ingest(feed, &parsed, now) {
        Ok(report) => {
            tracing::info!(feed, url, new = report.new_items, updated = report.updated_items, "feed stored");
            PollerEvent::FeedUpdated { feed, new_items: report.new_items }
        }
        Err(error) => record_failure(&mut store, feed, &format!("cannot store the feed: {error}")),
    }
}

/// Keeps the error on the feed and makes the event for it.
pub(crate) fn record_failure(store: &mut Store, feed: FeedId, error: &str) -> PollerEvent {
    let error = sanitize::line(error);
    tracing::warn!(feed, %error, "feed refresh failed");
    if let Err(store_error) = store.record_failure(feed, &error, unix_now()) {
        tracing::warn!(feed, %store_error, "cannot record the failure");
    }
    PollerEvent::FeedFailed { feed, error }
}

/// `record_failure` from async code.
pub(crate) async fn record_failure_blocking(store: SharedStore, feed: FeedId, error: String) -> PollerEvent {
    let fallback = PollerEvent::FeedFailed { feed, error: sanitize::line(&error) };
    tokio::task::spawn_blocking(move || record_failure(&mut lock(&store), feed, &error)).await.unwrap_or(fallback)
}

pub(crate) fn lock(store: &SharedStore) -> MutexGuard<'_, Store> {
    // A panic during an ingest rolled its transaction back; the connection is fine.
    store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
