//! Talking to feed servers that keep a user's subscriptions and read state:
//! the GReader API (FreshRSS, Miniflux, Inoreader…), Fever (FreshRSS,
//! Miniflux, coldsweat, TT-RSS's plugin) and Tiny Tiny RSS's own API.
//!
//! Each protocol is one module behind [`SyncClient`]; [`Client`] picks the
//! module for an [`Account`]. A fourth protocol is one more file, a variant of
//! `Client` and its line in `dispatch!`.
//!
//! The clients only talk: they keep no state but their session, and what they
//! return is the server's word, unsanitised. Offline-first sync (the queue of
//! pending marks, merging, retrying) is the caller's, built on what these
//! calls promise:
//! - marks are pushed in batches and acknowledged per id where the protocol
//!   can tell ([`Ack`]); an id the server does not know comes back as
//!   [`Ack::Unknown`], so it can be settled instead of retried;
//! - a state change made elsewhere is found by comparing the whole unread and
//!   starred id lists ([`SyncClient::ids`]): none of the three protocols
//!   reports changed states since a point, only new items;
//! - sessions are renewed by the clients themselves (a new login on an
//!   expired session, a fresh GReader token on a refused one), once per call.

mod error;
pub mod fever;
pub mod greader;
mod http;
mod json;
pub mod ttrss;
mod types;

use std::future::Future;

pub use crate::model::Secret;
pub use error::SyncError;
pub use http::ClientOptions;
pub use types::*;

/// What offline-first sync needs from a server. Every call may log in first
/// (and again when the session expired); none of them retries past that.
pub trait SyncClient {
    fn protocol(&self) -> Protocol;
    fn capabilities(&self) -> Capabilities;

    /// Checks the credentials and opens a session. Other calls log in by
    /// themselves; this one makes a wrong password show at once.
    fn login(&mut self) -> impl Future<Output = Result<(), SyncError>> + Send;

    /// The subscriptions, with the folders each is in.
    fn feeds(&mut self) -> impl Future<Output = Result<Vec<RemoteFeed>, SyncError>> + Send;

    /// The folders (categories), empty ones included where the server lists them.
    fn folders(&mut self) -> impl Future<Output = Result<Vec<RemoteFolder>, SyncError>> + Send;

    /// Every id in the server's unread or starred list.
    fn ids(&mut self, list: IdList) -> impl Future<Output = Result<Vec<ItemId>, SyncError>> + Send;

    /// Items that reached the server after `since` (all of them from the
    /// start point), a page at a time: pass `next` back until it is None,
    /// then save the last page's `point`. Pages may repeat an item: dedupe by
    /// id. `unread_only` leaves read items out where the protocol can (a
    /// first sync of a large account); Fever gives them all.
    fn new_items(
        &mut self,
        since: &SyncPoint,
        cursor: Option<&Cursor>,
        unread_only: bool,
    ) -> impl Future<Output = Result<ItemPage, SyncError>> + Send;

    /// The ids only of what `new_items` would give, where the protocol can
    /// list ids alone (see [`Capabilities::new_ids`]); else `Unsupported`.
    fn new_ids(
        &mut self,
        since: &SyncPoint,
        cursor: Option<&Cursor>,
    ) -> impl Future<Output = Result<IdPage, SyncError>> + Send;

    /// The items with these ids, in no particular order; ids the server does
    /// not know are left out. Split into requests of at most
    /// [`Capabilities::items_per_request`]; pass that many for bounded memory.
    fn items(&mut self, ids: &[ItemId]) -> impl Future<Output = Result<Vec<RemoteItem>, SyncError>> + Send;

    /// Sets a state on items; one answer per id, in order. An `Err` means
    /// nothing is known about any of them: keep them all queued.
    fn push(
        &mut self,
        mark: Mark,
        ids: &[ItemId],
    ) -> impl Future<Output = Result<Vec<(ItemId, Ack)>, SyncError>> + Send;

    /// Marks read what is in `scope` and reached the server before `before`.
    fn mark_read_before(
        &mut self,
        scope: &Scope,
        before: &Before,
    ) -> impl Future<Output = Result<(), SyncError>> + Send;

    /// Subscribes to a feed URL, in a folder if given; the new feed's id.
    fn subscribe(
        &mut self,
        url: &str,
        folder: Option<&FolderId>,
    ) -> impl Future<Output = Result<FeedId, SyncError>> + Send;

    fn unsubscribe(&mut self, feed: &FeedId) -> impl Future<Output = Result<(), SyncError>> + Send;
}

/// A client for any of the protocols.
#[derive(Debug)]
pub enum Client {
    GReader(greader::GReader),
    Fever(fever::Fever),
    TtRss(ttrss::TtRss),
}

impl Client {
    /// A client for `account`; no request is made yet. Plain http is refused
    /// here unless the host is a loopback address or the account allows it.
    pub fn new(account: &Account, options: &ClientOptions) -> Result<Client, SyncError> {
        Ok(match account.protocol {
            Protocol::GReader => Client::GReader(greader::GReader::new(account, options)?),
            Protocol::Fever => Client::Fever(fever::Fever::new(account, options)?),
            Protocol::TtRss => Client::TtRss(ttrss::TtRss::new(account, options)?),
        })
    }
}

macro_rules! dispatch {
    ($self:ident, $client:ident => $call:expr) => {
        match $self {
            Client::GReader($client) => $call,
            Client::Fever($client) => $call,
            Client::TtRss($client) => $call,
        }
    };
}

impl SyncClient for Client {
    fn protocol(&self) -> Protocol {
        dispatch!(self, c => c.protocol())
    }

    fn capabilities(&self) -> Capabilities {
        dispatch!(self, c => c.capabilities())
    }

    async fn login(&mut self) -> Result<(), SyncError> {
        dispatch!(self, c => c.login().await)
    }

    async fn feeds(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        dispatch!(self, c => c.feeds().await)
    }

    async fn folders(&mut self) -> Result<Vec<RemoteFolder>, SyncError> {
        dispatch!(self, c => c.folders().await)
    }

    async fn ids(&mut self, list: IdList) -> Result<Vec<ItemId>, SyncError> {
        dispatch!(self, c => c.ids(list).await)
    }

    async fn new_items(
        &mut self,
        since: &SyncPoint,
        cursor: Option<&Cursor>,
        unread_only: bool,
    ) -> Result<ItemPage, SyncError> {
        dispatch!(self, c => c.new_items(since, cursor, unread_only).await)
    }

    async fn new_ids(&mut self, since: &SyncPoint, cursor: Option<&Cursor>) -> Result<IdPage, SyncError> {
        dispatch!(self, c => c.new_ids(since, cursor).await)
    }

    async fn items(&mut self, ids: &[ItemId]) -> Result<Vec<RemoteItem>, SyncError> {
        dispatch!(self, c => c.items(ids).await)
    }

    async fn push(&mut self, mark: Mark, ids: &[ItemId]) -> Result<Vec<(ItemId, Ack)>, SyncError> {
        dispatch!(self, c => c.push(mark, ids).await)
    }

    async fn mark_read_before(&mut self, scope: &Scope, before: &Before) -> Result<(), SyncError> {
        dispatch!(self, c => c.mark_read_before(scope, before).await)
    }

    async fn subscribe(&mut self, url: &str, folder: Option<&FolderId>) -> Result<FeedId, SyncError> {
        dispatch!(self, c => c.subscribe(url, folder).await)
    }

    async fn unsubscribe(&mut self, feed: &FeedId) -> Result<(), SyncError> {
        dispatch!(self, c => c.unsubscribe(feed).await)
    }
}

/// The ids in chunks of `size` (at least 1).
pub(crate) fn chunks(ids: &[ItemId], size: usize) -> std::slice::Chunks<'_, ItemId> {
    ids.chunks(size.max(1))
}

/// An id made of digits only (Fever, TT-RSS), as its number; anything else
/// cannot be on such a server.
pub(crate) fn numeric(id: &str) -> Option<u64> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) { None } else { id.parse().ok() }
}

/// Largest number of pages any listing follows, against a server whose
/// continuation never ends.
pub(crate) const MAX_PAGES: usize = 100_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn futures_can_go_to_another_task() {
        let account = Account {
            protocol: Protocol::Fever,
            url: "http://127.0.0.1:9/fever/".into(),
            user: "u".into(),
            password: Secret::new("p"),
            allow_plain_http: false,
        };
        let mut client = Client::new(&account, &ClientOptions::default()).expect("client");
        assert_send(&client.login());
        assert_send(&client.push(Mark::Read, &[]));
        assert!(!format!("{client:?}").contains("\"p\""));
    }
}
