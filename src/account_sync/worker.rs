//! One account's jobs: push the queue, pull what changed, subscribe and
//! unsubscribe. Store calls run on blocking threads; the client keeps its
//! session between jobs.

use std::collections::HashSet;
use std::time::Duration;

use tokio::sync::mpsc;

use super::{AccountError, Job, SharedStore, SyncAccount, SyncEvent, SyncReport, SyncSettings, convert, password};
use crate::clock;
use crate::model::{AccountId, BulkScope, MarkField, PendingChange, RemoteItemRow};
use crate::store::{Store, StoreError};
use crate::sync::{
    Account, Ack, Before, Client, ClientOptions, Cursor, FeedId as RemoteFeedId, IdList, ItemId, Mark, Scope,
    SyncClient, SyncPoint,
};

/// Rows taken from the queue per round of pushes.
const PUSH_BATCH: usize = 500;
/// The subscription list is read again after this long (else on `R`).
const FEEDS_MAX_AGE: Duration = Duration::from_secs(3600);

pub(super) struct Worker {
    account: SyncAccount,
    options: ClientOptions,
    greader_pages: Option<(usize, usize)>,
    store: SharedStore,
    events: mpsc::UnboundedSender<SyncEvent>,
    client: Option<Client>,
    id: Option<AccountId>,
}

/// Runs `f` on the store on a blocking thread.
async fn on_store<T: Send + 'static>(
    store: &SharedStore,
    f: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, AccountError> {
    let store = SharedStore::clone(store);
    let result = tokio::task::spawn_blocking(move || {
        let mut store = store.lock().map_err(|_| AccountError::Internal)?;
        f(&mut store).map_err(|e| AccountError::Store(e.to_string()))
    })
    .await;
    result.unwrap_or(Err(AccountError::Internal))
}

impl Worker {
    pub(super) fn new(
        account: SyncAccount,
        settings: &SyncSettings,
        store: SharedStore,
        events: mpsc::UnboundedSender<SyncEvent>,
    ) -> Worker {
        Worker {
            account,
            options: settings.client.clone(),
            greader_pages: settings.greader_pages,
            store,
            events,
            client: None,
            id: None,
        }
    }

    fn send(&self, event: SyncEvent) {
        let _ = self.events.send(event);
    }

    fn name(&self) -> String {
        self.account.name.clone()
    }

    /// Runs one job and says how it went (the event and the account's row).
    pub(super) async fn run(&mut self, job: &Job) -> Result<SyncReport, AccountError> {
        match job {
            Job::Subscribe(url) => {
                let result = self.subscribe(url).await;
                self.send(SyncEvent::Subscribed { account: self.name(), url: url.clone(), result: result.clone() });
                result.map(|()| SyncReport::default())
            }
            Job::Unsubscribe(feed) => {
                let result = self.unsubscribe(*feed).await;
                self.send(SyncEvent::Unsubscribed { account: self.name(), feed: *feed, result: result.clone() });
                result.map(|()| SyncReport::default())
            }
            Job::Sync { full } => self.round(Some(*full)).await,
            Job::Push => self.round(None).await,
        }
    }

    /// A push, then (with `pull`) a pull; recorded on the account either way.
    async fn round(&mut self, pull: Option<bool>) -> Result<SyncReport, AccountError> {
        let push_only = pull.is_none();
        let account = match self.account_id().await {
            Ok(id) => id,
            Err(error) => return Err(self.failed(None, error).await),
        };
        if push_only && on_store(&self.store, move |s| s.waiting(account)).await? == 0 {
            return Ok(SyncReport { push_only, ..SyncReport::default() });
        }
        self.send(SyncEvent::Started { account: self.name() });
        let mut report = SyncReport { push_only, ..SyncReport::default() };
        let result = async {
            report.pushed = self.push(account).await?;
            if let Some(full) = pull {
                self.pull(account, full, &mut report).await?;
            }
            Ok::<(), AccountError>(())
        }
        .await;
        if let Err(error) = result {
            return Err(self.failed(Some(account), error).await);
        }
        let now = clock::unix_now();
        report.waiting = on_store(&self.store, move |s| {
            s.record_sync(account, now)?;
            s.index_all_pending()?;
            s.waiting(account)
        })
        .await?;
        self.send(SyncEvent::Synced { account: self.name(), report });
        Ok(report)
    }

    /// Records the error on the account and says it; returns it.
    async fn failed(&mut self, account: Option<AccountId>, error: AccountError) -> AccountError {
        tracing::info!(account = %self.account.name, %error, "sync failed");
        if matches!(error, AccountError::Server(crate::sync::SyncError::BadCredentials) | AccountError::Password(_)) {
            // The password may have been fixed by the next try.
            self.client = None;
        }
        let line = error.to_string();
        let waiting = match account {
            Some(account) => {
                let now = clock::unix_now();
                on_store(&self.store, move |s| {
                    s.record_sync_error(account, &line, now)?;
                    s.waiting(account)
                })
                .await
                .unwrap_or(0)
            }
            None => 0,
        };
        self.send(SyncEvent::Failed { account: self.name(), error: error.clone(), waiting });
        error
    }

    async fn account_id(&mut self) -> Result<AccountId, AccountError> {
        if let Some(id) = self.id {
            return Ok(id);
        }
        let (name, kind) = (self.account.name.clone(), self.account.kind.key());
        let id = on_store(&self.store, move |s| s.ensure_account(&name, kind).map(|a| a.id)).await?;
        self.id = Some(id);
        Ok(id)
    }

    /// The client, made (password and all) on first use.
    async fn client(&mut self) -> Result<&mut Client, AccountError> {
        if self.client.is_none() {
            let password = password::resolve(&self.account.password).await.map_err(AccountError::Password)?;
            let account = Account {
                protocol: self.account.protocol(),
                url: self.account.url.clone(),
                user: self.account.user.clone(),
                password,
                allow_plain_http: self.account.allow_http,
            };
            let client = match Client::new(&account, &self.options)? {
                Client::GReader(g) => match self.greader_pages {
                    Some((ids, items)) => Client::GReader(g.with_page_sizes(ids, items)),
                    None => Client::GReader(g),
                },
                other => other,
            };
            self.client = Some(client);
        }
        self.client.as_mut().ok_or(AccountError::Internal)
    }

    /// Pushes the queue: bulk marks first (later single marks go over them),
    /// then the rows in batches. Returns how many rows left the queue.
    async fn push(&mut self, account: AccountId) -> Result<usize, AccountError> {
        for bulk in on_store(&self.store, move |s| s.pending_bulks(account)).await? {
            let scope = match &bulk.scope {
                BulkScope::All => Scope::All,
                BulkScope::Feed(id) => Scope::Feed(RemoteFeedId(id.clone())),
            };
            let before = Before { time_us: bulk.before_us, newest: bulk.newest.clone().map(ItemId) };
            match self.client().await?.mark_read_before(&scope, &before).await {
                Ok(()) => {}
                // The feed is gone from the server: its items' own rows still go.
                Err(error @ (crate::sync::SyncError::Refused(_) | crate::sync::SyncError::Server { status: 400 })) => {
                    tracing::info!(account = %self.account.name, %error, "bulk mark refused; marking one by one");
                }
                Err(error) => return Err(error.into()),
            }
            on_store(&self.store, move |s| s.ack_bulk(bulk.id)).await?;
        }
        let mut pushed = 0;
        loop {
            let rows = on_store(&self.store, move |s| s.pending_changes(account, PUSH_BATCH)).await?;
            if rows.is_empty() {
                return Ok(pushed);
            }
            let sent = rows.clone();
            on_store(&self.store, move |s| s.begin_push(account, &sent)).await?;
            let settled = self.push_rows(&rows).await?;
            if settled.is_empty() {
                // The server answered but took none of them: try again next round.
                return Ok(pushed);
            }
            pushed += settled.len();
            on_store(&self.store, move |s| s.settle(account, &settled)).await?;
        }
    }

    /// Sends rows grouped by mark; returns those the server acknowledged.
    async fn push_rows(&mut self, rows: &[PendingChange]) -> Result<Vec<PendingChange>, AccountError> {
        let mut settled = Vec::with_capacity(rows.len());
        for group in rows.chunk_by(|a, b| (a.field, a.value) == (b.field, b.value)) {
            let mark = match (group[0].field, group[0].value) {
                (MarkField::Read, true) => Mark::Read,
                (MarkField::Read, false) => Mark::Unread,
                (MarkField::Starred, true) => Mark::Starred,
                (MarkField::Starred, false) => Mark::Unstarred,
            };
            let ids: Vec<ItemId> = group.iter().map(|r| ItemId(r.remote_id.clone())).collect();
            let acks = self.client().await?.push(mark, &ids).await?;
            for (row, (_, ack)) in group.iter().zip(acks) {
                if matches!(ack, Ack::Done | Ack::Unknown) {
                    settled.push(row.clone());
                }
            }
        }
        Ok(settled)
    }

    /// Pulls: the subscriptions when due, new items page by page, then the
    /// whole unread and starred lists, then the contents of listed ids the
    /// store lacks.
    async fn pull(&mut self, account: AccountId, full: bool, report: &mut SyncReport) -> Result<(), AccountError> {
        let name = self.account.name.clone();
        let state = on_store(&self.store, move |s| s.account_state(&name)).await?.unwrap_or_default();
        let now = clock::unix_now();
        let stale = state.feeds_checked_at.is_none_or(|at| now - at >= FEEDS_MAX_AGE.as_secs() as i64);
        let mut feeds_read = false;
        if full || stale || state.sync_point.is_empty() {
            self.pull_feeds(account).await?;
            feeds_read = true;
        }
        let since = SyncPoint(state.sync_point.clone());
        let mut cursor: Option<Cursor> = None;
        let mut pages = 0;
        let point = loop {
            let page = self.client().await?.new_items(&since, cursor.as_ref(), false).await?;
            pages += 1;
            let rows: Vec<RemoteItemRow> = page.items.into_iter().filter_map(convert::item).collect();
            self.store_items(account, rows, &mut feeds_read, report).await?;
            match page.next {
                // A server whose pages never end is cut off.
                Some(next) if pages < crate::sync::MAX_PAGES => cursor = Some(next),
                _ => break page.point,
            }
        };
        let unread: HashSet<String> =
            self.client().await?.ids(IdList::Unread).await?.into_iter().map(|i| i.0).collect();
        let starred: HashSet<String> =
            self.client().await?.ids(IdList::Starred).await?.into_iter().map(|i| i.0).collect();
        let merge = on_store(&self.store, move |s| s.merge_server_lists(account, &unread, &starred)).await?;
        report.changed += merge.changed;
        let per_request = self.client().await?.capabilities().items_per_request.max(1);
        for chunk in merge.unknown.chunks(per_request) {
            let ids: Vec<ItemId> = chunk.iter().cloned().map(ItemId).collect();
            let items = self.client().await?.items(&ids).await?;
            let rows: Vec<RemoteItemRow> = items.into_iter().filter_map(convert::item).collect();
            self.store_items(account, rows, &mut feeds_read, report).await?;
        }
        // The point moves only once everything up to it is stored: pages
        // come newest first on some servers, so a point saved halfway
        // would skip what the rest held.
        on_store(&self.store, move |s| {
            s.save_sync_point(account, &point.0)?;
            s.finish_pull(account)
        })
        .await
    }

    async fn pull_feeds(&mut self, account: AccountId) -> Result<(), AccountError> {
        let client = self.client().await?;
        let feeds = client.feeds().await?;
        let folders = client.folders().await?;
        let rows = convert::feeds(feeds, &folders, self.account.tag.as_deref());
        let now = clock::unix_now();
        on_store(&self.store, move |s| s.save_remote_feeds(account, &rows, now)).await?;
        Ok(())
    }

    /// Stores pulled items; items of a feed the store does not know yet
    /// (subscribed since the list was read) bring the list again, once.
    async fn store_items(
        &mut self,
        account: AccountId,
        rows: Vec<RemoteItemRow>,
        feeds_read: &mut bool,
        report: &mut SyncReport,
    ) -> Result<(), AccountError> {
        if rows.is_empty() {
            return Ok(());
        }
        let now = clock::unix_now();
        let (mut stored, rows) =
            on_store(&self.store, move |s| s.store_remote_items(account, &rows, None, now).map(|r| (r, rows))).await?;
        if stored.orphans > 0 && !*feeds_read {
            self.pull_feeds(account).await?;
            *feeds_read = true;
            stored = on_store(&self.store, move |s| s.store_remote_items(account, &rows, None, now)).await?;
        }
        if stored.orphans > 0 {
            tracing::info!(account = %self.account.name, items = stored.orphans, "items of unknown feeds left out");
        }
        report.new_items += stored.new_items;
        report.changed += stored.changed;
        if stored.new_items > 0 {
            self.send(SyncEvent::Progress { account: self.name(), items: report.new_items });
        }
        Ok(())
    }

    async fn subscribe(&mut self, url: &str) -> Result<(), AccountError> {
        let account = self.account_id().await?;
        self.client().await?.subscribe(url, None).await?;
        // Subscribed: the pull after it is a sync, whose failure is its own
        // (recorded and told as one), not the subscription's.
        let mut report = SyncReport::default();
        let pulled = async {
            self.pull_feeds(account).await?;
            self.pull(account, false, &mut report).await?;
            on_store(&self.store, |s| s.index_all_pending().map(drop)).await
        }
        .await;
        if let Err(error) = pulled {
            self.failed(Some(account), error).await;
        }
        Ok(())
    }

    async fn unsubscribe(&mut self, feed: crate::model::FeedId) -> Result<(), AccountError> {
        let account = self.account_id().await?;
        let found = on_store(&self.store, move |s| s.account_feed(feed)).await?;
        let remote = found.filter(|f| f.account == account).ok_or(AccountError::NotAnAccountFeed)?.remote_id;
        self.client().await?.unsubscribe(&RemoteFeedId(remote.clone())).await?;
        on_store(&self.store, move |s| s.hide_remote_feed(account, &remote)).await
    }
}
