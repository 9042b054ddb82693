//! The feed list and what is shown of a feed (titles, tags), and how a
//! headline row is read.

use rusqlite::{OptionalExtension, Row};

use super::{Result, Store};
use crate::model::{FeedId, FeedMeta, FeedRow, Headline};

/// Display title of feed `f`: config title, else the feed's own, else its URL.
pub(super) const FEED_TITLE: &str = "COALESCE(NULLIF(f.config_title, ''), NULLIF(f.feed_title, ''), f.url)";

pub(super) const HEADLINE_COLUMNS: &str = "i.id, i.feed_id, i.title, i.sort_date, i.read, i.starred";

impl Store {
    /// Configured feeds in config order with their unread/total counts.
    pub fn feeds(&self) -> Result<Vec<FeedRow>> {
        // Counts are kept by triggers (migration V2): no pass over the items.
        let sql = format!(
            "SELECT f.id, COALESCE(r.url, f.url), {FEED_TITLE}, f.unread_count, f.item_count, f.last_error,
                    f.last_fetched, f.tags, f.starred_count, a.name
             FROM feeds f
             LEFT JOIN remote_feeds r ON r.feed_id = f.id LEFT JOIN accounts a ON a.id = r.account_id
             WHERE f.position IS NOT NULL
             ORDER BY f.position"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], |row| {
            Ok(FeedRow {
                id: row.get(0)?,
                url: row.get(1)?,
                title: row.get(2)?,
                unread: count(row.get(3)?),
                total: count(row.get(4)?),
                last_error: row.get(5)?,
                last_fetched: row.get(6)?,
                tags: split_tags(&row.get::<_, String>(7)?),
                starred: count(row.get(8)?),
                account: row.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every feed the database knows, with its own title and site address.
    pub fn feed_meta(&self) -> Result<Vec<FeedMeta>> {
        let mut stmt = self.conn.prepare_cached("SELECT url, feed_title, site_url FROM feeds ORDER BY id")?;
        let rows = stmt
            .query_map([], |row| Ok(FeedMeta { url: row.get(0)?, feed_title: row.get(1)?, site_url: row.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The display title of one feed (config title, feed title, else URL).
    pub fn feed_title(&self, feed: FeedId) -> Result<Option<String>> {
        let sql = format!("SELECT {FEED_TITLE} FROM feeds f WHERE f.id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([feed], |row| row.get(0)).optional()?)
    }

    /// Titles of the `n` items stored last, newest first (the new items of a refresh).
    pub fn newest_titles(&self, n: usize) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT title FROM items ORDER BY id DESC LIMIT ?1")?;
        let titles = stmt.query_map([n as i64], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(titles)
    }
}

/// Tags are stored one per line.
fn split_tags(tags: &str) -> Vec<String> {
    tags.split('\n').filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

pub(super) fn headline(row: &Row<'_>) -> rusqlite::Result<Headline> {
    Ok(Headline {
        id: row.get(0)?,
        feed_id: row.get(1)?,
        title: row.get(2)?,
        date: row.get(3)?,
        read: row.get(4)?,
        starred: row.get(5)?,
    })
}

/// Counts are never negative; a feed with more than 4 billion items saturates.
pub(super) fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
