//! Small choices of the UI that persist across runs (hide read items...).

use rusqlite::OptionalExtension;

use super::{Result, Store};

impl Store {
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
