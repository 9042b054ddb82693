//! Bulk read marks (a feed, a view, everything) and their undo: each bulk
//! mark records the items it changed, so undo restores exactly those.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::{Result, Store, queue};
use crate::model::Listing;

/// Bulk marks that can still be undone, newest first.
pub(super) const BULK_MARKS_KEPT: usize = 10;

impl Store {
    /// Marks every unread item of the listing read in one transaction and
    /// remembers which for `undo_bulk_mark`; returns how many changed.
    pub fn mark_read(&self, listing: &Listing) -> Result<usize> {
        let scope = self.scope(listing, self.clock.unix_now())?;
        let tx = self.write_transaction()?;
        let mark: i64 = tx
            .prepare_cached("INSERT INTO bulk_marks (at) VALUES (?1) RETURNING id")?
            .query_row([self.clock.unix_now()], |r| r.get(0))?;
        let (filter, params) = scope.where_sql();
        let params = std::iter::once(Value::Integer(mark)).chain(params);
        let sql = format!(
            "INSERT INTO bulk_mark_items (mark_id, item_id) SELECT ?, i.id FROM items i {filter} AND i.read = 0"
        );
        let changed = tx.prepare_cached(&sql)?.execute(params_from_iter(params))?;
        if changed == 0 {
            // Nothing to undo later: leave no empty level behind.
            tx.rollback()?;
            return Ok(0);
        }
        tx.prepare_cached(
            "UPDATE items SET read = 1 WHERE id IN (SELECT item_id FROM bulk_mark_items WHERE mark_id = ?1)",
        )?
        .execute([mark])?;
        // The servers' side, in the same transaction: each item, and "read
        // before T" with T now (the key was just pressed).
        let now_ms = self.clock.now_ms();
        queue::queue_bulk_items(&tx, mark, now_ms)?;
        if let Some(feeds) = scope.whole_feeds_sql() {
            queue::queue_server_bulks(&tx, feeds, mark, now_ms.saturating_mul(1000))?;
        }
        tx.prepare_cached(
            "DELETE FROM bulk_marks WHERE id <= (SELECT id FROM bulk_marks ORDER BY id DESC LIMIT 1 OFFSET ?1)",
        )?
        .execute([BULK_MARKS_KEPT as i64])?;
        tx.commit()?;
        Ok(changed)
    }

    /// Makes the items of the last bulk mark unread again and forgets it;
    /// None when there is nothing to undo, else how many items it restored.
    pub fn undo_bulk_mark(&self) -> Result<Option<usize>> {
        let tx = self.write_transaction()?;
        let Some(mark): Option<i64> = tx
            .prepare_cached("SELECT id FROM bulk_marks ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| r.get(0))
            .optional()?
        else {
            return Ok(None);
        };
        let restored = tx
            .prepare_cached(
                "UPDATE items SET read = 0
                 WHERE read = 1 AND id IN (SELECT item_id FROM bulk_mark_items WHERE mark_id = ?1)",
            )?
            .execute([mark])?;
        queue::queue_undo(&tx, mark, self.clock.now_ms())?;
        tx.prepare_cached("DELETE FROM bulk_marks WHERE id = ?1")?.execute([mark])?;
        tx.commit()?;
        Ok(Some(restored))
    }
}
