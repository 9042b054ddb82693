//! Items and marks brought over from another reader (newsboat's cache).

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::write::{self, Marks};
use super::{Result, Store, StoreError};
use crate::model::{FeedId, MarkedItem, MarksReport};

/// Marks only ever gain: read in either reader stays read, starred stays starred.
const MERGE_MARKS: &str = "UPDATE items SET read = MAX(read, ?2), starred = MAX(starred, ?3) WHERE id = ?1";

impl Store {
    /// A feed's own title and site address as another reader knew them, kept
    /// until the first fetch tells (only fills what is unknown).
    pub fn import_feed_meta(&self, feed: FeedId, title: Option<&str>, site_url: Option<&str>) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE feeds SET feed_title = COALESCE(feed_title, ?2), site_url = COALESCE(site_url, ?3) WHERE id = ?1",
            )?
            .execute(params![feed, title, site_url])?;
        Ok(())
    }

    /// Stores `items` of `feed` with their marks, in one transaction. An item
    /// the store already has (same guid, else same link) keeps its text and
    /// gets the marks merged; the others are inserted as they are, so a later
    /// fetch of the feed finds them known and does not show them as new.
    pub fn import_marked(&mut self, feed: FeedId, items: &[MarkedItem], now: i64) -> Result<MarksReport> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists: Option<i64> =
            tx.query_row("SELECT id FROM feeds WHERE id = ?1", [feed], |r| r.get(0)).optional()?;
        if exists.is_none() {
            return Err(StoreError::NoSuchFeed(feed));
        }
        let mut report = MarksReport::default();
        let before = super::search_index::last_item_id(&tx)?;
        {
            let mut by_guid = tx.prepare_cached("SELECT id FROM items WHERE feed_id = ?1 AND guid = ?2")?;
            let mut by_link = tx.prepare_cached("SELECT id FROM items WHERE feed_id = ?1 AND link = ?2 LIMIT 1")?;
            let mut merge = tx.prepare_cached(MERGE_MARKS)?;
            for marked in items {
                let item = &marked.item;
                let mut known: Option<i64> = by_guid.query_row(params![feed, item.guid], |r| r.get(0)).optional()?;
                if known.is_none()
                    && let Some(link) = &item.link
                {
                    known = by_link.query_row(params![feed, link], |r| r.get(0)).optional()?;
                }
                if let Some(id) = known {
                    merge.execute(params![id, marked.read, marked.starred])?;
                    report.matched += 1;
                    continue;
                }
                let published = write::sane_date(item.published, now);
                // An item retention removed stays removed, as in `ingest`.
                let marks = Marks { read: marked.read, starred: marked.starred };
                let first_seen = published.unwrap_or(now);
                report.new_items += usize::from(write::insert_item(&tx, feed, item, published, first_seen, marks)?);
            }
        }
        super::search_index::after_insert(&tx, before, self.defer_index)?;
        tx.commit()?;
        self.side_after_write()?;
        Ok(report)
    }
}
