//! What tests ask of a store, written over the calls the program itself
//! makes (`ingest_with_state`, `headlines_page`, `mark_read`, `fetch_states`),
//! so a test exercises the real paths.

use std::path::Path;

use tidings::model::{FeedId, FeedSource, FetchState, Headline, IngestReport, Listing, ParsedFeed, View};
use tidings::store::{Result, Store, fts_query};

pub trait StoreExt {
    /// Stores a fetch as the poller does, without a fetch state.
    fn ingest(&mut self, feed: FeedId, parsed: &ParsedFeed, fetched_at: i64) -> Result<IngestReport>;
    /// Every headline of a view in its order (the UI pages through the same query).
    fn headlines(&self, view: View) -> Result<Vec<Headline>>;
    /// (matches, the page) of a search in `view`, as the search prompt lists them.
    fn search(&self, view: View, text: &str, offset: usize, limit: usize) -> Result<(usize, Vec<Headline>)>;
    /// `A` on a view: its unread items marked read.
    fn mark_view_read(&self, view: View) -> Result<usize>;
    /// The stored fetch state of a feed (the default when it has none).
    fn fetch_state(&self, feed: FeedId) -> Result<FetchState>;
    /// The tags the config gives a feed, as the feed list shows them.
    fn feed_tags(&self, feed: FeedId) -> Result<Vec<String>>;
}

impl StoreExt for Store {
    fn ingest(&mut self, feed: FeedId, parsed: &ParsedFeed, fetched_at: i64) -> Result<IngestReport> {
        self.ingest_with_state(feed, parsed, fetched_at, None)
    }

    fn headlines(&self, view: View) -> Result<Vec<Headline>> {
        self.headlines_page(&view.into(), 0, usize::MAX >> 1)
    }

    fn search(&self, view: View, text: &str, offset: usize, limit: usize) -> Result<(usize, Vec<Headline>)> {
        if fts_query(text).is_none() {
            return Ok((0, Vec::new()));
        }
        let listing = Listing { view, search: Some(text.to_owned()), ..Listing::default() };
        Ok((self.headline_count(&listing)?, self.headlines_page(&listing, offset, limit)?))
    }

    fn mark_view_read(&self, view: View) -> Result<usize> {
        self.mark_read(&view.into())
    }

    fn fetch_state(&self, feed: FeedId) -> Result<FetchState> {
        Ok(self.fetch_states()?.remove(&feed).unwrap_or_default())
    }

    fn feed_tags(&self, feed: FeedId) -> Result<Vec<String>> {
        Ok(self.feeds()?.into_iter().find(|f| f.id == feed).map(|f| f.tags).unwrap_or_default())
    }
}

/// A fresh database (`tidings.db`) in a temp dir of its own, `sources`
/// stored as its feeds: the dir (keep it), the store, the feeds' ids in order.
pub fn temp_store(sources: &[FeedSource]) -> (tempfile::TempDir, Store, Vec<FeedId>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("tidings.db")).expect("open the store");
    let ids = store.sync_feeds(sources).expect("store the feeds");
    (dir, store, ids)
}

/// A feed of the config with only its address.
pub fn feed_source(url: &str) -> FeedSource {
    FeedSource { url: url.to_owned(), ..FeedSource::default() }
}

/// The schema version written in the database file (SQLite's `user_version`).
pub fn schema_version(db: &Path) -> u32 {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.pragma_query_value(None, "user_version", |row| row.get(0)).expect("user_version")
}

/// Undoes migration 15 (the search index's side file) on a database, for a
/// test of an older schema: its log and triggers dropped, the main index's
/// triggers as migration 11 made them. The caller sets `user_version`.
pub const UNDO_SIDE_INDEX: &str = "
DROP TRIGGER side_index_insert; DROP TRIGGER side_index_delete; DROP TRIGGER side_index_update;
DROP TABLE side_index_state; DROP TABLE side_index_log;
DROP TRIGGER items_fts_delete; DROP TRIGGER items_fts_update;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items
WHEN OLD.id <= (SELECT indexed_up_to FROM search_index_state) BEGIN
    DELETE FROM items_fts WHERE rowid = OLD.id;
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, author, content ON items
WHEN OLD.id <= (SELECT indexed_up_to FROM search_index_state) BEGIN
    DELETE FROM items_fts WHERE rowid = OLD.id;
    INSERT INTO items_fts (rowid, title, author, content)
    VALUES (NEW.id, NEW.title, NEW.author, tidings_text(NEW.content));
END;
";

/// A connection of the test's own on the database file: its `data_version`
/// changes whenever another connection commits, so a test can prove that
/// nothing was written.
pub struct Watcher(rusqlite::Connection);

impl Watcher {
    pub fn open(db: &Path) -> Watcher {
        Watcher(rusqlite::Connection::open(db).expect("open the database"))
    }

    pub fn data_version(&self) -> i64 {
        self.0.pragma_query_value(None, "data_version", |row| row.get(0)).expect("data_version")
    }
}
