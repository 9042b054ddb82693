//! What follows a busy spell, before `Idle`: retention, then the search
//! index catch-up, which adds stored items to the index in the background, a
//! batch per transaction (see `store::search_index`). The catch-up also runs
//! at start, for what an earlier run stored.

use std::sync::Arc;

use tokio::task;

use super::job::{self, SharedStore};
use super::{Poller, PollerEvent};
use crate::store::Store;

/// The catch-up's state in the poller.
#[derive(Default)]
pub(super) struct CatchUp {
    /// The catch-up, when it runs (one at a time).
    pub task: task::JoinSet<()>,
    /// More items were stored while it ran: run it again when it ends.
    pub again: bool,
    /// A busy spell is over but for the catch-up: `Idle` follows it.
    pub idle_after: bool,
}

impl Poller {
    /// Applies retention once a refresh is over, off the async workers.
    pub(super) async fn prune(&self) {
        let policy = self.settings.retention;
        if policy.is_off() {
            return;
        }
        let now = chrono::Utc::now().timestamp();
        if let Some(items @ 1..) = blocking_store(&self.store, "retention", move |s| s.prune(policy, now)).await {
            self.send(PollerEvent::Pruned { items });
        }
    }

    /// A catch-up ended: run it again if more was stored meanwhile, else say
    /// `Idle` when a busy spell was waiting for it.
    pub(super) fn indexing_done(&mut self) {
        if std::mem::take(&mut self.catch_up.again) {
            self.start_indexing();
        } else if self.queue.is_idle() && std::mem::take(&mut self.catch_up.idle_after) {
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
        if !self.catch_up.task.is_empty() {
            self.catch_up.again = true;
            return;
        }
        let (store, events) = (Arc::clone(&self.store), self.events.clone());
        self.catch_up.task.spawn(async move {
            let behind = blocking_store(&store, "search index", |s| s.search_index_behind()).await;
            if behind != Some(true) {
                return;
            }
            let _ = events.send(PollerEvent::SearchIndexing);
            // The index's second half (its own file) catches up on another
            // thread meanwhile: two writers, two cores.
            let side = blocking_store(&store, "search index", |s| Ok(s.side_indexer())).await.flatten();
            let side_job =
                side.clone().map(|side| task::spawn(blocking("search index (side)", move || side.catch_up())));
            let mut items = 0;
            let batch = |s: &mut Store| s.index_pending(crate::store::INDEX_BATCH);
            while let Some(n @ 1..) = blocking_store(&store, "search index", batch).await {
                items += n;
            }
            if let Some(job) = side_job {
                items += job.await.ok().flatten().unwrap_or(0);
            }
            blocking_store(&store, "search index", Store::side_caught_up).await;
            tracing::info!(items, "search index caught up");
            let _ = events.send(PollerEvent::SearchIndexed { items });
            // Every item is searchable now; the merges only make searches cheaper.
            let side_merge = side.map(|side| task::spawn(blocking("search index (side)", move || side.merge_back())));
            while let Some(true) = blocking_store(&store, "search index", |s| s.merge_search_index_step()).await {}
            if let Some(job) = side_merge {
                let _ = job.await;
            }
        });
    }
}

/// Runs a store call on a blocking thread; None (logged under `what`) when it failed.
async fn blocking_store<T: Send + 'static>(
    store: &SharedStore,
    what: &'static str,
    call: impl FnOnce(&mut Store) -> crate::store::Result<T> + Send + 'static,
) -> Option<T> {
    let store = Arc::clone(store);
    blocking(what, move || call(&mut job::lock(&store))).await
}

/// Runs `call` on a blocking thread; None (logged under `what`) when it failed.
async fn blocking<T: Send + 'static>(
    what: &'static str,
    call: impl FnOnce() -> crate::store::Result<T> + Send + 'static,
) -> Option<T> {
    match task::spawn_blocking(call).await {
        Ok(Ok(value)) => Some(value),
        Ok(Err(error)) => {
            tracing::warn!(%error, "{what} failed");
            None
        }
        Err(error) => {
            tracing::warn!(%error, "{what} task failed");
            None
        }
    }
}
