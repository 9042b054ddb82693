//! Headline lists a page at a time, so a view of 100,000 items costs what a
//! screenful costs: the UI asks for a window around a position, never for
//! everything.

use rusqlite::{OptionalExtension, ToSql};

use super::read::{HEADLINE_COLUMNS, headline};
use super::{Result, Store};
use crate::model::{Headline, ItemId, View};

/// Rows of a view in display order (newest first): the `FROM ... WHERE` part
/// and its one parameter (the feed id, or nothing for All).
fn scope(view: View) -> (&'static str, Option<i64>) {
    match view {
        View::All => ("FROM items i JOIN feeds f ON f.id = i.feed_id WHERE f.position IS NOT NULL", None),
        View::Feed(feed) => ("FROM items i WHERE i.feed_id = ?1", Some(feed)),
    }
}

/// Sort key of a row: the list is ordered by (sort_date, id), both descending.
type Key = (i64, ItemId);

impl Store {
    /// How many items the view lists (from the per-feed counters).
    pub fn headline_count(&self, view: View) -> Result<usize> {
        let n: i64 = match view {
            View::All => self
                .conn
                .prepare_cached("SELECT COALESCE(SUM(item_count), 0) FROM feeds WHERE position IS NOT NULL")?
                .query_row([], |r| r.get(0))?,
            View::Feed(feed) => self
                .conn
                .prepare_cached("SELECT COALESCE(SUM(item_count), 0) FROM feeds WHERE id = ?1")?
                .query_row([feed], |r| r.get(0))?,
        };
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Up to `limit` headlines starting at position `offset` of the view.
    pub fn headlines_page(&self, view: View, offset: usize, limit: usize) -> Result<Vec<Headline>> {
        let total = self.headline_count(view)?;
        let (from, param) = scope(view);
        // OFFSET walks the index; from the far end the walk is shorter.
        if offset > total / 2 {
            let end = (offset + limit).min(total);
            let skip = total - end;
            let take = end.saturating_sub(offset);
            let sql = format!(
                "SELECT {HEADLINE_COLUMNS} {from} ORDER BY i.sort_date ASC, i.id ASC LIMIT {take} OFFSET {skip}"
            );
            let mut rows: Vec<Headline> = self.query_rows(&sql, param)?;
            rows.reverse();
            return Ok(rows);
        }
        let sql = format!(
            "SELECT {HEADLINE_COLUMNS} {from} ORDER BY i.sort_date DESC, i.id DESC LIMIT {limit} OFFSET {offset}"
        );
        self.query_rows(&sql, param)
    }

    /// Position of `item` in the view, if it is listed there.
    pub fn headline_index(&self, view: View, item: ItemId) -> Result<Option<usize>> {
        let Some(key) = self.key_of(view, item)? else {
            return Ok(None);
        };
        self.count_before(view, key).map(Some)
    }

    /// The first unread item at or after position `from`: (position, id).
    pub fn next_unread(&self, view: View, from: usize) -> Result<Option<(usize, ItemId)>> {
        let Some(start) = self.headlines_page(view, from, 1)?.pop() else {
            return Ok(None);
        };
        let (scope_sql, param) = scope(view);
        let sql = format!(
            "SELECT i.sort_date, i.id {scope_sql} AND i.read = 0
               AND (i.sort_date < ?2 OR (i.sort_date = ?2 AND i.id <= ?3))
             ORDER BY i.sort_date DESC, i.id DESC LIMIT 1"
        );
        let key = self.query_key(&sql, &[&param.unwrap_or(0), &start.date, &start.id])?;
        match key {
            Some(key) => Ok(Some((self.count_before(view, key)?, key.1))),
            None => Ok(None),
        }
    }

    fn key_of(&self, view: View, item: ItemId) -> Result<Option<Key>> {
        let (scope_sql, param) = scope(view);
        let sql = format!("SELECT i.sort_date, i.id {scope_sql} AND i.id = ?2");
        self.query_key(&sql, &[&param.unwrap_or(0), &item])
    }

    /// How many rows of the view sort before `key`.
    fn count_before(&self, view: View, key: Key) -> Result<usize> {
        let (scope_sql, param) = scope(view);
        let sql = format!("SELECT COUNT(*) {scope_sql} AND (i.sort_date > ?2 OR (i.sort_date = ?2 AND i.id > ?3))");
        let args: [&dyn ToSql; 3] = [&param.unwrap_or(0), &key.0, &key.1];
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(&args[..], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Runs a query for one sort key. ?1 is always the scope parameter (unused
    /// by the All scope, which has none), so every caller binds it first.
    fn query_key(&self, sql: &str, args: &[&dyn ToSql]) -> Result<Option<Key>> {
        let key = self.conn.prepare_cached(sql)?.query_row(args, |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        Ok(key)
    }

    fn query_rows(&self, sql: &str, param: Option<i64>) -> Result<Vec<Headline>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = match param {
            Some(p) => stmt.query_map([p], headline)?.collect::<rusqlite::Result<_>>()?,
            None => stmt.query_map([], headline)?.collect::<rusqlite::Result<_>>()?,
        };
        Ok(rows)
    }
}
