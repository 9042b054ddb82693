//! Headline lists a page at a time, so a listing of 100,000 items costs what
//! a screenful costs: the UI asks for a window around a position, never for
//! everything. Date orders walk the date indexes; the feed order is paged
//! feed by feed (`grouped`).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::feed_rows::{HEADLINE_COLUMNS, headline};
use super::order::{Dir, Key, dir_of, key_params};
use super::scope::Scope;
use super::{Result, Store, grouped};
use crate::model::{Anchor, FeedId, Headline, ItemId, Listing, View, Window};

/// Matches above which a search page walks the date index (see `headlines_page`).
const BROAD_MATCHES: usize = 2_000;

impl Store {
    /// The window of `size` rows of the listing around `anchor`, and the
    /// position the anchor resolved to (None: no such row, e.g. nothing
    /// unread after it).
    pub fn headline_window(&self, listing: &Listing, anchor: Anchor, size: usize) -> Result<(Window, Option<usize>)> {
        if listing.view == View::Hidden {
            return self.hidden_window(listing, anchor, size);
        }
        let total = self.headline_count(listing)?;
        let last = total.saturating_sub(1);
        let selected = match anchor {
            Anchor::Index(i) => Some(i.min(last)),
            Anchor::Item { id, fallback } => Some(self.headline_index(listing, id)?.unwrap_or(fallback.min(last))),
            Anchor::NextUnread { from } => self.next_unread(listing, from)?.map(|(pos, _)| pos),
            Anchor::PrevUnread { from } => self.prev_unread(listing, from)?.map(|(pos, _)| pos),
        };
        let offset = selected.unwrap_or(0).saturating_sub(size / 2);
        let rows = self.headlines_page(listing, offset, size)?;
        let highlights = self.highlights_of(&rows)?;
        Ok((Window { total, offset, rows, highlights }, selected))
    }

    /// How many items the listing shows.
    pub fn headline_count(&self, listing: &Listing) -> Result<usize> {
        let scope = self.scope(listing, self.clock.unix_now())?;
        self.count(&scope)
    }

    /// Up to `limit` headlines starting at position `offset` of the listing.
    pub fn headlines_page(&self, listing: &Listing, offset: usize, limit: usize) -> Result<Vec<Headline>> {
        let mut scope = self.scope(listing, self.clock.unix_now())?;
        match dir_of(listing.sort) {
            Some(dir) => {
                let total = self.count(&scope)?;
                // Sorting ten thousand matches costs more than walking the date
                // index until a page of them is found; a rare word is the reverse.
                scope.by_date = scope.spans_feeds_with_text() && total >= BROAD_MATCHES;
                self.flat_page(&scope, dir, total, offset, limit)
            }
            None => grouped::page(self, &scope, offset, limit),
        }
    }

    /// Position of `item` in the listing, if it is listed there.
    pub fn headline_index(&self, listing: &Listing, item: ItemId) -> Result<Option<usize>> {
        let scope = self.scope(listing, self.clock.unix_now())?;
        let Some(dir) = dir_of(listing.sort) else {
            return grouped::index(self, &scope, item);
        };
        match self.key_of(&scope, item)? {
            Some(key) => self.count_before(&scope, dir, key, None).map(Some),
            None => Ok(None),
        }
    }

    /// The first unread item at or after position `from`: (position, id).
    pub fn next_unread(&self, listing: &Listing, from: usize) -> Result<Option<(usize, ItemId)>> {
        self.unread_near(listing, from, true)
    }

    /// The last unread item at or before position `from` (clamped to the end).
    pub fn prev_unread(&self, listing: &Listing, from: usize) -> Result<Option<(usize, ItemId)>> {
        self.unread_near(listing, from, false)
    }

    fn unread_near(&self, listing: &Listing, from: usize, forward: bool) -> Result<Option<(usize, ItemId)>> {
        let scope = self.scope(listing, self.clock.unix_now())?;
        let Some(dir) = dir_of(listing.sort) else {
            return grouped::unread_near(self, &scope, from, forward);
        };
        let total = self.count(&scope)?;
        let from = if forward { from } else { from.min(total.saturating_sub(1)) };
        let Some(start) = self.flat_page(&scope, dir, total, from, 1)?.pop() else {
            return Ok(None);
        };
        let walk = if forward { dir } else { dir.reversed() };
        let Some(key) = self.first_unread_from(&scope, walk, (start.date, start.id), None)? else {
            return Ok(None);
        };
        Ok(Some((self.count_before(&scope, dir, key, None)?, key.1)))
    }

    /// Rows in the listing (the counters answer when they can).
    pub(super) fn count(&self, scope: &Scope) -> Result<usize> {
        let n: i64 = match scope.counter() {
            Some(counter) => {
                let (feeds, params) = scope.feeds_sql();
                let sql = format!("SELECT COALESCE(SUM({counter}), 0) FROM feeds f WHERE {feeds}");
                self.conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?
            }
            None => match scope.fts_only() {
                Some(text) => self
                    .conn
                    .prepare_cached("SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH ?")?
                    .query_row([text], |r| r.get(0))?,
                None => {
                    let (filter, params) = scope.where_sql();
                    let sql = format!("SELECT COUNT(*) FROM items i {filter}");
                    self.conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?
                }
            },
        };
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn flat_page(&self, scope: &Scope, dir: Dir, total: usize, offset: usize, limit: usize) -> Result<Vec<Headline>> {
        // OFFSET walks the index; from the far end the walk is shorter.
        if offset > total / 2 {
            let end = (offset + limit).min(total);
            let take = end.saturating_sub(offset);
            let mut rows = self.rows(scope, dir.reversed(), None, total - end, take)?;
            rows.reverse();
            return Ok(rows);
        }
        self.rows(scope, dir, None, offset, limit)
    }

    /// A page of the scope (narrowed to one feed when `feed` is given).
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
        let hint = if scope.by_date && feed.is_none() { "INDEXED BY items_by_date" } else { "" };
        params.extend(feed.map(|f| Value::Integer(f.0)));
        let sql = format!(
            "SELECT {HEADLINE_COLUMNS} FROM items i {hint} {filter} {feed_cond} {} LIMIT {limit} OFFSET {offset}",
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
