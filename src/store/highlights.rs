//! `[[highlight]]` queries matched against a window's rows when the window
//! is read, so drawing a headline looks its style up instead of asking the
//! database anything.

use std::collections::BTreeMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::terms::SEARCH_INDEX;
use super::terms::{self, Context};
use super::{Result, Store};
use crate::model::{Headline, ItemId};
use crate::query::Filter;

impl Store {
    /// The highlight queries, in config order (the first that matches a row wins).
    pub fn set_highlights(&mut self, highlights: Vec<Filter>) {
        self.highlights = highlights;
    }

    /// For each row some highlight query matches, the first such query's place.
    pub(super) fn highlights_of(&self, rows: &[Headline]) -> Result<BTreeMap<ItemId, usize>> {
        let mut found = BTreeMap::new();
        if rows.is_empty() {
            return Ok(found);
        }
        let ids =
            Value::Text(serde_json::to_string(&rows.iter().map(|h| h.id.0).collect::<Vec<_>>()).unwrap_or_default());
        let cx = Context { now: self.clock.unix_now(), fts: SEARCH_INDEX };
        for (place, filter) in self.highlights.iter().enumerate() {
            let (cond, params) = terms::all(filter, cx).unwrap_or_else(|| ("1".into(), Vec::new()));
            let sql = format!("SELECT i.id FROM items i WHERE i.id IN (SELECT value FROM json_each(?)) AND {cond}");
            let params = std::iter::once(ids.clone()).chain(params);
            let mut stmt = self.conn.prepare_cached(&sql)?;
            for id in stmt.query_map(params_from_iter(params), |r| r.get::<_, ItemId>(0))? {
                found.entry(id?).or_insert(place);
            }
        }
        Ok(found)
    }
}
