//! Keeping the search index up with the items. A refresh stores items first
//! and indexes them afterwards in batches: FTS5 writes its pending terms out
//! at every statement of a transaction, so indexing inside each feed's
//! refresh made one small index segment per item (then per feed) and merging
//! them took most of a refresh. Items of this index (`IN_MAIN`: the others
//! are the side index's, see `side_index`) with ids above `indexed_up_to`
//! are stored but not searchable yet; `index_pending` catches up.
//!
//! Each batch's commit writes its terms out as a small segment, and FTS5
//! merges segments four at a time (its `automerge`): every term is rewritten
//! once per level, and levels grow with the log of the items, so the merges
//! grew faster than the items. While catching up the index merges sixteen at
//! a time (fewer levels, fewer rewrites); once caught up, bounded merge steps
//! (`merge_search_index_step`, each its own short transaction) bring it back
//! to FTS5's usual shape. Searches answer the same whatever the shape.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::side_index::{self, IN_MAIN, SideIndexer};
use super::{Result, Store};

/// The index of the items kept in the database file itself (the others are
/// in the side index, see `side_index`).
pub(super) const MAIN: &str = "items_fts";

/// Items indexed per transaction: the UI writes marks on its own thread and
/// waits at most one batch (some 25 ms of 5 KB articles) for the lock. Larger
/// batches would save little: 25,000 items take 3.2 s in batches of 300 and
/// 3.1 s in batches of 2,000.
pub const INDEX_BATCH: usize = 300;

/// Segments FTS5 merges at once while a catch-up runs, and how many at one
/// level make it merge them all within a write.
const CATCH_UP_AUTOMERGE: i64 = 16;
const CATCH_UP_CRISISMERGE: i64 = 64;
/// FTS5's defaults, set back once caught up.
const STEADY_AUTOMERGE: i64 = 4;
const STEADY_CRISISMERGE: i64 = 16;
/// The share of tombstones (percent) at which FTS5 rewrites a level of the
/// index to drop them: its default.
const STEADY_DELETE_MERGE: i64 = 10;
/// Index pages written per merge step after a catch-up: some 2 MB, a few
/// milliseconds, so the UI's marks wait no longer than for a batch.
const MERGE_STEP_PAGES: i64 = 500;

impl Store {
    /// Leaves new items out of the search index until `index_pending` runs
    /// (the poller does, once a refresh is over). Off by default: each write
    /// then indexes what it stored.
    pub fn defer_search_index(&mut self, defer: bool) {
        self.defer_index = defer;
    }

    /// Whether some stored items are not searchable yet.
    pub fn search_index_behind(&self) -> Result<bool> {
        Ok(main_behind(&self.conn)? || side_index::behind(&self.conn)?)
    }

    /// Indexes up to `batch` of the items not searchable yet, oldest first, in
    /// one transaction; returns how many (0: the index is complete).
    pub fn index_pending(&mut self, batch: usize) -> Result<usize> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !catching_up(&tx, MAIN)? && main_behind(&tx)? {
            set_catching_up(&tx, MAIN, true)?;
        }
        let indexed = index_after_mark(&tx, batch)?;
        tx.commit()?;
        Ok(indexed)
    }

    /// After a catch-up: one bounded step of merging the index back to its
    /// usual shape, in its own transaction; false once there is nothing left
    /// to merge (or no catch-up left anything).
    pub fn merge_search_index_step(&mut self) -> Result<bool> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !catching_up(&tx, MAIN)? || main_behind(&tx)? {
            return Ok(false);
        }
        let merged = merge_step(&tx, MAIN)?;
        if !merged {
            set_catching_up(&tx, MAIN, false)?;
        }
        tx.commit()?;
        Ok(merged)
    }

    /// Drops the words of removed items from the search index (FTS5's
    /// tombstones) in bounded merge steps, each its own short transaction,
    /// and lets FTS5 purge them on its own again afterwards (`prune` holds
    /// that back while it removes).
    pub(super) fn purge_search_index(&mut self) -> Result<()> {
        hold_delete_merge(&self.conn, MAIN, false)?;
        loop {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let merged = merge_step(&tx, MAIN)?;
            tx.commit()?;
            if !merged {
                return Ok(());
            }
        }
    }

    /// `index_pending` until nothing is left, the side index catching up on
    /// a thread of its own meanwhile, then the merges back; returns how many
    /// items were indexed.
    pub fn index_all_pending(&mut self) -> Result<usize> {
        let side = self.side.clone();
        let (main, side) = std::thread::scope(|s| {
            let side = side.map(|side| s.spawn(move || side.catch_up().and_then(|n| side.merge_back().map(|()| n))));
            let main = self.index_main_pending();
            (main, side.map(|job| job.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))))
        });
        let total = main? + side.transpose()?.unwrap_or(0);
        self.side_caught_up()?;
        Ok(total)
    }

    fn index_main_pending(&mut self) -> Result<usize> {
        let mut total = 0;
        loop {
            match self.index_pending(INDEX_BATCH)? {
                0 => break,
                n => total += n,
            }
        }
        while self.merge_search_index_step()? {}
        Ok(total)
    }

    /// The side index's writer, for a thread of its own (the poller's catch-up).
    pub fn side_indexer(&self) -> Option<SideIndexer> {
        self.side.clone()
    }

    /// After the side index caught up: forgets the log entries it applied.
    pub fn side_caught_up(&mut self) -> Result<()> {
        side_index::forget_applied(&self.conn)
    }

    /// After a write that changed items: the side index follows at once
    /// unless indexing is deferred (then the catch-up does). The log entries
    /// it applied are forgotten by the next write that stores items (in its
    /// transaction: a commit of its own here would checkpoint the log).
    pub(super) fn side_after_write(&self) -> Result<()> {
        match &self.side {
            Some(side) if !self.defer_index => side.apply_now(),
            _ => Ok(()),
        }
    }
}

/// One of FTS5's settings for the index `fts` (`automerge`, `deletemerge`...),
/// as kept in its config table; None while it has FTS5's default.
pub(super) fn setting(conn: &Connection, fts: &str, key: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&format!("SELECT v FROM {fts}_config WHERE k = ?1"))?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Sets one of FTS5's settings for the index `fts` (kept in its config table).
pub(super) fn set(conn: &Connection, fts: &str, key: &str, value: i64) -> Result<()> {
    conn.prepare_cached(&format!("INSERT INTO {fts} ({fts}, rank) VALUES (?1, ?2)"))?
        .execute(rusqlite::params![key, value])?;
    Ok(())
}

/// Whether the index `fts` merges as during a catch-up.
pub(super) fn catching_up(conn: &Connection, fts: &str) -> Result<bool> {
    Ok(setting(conn, fts, "automerge")? == Some(CATCH_UP_AUTOMERGE))
}

/// Sets how FTS5 merges segments of `fts`: as during a catch-up (true) or as usual.
pub(super) fn set_catching_up(conn: &Connection, fts: &str, on: bool) -> Result<()> {
    let (automerge, crisismerge) =
        if on { (CATCH_UP_AUTOMERGE, CATCH_UP_CRISISMERGE) } else { (STEADY_AUTOMERGE, STEADY_CRISISMERGE) };
    set(conn, fts, "automerge", automerge)?;
    set(conn, fts, "crisismerge", crisismerge)
}

/// One bounded step of FTS5 merging `fts` (`MERGE_STEP_PAGES`); false when
/// there was nothing to merge.
pub(super) fn merge_step(conn: &Connection, fts: &str) -> Result<bool> {
    let before = conn.total_changes();
    conn.prepare_cached(&format!("INSERT INTO {fts} ({fts}, rank) VALUES ('merge', ?1)"))?
        .execute([MERGE_STEP_PAGES])?;
    // FTS5's documented signal: fewer than two changes, no merge was done.
    Ok(conn.total_changes() - before >= 2)
}

/// Sets FTS5's `deletemerge` for `fts` (0: tombstones never start a merge;
/// else back to FTS5's default).
pub(super) fn hold_delete_merge(conn: &Connection, fts: &str, hold: bool) -> Result<()> {
    set(conn, fts, "deletemerge", if hold { 0 } else { STEADY_DELETE_MERGE })
}

/// Whether a bulk removal holds FTS5's `deletemerge` of `fts` at 0, or one
/// that did was cut short before it set it back.
pub(super) fn delete_merge_held_back(conn: &Connection, fts: &str) -> Result<bool> {
    Ok(setting(conn, fts, "deletemerge")? == Some(0))
}

/// Whether some items of the main index are not in it yet.
fn main_behind(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM items WHERE id > (SELECT indexed_up_to FROM search_index_state) AND {IN_MAIN})"
        ))?
        .query_row([], |r| r.get(0))?)
}

/// The highest item id before a write inserts items (which get higher ids).
pub(super) fn last_item_id(tx: &Transaction<'_>) -> Result<i64> {
    Ok(tx.prepare_cached("SELECT COALESCE(MAX(id), 0) FROM items")?.query_row([], |r| r.get(0))?)
}

/// After a write inserted items with ids above `before` (and forgets the
/// log entries the side index applied): indexes them now,
/// or, when indexing is deferred, only those whose ids retention had freed
/// below the mark (SQLite reuses the ids of deleted last rows), which the
/// catch-up would otherwise take for indexed.
pub(super) fn after_insert(tx: &Transaction<'_>, before: i64, defer: bool) -> Result<()> {
    side_index::forget_applied(tx)?;
    tx.prepare_cached(&format!(
        "INSERT INTO items_fts (rowid, title, author, content)
         SELECT id, title, author, tidings_text(content) FROM items
         WHERE id > ?1 AND id <= (SELECT indexed_up_to FROM search_index_state) AND {IN_MAIN}"
    ))?
    .execute([before])?;
    if !defer {
        index_after_mark(tx, usize::MAX)?;
    }
    Ok(())
}

fn index_after_mark(tx: &Transaction<'_>, batch: usize) -> Result<usize> {
    let limit = i64::try_from(batch).unwrap_or(i64::MAX);
    let upto: Option<i64> = tx
        .prepare_cached(&format!(
            "SELECT MAX(id) FROM (SELECT id FROM items
             WHERE id > (SELECT indexed_up_to FROM search_index_state) AND {IN_MAIN} ORDER BY id LIMIT ?1)"
        ))?
        .query_row([limit], |r| r.get(0))?;
    let Some(upto) = upto else { return Ok(0) };
    let indexed = tx
        .prepare_cached(&format!(
            "INSERT INTO items_fts (rowid, title, author, content)
             SELECT id, title, author, tidings_text(content) FROM items
             WHERE id > (SELECT indexed_up_to FROM search_index_state) AND id <= ?1 AND {IN_MAIN}"
        ))?
        .execute([upto])?;
    tx.prepare_cached("UPDATE search_index_state SET indexed_up_to = ?1")?.execute([upto])?;
    Ok(indexed)
}
