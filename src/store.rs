//! SQLite persistence. Every SQL statement of the program lives under this module.
//!
//! Durability: WAL with `synchronous=NORMAL` makes every committed write
//! survive a crash or `kill -9` of the process (only a power cut can lose the
//! last transactions), so marks are written in autocommit and are safe as
//! soon as the call returns.

mod accounts;
mod articles;
mod cli_list;
mod feed_info;
mod feed_rows;
mod fetch_state;
mod fts_text;
mod grouped;
mod hidden;
mod highlights;
mod ids;
mod import;
mod maintain;
mod marks;
mod matches;
mod migrations;
mod order;
mod positions;
mod queue;
mod regex_fn;
mod rekey;
mod remote;
mod retention;
mod rule_apply;
mod rules;
mod scope;
mod search;
mod search_index;
mod side_index;
mod terms;
mod ui_state;
mod window;
mod write;

pub use fts_text::text_of as search_text;
pub use maintain::Vacuumed;
pub use search::fts_query;
pub use search_index::INDEX_BATCH;
pub use side_index::{SideIndexer, path_of as search_file_of};

use std::cell::RefCell;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use crate::clock::Clock;
use crate::model::{FeedId, ItemId, MarkField};

pub use cli_list::{ItemFilter, ItemRow};
pub use migrations::SCHEMA_VERSION;
pub use remote::{AccountFeed, Merge};

/// Bytes the write-ahead log keeps on disk once checkpointed (SQLite leaves
/// it at its largest until the last connection closes).
const WAL_SIZE_LIMIT: i64 = 16 << 20;
/// Log pages at which a commit copies the log back into the database
/// (SQLite's default), and at which a bulk writer does (`retention`): at a
/// million items, removing half of them took 73 s instead of 93, and marks
/// meanwhile waited no longer (16,000 pages took 65 s, but a mark then
/// waited up to 0.7 s).
const CHECKPOINT_PAGES: i64 = 1_000;
const BULK_CHECKPOINT_PAGES: i64 = 4_000;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database at {path}: {message}")]
    Open { path: String, message: String },
    #[error("database schema version {found} is newer than this tidings supports ({supported}); upgrade tidings")]
    TooNew { found: u32, supported: u32 },
    #[error("no feed with id {0}")]
    NoSuchFeed(FeedId),
    #[error("no item with id {0}")]
    NoSuchItem(ItemId),
    /// Another process held the database while it was being opened (retried by `open`).
    #[error("database busy: {0}")]
    Busy(rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a write waits for the other connection's transaction to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's busy handler: looks again every millisecond for `BUSY_TIMEOUT`.
/// (SQLite's own timeout sleeps up to 100 ms between looks, so a mark waiting
/// on a writer that commits every few tens of milliseconds and starts again
/// at once, as retention and the search-index catch-up do, could miss every
/// gap for seconds.)
fn wait_busy(tries: i32) -> bool {
    if u128::try_from(tries).unwrap_or(0) >= BUSY_TIMEOUT.as_millis() {
        return false;
    }
    std::thread::sleep(Duration::from_millis(1));
    true
}

/// A file that is not a database, or a damaged one.
fn is_unreadable(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt))
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

/// One connection to the database. The UI holds one (reads and marks), the poller
/// another (ingest); WAL lets them work side by side.
pub struct Store {
    conn: rusqlite::Connection,
    /// New items wait for `index_pending` (see `search_index`).
    defer_index: bool,
    /// "Now" for `newer:`/`older:` terms and bulk marks.
    clock: Clock,
    /// `[[rules]]`, applied to new items as they are stored (see `rules`).
    rules: Vec<crate::model::Rule>,
    /// `[[highlight]]` queries, matched against each window (see `highlights`).
    highlights: Vec<crate::query::Filter>,
    /// Keys seen at positions of the listings paged lately (see `positions`).
    positions: RefCell<positions::Positions>,
    /// The writer of the search index's second file (see `side_index`);
    /// None on a read-only connection.
    side: Option<SideIndexer>,
}

impl Store {
    /// Opens (creating if needed) the database file; the parent directory must exist.
    /// Turns on WAL, foreign keys and a busy timeout, then runs pending migrations.
    pub fn open(path: &Path) -> Result<Store> {
        // Two processes creating the same new database can meet in SQLite's
        // deadlock guard (switching to WAL, the first migration), which answers
        // "busy" at once instead of waiting: try again for a while.
        let started = std::time::Instant::now();
        loop {
            match Store::open_once(path) {
                Err(StoreError::Busy(_)) if started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(StoreError::Busy(e)) => {
                    return Err(StoreError::Open { path: path.display().to_string(), message: e.to_string() });
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store> {
        let open_error =
            |e: &dyn std::fmt::Display| StoreError::Open { path: path.display().to_string(), message: e.to_string() };
        let busy_or = |e: rusqlite::Error| if is_busy(&e) { StoreError::Busy(e) } else { open_error(&e) };
        let mut conn = Connection::open(path).map_err(busy_or)?;
        conn.busy_handler(Some(wait_busy)).map_err(busy_or)?;
        // A new database gives freed pages back in steps (`vacuum`): the mode
        // takes only before the first table (and WAL), else at the next VACUUM.
        // Setting it takes the write lock, so only an empty file is asked: an
        // open must never wait for another process's write.
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0)).map_err(busy_or)?;
        if pages == 0 {
            conn.pragma_update(None, "auto_vacuum", maintain::AUTO_VACUUM_INCREMENTAL).map_err(busy_or)?;
        }
        // The first statement that reads the file: a non-database fails here.
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)).map_err(busy_or)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(open_error(&format!("cannot enable WAL (journal mode is {mode})")));
        }
        let sqlite_busy_or = |e| match e {
            StoreError::Sqlite(e) => busy_or(e),
            other => other,
        };
        let mut store = Store::setup(conn).map_err(sqlite_busy_or)?;
        store.open_side(path).map_err(sqlite_busy_or)?;
        Ok(store)
    }

    /// Opens the search index's side file (rebuilt when it cannot be read:
    /// it holds nothing the database does not) and attaches it.
    fn open_side(&mut self, db: &Path) -> Result<()> {
        let path = side_index::path_of(db);
        let mut side = match side_index::SideIndex::open(&path, db) {
            Err(StoreError::Sqlite(e)) if is_unreadable(&e) => {
                tracing::warn!("search index file {} unreadable ({e}): rebuilding it", path.display());
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
                side_index::SideIndex::open(&path, db)?
            }
            other => other?,
        };
        side_index::attach(&self.conn, &path)?;
        side.check(&self.conn)?;
        self.side = Some(SideIndexer(std::sync::Arc::new(std::sync::Mutex::new(side))));
        Ok(())
    }

    pub fn open_read_only(path: &Path) -> Result<Store> {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::Open { path: path.display().to_string(), message: e.to_string() })?;
        conn.busy_handler(Some(wait_busy))?;
        regex_fn::register(&conn)?;
        fts_text::register(&conn)?;
        // Searches of this connection see the side index as it is (it cannot apply the log).
        let side = side_index::path_of(path);
        if side.exists() {
            side_index::attach(&conn, &side)?;
        }
        Ok(Store::with(conn))
    }

    fn setup(mut conn: Connection) -> Result<Store> {
        // The search index's trigger and catch-up call it on the items they index.
        fts_text::register(&conn)?;
        regex_fn::register(&conn)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A large write, or one beside a reader holding an old snapshot, grows
        // the log past its usual few MB; once checkpointed, it shrinks back.
        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
        migrations::migrate(&mut conn)?;
        Ok(Store::with(conn))
    }

    fn with(conn: Connection) -> Store {
        Store {
            conn,
            defer_index: false,
            clock: Clock::System,
            rules: Vec::new(),
            highlights: Vec::new(),
            positions: RefCell::default(),
            side: None,
        }
    }

    /// A transaction that takes the write lock at once: one that read first
    /// and wrote later could not wait for the other connection's writer.
    fn write_transaction(&self) -> Result<rusqlite::Transaction<'_>> {
        Ok(rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?)
    }

    /// For the UI's connection: its commits leave checkpoints to the other
    /// writers (the poller's checkpoints from `CHECKPOINT_PAGES` after its
    /// own writes, a retention every `BULK_CHECKPOINT_PAGES`), so a mark
    /// never waits for pages to be copied back into the database (16 MB at a
    /// time during a retention). Only a log past twice the bulk size, which
    /// nobody else is checkpointing (marks alone for hours, or a writer
    /// stopped partway), is checkpointed by the UI.
    ///
    /// The hook runs once the commit is made: whatever the checkpoint
    /// answers, the write stands, so it is never reported as failed. Busy
    /// means another connection is checkpointing already (the poller during
    /// a catch-up: marks came back "SQL logic error" while saved).
    pub fn leave_checkpoints_to_others(&mut self) -> Result<()> {
        let valve = (BULK_CHECKPOINT_PAGES * 2) as i32;
        self.conn.wal_hook(Some(move |wal: &mut rusqlite::hooks::Wal, pages: i32| {
            if pages >= valve {
                match wal.checkpoint() {
                    Ok(()) => {}
                    Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
                        tracing::debug!(pages, "the log is being checkpointed by another connection");
                    }
                    Err(error) => tracing::warn!(%error, pages, "checkpoint after a commit failed"),
                }
            }
            Ok(())
        }))?;
        Ok(())
    }

    /// Checkpoints the log every `BULK_CHECKPOINT_PAGES` instead of every
    /// `CHECKPOINT_PAGES` (on: a bulk write starts), or as usual again (off:
    /// it ended; what it left in the log is checkpointed now).
    fn bulk_checkpoints(&self, on: bool) -> Result<()> {
        let pages = if on { BULK_CHECKPOINT_PAGES } else { CHECKPOINT_PAGES };
        self.conn.pragma_update(None, "wal_autocheckpoint", pages)?;
        if !on {
            self.conn.query_row("PRAGMA main.wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// Uses `clock` for "now" from here on (tests fix it).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The clock "now" comes from (the poller schedules by it too).
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Writes a read mark at once (durable when this returns), queued for
    /// the item's server in the same transaction when it has one.
    pub fn set_read(&self, item: ItemId, read: bool) -> Result<()> {
        self.set_mark(MarkField::Read, item, read)
    }

    /// Writes a starred mark at once, queued like `set_read`.
    pub fn set_starred(&self, item: ItemId, starred: bool) -> Result<()> {
        self.set_mark(MarkField::Starred, item, starred)
    }

    /// The one path of single marks: the item, then its server's queue.
    fn set_mark(&self, field: MarkField, item: ItemId, value: bool) -> Result<()> {
        let column = field.column();
        let before = self.version()?;
        let tx = self.write_transaction()?;
        let old: Option<bool> = tx
            .prepare_cached(&format!("SELECT {column} FROM items WHERE id = ?1"))?
            .query_row([item], |r| r.get(0))
            .optional()?;
        let Some(old) = old else { return Err(StoreError::NoSuchItem(item)) };
        if old != value {
            tx.prepare_cached(&format!("UPDATE items SET {column} = ?2 WHERE id = ?1"))?
                .execute(params![item, value])?;
            queue::queue_mark(&tx, item, field, value, old, self.clock.now_ms())?;
        }
        tx.commit()?;
        // A mark moves no row of a listing that shows read and unread alike.
        self.positions.borrow_mut().after_mark(before, self.version()?);
        Ok(())
    }
}
