//! Headline lists a page at a time, so a listing of a million items costs what
//! a screenful costs: the UI asks for a window around a position, never for
//! everything. Date orders walk the date indexes from the nearest key the
//! store knows the position of (`positions`), so a page halfway down costs
//! what a page at the top does; the feed order is paged feed by feed
//! (`grouped`).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::feed_rows::{HEADLINE_COLUMNS, headline};
use super::order::{Dir, Key, dir_of, key_params};
use super::positions::{Known, Start, Version};
use super::scope::Scope;
use super::{Result, Store, grouped, matches};
use crate::model::{Anchor, FeedId, Headline, ItemId, Listing, View, Window};

/// Matches above which a search page walks the date index (see `Listed`).
const BROAD_MATCHES: usize = 2_000;

/// A listing compiled for one request: its scope, order and size, and where
/// what is known of it is kept.
pub(super) struct Listed {
    pub(super) scope: Scope,
    /// None: the feed order.
    pub(super) dir: Option<Dir>,
    pub(super) total: usize,
    pub(super) ident: String,
    pub(super) version: Version,
    /// The full-text matches of a broad plain search: its pages walk the date
    /// index and keep the rows whose ids are here.
    pub(super) matches: Option<std::sync::Arc<[i64]>>,
}

impl Store {
    /// The window of `size` rows of the listing around `anchor`, and the
    /// position the anchor resolved to (None: no such row, e.g. nothing
    /// unread after it).
    pub fn headline_window(&self, listing: &Listing, anchor: Anchor, size: usize) -> Result<(Window, Option<usize>)> {
        if listing.view == View::Hidden {
            return self.hidden_window(listing, anchor, size);
        }
        // One read transaction: the count, the position and the rows agree.
        let tx = self.conn.unchecked_transaction()?;
        let list = self.listed(listing)?;
        let last = list.total.saturating_sub(1);
        let selected = match anchor {
            Anchor::Index(i) => Some(i.min(last)),
            Anchor::Item { id, fallback } => Some(self.index_in(&list, id)?.unwrap_or(fallback.min(last))),
            Anchor::NextUnread { from } => self.unread_in(&list, from, true)?.map(|(pos, _)| pos),
            Anchor::PrevUnread { from } => self.unread_in(&list, from, false)?.map(|(pos, _)| pos),
        };
        let offset = selected.unwrap_or(0).saturating_sub(size / 2);
        let rows = self.page_in(&list, offset, size)?;
        let highlights = self.highlights_of(&rows)?;
        tx.commit()?;
        Ok((Window { total: list.total, offset, rows, highlights }, selected))
    }

    /// How many items the listing shows.
    pub fn headline_count(&self, listing: &Listing) -> Result<usize> {
        Ok(self.listed(listing)?.total)
    }

    /// Up to `limit` headlines starting at position `offset` of the listing.
    pub fn headlines_page(&self, listing: &Listing, offset: usize, limit: usize) -> Result<Vec<Headline>> {
        let list = self.listed(listing)?;
        self.page_in(&list, offset, limit)
    }

    /// Position of `item` in the listing, if it is listed there.
    pub fn headline_index(&self, listing: &Listing, item: ItemId) -> Result<Option<usize>> {
        let list = self.listed(listing)?;
        self.index_in(&list, item)
    }

    /// The first unread item at or after position `from`: (position, id).
    pub fn next_unread(&self, listing: &Listing, from: usize) -> Result<Option<(usize, ItemId)>> {
        let list = self.listed(listing)?;
        self.unread_in(&list, from, true)
    }

    /// The last unread item at or before position `from` (clamped to the end).
    pub fn prev_unread(&self, listing: &Listing, from: usize) -> Result<Option<(usize, ItemId)>> {
        let list = self.listed(listing)?;
        self.unread_in(&list, from, false)
    }

    /// Compiles `listing` and counts it, once per state of the database.
    pub(super) fn listed(&self, listing: &Listing) -> Result<Listed> {
        let mut scope = self.scope(listing, self.clock.unix_now())?;
        let dir = dir_of(listing.sort);
        let ident = scope.ident(dir);
        let version = self.version()?;
        let known = self.positions.borrow_mut().get(&ident, version).map(|k| (k.total, k.matches.clone()));
        let (total, matches) = match known {
            Some(known) => known,
            None => {
                let mut known = Known::new(ident.clone(), version, scope.marks_matter(), 0);
                match scope.fts_only() {
                    Some(Value::Text(text)) => {
                        let ids = matches::ids(self, text)?;
                        known.total = ids.len();
                        known.matches = Some(ids.into());
                    }
                    _ => known.total = self.count(&scope)?,
                }
                let found = (known.total, known.matches.clone());
                self.positions.borrow_mut().insert(known);
                found
            }
        };
        // Sorting ten thousand matches costs more than walking the date
        // index until a page of them is found; a rare word is the reverse.
        scope.by_date = dir.is_some() && scope.spans_feeds_with_text() && total >= BROAD_MATCHES;
        let matches = matches.filter(|_| scope.by_date);
        Ok(Listed { scope, dir, total, ident, version, matches })
    }

    /// The state of the database, as `positions` tells versions apart.
    pub(super) fn version(&self) -> Result<Version> {
        // The side index's file changes what searches answer too.
        let data: i64 = self.conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?;
        // (A read-only connection may have none attached.)
        let side: i64 = self.conn.query_row("PRAGMA side.data_version", [], |r| r.get(0)).unwrap_or(0);
        let data = data.wrapping_add(side.wrapping_shl(32));
        Ok(Version { data, own: self.conn.total_changes() })
    }

    /// Remembers the position of a row of the listing.
    fn place(&self, list: &Listed, pos: usize, key: Key) {
        self.positions.borrow_mut().record(&list.ident, list.version, pos, key);
    }

    fn page_in(&self, list: &Listed, offset: usize, limit: usize) -> Result<Vec<Headline>> {
        let Some(dir) = list.dir else {
            return grouped::page(self, &list.scope, offset, limit);
        };
        let end = offset.saturating_add(limit).min(list.total);
        if offset >= end {
            return Ok(Vec::new());
        }
        let start = self.positions.borrow().start(&list.ident, list.version, list.total, offset, end - 1);
        let take = end - offset;
        let rows = if start.forward {
            self.walk_rows(list, dir, start, take)?
        } else {
            let mut rows = self.walk_rows(list, dir.reversed(), start, take)?;
            rows.reverse();
            rows
        };
        if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
            self.place(list, offset, (first.date, first.id));
            self.place(list, offset + rows.len() - 1, (last.date, last.id));
        }
        Ok(rows)
    }

    /// `take` rows walking in `dir` from `start`.
    fn walk_rows(&self, list: &Listed, dir: Dir, start: Start, take: usize) -> Result<Vec<Headline>> {
        if let Some(ids) = &list.matches {
            let keys = matches::walk(self, ids, dir, start.from, None, start.skip, take)?;
            return matches::headlines(self, &keys);
        }
        let (filter, mut params) = list.scope.where_sql();
        let hint = if list.scope.by_date { "INDEXED BY items_by_date" } else { "" };
        let from = match start.from {
            Some(key) => {
                params.extend(key_params(key));
                format!("AND {}", dir.at_or_after())
            }
            None => String::new(),
        };
        let sql = format!(
            "SELECT {HEADLINE_COLUMNS} FROM items i {hint} {filter} {from} {} LIMIT {take} OFFSET {}",
            dir.order(),
            start.skip
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), headline)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn index_in(&self, list: &Listed, item: ItemId) -> Result<Option<usize>> {
        let Some(dir) = list.dir else {
            return grouped::index(self, &list.scope, item);
        };
        match self.key_of(&list.scope, item)? {
            Some(key) => self.position_in(list, dir, key).map(Some),
            None => Ok(None),
        }
    }

    /// The position of the row with `key`, counted from the nearest known one before it.
    fn position_in(&self, list: &Listed, dir: Dir, key: Key) -> Result<usize> {
        let around = self.positions.borrow().around(&list.ident, list.version, list.total, dir, key);
        let ((lo, lo_key), (hi, hi_key)) = around;
        if lo_key == Some(key) {
            return Ok(lo);
        }
        // Counted back from the known row after it when none is known before
        // (rows are placed around the selection, so that one is near).
        let pos = match (lo_key, hi_key) {
            (None, Some(hi_key)) => hi - self.count_between(list, dir, Some(key), Some(hi_key))?,
            _ => lo + self.count_between(list, dir, lo_key, Some(key))?,
        };
        self.place(list, pos, key);
        Ok(pos)
    }

    /// Rows of the listing from `from` (inclusive, else the start) to `to`
    /// (exclusive, else the end), in `dir`.
    fn count_between(&self, list: &Listed, dir: Dir, from: Option<Key>, to: Option<Key>) -> Result<usize> {
        if let Some(ids) = &list.matches {
            return Ok(matches::walk(self, ids, dir, from, to, 0, usize::MAX)?.len());
        }
        let (filter, mut params) = list.scope.where_sql();
        let mut conds = String::new();
        if let Some(from) = from {
            params.extend(key_params(from));
            conds.push_str(&format!(" AND {}", dir.at_or_after()));
        }
        if let Some(to) = to {
            params.extend(key_params(to));
            conds.push_str(&format!(" AND {}", dir.before()));
        }
        let sql = format!("SELECT COUNT(*) FROM items i {filter}{conds}");
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn unread_in(&self, list: &Listed, from: usize, forward: bool) -> Result<Option<(usize, ItemId)>> {
        let Some(dir) = list.dir else {
            return grouped::unread_near(self, &list.scope, from, forward);
        };
        let from = if forward { from } else { from.min(list.total.saturating_sub(1)) };
        let Some(start) = self.page_in(list, from, 1)?.pop() else {
            return Ok(None);
        };
        let walk = if forward { dir } else { dir.reversed() };
        let Some(key) = self.first_unread_from(&list.scope, walk, (start.date, start.id), None)? else {
            return Ok(None);
        };
        Ok(Some((self.position_in(list, dir, key)?, key.1)))
    }

    /// Rows in the listing (the counters answer when they can).
    pub(super) fn count(&self, scope: &Scope) -> Result<usize> {
        let n: i64 = match scope.counter() {
            Some(counter) => {
                let (feeds, params) = scope.feeds_sql();
                let sql = format!("SELECT COALESCE(SUM({counter}), 0) FROM feeds f WHERE {feeds}");
                self.conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?
            }
            None => {
                let (filter, params) = scope.where_sql();
                let sql = format!("SELECT COUNT(*) FROM items i {filter}");
                self.conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?
            }
        };
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// A page of one feed of the scope (the feed order, `grouped`).
    pub(super) fn rows(
        &self,
        scope: &Scope,
        dir: Dir,
        feed: Option<FeedId>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Headline>> {
        let (filter, mut params) = scope.where_sql();
        let feed_cond = feed.map_or("", |_| "AND i.feed_id = ?");
        params.extend(feed.map(|f| Value::Integer(f.0)));
        let sql = format!(
            "SELECT {HEADLINE_COLUMNS} FROM items i {filter} {feed_cond} {} LIMIT {limit} OFFSET {offset}",
            dir.order()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), headline)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The key of `item` if the scope lists it, with its feed.
    pub(super) fn key_of(&self, scope: &Scope, item: ItemId) -> Result<Option<Key>> {
        Ok(self.feed_key_of(scope, item)?.map(|(_, key)| key))
    }

    pub(super) fn feed_key_of(&self, scope: &Scope, item: ItemId) -> Result<Option<(FeedId, Key)>> {
        let (filter, mut params) = scope.where_sql();
        params.push(Value::Integer(item.0));
        let sql = format!("SELECT i.feed_id, i.sort_date, i.id FROM items i {filter} AND i.id = ?");
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(params), |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .optional()?;
        Ok(found)
    }

    /// How many rows of the scope (of one feed, if given) come before `key`.
    pub(super) fn count_before(&self, scope: &Scope, dir: Dir, key: Key, feed: Option<FeedId>) -> Result<usize> {
        let (filter, mut params) = scope.where_sql();
        let feed_cond = feed.map_or("", |_| "AND i.feed_id = ?");
        params.extend(feed.map(|f| Value::Integer(f.0)));
        params.extend(key_params(key));
        let sql = format!("SELECT COUNT(*) FROM items i {filter} {feed_cond} AND {}", dir.before());
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The first unread row at or after `key`, walking in `dir` (one feed, if given).
    pub(super) fn first_unread_from(
        &self,
        scope: &Scope,
        dir: Dir,
        key: Key,
        feed: Option<FeedId>,
    ) -> Result<Option<Key>> {
        let (filter, mut params) = scope.where_sql();
        let feed_cond = feed.map_or("", |_| "AND i.feed_id = ?");
        params.extend(feed.map(|f| Value::Integer(f.0)));
        params.extend(key_params(key));
        let sql = format!(
            "SELECT i.sort_date, i.id FROM items i {filter} {feed_cond} AND i.read = 0 AND {} {} LIMIT 1",
            dir.at_or_after(),
            dir.order()
        );
        let key = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(key)
    }
}
