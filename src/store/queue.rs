//! The marks waiting for a server: one row per item and field, written in
//! the transaction of the local mark, so a mark is never on disk without its
//! row. A row holds the value wanted and `base`, what the server is taken to
//! have: a change back to `base` cancels the row (read then unread before a
//! push sends nothing), except while a bulk "mark read before T" waits, which
//! the server would apply over it. A row leaves only when the server
//! acknowledged it, and only if it was not changed again meanwhile.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store};
use crate::model::{AccountId, BulkScope, ItemId, MarkField, PendingBulk, PendingChange};

/// Queues `field = value` of a local item for its server, if it has one;
/// `old` is the value it had. Called in the transaction that sets the mark.
pub(super) fn queue_mark(
    conn: &Connection,
    item: ItemId,
    field: MarkField,
    value: bool,
    old: bool,
    now_ms: i64,
) -> Result<()> {
    let queued = conn
        .prepare_cached(
            "INSERT INTO pending_changes (account_id, remote_id, field, value, base, bulk_id, queued_at)
             SELECT account_id, remote_id, ?2, ?3, ?4, NULL, ?5 FROM remote_items WHERE item_id = ?1
             ON CONFLICT (account_id, remote_id, field) DO UPDATE SET
                 value = excluded.value, bulk_id = NULL, queued_at = excluded.queued_at",
        )?
        .execute(params![item, field.column(), value, old, now_ms])?;
    if queued > 0 {
        cancel_returned(conn, "remote_id IN (SELECT remote_id FROM remote_items WHERE item_id = ?1)", item.0)?;
    }
    Ok(())
}

/// Drops the rows matching `which` (with ?1 bound to `param`) whose value
/// went back to what the server has, unless a bulk mark still waits.
fn cancel_returned(conn: &Connection, which: &str, param: i64) -> Result<()> {
    let sql = format!(
        "DELETE FROM pending_changes WHERE {which} AND value = base
         AND NOT EXISTS (SELECT 1 FROM pending_bulk b WHERE b.account_id = pending_changes.account_id AND b.acked = 0)"
    );
    conn.prepare_cached(&sql)?.execute([param])?;
    Ok(())
}

/// Queues read rows for the synced items of bulk mark `mark` (they were unread).
pub(super) fn queue_bulk_items(conn: &Connection, mark: i64, now_ms: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO pending_changes (account_id, remote_id, field, value, base, bulk_id, queued_at)
         SELECT r.account_id, r.remote_id, 'read', 1, 0, NULL, ?2
         FROM bulk_mark_items b JOIN remote_items r ON r.item_id = b.item_id WHERE b.mark_id = ?1
         ON CONFLICT (account_id, remote_id, field) DO UPDATE SET
             value = 1, bulk_id = NULL, queued_at = excluded.queued_at",
    )?
    .execute(params![mark, now_ms])?;
    Ok(())
}

/// Queues unread rows for the synced items undo made unread again, after
/// dropping the bulk marks of `mark` the server has not seen yet.
pub(super) fn queue_undo(conn: &Connection, mark: i64, now_ms: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM pending_bulk WHERE mark_id = ?1 AND acked = 0")?.execute([mark])?;
    conn.prepare_cached(
        "INSERT INTO pending_changes (account_id, remote_id, field, value, base, bulk_id, queued_at)
         SELECT r.account_id, r.remote_id, 'read', 0, 1, NULL, ?2
         FROM bulk_mark_items b JOIN remote_items r ON r.item_id = b.item_id
         JOIN items i ON i.id = b.item_id WHERE b.mark_id = ?1 AND i.read = 0
         ON CONFLICT (account_id, remote_id, field) DO UPDATE SET
             value = 0, bulk_id = NULL, queued_at = excluded.queued_at",
    )?
    .execute(params![mark, now_ms])?;
    cancel_returned(
        conn,
        "remote_id IN (SELECT r.remote_id FROM bulk_mark_items b JOIN remote_items r ON r.item_id = b.item_id
                       WHERE b.mark_id = ?1 AND r.account_id = pending_changes.account_id)",
        mark,
    )
}

/// Queues `field = 1` for the synced items in `temp.rule_hits`, which a rule
/// just read or starred (they were not), in the rule's transaction.
pub(super) fn queue_rule_hits(conn: &Connection, field: MarkField, now_ms: i64) -> Result<()> {
    let hits = "SELECT r.account_id, r.remote_id FROM temp.rule_hits h JOIN remote_items r ON r.item_id = h.id";
    queue_set(conn, hits, field, true, now_ms)
}

/// Queues unstarred rows for the synced items undo of rule application
/// `mark` unstarred again.
pub(super) fn queue_unstar(conn: &Connection, mark: i64, now_ms: i64) -> Result<()> {
    let items = format!(
        "SELECT r.account_id, r.remote_id FROM bulk_mark_items b JOIN remote_items r ON r.item_id = b.item_id
         JOIN items i ON i.id = b.item_id WHERE b.mark_id = {mark} AND i.starred = 0"
    );
    queue_set(conn, &items, MarkField::Starred, false, now_ms)
}

/// Queues `field = value` for the (account_id, remote_id) pairs `pairs`
/// selects, whose old value was the other one; rows that went back to what
/// the server has are dropped (unless a bulk mark waits).
fn queue_set(conn: &Connection, pairs: &str, field: MarkField, value: bool, now_ms: i64) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO pending_changes (account_id, remote_id, field, value, base, bulk_id, queued_at)
         SELECT account_id, remote_id, ?1, ?2, NOT ?2, NULL, ?3 FROM ({pairs}) WHERE true
         ON CONFLICT (account_id, remote_id, field) DO UPDATE SET
             value = excluded.value, bulk_id = NULL, queued_at = excluded.queued_at"
    ))?
    .execute(params![field.column(), value, now_ms])?;
    conn.prepare_cached(&format!(
        "DELETE FROM pending_changes WHERE field = ?1 AND value = base AND (account_id, remote_id) IN ({pairs})
         AND NOT EXISTS (SELECT 1 FROM pending_bulk b WHERE b.account_id = pending_changes.account_id AND b.acked = 0)"
    ))?
    .execute([field.column()])?;
    Ok(())
}

/// Queues a "mark read before T" for one account and ties the rows of
/// `mark` it covers to it. `feed`: the local feed of a `Feed` scope.
fn queue_bulk(
    conn: &Connection,
    account: AccountId,
    mark: i64,
    scope: &BulkScope,
    feed: Option<i64>,
    before_us: i64,
) -> Result<()> {
    let newest: Option<String> = conn
        .prepare_cached(
            "SELECT r.remote_id FROM remote_items r JOIN items i ON i.id = r.item_id
             WHERE r.account_id = ?1 AND (?2 IS NULL OR i.feed_id = ?2)
             ORDER BY CAST(r.remote_id AS INTEGER) DESC LIMIT 1",
        )?
        .query_row(params![account.0, feed], |r| r.get(0))
        .optional()?;
    let (kind, scope_id) = match scope {
        BulkScope::All => ("all", None),
        BulkScope::Feed(id) => ("feed", Some(id.as_str())),
    };
    let bulk: i64 = conn
        .prepare_cached(
            "INSERT INTO pending_bulk (account_id, mark_id, scope, scope_id, before_us, newest)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        )?
        .query_row(params![account.0, mark, kind, scope_id, before_us, newest], |r| r.get(0))?;
    conn.prepare_cached(
        "UPDATE pending_changes SET bulk_id = ?1
         WHERE account_id = ?2 AND field = 'read' AND value = 1 AND remote_id IN (
             SELECT r.remote_id FROM bulk_mark_items b JOIN remote_items r ON r.item_id = b.item_id
             JOIN items i ON i.id = b.item_id
             WHERE b.mark_id = ?3 AND r.account_id = ?2 AND (?4 IS NULL OR i.feed_id = ?4))",
    )?
    .execute(params![bulk, account.0, mark, feed])?;
    Ok(())
}

/// Marks queued for account ?1 (see `Store::waiting`).
pub(super) const WAITING: &str = "
    SELECT (SELECT COUNT(*) FROM pending_changes WHERE account_id = ?1)
         + (SELECT COUNT(*) FROM pending_bulk b WHERE b.account_id = ?1 AND b.acked = 0
              AND NOT EXISTS (SELECT 1 FROM pending_changes c WHERE c.bulk_id = b.id))";

/// Queues the servers' side of bulk mark `mark` over the feeds matching
/// `feeds` (a condition on `feeds f`): per account, "everything before T"
/// when the listing covers all of its feeds, else one per feed covered.
pub(super) fn queue_server_bulks(
    conn: &Connection,
    feeds: (String, Vec<rusqlite::types::Value>),
    mark: i64,
    before_us: i64,
) -> Result<()> {
    let (cond, params) = feeds;
    let sql = format!(
        "SELECT r.account_id, f.id, r.remote_id,
                (SELECT COUNT(*) FROM remote_feeds r2 JOIN feeds f2 ON f2.id = r2.feed_id
                 WHERE r2.account_id = r.account_id AND f2.position IS NOT NULL)
         FROM feeds f JOIN remote_feeds r ON r.feed_id = f.id
         WHERE f.position IS NOT NULL AND {cond} ORDER BY r.account_id, f.id"
    );
    let covered: Vec<(i64, i64, String, i64)> = conn
        .prepare(&sql)?
        .query_map(rusqlite::params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for group in covered.chunk_by(|a, b| a.0 == b.0) {
        let account = AccountId(group[0].0);
        if group.len() as i64 >= group[0].3 {
            queue_bulk(conn, account, mark, &BulkScope::All, None, before_us)?;
        } else {
            for (_, feed, remote, _) in group {
                queue_bulk(conn, account, mark, &BulkScope::Feed(remote.clone()), Some(*feed), before_us)?;
            }
        }
    }
    Ok(())
}

fn field_of(name: &str) -> MarkField {
    if name == "starred" { MarkField::Starred } else { MarkField::Read }
}

impl Store {
    /// The bulk marks of `account` the server has not acknowledged, oldest first.
    pub fn pending_bulks(&self, account: AccountId) -> Result<Vec<PendingBulk>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, scope, scope_id, before_us, newest FROM pending_bulk
             WHERE account_id = ?1 AND acked = 0 ORDER BY id",
        )?;
        let rows = stmt.query_map([account.0], |r| {
            let scope = match (r.get::<_, String>(1)?.as_str(), r.get::<_, Option<String>>(2)?) {
                ("feed", Some(id)) => BulkScope::Feed(id),
                _ => BulkScope::All,
            };
            Ok(PendingBulk { id: r.get(0)?, scope, before_us: r.get(3)?, newest: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The server applied bulk mark `bulk`: its rows now take the server to
    /// have them read, and wait for the next pull to confirm each.
    pub fn ack_bulk(&self, bulk: i64) -> Result<()> {
        let tx = self.write_transaction()?;
        tx.prepare_cached("UPDATE pending_bulk SET acked = 1 WHERE id = ?1")?.execute([bulk])?;
        tx.prepare_cached("UPDATE pending_changes SET base = 1 WHERE bulk_id = ?1")?.execute([bulk])?;
        tx.commit()?;
        Ok(())
    }

    /// Up to `limit` rows to push, grouped by field and value; rows covered
    /// by an acknowledged bulk mark wait for the pull instead.
    pub fn pending_changes(&self, account: AccountId, limit: usize) -> Result<Vec<PendingChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT remote_id, field, value, queued_at, bulk_id FROM pending_changes c
             WHERE account_id = ?1
               AND NOT EXISTS (SELECT 1 FROM pending_bulk b WHERE b.id = c.bulk_id AND b.acked = 1)
             ORDER BY field, value, remote_id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![account.0, limit as i64], |r| {
            Ok(PendingChange {
                remote_id: r.get(0)?,
                field: field_of(&r.get::<_, String>(1)?),
                value: r.get(2)?,
                queued_at: r.get(3)?,
                bulk: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A push of these rows starts: from now on what the server has is not
    /// known (the push may take, or fail halfway), so no later change cancels
    /// them until the server acknowledged them or a pull told its state.
    pub fn begin_push(&self, account: AccountId, rows: &[PendingChange]) -> Result<()> {
        self.each_unchanged(account, rows, "UPDATE pending_changes SET base = NULL")
    }

    /// The server acknowledged these rows (or does not know their items):
    /// each leaves the queue unless it was changed again meanwhile.
    pub fn settle(&self, account: AccountId, rows: &[PendingChange]) -> Result<()> {
        self.each_unchanged(account, rows, "DELETE FROM pending_changes")
    }

    fn each_unchanged(&self, account: AccountId, rows: &[PendingChange], action: &str) -> Result<()> {
        let tx = self.write_transaction()?;
        {
            let sql = format!(
                "{action} WHERE account_id = ?1 AND remote_id = ?2 AND field = ?3 AND value = ?4 AND queued_at = ?5"
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            for row in rows {
                stmt.execute(params![account.0, row.remote_id, row.field.column(), row.value, row.queued_at])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks queued for `account`: its rows, and bulk marks that queued none.
    pub fn waiting(&self, account: AccountId) -> Result<usize> {
        let n: i64 = self.conn.prepare_cached(WAITING)?.query_row([account.0], |r| r.get(0))?;
        Ok(n as usize)
    }
}
