//! A plain search over every feed that matches many items. The full-text
//! index gives the matching ids once (their number is the count), and a page
//! walks the date index keeping the rows whose ids are among them: a page of
//! a word one item in ten contains reads some ten pages of index entries,
//! where sorting every match, or handing SQLite the matches as a list to
//! build for each page, cost what the matches cost.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::feed_rows::{HEADLINE_COLUMNS, headline};
use super::order::{Dir, Key, key_params};
use super::{Result, Store};
use crate::model::Headline;

/// The ids of the items `text` (an FTS5 query) matches, ascending.
pub(super) fn ids(store: &Store, text: &str) -> Result<Vec<i64>> {
    let mut stmt = store.conn.prepare_cached(
        "SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 UNION ALL SELECT rowid FROM side_fts WHERE side_fts MATCH ?1",
    )?;
    let mut ids = stmt.query_map([text], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    ids.sort_unstable();
    Ok(ids)
}

/// The keys of up to `take` matching items walking in `dir` from `from`
/// (inclusive, else the start) towards `to` (exclusive, else the end), after
/// skipping `skip` of them.
pub(super) fn walk(
    store: &Store,
    ids: &[i64],
    dir: Dir,
    from: Option<Key>,
    to: Option<Key>,
    mut skip: usize,
    take: usize,
) -> Result<Vec<Key>> {
    let mut conds = String::new();
    let mut params: Vec<Value> = Vec::new();
    if let Some(from) = from {
        params.extend(key_params(from));
        conds.push_str(&format!(" AND {}", dir.at_or_after()));
    }
    if let Some(to) = to {
        params.extend(key_params(to));
        conds.push_str(&format!(" AND {}", dir.before()));
    }
    let sql = format!("SELECT i.sort_date, i.id FROM items i INDEXED BY items_by_date WHERE 1{conds} {}", dir.order());
    let mut stmt = store.conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(params))?;
    let mut keys = Vec::new();
    while keys.len() < take {
        let Some(row) = rows.next()? else { break };
        let id: i64 = row.get(1)?;
        if ids.binary_search(&id).is_err() {
            continue;
        }
        if skip > 0 {
            skip -= 1;
        } else {
            keys.push((row.get(0)?, crate::model::ItemId(id)));
        }
    }
    Ok(keys)
}

/// The headlines of the items with `keys`, in that order.
pub(super) fn headlines(store: &Store, keys: &[Key]) -> Result<Vec<Headline>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    // Ids read from the database, not user text: written into the statement.
    let list: Vec<String> = keys.iter().map(|k| k.1.0.to_string()).collect();
    let sql = format!("SELECT {HEADLINE_COLUMNS} FROM items i WHERE i.id IN ({})", list.join(","));
    let mut stmt = store.conn.prepare(&sql)?;
    let mut found: std::collections::HashMap<_, _> =
        stmt.query_map([], headline)?.map(|h| h.map(|h| (h.id, h))).collect::<rusqlite::Result<_>>()?;
    Ok(keys.iter().filter_map(|k| found.remove(&k.1)).collect())
}
