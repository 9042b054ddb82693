//! Schema versions, applied in order; `PRAGMA user_version` holds the current one.
//!
//! To change the schema, append a batch: never edit one that has shipped, as
//! databases already at that version will not run it again.

use rusqlite::{Connection, TransactionBehavior};

use super::{Result, StoreError};

mod reader;
mod side;
mod sync;

use reader::{V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13};
use side::V15;
use sync::V14;

/// Batch `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15];

/// The version a fully migrated database has.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the schema up to `SCHEMA_VERSION`, one transaction per version.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    if not_newer(version(conn)?)? == SCHEMA_VERSION {
        return Ok(());
    }
    for (from, sql) in MIGRATIONS.iter().enumerate() {
        // IMMEDIATE takes the write lock before reading the version, so two
        // processes opening a new database at once cannot both apply a batch.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if not_newer(version(&tx)?)? as usize > from {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", from as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Refuses a database written by a newer tidings rather than guess at it.
fn not_newer(found: u32) -> Result<u32> {
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { found, supported: SCHEMA_VERSION });
    }
    Ok(found)
}

/// The schema version recorded in the database.
pub(super) fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}
