//! Full-text search (FTS5) over a view, a page at a time like every list.

use rusqlite::ToSql;

use super::read::{HEADLINE_COLUMNS, headline};
use super::{Result, Store};
use crate::model::{Headline, View};

/// Turns what the user typed into an FTS5 query: each word must match as a
/// prefix (so results follow typing), and the user's text is quoted so its
/// punctuation is never FTS syntax.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"*")).collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    /// Items of `view` matching `text`, newest first: (total matches, the page).
    pub fn search(&self, view: View, text: &str, offset: usize, limit: usize) -> Result<(usize, Vec<Headline>)> {
        let Some(query) = fts_query(text) else {
            return Ok((0, Vec::new()));
        };
        let (scope, feed) = match view {
            View::All => ("JOIN feeds f ON f.id = i.feed_id WHERE f.position IS NOT NULL", None),
            View::Feed(id) => ("WHERE i.feed_id = ?2", Some(id)),
        };
        let matches = format!("FROM items_fts JOIN items i ON i.id = items_fts.rowid {scope} AND items_fts MATCH ?1");
        let args: Vec<&dyn ToSql> = match &feed {
            Some(id) => vec![&query, id],
            None => vec![&query],
        };
        // One pass over the matches gives both the page and the count.
        let sql = format!(
            "SELECT {HEADLINE_COLUMNS}, COUNT(*) OVER () {matches}
             ORDER BY i.sort_date DESC, i.id DESC LIMIT {limit} OFFSET {offset}"
        );
        let mut total = 0;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(&args[..], |r| {
                total = r.get::<_, i64>(6)?;
                headline(r)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if rows.is_empty() && offset > 0 {
            // Past the last page the window function has no row to report on.
            let count = format!("SELECT COUNT(*) {matches}");
            total = self.conn.prepare_cached(&count)?.query_row(&args[..], |r| r.get(0))?;
        }
        Ok((usize::try_from(total).unwrap_or(0), rows))
    }
}
