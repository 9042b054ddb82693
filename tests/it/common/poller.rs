//! Starting the real poller on a database in a test, and reading the
//! process's memory peak.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tidings::fetch::FetchOptions;
use tidings::model::{FeedId, FeedSource, Retention};
use tidings::poller::{self, PollerCmd, PollerEvent, PollerSettings};
use tidings::store::Store;
use tokio::sync::mpsc;
use tokio::time::timeout;

/// How long a harness waits for the poller's next event by default.
pub const WAIT: Duration = Duration::from_secs(15);

/// Retention that removes nothing, so tests see every stored item.
pub fn keep_everything() -> Retention {
    Retention { keep_days: 0, max_items_per_feed: 0, keep_unread: true }
}

/// Settings for a test: 8 fetches at once (8 per host), a 10 s timeout, no
/// schedule and no refresh on start (the test says when), the servers'
/// intervals heeded, everything kept, the search index kept up.
pub fn settings() -> PollerSettings {
    PollerSettings {
        max_concurrent_fetches: 8,
        max_fetches_per_host: 8,
        fetch: FetchOptions { timeout: Duration::from_secs(10), ..FetchOptions::default() },
        refresh_interval: None,
        use_server_intervals: true,
        refresh_on_start: false,
        retention: keep_everything(),
        index_search: true,
    }
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

/// The real poller on a fresh database in a temp dir, as the program runs
/// it: the UI's connection (`reader`) beside the poller's own writer.
pub struct Poller {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    /// The UI's connection: reads and marks.
    pub reader: Store,
    /// The feeds' ids, in the order of the sources given.
    pub ids: Vec<FeedId>,
    pub cmds: mpsc::UnboundedSender<PollerCmd>,
    pub events: mpsc::UnboundedReceiver<PollerEvent>,
    pub task: tokio::task::JoinHandle<()>,
    /// How long to wait for each event before failing.
    pub wait: Duration,
}

impl Poller {
    /// Stores `sources` as feeds and spawns the poller over them (on the
    /// current tokio runtime).
    pub fn start(settings: PollerSettings, sources: &[FeedSource]) -> Poller {
        let (dir, reader, ids) = super::temp_store(sources);
        let db = dir.path().join("tidings.db");
        let feeds = poller::feed_list(&ids, sources, settings.refresh_interval);
        let writer = Store::open(&db).expect("open writer");
        let (cmds, cmd_rx) = mpsc::unbounded_channel();
        let (event_tx, events) = mpsc::unbounded_channel();
        let task = poller::spawn(settings, feeds, writer, cmd_rx, event_tx);
        Poller { dir, db, reader, ids, cmds, events, task, wait: WAIT }
    }

    pub fn send(&self, cmd: PollerCmd) {
        self.cmds.send(cmd).expect("poller listening");
    }

    /// Events up to and including the next `Idle`.
    pub async fn until_idle(&mut self) -> Vec<PollerEvent> {
        let mut seen = Vec::new();
        loop {
            let event = timeout(self.wait, self.events.recv())
                .await
                .unwrap_or_else(|_| panic!("no Idle within {:?}; got {seen:?}", self.wait))
                .expect("poller alive");
            let idle = event == PollerEvent::Idle;
            seen.push(event);
            if idle {
                return seen;
            }
        }
    }

    /// Sends `cmd` and returns the events up to and including the next `Idle`.
    pub async fn run(&mut self, cmd: PollerCmd) -> Vec<PollerEvent> {
        self.send(cmd);
        self.until_idle().await
    }

    /// The next event that `pick` accepts (`what` names it if none comes).
    pub async fn next(&mut self, what: &str, pick: impl Fn(&PollerEvent) -> bool) -> PollerEvent {
        loop {
            let event = timeout(self.wait, self.events.recv())
                .await
                .unwrap_or_else(|_| panic!("no {what} within {:?}", self.wait))
                .expect("poller alive");
            if pick(&event) {
                return event;
            }
        }
    }
}

/// `Deref` and `DerefMut` to the `Poller` in the `poller` field of a test's
/// harness (which keeps its server or watcher beside it): `h.reader`,
/// `h.ids`, `h.run(cmd)` reach the poller's.
#[allow(unused_macros)] // the benches that include this module use none
macro_rules! derefs_to_poller {
    ($harness:ty) => {
        impl std::ops::Deref for $harness {
            type Target = $crate::common::poller::Poller;
            fn deref(&self) -> &Self::Target {
                &self.poller
            }
        }

        impl std::ops::DerefMut for $harness {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.poller
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use derefs_to_poller;

/// The process's peak resident memory so far (`VmHWM`), in KiB; Linux only.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}
