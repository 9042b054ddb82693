//! The "by feed" order: feeds in config order, newest first within each.
//! Positions map to (feed, offset) through per-feed counts, and each feed is
//! paged through its own index, so no query sorts the whole listing.

use rusqlite::params_from_iter;

use super::order::{Dir, Key};
use super::scope::Scope;
use super::{Result, Store};
use crate::model::{FeedId, Headline, ItemId};

/// (feed, rows of the listing in it), in display order; empty feeds left out.
fn groups(store: &Store, scope: &Scope) -> Result<Vec<(FeedId, usize)>> {
    // Feeds out of the config (starred items only) come last.
    const ORDER: &str = "ORDER BY f.position IS NULL, f.position, f.id";
    let (sql, params) = match scope.counter() {
        Some(counter) => {
            let (feeds, params) = scope.feeds_sql();
            (format!("SELECT f.id, {counter} FROM feeds f WHERE {feeds} AND {counter} > 0 {ORDER}"), params)
        }
        None => {
            let (filter, params) = scope.where_sql();
            let counts = format!("SELECT i.feed_id AS feed, COUNT(*) AS n FROM items i {filter} GROUP BY i.feed_id");
            (format!("SELECT f.id, c.n FROM ({counts}) c JOIN feeds f ON f.id = c.feed {ORDER}"), params)
        }
    };
    let mut stmt = store.conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |r| {
        Ok((r.get::<_, FeedId>(0)?, usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each group with the position of its first row.
fn starts(groups: &[(FeedId, usize)]) -> impl Iterator<Item = (usize, FeedId, usize)> + '_ {
    groups.iter().scan(0, |start, &(feed, n)| {
        let here = *start;
        *start += n;
        Some((here, feed, n))
    })
}

pub(super) fn page(store: &Store, scope: &Scope, offset: usize, limit: usize) -> Result<Vec<Headline>> {
    let end = offset.saturating_add(limit);
    let mut out = Vec::new();
    for (start, feed, n) in starts(&groups(store, scope)?) {
        if start >= end {
            break;
        }
        if start + n > offset {
            let local = offset.saturating_sub(start);
            let take = end.min(start + n) - (start + local);
            out.extend(store.rows(scope, Dir::NewestFirst, Some(feed), local, take)?);
        }
    }
    Ok(out)
}

pub(super) fn index(store: &Store, scope: &Scope, item: ItemId) -> Result<Option<usize>> {
    let Some((feed, key)) = store.feed_key_of(scope, item)? else {
        return Ok(None);
    };
    let Some((start, ..)) = starts(&groups(store, scope)?).find(|(_, f, _)| *f == feed) else {
        return Ok(None);
    };
    Ok(Some(start + store.count_before(scope, Dir::NewestFirst, key, Some(feed))?))
}

/// The first unread row at or after `from` (forward), or the last at or
/// before it: (position, id).
pub(super) fn unread_near(store: &Store, scope: &Scope, from: usize, forward: bool) -> Result<Option<(usize, ItemId)>> {
    let groups: Vec<_> = starts(&groups(store, scope)?).collect();
    let total = groups.last().map_or(0, |(start, _, n)| start + n);
    if total == 0 || (forward && from >= total) {
        return Ok(None);
    }
    let from = from.min(total - 1);
    let Some(here) = groups.iter().position(|(start, _, n)| from < start + n) else {
        return Ok(None);
    };
    // The walk: this group from the row at `from`, then whole groups onwards.
    let order: Vec<usize> = if forward { (here..groups.len()).collect() } else { (0..=here).rev().collect() };
    let dir = if forward { Dir::NewestFirst } else { Dir::OldestFirst };
    for g in order {
        let (start, feed, _) = groups[g];
        let key: Key = if g == here {
            match store.rows(scope, Dir::NewestFirst, Some(feed), from - start, 1)?.pop() {
                Some(h) => (h.date, h.id),
                None => continue,
            }
        } else if forward {
            (i64::MAX, i64::MAX)
        } else {
            (i64::MIN, i64::MIN)
        };
        if let Some(found) = store.first_unread_from(scope, dir, key, Some(feed))? {
            let pos = start + store.count_before(scope, Dir::NewestFirst, found, Some(feed))?;
            return Ok(Some((pos, found.1)));
        }
    }
    Ok(None)
}
