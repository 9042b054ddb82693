//! Bulk read marks (a feed, a view, everything) and their undo: each bulk
//! mark records the items it changed, so undo restores exactly those. A bulk
//! mark of synced items is queued for their servers in the same transaction.

use rusqlite::types::Value;
use rusqlite::{Transaction, params, params_from_iter};

use super::{Result, Store, queue};
use crate::model::{ItemId, Listing};

/// Bulk marks that can still be undone, newest first.
pub(super) const BULK_MARKS_KEPT: usize = 10;

impl Store {
    /// Marks every unread item of the listing read in one transaction and
    /// remembers which for `undo_bulk_mark`; returns how many changed.
    pub fn mark_read(&self, listing: &Listing) -> Result<usize> {
        let scope = self.scope(listing, self.clock.unix_now())?;
        let tx = self.write_transaction()?;
        let mark = new_bulk_mark(&tx, self.clock.unix_now())?;
        let (filter, params) = scope.where_sql();
        let params = std::iter::once(Value::Integer(mark)).chain(params);
        let sql = format!(
            "INSERT INTO bulk_mark_items (mark_id, item_id) SELECT ?, i.id FROM items i {filter} AND i.read = 0"
        );
        let changed = tx.prepare_cached(&sql)?.execute(params_from_iter(params))?;
        finish_bulk_mark(tx, mark, changed, self.clock.now_ms(), scope.whole_feeds_sql())
    }

    /// Marks the unread ones among `items` read in one transaction, one bulk
    /// mark that `undo_bulk_mark` undoes like a feed's; returns how many changed.
    pub fn mark_items_read(&self, items: &[ItemId]) -> Result<usize> {
        let tx = self.write_transaction()?;
        let mark = new_bulk_mark(&tx, self.clock.unix_now())?;
        let mut changed = 0;
        {
            let mut add = tx.prepare_cached(
                "INSERT INTO bulk_mark_items (mark_id, item_id) SELECT ?1, id FROM items WHERE id = ?2 AND read = 0",
            )?;
            for item in items {
                changed += add.execute(params![mark, item])?;
            }
        }
        finish_bulk_mark(tx, mark, changed, self.clock.now_ms(), None)
    }

    /// Makes the items of the last bulk mark unread again (or takes back the
    /// last rule application, see `undo_last`) and forgets it; None when
    /// there is nothing to undo, else how many items it restored.
    pub fn undo_bulk_mark(&self) -> Result<Option<usize>> {
        Ok(self.undo_last()?.map(|undone| undone.restored))
    }
}

/// A new level of undo, made at `now`; its items are added next.
fn new_bulk_mark(tx: &Transaction<'_>, now: i64) -> Result<i64> {
    Ok(tx.prepare_cached("INSERT INTO bulk_marks (at) VALUES (?1) RETURNING id")?.query_row([now], |r| r.get(0))?)
}

/// Marks the items of bulk mark `mark` read (`changed` of them were added),
/// queues the servers' side and keeps the last `BULK_MARKS_KEPT` levels; an
/// empty mark leaves no level behind. `whole_feeds`: the feeds the mark
/// covers whole, which a server marks as one "read before T".
fn finish_bulk_mark(
    tx: Transaction<'_>,
    mark: i64,
    changed: usize,
    now_ms: i64,
    whole_feeds: Option<(String, Vec<Value>)>,
) -> Result<usize> {
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
    queue::queue_bulk_items(&tx, mark, now_ms)?;
    if let Some(feeds) = whole_feeds {
        queue::queue_server_bulks(&tx, feeds, mark, now_ms.saturating_mul(1000))?;
    }
    tx.prepare_cached(
        "DELETE FROM bulk_marks WHERE id <= (SELECT id FROM bulk_marks ORDER BY id DESC LIMIT 1 OFFSET ?1)",
    )?
    .execute([BULK_MARKS_KEPT as i64])?;
    tx.commit()?;
    Ok(changed)
}
