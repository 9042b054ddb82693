//! The feed list and what is shown of a feed (titles, tags), and how a
//! headline row is read.

use rusqlite::{OptionalExtension, Row};

use super::{Result, Store};
use crate::model::{FeedId, FeedMeta, FeedRow, Headline, NO_TITLE};

/// Display title of feed `f`: config title, else the feed's own, else its URL.
pub(super) const FEED_TITLE: &str = "COALESCE(NULLIF(f.config_title, ''), NULLIF(f.feed_title, ''), f.url)";

pub(super) const HEADLINE_COLUMNS: &str = "i.id, i.feed_id, i.title, i.sort_date, i.read, i.starred";

impl Store {
    /// Configured feeds in config order with their unread/total counts.
    pub fn feeds(&self) -> Result<Vec<FeedRow>> {
        // Counts are kept by triggers (migration V2): no pass over the items.
        let sql = format!(
            "SELECT {}
             FROM feeds f {FEED_ROW_JOINS}
             WHERE f.position IS NOT NULL
             ORDER BY f.position",
            feed_row_columns()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], feed_row)?;
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

/// What `feed_row` reads, in its order (the feeds table is `f`, joined
/// with `FEED_ROW_JOINS`: an account's feed shows its server's address).
pub(super) fn feed_row_columns() -> String {
    format!(
        "f.id, COALESCE(r.url, f.url), {FEED_TITLE}, f.unread_count, f.item_count, f.last_error, f.last_fetched, \
         f.tags, f.starred_count, a.name"
    )
}

/// The joins `feed_row_columns` needs after `feeds f`.
pub(super) const FEED_ROW_JOINS: &str =
    "LEFT JOIN remote_feeds r ON r.feed_id = f.id LEFT JOIN accounts a ON a.id = r.account_id";

/// A feed of the list, from the first columns of a row (`FEED_ROW_COLUMNS`).
pub(super) fn feed_row(row: &Row<'_>) -> rusqlite::Result<FeedRow> {
    let url: String = row.get(1)?;
    let title: String = row.get(2)?;
    let last_error = shown_error(row.get(5)?, title == url);
    Ok(FeedRow {
        id: row.get(0)?,
        url,
        title,
        unread: count(row.get(3)?),
        total: count(row.get(4)?),
        last_error,
        last_fetched: row.get(6)?,
        tags: split_tags(&row.get::<_, String>(7)?),
        starred: count(row.get(8)?),
        account: row.get(9)?,
    })
}

/// A feed's error line as shown: the no-title warning says the feed is
/// listed by its address, so it goes when a title names the feed (the
/// config's, or one kept from an earlier fetch). It stays stored, and comes
/// back if that title goes.
fn shown_error(error: Option<String>, listed_by_url: bool) -> Option<String> {
    let error = error?;
    if listed_by_url || !error.contains(NO_TITLE) {
        return Some(error);
    }
    let rest: Vec<&str> = error.split("; ").filter(|part| *part != NO_TITLE).collect();
    (!rest.is_empty()).then(|| rest.join("; "))
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
