//! Retention: old items go, in small batches, and leave a tombstone so the
//! next fetch does not bring them back as unread. Starred items always stay.

use rusqlite::params;

use super::{Result, Store};
use crate::model::FeedId;

/// What to keep, from the config's `[retention]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retention {
    /// Items dated more than this many days ago are removed; 0 keeps them.
    pub keep_days: u32,
    /// Only the newest this many items of a feed are kept; 0 for no limit.
    pub max_items_per_feed: u32,
    /// Unread items are kept unless this is set.
    pub remove_unread: bool,
}

impl Retention {
    pub fn is_off(&self) -> bool {
        self.keep_days == 0 && self.max_items_per_feed == 0
    }
}

/// Items removed per transaction, so the UI's connection never waits long.
const BATCH: usize = 500;
/// A tombstone the feed has not listed for this long is dropped: the item
/// left the feed, it cannot come back from it.
const TOMBSTONE_DAYS: i64 = 90;

impl Store {
    /// Applies `policy` to one feed; returns how many items were removed.
    pub fn prune_feed(&self, feed: FeedId, policy: &Retention, now: i64) -> Result<usize> {
        self.conn
            .prepare_cached("DELETE FROM tombstones WHERE feed_id = ?1 AND seen_at < ?2")?
            .execute(params![feed, now.saturating_sub(TOMBSTONE_DAYS * 86_400)])?;
        if policy.is_off() {
            return Ok(0);
        }
        let cutoff = match policy.keep_days {
            0 => i64::MIN,
            days => now.saturating_sub(i64::from(days) * 86_400),
        };
        // Rank past which items go; i64::MAX = no limit.
        let keep = match policy.max_items_per_feed {
            0 => i64::MAX,
            n => i64::from(n),
        };
        let unread = if policy.remove_unread { "" } else { "AND read = 1" };
        let select = format!(
            "SELECT id, guid FROM items WHERE feed_id = ?1 AND starred = 0 {unread}
               AND (sort_date < ?2 OR id IN (SELECT id FROM items WHERE feed_id = ?1
                                             ORDER BY sort_date DESC, id DESC LIMIT -1 OFFSET ?3))
             LIMIT {BATCH}"
        );
        let mut removed = 0;
        loop {
            let batch: Vec<(i64, String)> = self
                .conn
                .prepare_cached(&select)?
                .query_map(params![feed, cutoff, keep], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            if batch.is_empty() {
                return Ok(removed);
            }
            let tx = self.conn.unchecked_transaction()?;
            {
                let mut tombstone = tx.prepare_cached(
                    "INSERT INTO tombstones (feed_id, guid, seen_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (feed_id, guid) DO UPDATE SET seen_at = excluded.seen_at",
                )?;
                let mut delete = tx.prepare_cached("DELETE FROM items WHERE id = ?1")?;
                for (id, guid) in &batch {
                    tombstone.execute(params![feed, guid, now])?;
                    delete.execute([id])?;
                }
            }
            tx.commit()?;
            removed += batch.len();
        }
    }

    /// How many removed items of `feed` are remembered.
    pub fn tombstone_count(&self, feed: FeedId) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM tombstones WHERE feed_id = ?1")?
            .query_row([feed], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}
