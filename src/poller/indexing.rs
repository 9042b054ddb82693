//! The search index catch-up: after a busy spell (and at start), stored
//! items are added to the search index in the background, a batch per
//! transaction, and `Idle` waits for it (see `store::search_index`).

use std::sync::Arc;

use tokio::task;

use super::job::{self, SharedStore};
use super::{Poller, PollerEvent};
use crate::store::Store;

impl Poller {
    /// A catch-up ended: run it again if more was stored meanwhile, else say
    /// `Idle` when a busy spell was waiting for it.
    pub(super) fn indexing_done(&mut self) {
        if std::mem::take(&mut self.index_again) {
            self.start_indexing();
        } else if self.queue.is_idle() && std::mem::take(&mut self.idle_after_index) {
            self.send(PollerEvent::Idle);
        }
    }

    /// Indexes stored items for search in the background, a batch per
    /// transaction so marks and refreshes interleave with it.
    pub(super) fn start_indexing(&mut self) {
        if !self.settings.index_search {
            self.indexing_done();
            return;
        }
        if !self.indexing.is_empty() {
            self.index_again = true;
            return;
        }
        let (store, events) = (Arc::clone(&self.store), self.events.clone());
        self.indexing.spawn(async move {
            let behind = blocking_store(&store, |s| s.search_index_behind()).await;
            if behind != Some(true) {
                return;
            }
            let _ = events.send(PollerEvent::SearchIndexing);
            let mut items = 0;
            while let Some(n @ 1..) = blocking_store(&store, |s| s.index_pending(crate::store::INDEX_BATCH)).await {
                items += n;
            }
            tracing::info!(items, "search index caught up");
            let _ = events.send(PollerEvent::SearchIndexed { items });
        });
    }
}

/// Runs a store call on a blocking thread; None (logged) when it failed.
async fn blocking_store<T: Send + 'static>(
    store: &SharedStore,
    call: impl FnOnce(&mut Store) -> crate::store::Result<T> + Send + 'static,
) -> Option<T> {
    let store = Arc::clone(store);
    match task::spawn_blocking(move || call(&mut job::lock(&store))).await {
        Ok(Ok(value)) => Some(value),
        Ok(Err(error)) => {
            tracing::warn!(%error, "search index");
            None
        }
        Err(error) => {
            tracing::warn!(%error, "search index task failed");
            None
        }
    }
}
