//! Items a rule hid (`action = "hide"`): moved out of `items` into
//! `hidden_items`, so no list, counter or search sees them and nothing pays
//! for them, with a tombstone so the feed never stores them again (as for
//! retention; `rekey` follows a guid change). The Hidden view lists them and
//! unhiding puts them back.
//!
//! In the Hidden view an item is named by the negated id of its
//! `hidden_items` row (`ItemId(-7)`): never the id of a stored item.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

use super::articles::article_row;
use super::feed_rows::{FEED_TITLE, headline};
use super::{Result, Store, StoreError, search_index};
use crate::model::{Anchor, Article, Enclosure, ItemId, Listing, Sort, Window};

/// Moves the items listed in `temp.rule_hits` to `hidden_items`, leaving
/// tombstones; `temp.rule_hits` then holds the hidden rows' ids. Returns how many.
pub(super) fn hide_hits(tx: &Transaction<'_>, rule: &str, now: i64) -> Result<usize> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO tombstones (feed_id, guid, removed_at, title, link, published)
         SELECT feed_id, guid, ?1, title, link, published FROM items WHERE id IN (SELECT id FROM temp.rule_hits)",
    )?
    .execute([now])?;
    let moved = tx
        .prepare_cached(
            "INSERT OR REPLACE INTO hidden_items (feed_id, guid, title, link, author, published, first_seen, content,
                 base, read, starred, full_text, full_text_at, tags, enclosures, rule, hidden_at)
             SELECT i.feed_id, i.guid, i.title, i.link, i.author, i.published, i.first_seen, i.content, i.base,
                 i.read, i.starred, i.full_text, i.full_text_at,
                 (SELECT json_group_array(tag) FROM item_tags WHERE item_id = i.id),
                 (SELECT json_group_array(json_object('url', url, 'mime', mime, 'length', length))
                  FROM (SELECT * FROM enclosures WHERE item_id = i.id ORDER BY position)),
                 ?1, ?2
             FROM items i WHERE i.id IN (SELECT id FROM temp.rule_hits)
             RETURNING id",
        )?
        .query_map(params![rule, now], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    tx.execute_batch("DELETE FROM items WHERE id IN (SELECT id FROM temp.rule_hits); DELETE FROM temp.rule_hits;")?;
    let mut keep = tx.prepare_cached("INSERT INTO temp.rule_hits (id) VALUES (?1)")?;
    for id in &moved {
        keep.execute([id])?;
    }
    Ok(moved.len())
}

/// Puts the hidden rows `ids` back among the items (a new id each) and
/// forgets their tombstones; returns how many came back. They reach the
/// search index as any stored item does (now, unless `defer`).
pub(super) fn restore(tx: &Transaction<'_>, ids: &[i64], defer: bool) -> Result<usize> {
    let before = search_index::last_item_id(tx)?;
    let mut restored = 0;
    for &id in ids {
        let back: Option<i64> = tx
            .prepare_cached(
                "INSERT INTO items (feed_id, guid, title, link, author, published, first_seen, content, base,
                     read, starred, full_text, full_text_at)
                 SELECT feed_id, guid, title, link, author, published, first_seen, content, base,
                     read, starred, full_text, full_text_at
                 FROM hidden_items WHERE id = ?1
                 ON CONFLICT (feed_id, guid) DO NOTHING
                 RETURNING id",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(item) = back {
            restore_parts(tx, id, item)?;
            restored += 1;
        }
        tx.prepare_cached(
            "DELETE FROM tombstones WHERE (feed_id, guid) = (SELECT feed_id, guid FROM hidden_items WHERE id = ?1)",
        )?
        .execute([id])?;
        tx.prepare_cached("DELETE FROM hidden_items WHERE id = ?1")?.execute([id])?;
    }
    if restored > 0 {
        search_index::after_insert(tx, before, defer)?;
    }
    Ok(restored)
}

/// The tags and enclosures of hidden row `id`, now item `item`.
fn restore_parts(tx: &Transaction<'_>, id: i64, item: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO item_tags (item_id, tag)
         SELECT ?2, t.value FROM hidden_items h, json_each(h.tags) t WHERE h.id = ?1 AND json_valid(h.tags)",
    )?
    .execute([id, item])?;
    tx.prepare_cached(
        "INSERT INTO enclosures (item_id, position, url, mime, length)
         SELECT ?2, e.key, json_extract(e.value, '$.url'), json_extract(e.value, '$.mime'),
             json_extract(e.value, '$.length')
         FROM hidden_items h, json_each(h.enclosures) e WHERE h.id = ?1 AND json_valid(h.enclosures)",
    )?
    .execute([id, item])?;
    Ok(())
}

impl Store {
    /// Brings hidden items back (in the Hidden view's ids, `ItemId(-n)`); how many.
    pub fn unhide(&self, items: &[ItemId]) -> Result<usize> {
        let ids: Vec<i64> = items.iter().filter(|i| i.0 < 0).map(|i| -i.0).collect();
        let tx = self.conn.unchecked_transaction()?;
        let restored = restore(&tx, &ids, self.defer_index)?;
        tx.commit()?;
        self.side_after_write()?;
        Ok(restored)
    }

    /// How many items rules have hidden.
    pub fn hidden_count(&self) -> Result<usize> {
        let n: i64 = self.conn.prepare_cached("SELECT COUNT(*) FROM hidden_items")?.query_row([], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The Hidden view's window (the `headline_window` of `View::Hidden`):
    /// newest hidden first, or oldest; a search narrows it by title.
    pub(super) fn hidden_window(
        &self,
        listing: &Listing,
        anchor: Anchor,
        size: usize,
    ) -> Result<(Window, Option<usize>)> {
        let (filter, params) = search_filter(listing.search.as_deref());
        let order = if listing.sort == Sort::Oldest { "ASC" } else { "DESC" };
        let count_sql = format!("SELECT COUNT(*) FROM hidden_items h {filter}");
        let total: i64 = self.conn.prepare_cached(&count_sql)?.query_row(params_from_iter(&params), |r| r.get(0))?;
        let total = usize::try_from(total).unwrap_or(0);
        let last = total.saturating_sub(1);
        let selected = match anchor {
            Anchor::Index(i) => Some(i.min(last)),
            Anchor::Item { id, fallback } => {
                Some(self.hidden_index(&filter, &params, order, id)?.unwrap_or(fallback.min(last)))
            }
            Anchor::NextUnread { .. } | Anchor::PrevUnread { .. } => None,
        };
        let offset = selected.unwrap_or(0).saturating_sub(size / 2);
        let sql = format!(
            "SELECT -h.id, h.feed_id, h.title, h.sort_date, h.read, h.starred FROM hidden_items h {filter}
             ORDER BY h.sort_date {order}, h.id {order} LIMIT {size} OFFSET {offset}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(&params), headline)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((Window { total, offset, rows, ..Window::default() }, selected))
    }

    fn hidden_index(&self, filter: &str, params: &[Value], order: &str, item: ItemId) -> Result<Option<usize>> {
        let before = if order == "ASC" { "<" } else { ">" };
        let and = if filter.is_empty() { "WHERE" } else { "AND" };
        let sql = format!(
            "SELECT (SELECT COUNT(*) FROM hidden_items h {filter} {and} (h.sort_date, h.id) {before} (x.sort_date, x.id))
             FROM hidden_items x WHERE x.id = ?"
        );
        let mut all = params.to_vec();
        all.push(Value::Integer(-item.0));
        let n: Option<i64> =
            self.conn.prepare_cached(&sql)?.query_row(params_from_iter(all), |r| r.get(0)).optional()?;
        Ok(n.and_then(|n| usize::try_from(n).ok()))
    }

    /// A hidden item as the article pane shows it.
    pub(super) fn hidden_article(&self, item: ItemId) -> Result<Option<Article>> {
        let sql = format!(
            "SELECT -h.id, h.feed_id, {FEED_TITLE}, h.title, h.author, h.link, h.sort_date,
                    h.content, h.read, h.starred, h.base, h.full_text, h.enclosures
             FROM hidden_items h JOIN feeds f ON f.id = h.feed_id WHERE h.id = ?1"
        );
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([-item.0], |row| {
                let enclosures: Option<String> = row.get(12)?;
                article_row(row, enclosures.as_deref().map(parse_enclosures).unwrap_or_default())
            })
            .optional()?;
        Ok(found)
    }

    /// The link of a hidden item.
    pub(super) fn hidden_link(&self, item: ItemId) -> Result<Option<String>> {
        let link: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT link FROM hidden_items WHERE id = ?1")?
            .query_row([-item.0], |r| r.get(0))
            .optional()?;
        link.ok_or(StoreError::NoSuchItem(item))
    }
}

/// Every word of a search in the title.
fn search_filter(search: Option<&str>) -> (String, Vec<Value>) {
    let words: Vec<&str> = search.map(|s| s.split_whitespace().collect()).unwrap_or_default();
    if words.is_empty() {
        return (String::new(), Vec::new());
    }
    let conds = vec!["instr(lower(h.title), lower(?)) > 0"; words.len()];
    (format!("WHERE {}", conds.join(" AND ")), words.into_iter().map(|w| Value::Text(w.to_owned())).collect())
}

fn parse_enclosures(json: &str) -> Vec<Enclosure> {
    #[derive(serde::Deserialize)]
    struct Stored {
        url: String,
        mime: Option<String>,
        length: Option<i64>,
    }
    let stored: Vec<Stored> = serde_json::from_str(json).unwrap_or_default();
    stored
        .into_iter()
        .map(|e| Enclosure { url: e.url, mime: e.mime, length: e.length.and_then(|l| u64::try_from(l).ok()) })
        .collect()
}
