//! Starting the real poller on a database in a test, and reading the
//! process's memory peak.

use std::path::Path;

use tidings::model::{FeedId, FeedSource, Retention};
use tidings::poller::{self, PollerCmd, PollerEvent, PollerSettings};
use tidings::store::Store;
use tokio::sync::mpsc;

/// Retention that removes nothing, so tests see every stored item.
pub fn keep_everything() -> Retention {
    Retention { keep_days: 0, max_items_per_feed: 0, keep_unread: true }
}

/// Spawns the poller (on the current tokio runtime) over `sources`, stored
/// under `ids` in the database at `db`, with its own writer connection.
pub fn spawn(
    settings: PollerSettings,
    db: &Path,
    ids: &[FeedId],
    sources: &[FeedSource],
) -> (mpsc::UnboundedSender<PollerCmd>, mpsc::UnboundedReceiver<PollerEvent>) {
    let (cmds, cmd_rx) = mpsc::unbounded_channel();
    let (event_tx, events) = mpsc::unbounded_channel();
    poller::spawn(settings, poller::feed_list(ids, sources, None), Store::open(db).expect("writer"), cmd_rx, event_tx);
    (cmds, events)
}

/// The process's peak resident memory so far (`VmHWM`), in KiB; Linux only.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}
