//! The second half of the search index, in a file of its own beside the
//! database (`tidings-search.db` beside `tidings.db`), so that two threads
//! build the index at once: SQLite lets one writer at a time into a file,
//! and FTS5's work on one core was the whole search-index catch-up. Items
//! with odd ids above the database's `legacy_mark` are indexed here, the
//! others in `items_fts` as before; searches ask both (`fts_in`).
//!
//! SQLite commits attached files one after the other, not at once, so the
//! two files are never written in one transaction. The database's triggers
//! log what the side index must do (`side_index_log`), in the transaction of
//! the change itself; the side file applies the log in order and records how
//! far it got (`side_state.applied`) in the transaction that changes its
//! index. A crash or a kill anywhere leaves the log to apply from where the
//! side file says. A side file that is missing, another database's
//! (`instance`) or ahead of the log (a database restored from a backup) is
//! rebuilt: the log gets a reset and every side item to index, under a new
//! instance.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};

use super::search_index::{self, INDEX_BATCH};
use super::{Result, StoreError, fts_text, wait_busy};

/// The items of the main index (the others are the side's), as SQL over `items.id`.
pub(super) const IN_MAIN: &str = "(id % 2 = 0 OR id <= (SELECT legacy_mark FROM side_index_state))";

/// The side index's FTS5 table, in the side file (attached as `side` to the
/// database's connections, read-only).
pub(super) const SIDE: &str = "side_fts";

/// The side file's tables: the index, shaped like `items_fts`, and how far
/// it applied the log of which database.
const SCHEMA: &str = "
CREATE VIRTUAL TABLE IF NOT EXISTS side_fts USING fts5(
    title, author, content,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS side_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    instance TEXT,
    applied  INTEGER NOT NULL
);
INSERT OR IGNORE INTO side_state (id, instance, applied) VALUES (1, NULL, 0);
";

/// What a log entry asks (`side_index_log.op`).
const RESET: i64 = 0;
const INDEX: i64 = 1;

/// The last log entry the database has issued (AUTOINCREMENT: never reused).
const LAST_SEQ: &str = "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'side_index_log'), 0)";

/// The side file of the database at `db`.
pub fn path_of(db: &Path) -> PathBuf {
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let side = match name.strip_suffix(".db") {
        Some(stem) => format!("{stem}-search.db"),
        None => format!("{name}-search"),
    };
    db.with_file_name(side)
}

/// `path` as an SQLite URI opening it read-only.
fn read_only_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro");
    uri
}

/// Makes the side file at `side` visible to a connection of the database as
/// `side`, read-only: its writes go through `SideIndex` alone, so a
/// database transaction never holds the side file's lock.
pub(super) fn attach(conn: &Connection, side: &Path) -> Result<()> {
    conn.execute("ATTACH DATABASE ?1 AS side", [read_only_uri(side)])?;
    Ok(())
}

/// Whether the side index has log entries to apply (asked on a database connection).
pub(super) fn behind(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM side_index_log WHERE seq > (SELECT applied FROM side.side_state))",
        )?
        .query_row([], |r| r.get(0))?)
}

/// Drops the log entries the side file has applied (a database connection's
/// write). Only while the side file is this database's and not ahead of its
/// log: during a rebuild, the entries after the reset are still to apply.
pub(super) fn forget_applied(conn: &Connection) -> Result<()> {
    conn.prepare_cached(&format!(
        "DELETE FROM side_index_log WHERE seq <= (SELECT applied FROM side.side_state
             WHERE instance = (SELECT instance FROM main.side_index_state) AND applied <= {LAST_SEQ})"
    ))?
    .execute([])?;
    Ok(())
}

/// The connection that writes the side file; the database is attached to it
/// read-only as `src`, for the log and the items it indexes.
pub(super) struct SideIndex {
    conn: Connection,
}

impl SideIndex {
    /// Opens (creating if needed) the side file at `side` of the database at `db`.
    pub(super) fn open(side: &Path, db: &Path) -> Result<SideIndex> {
        let conn = Connection::open_with_flags(side, OpenFlags::default())?;
        let mut side_index = SideIndex { conn };
        let conn = &mut side_index.conn;
        conn.busy_handler(Some(wait_busy))?;
        fts_text::register(conn)?;
        // Gives freed pages back in steps, as the database does (`vacuum`).
        if conn.query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0))? == 0 {
            conn.pragma_update(None, "auto_vacuum", super::maintain::AUTO_VACUUM_INCREMENTAL)?;
        }
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path: side.display().to_string(),
                message: format!("cannot enable WAL (journal mode is {mode})"),
            });
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "journal_size_limit", super::WAL_SIZE_LIMIT)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(SCHEMA)?;
        tx.commit()?;
        conn.execute("ATTACH DATABASE ?1 AS src", [read_only_uri(db)])?;
        Ok(side_index)
    }

    /// Rebuilds the side index (see the module's notes) when it is not this
    /// database's or is ahead of its log; `db` is a database connection.
    pub(super) fn check(&mut self, db: &Connection) -> Result<()> {
        if self.consistent()? {
            return Ok(());
        }
        let tx = rusqlite::Transaction::new_unchecked(db, TransactionBehavior::Immediate)?;
        let start: i64 = tx.query_row(&format!("SELECT {LAST_SEQ}"), [], |r| r.get(0))?;
        tx.execute_batch(&format!(
            "UPDATE side_index_state SET instance = lower(hex(randomblob(16)));
             INSERT INTO side_index_log (item, op) VALUES (0, {RESET});
             INSERT INTO side_index_log (item, op) SELECT id, {INDEX} FROM items WHERE NOT {IN_MAIN} ORDER BY id;"
        ))?;
        tx.commit()?;
        // The reset is applied at once (the entry is the one after `start`).
        // Another process may have rebuilt it meanwhile; whichever reset is
        // applied first, the last one clears what came before it.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stale: bool = tx.query_row(
            "SELECT instance IS NOT (SELECT instance FROM src.side_index_state) OR applied > ?1 FROM side_state",
            [start],
            |r| r.get(0),
        )?;
        if stale {
            tx.execute_batch("INSERT INTO side_fts (side_fts) VALUES ('delete-all');")?;
            tx.execute(
                "UPDATE side_state SET instance = (SELECT instance FROM src.side_index_state), applied = ?1",
                [start + 1],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Whether the side file is this database's and not ahead of its log.
    fn consistent(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT instance IS (SELECT instance FROM src.side_index_state)
                AND applied <= COALESCE((SELECT seq FROM src.sqlite_sequence WHERE name = 'side_index_log'), 0)
             FROM side_state",
            [],
            |r| r.get(0),
        )?)
    }

    /// Applies the log as far as it goes, a batch per transaction; `bulk`
    /// (a catch-up) merges as the main index does while catching up and
    /// holds back tombstone merges until the end. Returns the items indexed.
    pub(super) fn apply_all(&mut self, bulk: bool) -> Result<usize> {
        let mut indexed = 0;
        loop {
            match self.apply(INDEX_BATCH, bulk)? {
                (0, _) => break,
                (_, n) => indexed += n,
            }
        }
        if search_index::delete_merge_held_back(&self.conn, SIDE)? {
            search_index::hold_delete_merge(&self.conn, SIDE, false)?;
            while self.step(|c| search_index::merge_step(c, SIDE))? {}
        }
        Ok(indexed)
    }

    /// Once caught up: merges the index back to FTS5's usual shape in
    /// bounded steps, each its own transaction (as `merge_search_index_step`).
    pub(super) fn merge_back(&mut self) -> Result<()> {
        if !search_index::catching_up(&self.conn, SIDE)? {
            return Ok(());
        }
        while self.step(|c| search_index::merge_step(c, SIDE))? {}
        self.step(|c| search_index::set_catching_up(c, SIDE, false).map(|()| false))?;
        Ok(())
    }

    /// One write transaction of the side file.
    fn step(&mut self, work: impl FnOnce(&Connection) -> Result<bool>) -> Result<bool> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let more = work(&tx)?;
        tx.commit()?;
        Ok(more)
    }

    /// Applies up to `batch` log entries in one transaction; returns how
    /// many, and how many of them indexed an item.
    fn apply(&mut self, batch: usize, bulk: bool) -> Result<(usize, usize)> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied: i64 = tx.query_row("SELECT applied FROM side_state", [], |r| r.get(0))?;
        let limit = i64::try_from(batch).unwrap_or(i64::MAX);
        let entries = tx
            .prepare_cached("SELECT seq, item, op FROM src.side_index_log WHERE seq > ?1 ORDER BY seq LIMIT ?2")?
            .query_map(params![applied, limit], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let Some(&(last, _, _)) = entries.last() else { return Ok((0, 0)) };
        if bulk && !search_index::catching_up(&tx, SIDE)? {
            search_index::set_catching_up(&tx, SIDE, true)?;
        }
        let removes = entries.iter().any(|e| e.2 != RESET && e.2 != INDEX);
        if bulk && removes && !search_index::delete_merge_held_back(&tx, SIDE)? {
            search_index::hold_delete_merge(&tx, SIDE, true)?;
        }
        // A statement per run of entries alike: FTS5 writes its pending
        // terms out at the end of every statement, so a statement per item
        // made a segment per item. Within a run an item comes up once (it
        // is indexed again only after a removal or a reset).
        let mut indexed = 0;
        for run in entries.chunk_by(|a, b| a.2 == b.2) {
            let (first, last, op) = (run[0].0, run[run.len() - 1].0, run[0].2);
            let in_run = "SELECT item FROM src.side_index_log WHERE seq BETWEEN ?1 AND ?2";
            match op {
                RESET => tx.execute_batch("INSERT INTO side_fts (side_fts) VALUES ('delete-all');")?,
                INDEX => {
                    indexed += tx
                        .prepare_cached(&format!(
                            "INSERT INTO side_fts (rowid, title, author, content)
                             SELECT id, title, author, tidings_text(content) FROM src.items WHERE id IN ({in_run})
                             ORDER BY id"
                        ))?
                        .execute([first, last])?;
                }
                _ => drop(
                    tx.prepare_cached(&format!("DELETE FROM side_fts WHERE rowid IN ({in_run})"))?
                        .execute([first, last])?,
                ),
            }
        }
        tx.execute("UPDATE side_state SET applied = ?1", [last])?;
        tx.commit()?;
        Ok((entries.len(), indexed))
    }
}

/// The side index as a thread of its own uses it (the catch-up builds both
/// halves at once): shared with the `Store` that opened it.
#[derive(Clone)]
pub struct SideIndexer(pub(super) std::sync::Arc<std::sync::Mutex<SideIndex>>);

impl SideIndexer {
    fn lock(&self) -> std::sync::MutexGuard<'_, SideIndex> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Applies the whole log as a catch-up; returns the items indexed.
    pub fn catch_up(&self) -> Result<usize> {
        self.lock().apply_all(true)
    }

    /// After a catch-up: merges the side index back to its usual shape.
    pub fn merge_back(&self) -> Result<()> {
        self.lock().merge_back()
    }

    /// Gives the side file's freed pages back (`Store::vacuum`).
    pub(super) fn vacuum(&self) -> Result<super::Vacuumed> {
        super::maintain::vacuum(&self.lock().conn)
    }

    /// Applies what the log holds now, as a write that indexes at once does.
    pub(super) fn apply_now(&self) -> Result<()> {
        self.lock().apply_all(false).map(drop)
    }
}
