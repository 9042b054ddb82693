//! Keeping the database fast and small: planner statistics and VACUUM.

use rusqlite::Connection;

use super::{Result, Store};

/// `PRAGMA auto_vacuum` of a database that gives pages back on request.
pub(super) const AUTO_VACUUM_INCREMENTAL: i64 = 2;

/// Pages given back per transaction by `vacuum`. Moving a page costs 2-5 ms
/// at a million items (its owner's pointer and the pointer map are rewritten
/// too): 100 pages took 170-210 ms there, so a mark waits some 100 ms at most.
const VACUUM_STEP: usize = 32;

/// What `vacuum` did: the database's size in bytes before and after, and in
/// how many transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vacuumed {
    pub before: u64,
    pub after: u64,
    pub steps: usize,
}

impl Store {
    /// Gathers planner statistics where they are stale; cheap when nothing
    /// changed (SQLite's advice for connections that close after work).
    /// The database's only: the side file is attached read-only here (a
    /// plain `PRAGMA optimize` tried to analyze it too, and failed whole).
    pub fn optimize(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA main.optimize;")?;
        Ok(())
    }

    /// Gives freed pages back to the system; returns the database size in
    /// bytes before and after and the transactions it took. A database in incremental auto-vacuum mode (new
    /// ones are) is shrunk 32 pages (128 KB) per transaction, so the reader's
    /// marks wait a moment at most while it runs; an older one is rebuilt
    /// once by VACUUM, which also switches it to that mode.
    pub fn vacuum(&self) -> Result<Vacuumed> {
        vacuum(&self.conn)
    }

    /// `vacuum` for the search index's side file (None: it has none).
    pub fn vacuum_search_file(&self) -> Result<Option<Vacuumed>> {
        self.side.as_ref().map(super::SideIndexer::vacuum).transpose()
    }

    /// Pages in use times page size: the size of the database proper.
    pub fn size(&self) -> Result<u64> {
        size(&self.conn)
    }
}

/// `Store::vacuum` for the file of `conn`'s main schema.
pub(super) fn vacuum(conn: &Connection) -> Result<Vacuumed> {
    let before = size(conn)?;
    let mut steps = 0;
    let mode: i64 = conn.query_row("PRAGMA main.auto_vacuum", [], |r| r.get(0))?;
    if mode == AUTO_VACUUM_INCREMENTAL {
        let mut step = conn.prepare(&format!("PRAGMA main.incremental_vacuum({VACUUM_STEP})"))?;
        while conn.query_row("PRAGMA main.freelist_count", [], |r| r.get::<_, i64>(0))? > 0 {
            // The pragma gives one page back per row it returns (stepping
            // it once, as execute_batch does, moved one page per
            // transaction: hours at a million items). All its rows are one
            // transaction (autocommit); then room for a waiting writer.
            let mut rows = step.query([])?;
            while rows.next()?.is_some() {}
            steps += 1;
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        conn.execute_batch("PRAGMA main.wal_checkpoint(TRUNCATE);")?;
    } else {
        steps = 1;
        conn.execute_batch(
            "PRAGMA main.wal_checkpoint(TRUNCATE); PRAGMA main.auto_vacuum = INCREMENTAL; VACUUM; PRAGMA main.wal_checkpoint(TRUNCATE);",
        )?;
    }
    Ok(Vacuumed { before, after: size(conn)?, steps })
}

fn size(conn: &Connection) -> Result<u64> {
    let pages: i64 = conn.query_row("PRAGMA main.page_count", [], |r| r.get(0))?;
    let page: i64 = conn.query_row("PRAGMA main.page_size", [], |r| r.get(0))?;
    Ok(u64::try_from(pages * page).unwrap_or(0))
}

impl Drop for Store {
    fn drop(&mut self) {
        // Each file's last connection to close checkpoints it and removes its
        // log; a read-only one cannot. So the side file is let go of here
        // first, by this connection and then by its writer (whose read-only
        // view of the database closes before this connection does).
        // Statistics stay current without a separate ANALYZE step.
        if let Err(e) = self.optimize() {
            tracing::debug!("PRAGMA optimize on close failed: {e}");
        }
        if self.side.is_some() {
            let _ = self.conn.execute_batch("DETACH DATABASE side;");
        }
        drop(self.side.take());
    }
}
