//! Identity across a publisher's guid change. A CMS migration or a switch of
//! guid scheme republishes every item under a new guid; without this, each
//! would come back as a new unread item (and items removed by retention
//! would come back at all).
//!
//! An unknown guid takes over a stored item (or tombstone) of the same feed
//! when that one vanished from this fetch (its guid is no longer listed), has
//! the same title, and the same link or the same date, and is the only such
//! one. Requiring the title and the disappearance keeps apart what only looks
//! alike: a feed whose single item always links to the home page, or two
//! items with one link.

use std::collections::HashSet;

use rusqlite::{Transaction, params};

use super::Result;
use crate::model::{FeedId, ParsedItem};

/// Whether the feed has stored items or tombstones: a first fetch has
/// nothing to take over, and skips every lookup.
pub(super) fn has_history(tx: &Transaction<'_>, feed: FeedId) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM items WHERE feed_id = ?1)
                 OR EXISTS (SELECT 1 FROM tombstones WHERE feed_id = ?1)",
        )?
        .query_row([feed], |r| r.get(0))?)
}

/// Gives `item`'s guid to the stored item or tombstone it replaces, if any;
/// `listed` holds every guid of this fetch, `published` the date as stored.
pub(super) fn adopt_renamed(
    tx: &Transaction<'_>,
    feed: FeedId,
    item: &ParsedItem,
    published: Option<i64>,
    listed: &HashSet<&str>,
) -> Result<()> {
    let known: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM items WHERE feed_id = ?1 AND guid = ?2)
                 OR EXISTS (SELECT 1 FROM tombstones WHERE feed_id = ?1 AND guid = ?2)",
        )?
        .query_row(params![feed, item.guid], |r| r.get(0))?;
    if known {
        return Ok(());
    }
    let lookalike =
        "feed_id = ?1 AND title = ?2 AND ((?3 IS NOT NULL AND link = ?3) OR (?4 IS NOT NULL AND published = ?4))";
    let vanished = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = tx.prepare_cached(sql)?;
        let guids = stmt.query_map(params![feed, item.title, item.link, published], |r| r.get::<_, String>(0))?;
        Ok(guids.collect::<rusqlite::Result<Vec<_>>>()?.into_iter().filter(|g| !listed.contains(g.as_str())).collect())
    };
    let items = vanished(&format!("SELECT guid FROM items WHERE {lookalike}"))?;
    let buried = vanished(&format!("SELECT guid FROM tombstones WHERE {lookalike}"))?;
    let table = match (items.as_slice(), buried.as_slice()) {
        ([_], []) => "items",
        ([], [_]) => "tombstones",
        _ => return Ok(()), // none, or no way to tell which one it was
    };
    let old = items.first().or(buried.first()).map(String::as_str);
    tx.prepare_cached(&format!("UPDATE {table} SET guid = ?3 WHERE feed_id = ?1 AND guid = ?2"))?
        .execute(params![feed, old, item.guid])?;
    Ok(())
}
