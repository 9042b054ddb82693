//! Item listings for scripts (`tidings list`).

use rusqlite::params;

use super::{Result, Store};
use crate::model::{FeedId, ItemId};

/// Which items a listing shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFilter {
    pub unread: bool,
    pub starred: bool,
    /// A feed's title (any case), URL or id.
    pub feed: Option<String>,
    /// One of the feed's tags (any case).
    pub tag: Option<String>,
    /// Words every item must contain (title, author or text; accents and case folded).
    pub search: Option<String>,
}

/// One item of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub id: ItemId,
    pub feed_id: FeedId,
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    /// Publication time as the feed gives it, unix seconds.
    pub published: Option<i64>,
    pub read: bool,
    pub starred: bool,
}

impl Store {
    /// Items of configured feeds matching `filter`, newest first.
    pub fn items(&self, filter: &ItemFilter) -> Result<Vec<ItemRow>> {
        let sql = format!(
            "SELECT i.id, i.feed_id, {title}, i.title, i.link, i.published, i.read, i.starred
             FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE f.position IS NOT NULL
               AND (?1 = 0 OR i.read = 0)
               AND (?2 = 0 OR i.starred = 1)
               AND (?3 IS NULL OR {title} = ?3 COLLATE NOCASE OR f.url = ?3 OR CAST(f.id AS TEXT) = ?3)
               AND (?4 IS NULL OR instr(char(10) || lower(f.tags) || char(10), char(10) || lower(?4) || char(10)) > 0)
               AND (?5 IS NULL OR i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?5
                   UNION ALL SELECT rowid FROM side_fts WHERE side_fts MATCH ?5))
             ORDER BY i.sort_date DESC, i.id DESC",
            title = super::feed_rows::FEED_TITLE
        );
        // Text with no word in it matches nothing (rather than everything).
        let search = match &filter.search {
            Some(text) => match super::search::fts_query(text) {
                Some(query) => Some(query),
                None => return Ok(Vec::new()),
            },
            None => None,
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![filter.unread, filter.starred, filter.feed, filter.tag, search], |row| {
            Ok(ItemRow {
                id: row.get(0)?,
                feed_id: row.get(1)?,
                feed: row.get(2)?,
                title: row.get(3)?,
                link: row.get(4)?,
                published: row.get(5)?,
                read: row.get(6)?,
                starred: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
