//! Full-text fetches: the item's page through the same `Fetcher` as feeds
//! (same time and size limits), its main content extracted and stored.
//! Page fetches share one concurrency limit, whether asked for with `f` or
//! made for a feed's `full_text` setting.

use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::PollerEvent;
use super::job::{SharedStore, lock, unix_now};
use crate::fetch::Fetcher;
use crate::model::{FeedId, ItemId};
use crate::readability::{self, FullTextError};
use crate::sanitize;

/// Fetches, extracts and stores the full text of `item`.
pub(crate) async fn fetch_one(
    fetcher: Result<Fetcher, String>,
    store: SharedStore,
    permits: Arc<Semaphore>,
    item: ItemId,
) -> PollerEvent {
    let link = blocking(&store, move |s| s.item_link(item).map_err(|e| e.to_string())).await;
    let result = match link {
        Ok(Some(link)) => fetch_and_store(&fetcher, &store, &permits, item, link).await,
        Ok(None) => Err(FullTextError::NoLink.to_string()),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => PollerEvent::FullTextFetched { item },
        Err(error) => {
            tracing::warn!(item, %error, "full text failed");
            PollerEvent::FullTextFailed { item, error: sanitize::line(&error) }
        }
    }
}

/// The full texts of the items `feed` got in the ingest at `first_seen`;
/// failures are logged (the feed's own text stays readable).
pub(crate) async fn fetch_new(
    fetcher: &Result<Fetcher, String>,
    store: &SharedStore,
    permits: &Arc<Semaphore>,
    feed: FeedId,
    first_seen: i64,
) {
    let items = blocking(store, move |s| s.missing_full_text(feed, first_seen).map_err(|e| e.to_string())).await;
    let items = items.unwrap_or_else(|error| {
        tracing::warn!(feed, %error, "cannot list the items to fetch in full");
        Vec::new()
    });
    let mut tasks = JoinSet::new();
    for (item, link) in items {
        let (fetcher, store, permits) = (fetcher.clone(), Arc::clone(store), Arc::clone(permits));
        tasks.spawn(async move {
            if let Err(error) = fetch_and_store(&fetcher, &store, &permits, item, link).await {
                tracing::warn!(feed, item, %error, "automatic full text failed");
            }
        });
    }
    while tasks.join_next().await.is_some() {}
}

async fn fetch_and_store(
    fetcher: &Result<Fetcher, String>,
    store: &SharedStore,
    permits: &Semaphore,
    item: ItemId,
    link: String,
) -> Result<(), String> {
    let fetcher = fetcher.as_ref().map_err(Clone::clone)?;
    let html = {
        // Closed only when the poller stops.
        let _permit = permits.acquire().await.map_err(|_| "the poller is stopping".to_owned())?;
        readability::fetch(fetcher, &link).await.map_err(|e| e.to_string())?
    };
    let at = unix_now();
    blocking(store, move |s| s.set_full_text(item, &html, at).map_err(|e| format!("cannot store it: {e}"))).await?;
    tracing::info!(item, link, "full text stored");
    Ok(())
}

/// Runs `f` with the store on a blocking thread.
async fn blocking<T: Send + 'static>(
    store: &SharedStore,
    f: impl FnOnce(&mut crate::store::Store) -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || f(&mut lock(&store)))
        .await
        .unwrap_or_else(|_| Err(super::job::INTERNAL_ERROR.to_owned()))
}
