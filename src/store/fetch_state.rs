//! The poller's per-feed HTTP state: read once at start, written when it changes.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::{Result, Store, StoreError};
use crate::model::{FeedId, FeedNotice, FetchState};

const UPSERT: &str = "
INSERT INTO fetch_state (feed_id, etag, last_modified, body_hash, next_due_ms, retry_at_ms, server_hold,
                         failures, hint_secs, moved_to, gone_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
ON CONFLICT (feed_id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
    body_hash = excluded.body_hash, next_due_ms = excluded.next_due_ms, retry_at_ms = excluded.retry_at_ms,
    server_hold = excluded.server_hold, failures = excluded.failures, hint_secs = excluded.hint_secs,
    moved_to = excluded.moved_to, gone_at = excluded.gone_at";

const COLUMNS: &str = "feed_id, etag, last_modified, body_hash, next_due_ms, retry_at_ms, server_hold, failures, \
                       hint_secs, moved_to, gone_at";

/// Key of the reader version the stored bodies were read with.
const READER_VERSION: &str = "reader_version";

impl Store {
    /// Makes every feed be fetched and read again once when the stored bodies
    /// were read by another version of the parser (`reader`): validators and
    /// body hashes are forgotten, so neither a 304 nor the same bytes skip the
    /// parse. True when it did.
    pub fn reread_after_parser_change(&self, reader: u32) -> Result<bool> {
        let stored = self.ui_state(READER_VERSION)?.and_then(|v| v.parse::<u32>().ok()).unwrap_or(1);
        if stored == reader {
            return Ok(false);
        }
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("UPDATE fetch_state SET etag = NULL, last_modified = NULL, body_hash = NULL", [])?;
        tx.execute(
            "INSERT INTO ui_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            rusqlite::params![READER_VERSION, reader.to_string()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The fetch state of every feed that has one.
    pub fn fetch_states(&self) -> Result<HashMap<FeedId, FetchState>> {
        let sql = format!("SELECT {COLUMNS} FROM fetch_state");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, state(row)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Configured feeds with a remembered permanent redirect or a 410, in config order.
    pub fn notices(&self) -> Result<Vec<FeedNotice>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.url, s.moved_to, s.gone_at FROM feeds f JOIN fetch_state s ON s.feed_id = f.id
             WHERE f.position IS NOT NULL AND (s.moved_to IS NOT NULL OR s.gone_at IS NOT NULL)
             ORDER BY f.position",
        )?;
        let rows =
            stmt.query_map([], |row| Ok(FeedNotice { url: row.get(0)?, moved_to: row.get(1)?, gone_at: row.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Writes through any connection or transaction (ingest uses its own).
pub(super) fn write_state(conn: &Connection, feed: FeedId, s: &FetchState) -> Result<()> {
    let result = conn.prepare_cached(UPSERT)?.execute(params![
        feed,
        s.etag,
        s.last_modified,
        s.body_hash,
        s.next_due_ms,
        s.retry_at_ms,
        s.server_hold,
        s.failures,
        s.hint_secs,
        s.moved_to,
        s.gone_at
    ]);
    match result {
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
            Err(StoreError::NoSuchFeed(feed))
        }
        other => other.map(|_| ()).map_err(StoreError::from),
    }
}

fn state(row: &rusqlite::Row<'_>) -> rusqlite::Result<FetchState> {
    Ok(FetchState {
        etag: row.get(1)?,
        last_modified: row.get(2)?,
        body_hash: row.get(3)?,
        next_due_ms: row.get(4)?,
        retry_at_ms: row.get(5)?,
        server_hold: row.get(6)?,
        failures: row.get(7)?,
        hint_secs: row.get(8)?,
        moved_to: row.get(9)?,
        gone_at: row.get(10)?,
    })
}
