//! Accounts on feed servers: one row per `[[accounts]]` name, with where the
//! last pull stopped and how the last sync went.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store};
use crate::model::{AccountId, AccountState};

const COLUMNS: &str = "id, name, kind, sync_point, last_sync, last_error, last_error_at, feeds_checked_at";

fn state(row: &Row<'_>) -> rusqlite::Result<AccountState> {
    Ok(AccountState {
        id: AccountId(row.get(0)?),
        name: row.get(1)?,
        kind: row.get(2)?,
        sync_point: row.get(3)?,
        last_sync: row.get(4)?,
        last_error: row.get(5)?,
        last_error_at: row.get(6)?,
        feeds_checked_at: row.get(7)?,
        waiting: 0,
    })
}

impl Store {
    /// The account named `name`, created if new. An account whose `kind`
    /// changed speaks another protocol now: its old ids mean nothing there,
    /// so it starts over (its feeds are hidden, its queue dropped).
    pub fn ensure_account(&self, name: &str, kind: &str) -> Result<AccountState> {
        let tx = self.write_transaction()?;
        tx.prepare_cached("INSERT INTO accounts (name, kind) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING")?
            .execute(params![name, kind])?;
        let found =
            tx.prepare_cached(&format!("SELECT {COLUMNS} FROM accounts WHERE name = ?1"))?.query_row([name], state)?;
        if found.kind != kind {
            tracing::info!(account = name, from = %found.kind, to = kind, "account kind changed: starting over");
            let id = found.id.0;
            tx.prepare_cached(
                "UPDATE feeds SET position = NULL WHERE id IN (SELECT feed_id FROM remote_feeds WHERE account_id = ?1)",
            )?
            .execute([id])?;
            for table in ["remote_feeds", "remote_items", "pending_changes", "pending_bulk"] {
                tx.execute(&format!("DELETE FROM {table} WHERE account_id = ?1"), [id])?;
            }
            tx.prepare_cached(
                "UPDATE accounts SET kind = ?2, sync_point = '', last_sync = NULL, last_error = NULL,
                     last_error_at = NULL, feeds_checked_at = NULL WHERE id = ?1",
            )?
            .execute(params![id, kind])?;
        }
        tx.commit()?;
        self.account_state(name).map(|s| s.unwrap_or(found))
    }

    /// What the store knows of the account named `name`, with its queue's size.
    pub fn account_state(&self, name: &str) -> Result<Option<AccountState>> {
        let found = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM accounts WHERE name = ?1"))?
            .query_row([name], state)
            .optional()?;
        let Some(mut found) = found else { return Ok(None) };
        found.waiting = self.waiting(found.id)?;
        Ok(Some(found))
    }

    /// A sync went through at `at` (unix seconds): its error is cleared.
    pub fn record_sync(&self, account: AccountId, at: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE accounts SET last_sync = ?2, last_error = NULL, last_error_at = NULL WHERE id = ?1",
            )?
            .execute(params![account.0, at])?;
        Ok(())
    }

    /// A sync failed at `at`; `error` is one line, without secrets.
    pub fn record_sync_error(&self, account: AccountId, error: &str, at: i64) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE accounts SET last_error = ?2, last_error_at = ?3 WHERE id = ?1")?
            .execute(params![account.0, error, at])?;
        Ok(())
    }

    /// Saves where a pull of new items stopped, once everything before it is stored.
    pub fn save_sync_point(&self, account: AccountId, point: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE accounts SET sync_point = ?2 WHERE id = ?1")?
            .execute(params![account.0, point])?;
        Ok(())
    }

    /// Where the last pull of new items stopped (see `store_remote_items`).
    pub fn sync_point(&self, account: AccountId) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached("SELECT sync_point FROM accounts WHERE id = ?1")?
            .query_row([account.0], |r| r.get(0))?)
    }

    /// Marks queued for the account named `name` (0 when it never synced).
    pub fn waiting_for(&self, name: &str) -> Result<usize> {
        Ok(self.account_state(name)?.map_or(0, |s| s.waiting))
    }
}
