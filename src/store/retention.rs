//! Retention: removing old items in small batches, leaving tombstones.

use std::time::{Duration, Instant};

use rusqlite::{TransactionBehavior, params};

use super::{Result, Store, search_index};
use crate::model::Retention;

/// Rows deleted per transaction at most, and the time one may take, so the
/// UI's marks never wait long on the lock: a 5 KB item costs some 0.3 ms to
/// remove (its pages, its index entries, its words in the search index).
const BATCH: usize = 500;
const BATCH_TIME: Duration = Duration::from_millis(30);
/// Between two transactions: a waiting writer gets the lock.
const PAUSE: Duration = Duration::from_millis(2);

/// Tombstones older than this are forgotten: feeds have long dropped those items.
const TOMBSTONE_DAYS: i64 = 400;

impl Store {
    /// Removes what `policy` says may go; returns how many items were removed.
    pub fn prune(&mut self, policy: Retention, now: i64) -> Result<usize> {
        if policy.is_off() {
            return Ok(0);
        }
        let mut doomed = Vec::new();
        // Starred items always stay; unread ones unless the user said otherwise.
        // An account's item stays while its server lists it unread or starred.
        let keep = "starred = 0 AND (read = 1 OR ?2 = 0)
            AND id NOT IN (SELECT item_id FROM remote_items WHERE listed_unread = 1 OR listed_starred = 1)";
        if policy.keep_days > 0 {
            let cutoff = now - i64::from(policy.keep_days) * 86_400;
            let sql = format!("SELECT id FROM items WHERE sort_date < ?1 AND {keep}");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let ids = stmt.query_map(params![cutoff, policy.keep_unread], |r| r.get::<_, i64>(0))?;
            doomed.extend(ids.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        if policy.max_items_per_feed > 0 {
            let sql = format!(
                // The date index holds every column this reads: the items
                // themselves (marks come after the bodies) are never read.
                "SELECT id FROM (SELECT id, read, starred, ROW_NUMBER() OVER
                     (PARTITION BY feed_id ORDER BY sort_date DESC, id DESC) AS n FROM items INDEXED BY items_by_date)
                 WHERE n > ?1 AND {keep}"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let ids = stmt.query_map(params![policy.max_items_per_feed, policy.keep_unread], |r| r.get::<_, i64>(0))?;
            doomed.extend(ids.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        doomed.sort_unstable();
        doomed.dedup();
        // Each removed item leaves a tombstone in the search index, and FTS5
        // rewrites a level of the index whenever a tenth of it is tombstones:
        // removing half a large index rewrote it some seven times over, the
        // larger the index the more of it each time. Left for the end, one
        // rewrite of what stays purges them all (`purge_search_index`).
        // And each batch dirties pages all over the date-ordered indexes and
        // the search index's tombstones, which later batches dirty again:
        // checkpointed less often, each is copied back fewer times.
        let bulk = !doomed.is_empty();
        if bulk {
            search_index::hold_delete_merge(&self.conn, search_index::MAIN, true)?;
            self.bulk_checkpoints(true)?;
        }
        let removed = self.remove_all(&doomed, now);
        if bulk {
            self.bulk_checkpoints(false)?;
        }
        removed?;
        self.conn
            .prepare_cached("DELETE FROM tombstones WHERE removed_at < ?1")?
            .execute([now - TOMBSTONE_DAYS * 86_400])?;
        // What rules hid goes with its tombstone (a rule hides it again if it comes back).
        self.conn
            .prepare_cached("DELETE FROM hidden_items WHERE hidden_at < ?1")?
            .execute([now - TOMBSTONE_DAYS * 86_400])?;
        self.side_after_write()?;
        Ok(doomed.len())
    }

    /// Removes `ids`, a batch per transaction, then purges their words from
    /// the search index.
    fn remove_all(&mut self, ids: &[i64], now: i64) -> Result<()> {
        let mut left = ids;
        while !left.is_empty() {
            let removed = self.remove_batch(left, now)?;
            left = &left[removed..];
            // Room for a mark waiting on the lock (the busy handler looks every millisecond).
            std::thread::sleep(PAUSE);
        }
        // Also after a prune that stopped partway (a crash, a kill): what it
        // held back is purged by the next one, even if it removes nothing.
        if !ids.is_empty() || search_index::delete_merge_held_back(&self.conn, search_index::MAIN)? {
            self.purge_search_index()?;
        }
        Ok(())
    }

    /// Removes the first of `ids` in one transaction, as many as fit in
    /// `BATCH_TIME` (at most `BATCH`); returns how many.
    fn remove_batch(&mut self, ids: &[i64], now: i64) -> Result<usize> {
        let started = Instant::now();
        let mut removed = 0;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut bury = tx.prepare_cached(
                "INSERT OR REPLACE INTO tombstones (feed_id, guid, removed_at, title, link, published)
                 SELECT feed_id, guid, ?2, title, link, published FROM items WHERE id = ?1",
            )?;
            let mut delete = tx.prepare_cached("DELETE FROM items WHERE id = ?1")?;
            for id in ids.iter().take(BATCH) {
                bury.execute(params![id, now])?;
                delete.execute([id])?;
                removed += 1;
                if started.elapsed() >= BATCH_TIME {
                    break;
                }
            }
        }
        tx.commit()?;
        Ok(removed)
    }
}
