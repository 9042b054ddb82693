//! Keeping the database fast and small: planner statistics and VACUUM.

use super::{Result, Store};

/// `PRAGMA auto_vacuum` of a database that gives pages back on request.
pub(super) const AUTO_VACUUM_INCREMENTAL: i64 = 2;

/// Pages given back per transaction by `vacuum` (4 MB of 4 KB pages, some
/// tens of milliseconds of work).
const VACUUM_STEP: usize = 1_000;

impl Store {
    /// Gathers planner statistics where they are stale; cheap when nothing
    /// changed (SQLite's advice for connections that close after work).
    pub fn optimize(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA optimize;")?;
        Ok(())
    }

    /// Gives freed pages back to the system; returns the database size in
    /// bytes before and after. A database in incremental auto-vacuum mode (new
    /// ones are) is shrunk a few megabytes per transaction, so the reader's
    /// marks wait a moment at most while it runs; an older one is rebuilt
    /// once by VACUUM, which also switches it to that mode.
    pub fn vacuum(&self) -> Result<(u64, u64)> {
        let before = self.size()?;
        let mode: i64 = self.conn.query_row("PRAGMA auto_vacuum", [], |r| r.get(0))?;
        if mode == AUTO_VACUUM_INCREMENTAL {
            while self.conn.query_row("PRAGMA freelist_count", [], |r| r.get::<_, i64>(0))? > 0 {
                // Its own transaction (autocommit); then room for a waiting writer.
                self.conn.execute_batch(&format!("PRAGMA incremental_vacuum({VACUUM_STEP})"))?;
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        } else {
            self.conn.execute_batch(
                "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA auto_vacuum = INCREMENTAL; VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
            )?;
        }
        Ok((before, self.size()?))
    }

    /// Pages in use times page size: the size of the database proper.
    pub fn size(&self) -> Result<u64> {
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let page: i64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        Ok(u64::try_from(pages * page).unwrap_or(0))
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Statistics stay current without a separate ANALYZE step.
        if let Err(e) = self.optimize() {
            tracing::debug!("PRAGMA optimize on close failed: {e}");
        }
    }
}
