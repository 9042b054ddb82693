//! Small choices of the UI that persist across runs (hide read items...).

use rusqlite::OptionalExtension;

use super::{Result, Store};

/// Key of the hide-read choice.
const HIDE_READ: &str = "hide_read";

impl Store {
    /// Whether read items were hidden when the reader last ran.
    pub fn hide_read(&self) -> Result<bool> {
        Ok(self.ui_state(HIDE_READ)?.is_some_and(|v| v == "1"))
    }

    /// Saves the hide-read choice for the next run.
    pub fn set_hide_read(&self, hide: bool) -> Result<()> {
        self.set_ui_state(HIDE_READ, if hide { "1" } else { "0" })
    }

    /// The value saved under `key`, if any.
    pub fn ui_state(&self, key: &str) -> Result<Option<String>> {
        let value = self
            .conn
            .prepare_cached("SELECT value FROM ui_state WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        Ok(value)
    }

    /// Saves `value` under `key` (written at once).
    pub fn set_ui_state(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO ui_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")?
            .execute([key, value])?;
        Ok(())
    }
}
