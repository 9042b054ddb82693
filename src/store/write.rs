//! Writes that come from the config and the poller: feed list sync and ingest.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::fetch_state::write_state;
use super::{Result, Store, StoreError};
use super::{rekey, rules, search_index};
use crate::model::{FeedId, FeedSource, FetchState, IngestReport, ParsedFeed, ParsedItem};

/// Inserts an item unless its (feed, guid) is known or was removed by
/// retention (a tombstone); 0 changed rows = one of those.
const INSERT_ITEM: &str = "
INSERT INTO items (feed_id, guid, title, link, author, published, first_seen, content, base, read, starred)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11
WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE feed_id = ?1 AND guid = ?2)
ON CONFLICT (feed_id, guid) DO NOTHING";

/// Refreshes a known item's text but never its marks or first_seen (its
/// parameters are numbered as in `INSERT_ITEM`; ?7 is not used). A field
/// the feed no longer provides (None) keeps its stored value, so an item does
/// not lose its date or body when a feed switches to excerpts. The WHERE
/// clause makes "changed rows" mean "something really changed".
const UPDATE_ITEM: &str = "
UPDATE items SET
    title = ?3,
    link = COALESCE(?4, link),
    author = COALESCE(?5, author),
    published = COALESCE(?6, published),
    content = COALESCE(?8, content),
    base = COALESCE(?9, base)
WHERE feed_id = ?1 AND guid = ?2 AND (
    title IS NOT ?3
    OR link IS NOT COALESCE(?4, link)
    OR author IS NOT COALESCE(?5, author)
    OR published IS NOT COALESCE(?6, published)
    OR content IS NOT COALESCE(?8, content)
    OR base IS NOT COALESCE(?9, base))";

impl Store {
    /// Makes the stored feed list match the config: inserts new URLs, updates
    /// config titles, tags and order, and hides (does not delete) feeds no longer
    /// configured. Returns the feed ids in config order.
    ///
    /// A URL listed twice keeps its first place and appears once in the result.
    /// An empty config title is stored as no title.
    pub fn sync_feeds(&mut self, sources: &[FeedSource]) -> Result<Vec<FeedId>> {
        // The usual start: nothing changed in the config, nothing to write.
        if let Some(ids) = self.unchanged_feed_ids(sources)? {
            return Ok(ids);
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Account feeds are the sync's (`remote`), not the config's.
        tx.execute(
            "UPDATE feeds SET position = NULL
             WHERE position IS NOT NULL AND id NOT IN (SELECT feed_id FROM remote_feeds)",
            [],
        )?;
        let mut ids = Vec::with_capacity(sources.len());
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO feeds (url, config_title, tags, position) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (url) DO UPDATE SET config_title = excluded.config_title,
                     tags = excluded.tags, position = excluded.position
                 RETURNING id",
            )?;
            let mut seen = HashSet::new();
            for source in sources.iter().filter(|s| seen.insert(s.url.as_str())) {
                let title = source.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
                let tags = source.tags.join("\n");
                let position = ids.len() as i64;
                let id = upsert.query_row(params![source.url, title, tags, position], |row| row.get(0))?;
                ids.push(id);
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// The configured feeds' ids when the stored list already matches `sources`
    /// (same URLs in the same order, same titles and tags).
    fn unchanged_feed_ids(&self, sources: &[FeedSource]) -> Result<Option<Vec<FeedId>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, url, config_title, tags FROM feeds
             WHERE position IS NOT NULL AND id NOT IN (SELECT feed_id FROM remote_feeds) ORDER BY position",
        )?;
        let stored: Vec<(FeedId, String, Option<String>, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if stored.len() != sources.len() {
            return Ok(None);
        }
        let same = stored.iter().zip(sources).all(|((_, url, title, tags), s)| {
            let want_title = s.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
            *url == s.url && title.as_deref() == want_title && *tags == s.tags.join("\n")
        });
        Ok(same.then(|| stored.into_iter().map(|(id, ..)| id).collect()))
    }

    /// `ingest`, saving the feed's fetch state in the same transaction.
    pub fn ingest_with_state(
        &mut self,
        feed: FeedId,
        parsed: &ParsedFeed,
        fetched_at: i64,
        state: Option<&FetchState>,
    ) -> Result<IngestReport> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // What the feed says of itself: each field the fetch gives replaces
        // the stored one; one it does not give is kept, as with items and the
        // title (a repaired or partial read must not blank what was known).
        let details = &parsed.details;
        let changed = tx
            .prepare_cached(
                "UPDATE feeds SET feed_title = COALESCE(?2, feed_title),
                     site_url = COALESCE(?3, site_url), last_fetched = ?4,
                     last_error = ?5, last_error_at = CASE WHEN ?5 IS NULL THEN NULL ELSE ?4 END,
                     description = COALESCE(?6, description), language = COALESCE(?7, language),
                     icon = COALESCE(?8, icon), logo = COALESCE(?9, logo),
                     author = COALESCE(?10, author), generator = COALESCE(?11, generator)
                 WHERE id = ?1",
            )?
            .execute(params![
                feed,
                parsed.title,
                parsed.site_url,
                fetched_at,
                parsed.warning,
                details.description,
                details.language,
                details.icon,
                details.logo,
                details.author,
                details.generator
            ])?;
        if changed == 0 {
            return Err(StoreError::NoSuchFeed(feed));
        }
        let before = search_index::last_item_id(&tx)?;
        let mut report = upsert_items(&tx, feed, &parsed.items, fetched_at)?;
        if report.new_items > 0 {
            // Rules act in this transaction: their effect commits with the items.
            let at = rules::At { now: fetched_at, now_ms: self.clock.now_ms() };
            report.hidden_items = rules::on_ingest(&tx, &self.rules, Some(feed), before, at)?;
            report.new_items -= report.hidden_items;
            search_index::after_insert(&tx, before, self.defer_index)?;
        }
        if let Some(state) = state {
            write_state(&tx, feed, state)?;
        }
        tx.commit()?;
        self.side_after_write()?;
        Ok(report)
    }

    /// Records a failed fetch: the error is kept on the feed until the next success.
    pub fn record_failure(&mut self, feed: FeedId, error: &str, at: i64) -> Result<()> {
        self.record_failure_with_state(feed, error, at, None)
    }

    /// `record_failure`, saving the feed's fetch state in the same transaction.
    pub fn record_failure_with_state(
        &mut self,
        feed: FeedId,
        error: &str,
        at: i64,
        state: Option<&FetchState>,
    ) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx
            .prepare_cached("UPDATE feeds SET last_error = ?2, last_error_at = ?3 WHERE id = ?1")?
            .execute(params![feed, error, at])?;
        if changed == 0 {
            return Err(StoreError::NoSuchFeed(feed));
        }
        if let Some(state) = state {
            write_state(&tx, feed, state)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Saves a fetch state and clears the feed's last error (a 304 after failures).
    pub fn record_recovery(&mut self, feed: FeedId, fetched_at: i64, state: &FetchState) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached("UPDATE feeds SET last_error = NULL, last_error_at = NULL, last_fetched = ?2 WHERE id = ?1")?
            .execute(params![feed, fetched_at])?;
        write_state(&tx, feed, state)?;
        tx.commit()?;
        Ok(())
    }
}

/// Dates at or before the Unix epoch are publisher mistakes (year 0, an unset
/// date printed as 1970): such an item is dated by when we first saw it.
const EARLIEST_DATE: i64 = 1;
/// How far ahead of the fetch a date may be (time zones, clock skew).
const FUTURE_SLACK: i64 = 86_400;

/// A date that sorts sensibly: none for absurdly old ones, and no later than
/// a day after the fetch, so a feed claiming the year 9999 cannot pin an item
/// to the top of every list.
pub(super) fn sane_date(published: Option<i64>, fetched_at: i64) -> Option<i64> {
    published.filter(|&p| p >= EARLIEST_DATE).map(|p| p.min(fetched_at + FUTURE_SLACK))
}

fn upsert_items(tx: &Transaction<'_>, feed: FeedId, items: &[ParsedItem], fetched_at: i64) -> Result<IngestReport> {
    let mut seen = HashSet::new();
    let firsts: Vec<&ParsedItem> = items.iter().filter(|i| seen.insert(i.guid.as_str())).collect();
    let mut update = tx.prepare_cached(UPDATE_ITEM)?;
    let mut report = IngestReport::default();
    let renames_possible = rekey::has_history(tx, feed)?;
    // Feeds list newest first. Inserting in reverse gives the first-listed item
    // the highest id, so items with equal dates keep the feed's order on screen
    // (ties are broken by id, descending).
    for item in firsts.into_iter().rev() {
        let published = sane_date(item.published, fetched_at);
        if renames_possible {
            rekey::adopt_renamed(tx, feed, item, published, &seen)?;
        }
        let values = params![
            feed,
            item.guid,
            item.title,
            item.link,
            item.author,
            published,
            fetched_at,
            item.content,
            item.base
        ];
        let inserted = insert_item(tx, feed, item, published, fetched_at, Marks::default())?;
        if !item.enclosures.is_empty() {
            store_enclosures(tx, feed, item)?;
        }
        if inserted {
            report.new_items += 1;
            continue;
        }
        let updated = update.execute(values)?;
        report.updated_items += updated;
    }
    Ok(report)
}

/// The marks a new item starts with: none from a feed, the other reader's on import.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Marks {
    pub read: bool,
    pub starred: bool,
}

/// Stores a new item (see `INSERT_ITEM`); false when it was known or removed
/// by retention. The one place items are inserted.
pub(super) fn insert_item(
    tx: &Transaction<'_>,
    feed: FeedId,
    item: &ParsedItem,
    published: Option<i64>,
    first_seen: i64,
    marks: Marks,
) -> Result<bool> {
    let values = params![
        feed,
        item.guid,
        item.title,
        item.link,
        item.author,
        published,
        first_seen,
        item.content,
        item.base,
        marks.read,
        marks.starred
    ];
    Ok(tx.prepare_cached(INSERT_ITEM)?.execute(values)? == 1)
}

/// Replaces the item's enclosures with the ones the feed lists now (a feed
/// that stops listing them keeps the stored ones, like the other fields).
pub(super) fn store_enclosures(tx: &Transaction<'_>, feed: FeedId, item: &ParsedItem) -> Result<()> {
    let id: Option<i64> = tx
        .prepare_cached("SELECT id FROM items WHERE feed_id = ?1 AND guid = ?2")?
        .query_row(params![feed, item.guid], |row| row.get(0))
        .optional()?;
    // An item removed by retention (tombstoned) is not stored again.
    let Some(id) = id else { return Ok(()) };
    tx.prepare_cached("DELETE FROM enclosures WHERE item_id = ?1")?.execute([id])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO enclosures (item_id, position, url, mime, length) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (position, e) in item.enclosures.iter().enumerate() {
        let length = e.length.and_then(|l| i64::try_from(l).ok());
        insert.execute(params![id, position as i64, e.url, e.mime, length])?;
    }
    Ok(())
}
