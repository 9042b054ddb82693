//! The sync task beside the poller: the second kind of source. Per account
//! it pushes the queue of marks (a row leaves only once the server
//! acknowledged it), then pulls what changed (new items a page at a time,
//! the unread and starred id lists, the contents of unknown ids), on a timer
//! (`sync_interval`), on `R`, on `tidings sync`, and soon after a mark.
//! It talks to the UI only through `SyncEvent`s; the data is on disk first.
//!
//! One job runs per account at a time; accounts sync side by side. A server
//! that cannot be reached is tried again with a growing pause, and the
//! reader goes on from its store meanwhile.

mod convert;
mod password;
mod types;
mod worker;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::{JoinError, JoinSet};
use tokio::time::Instant;

use crate::model::FeedId;
use crate::store::Store;
pub use crate::sync::SyncError;
pub use types::{AccountError, SyncAccount, SyncCmd, SyncEvent, SyncReport, SyncSettings, accounts};
use worker::Worker;

/// The sync task's store connection, shared with its blocking threads.
type SharedStore = Arc<Mutex<Store>>;

/// Delay between a mark and its push: marks made in a burst go together.
const PUSH_DELAY: Duration = Duration::from_millis(1500);
/// First pause after a failure; it doubles up to `MAX_BACKOFF`.
const FIRST_BACKOFF: Duration = Duration::from_secs(30);
const MAX_BACKOFF: Duration = Duration::from_secs(600);

/// A finished job: the worker back, and how the job went.
type Done = (Worker, Job, Result<SyncReport, AccountError>);

/// A job for one account.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Job {
    Sync { full: bool },
    Push,
    Subscribe(String),
    Unsubscribe(FeedId),
}

struct Slot {
    account: SyncAccount,
    /// None while a job runs (the worker is in its task).
    worker: Option<Worker>,
    /// Jobs asked for, in order.
    asked: VecDeque<Job>,
    sync_due: Option<Instant>,
    push_due: Option<Instant>,
    failures: u32,
}

/// Starts the sync task on the current tokio runtime; it ends on `Shutdown`
/// or when `cmds` closes.
pub fn spawn(
    settings: SyncSettings,
    accounts: Vec<SyncAccount>,
    store: Store,
    cmds: mpsc::UnboundedReceiver<SyncCmd>,
    events: mpsc::UnboundedSender<SyncEvent>,
) -> tokio::task::JoinHandle<()> {
    let mut store = store;
    store.defer_search_index(true);
    let mut task = Task {
        settings,
        slots: Vec::new(),
        store: Arc::new(Mutex::new(store)),
        events,
        running: JoinSet::new(),
        names: HashMap::new(),
    };
    task.set_accounts(accounts);
    tokio::spawn(task.run(cmds))
}

struct Task {
    settings: SyncSettings,
    slots: Vec<Slot>,
    store: SharedStore,
    events: mpsc::UnboundedSender<SyncEvent>,
    running: JoinSet<Done>,
    names: HashMap<tokio::task::Id, String>,
}

impl Task {
    async fn run(mut self, mut cmds: mpsc::UnboundedReceiver<SyncCmd>) {
        self.announce_all();
        if self.settings.sync_on_start {
            let now = Instant::now();
            for slot in &mut self.slots {
                slot.sync_due = Some(now);
            }
        }
        loop {
            self.start_due();
            let wake = self.next_wake();
            tokio::select! {
                cmd = cmds.recv() => match cmd {
                    Some(SyncCmd::Shutdown) | None => break,
                    Some(cmd) => self.command(cmd),
                },
                Some(done) = self.running.join_next_with_id(), if !self.running.is_empty() => self.finished(done),
                () = sleep_until(wake) => {}
            }
        }
        // A transaction on a blocking thread commits or rolls back by itself.
        self.running.abort_all();
        tracing::debug!("sync task stopped");
    }

    fn set_accounts(&mut self, accounts: Vec<SyncAccount>) {
        let mut old: HashMap<String, Slot> = self.slots.drain(..).map(|s| (s.account.name.clone(), s)).collect();
        for account in accounts {
            let slot = match old.remove(&account.name) {
                // The same account: keep its session unless how to reach it changed.
                Some(mut slot) if slot.account == account => {
                    slot.account = account;
                    slot
                }
                Some(mut slot) => {
                    slot.worker = slot.worker.take().map(|_| self.new_worker(&account));
                    slot.account = account;
                    slot.sync_due = Some(Instant::now());
                    slot
                }
                None => Slot {
                    worker: Some(self.new_worker(&account)),
                    account,
                    asked: VecDeque::new(),
                    sync_due: None,
                    push_due: None,
                    failures: 0,
                },
            };
            self.slots.push(slot);
        }
        let now = Instant::now();
        for slot in &mut self.slots {
            if slot.sync_due.is_none() {
                slot.sync_due = slot.account.interval.map(|i| now + i);
            }
        }
    }

    fn new_worker(&self, account: &SyncAccount) -> Worker {
        Worker::new(account.clone(), &self.settings, Arc::clone(&self.store), self.events.clone())
    }

    fn command(&mut self, cmd: SyncCmd) {
        match cmd {
            SyncCmd::Sync { account, full } => {
                for slot in self.slots.iter_mut().filter(|s| account.as_ref().is_none_or(|a| *a == s.account.name)) {
                    slot.asked.push_back(Job::Sync { full });
                }
            }
            SyncCmd::Push => {
                self.announce_all();
                let at = Instant::now() + PUSH_DELAY;
                // An account that is failing waits for its next try.
                for slot in self.slots.iter_mut().filter(|s| s.failures == 0) {
                    slot.push_due = Some(slot.push_due.map_or(at, |due| due.min(at)));
                }
            }
            SyncCmd::Subscribe { account, url } => match self.slots.iter_mut().find(|s| s.account.name == account) {
                Some(slot) => slot.asked.push_back(Job::Subscribe(url)),
                None => {
                    let result = Err(AccountError::Server(SyncError::Refused(format!("no account named {account}"))));
                    self.send(SyncEvent::Subscribed { account, url, result });
                }
            },
            SyncCmd::Unsubscribe { feed } => self.unsubscribe(feed),
            SyncCmd::SetAccounts(accounts) => {
                self.set_accounts(accounts);
                self.announce_all();
            }
            SyncCmd::SetRules(rules) => {
                if let Ok(mut store) = self.store.lock() {
                    store.set_rules(rules);
                }
            }
            SyncCmd::Shutdown => {}
        }
    }

    /// Finds the feed's account (in the store) and queues the job there.
    fn unsubscribe(&mut self, feed: FeedId) {
        let found = self.store.lock().ok().and_then(|s| s.account_feed(feed).ok().flatten());
        match found.and_then(|f| self.slots.iter_mut().find(|s| s.account.name == f.account_name)) {
            Some(slot) => slot.asked.push_back(Job::Unsubscribe(feed)),
            None => self.send(SyncEvent::Unsubscribed {
                account: String::new(),
                feed,
                result: Err(AccountError::NotAnAccountFeed),
            }),
        }
    }

    /// Starts what is asked or due on every idle account.
    fn start_due(&mut self) {
        let now = Instant::now();
        for index in 0..self.slots.len() {
            let slot = &mut self.slots[index];
            if slot.worker.is_none() {
                continue;
            }
            let job = if let Some(job) = take_asked(&mut slot.asked) {
                job
            } else if slot.sync_due.is_some_and(|due| due <= now) {
                Job::Sync { full: false }
            } else if slot.push_due.is_some_and(|due| due <= now) {
                Job::Push
            } else {
                continue;
            };
            if matches!(job, Job::Sync { .. }) {
                slot.sync_due = None;
            }
            slot.push_due = None;
            let Some(mut worker) = slot.worker.take() else { continue };
            let name = slot.account.name.clone();
            let handle = self.running.spawn(async move {
                let result = worker.run(&job).await;
                (worker, job, result)
            });
            self.names.insert(handle.id(), name);
        }
    }

    fn finished(&mut self, done: Result<(tokio::task::Id, Done), JoinError>) {
        let (id, outcome) = match done {
            Ok((id, outcome)) => (id, Some(outcome)),
            Err(error) => {
                tracing::warn!(%error, "sync job failed");
                (error.id(), None)
            }
        };
        let Some(name) = self.names.remove(&id) else { return };
        let Some(index) = self.slots.iter().position(|s| s.account.name == name) else { return };
        let (worker, result) = match outcome {
            Some((worker, _, result)) => (worker, result),
            None => (self.new_worker(&self.slots[index].account), Err(AccountError::Internal)),
        };
        let slot = &mut self.slots[index];
        slot.worker = Some(worker);
        let now = Instant::now();
        match result {
            Ok(report) => {
                slot.failures = 0;
                if !report.push_only || slot.sync_due.is_none() {
                    slot.sync_due = slot.account.interval.map(|i| now + i);
                }
                if report.waiting > 0 {
                    slot.push_due = Some(now + PUSH_DELAY);
                }
            }
            Err(error) => {
                slot.failures += 1;
                let retry = if error.is_transient() { backoff(slot.failures) } else { MAX_BACKOFF };
                let pause = slot.account.interval.map_or(retry, |i| i.min(retry).max(FIRST_BACKOFF.min(i)));
                slot.sync_due = Some(now + pause);
                slot.push_due = None;
            }
        }
    }

    /// The earliest time something is due.
    fn next_wake(&self) -> Option<Instant> {
        self.slots.iter().filter(|s| s.worker.is_some()).flat_map(|s| [s.sync_due, s.push_due]).flatten().min()
    }

    /// Tells the UI what the store knows of every account.
    fn announce_all(&self) {
        let Ok(store) = self.store.lock() else { return };
        for slot in &self.slots {
            match store.account_state(&slot.account.name) {
                Ok(state) => {
                    let state = state.unwrap_or_default();
                    self.send(SyncEvent::State {
                        account: slot.account.name.clone(),
                        waiting: state.waiting,
                        last_error: state.last_error,
                        last_sync: state.last_sync,
                    });
                }
                Err(error) => tracing::warn!(%error, "cannot read the account state"),
            }
        }
    }

    fn send(&self, event: SyncEvent) {
        // Nobody listening (the UI is closing) is not an error: the data is stored.
        let _ = self.events.send(event);
    }
}

/// The next job asked for: subscriptions in order first, then one sync for
/// all the syncs asked (full if any was), else a push.
fn take_asked(asked: &mut VecDeque<Job>) -> Option<Job> {
    if let Some(i) = asked.iter().position(|j| matches!(j, Job::Subscribe(_) | Job::Unsubscribe(_))) {
        return asked.remove(i);
    }
    if asked.iter().any(|j| matches!(j, Job::Sync { .. })) {
        let full = asked.iter().any(|j| *j == Job::Sync { full: true });
        asked.clear();
        return Some(Job::Sync { full });
    }
    asked.pop_front()
}

fn backoff(failures: u32) -> Duration {
    FIRST_BACKOFF.saturating_mul(1 << failures.saturating_sub(1).min(10)).min(MAX_BACKOFF)
}

async fn sleep_until(wake: Option<Instant>) {
    match wake {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asked_jobs_merge() {
        let mut asked = VecDeque::from([Job::Push, Job::Sync { full: false }, Job::Subscribe("u".into())]);
        assert_eq!(take_asked(&mut asked), Some(Job::Subscribe("u".into())));
        asked.push_back(Job::Sync { full: true });
        assert_eq!(take_asked(&mut asked), Some(Job::Sync { full: true }));
        assert!(asked.is_empty());
        assert_eq!(backoff(1), FIRST_BACKOFF);
        assert_eq!(backoff(2), FIRST_BACKOFF * 2);
        assert_eq!(backoff(30), MAX_BACKOFF);
    }
}
