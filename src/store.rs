//! SQLite persistence. Every SQL statement of the program lives under this module.
//! STUB: signatures are the contract; bodies are being written.

mod migrations;

use std::path::Path;

use crate::model::{Article, FeedId, FeedRow, FeedSource, Headline, IngestReport, ItemId, ParsedFeed, View};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database at {path}: {message}")]
    Open { path: String, message: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One connection to the database. The UI holds one (reads and marks), the poller
/// another (ingest); WAL lets them work side by side.
pub struct Store {
    conn: rusqlite::Connection,
}

impl Store {
    /// Opens (creating if needed) the database file; the parent directory must exist.
    /// Turns on WAL, foreign keys and a busy timeout, then runs pending migrations.
    pub fn open(path: &Path) -> Result<Store> {
        let _ = path;
        todo!()
    }

    /// Makes the stored feed list match the config: inserts new URLs, updates
    /// config titles, tags and order, and hides (does not delete) feeds no longer
    /// configured. Returns the feed ids in config order.
    pub fn sync_feeds(&mut self, sources: &[FeedSource]) -> Result<Vec<FeedId>> {
        let _ = (sources, &self.conn);
        todo!()
    }

    /// Configured feeds in config order with their unread/total counts.
    pub fn feeds(&self) -> Result<Vec<FeedRow>> {
        todo!()
    }

    /// Stores a successful fetch in one transaction: new items are inserted
    /// unread, known items (same feed, same guid) are updated without touching
    /// their read/starred marks; the feed's title, fetch time are updated and its
    /// last error cleared.
    pub fn ingest(&mut self, feed: FeedId, parsed: &ParsedFeed, fetched_at: i64) -> Result<IngestReport> {
        let _ = (feed, parsed, fetched_at);
        todo!()
    }

    /// Records a failed fetch: the error is kept on the feed until the next success.
    pub fn record_failure(&mut self, feed: FeedId, error: &str, at: i64) -> Result<()> {
        let _ = (feed, error, at);
        todo!()
    }

    /// Headlines of a view, newest first (date = published, else first seen).
    pub fn headlines(&self, view: View) -> Result<Vec<Headline>> {
        let _ = view;
        todo!()
    }

    /// The whole item, with its feed's display title.
    pub fn article(&self, item: ItemId) -> Result<Option<Article>> {
        let _ = item;
        todo!()
    }

    /// Writes a read mark at once (durable when this returns).
    pub fn set_read(&self, item: ItemId, read: bool) -> Result<()> {
        let _ = (item, read);
        todo!()
    }

    /// Writes a starred mark at once.
    pub fn set_starred(&self, item: ItemId, starred: bool) -> Result<()> {
        let _ = (item, starred);
        todo!()
    }

    /// Marks every item of the view read; returns how many changed.
    pub fn mark_view_read(&self, view: View) -> Result<usize> {
        let _ = view;
        todo!()
    }
}
