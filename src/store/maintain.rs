//! Keeping the database fast and small: planner statistics and VACUUM.

use super::{Result, Store};

impl Store {
    /// Gathers planner statistics where they are stale; cheap when nothing
    /// changed (SQLite's advice for connections that close after work).
    pub fn optimize(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA optimize;")?;
        Ok(())
    }

    /// Rebuilds the file to give freed pages back to the system; returns the
    /// database size in bytes before and after.
    pub fn vacuum(&self) -> Result<(u64, u64)> {
        let before = self.size()?;
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
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
