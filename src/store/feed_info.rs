//! Everything known about a feed, for its details: its row of the list, what
//! it says about itself (kept by `ingest_with_state`) and how fetching it goes.

use rusqlite::{OptionalExtension, Row};

use super::feed_rows::{FEED_ROW_JOINS, feed_row, feed_row_columns};
use super::{Result, Store};
use crate::model::{FeedDetails, FeedId, FeedInfo};

/// The columns after `feed_row_columns`, read by `info`; the fetch state is `s`.
const DETAIL_COLUMNS: &str = "f.site_url, f.description, f.language, f.icon, f.logo, f.author, f.generator, \
                              f.last_error_at, s.moved_to, s.gone_at, f.position IS NOT NULL";

impl Store {
    /// One feed, configured or not (a starred item's feed may have left the config).
    pub fn feed_info(&self, feed: FeedId) -> Result<Option<FeedInfo>> {
        let sql = select("WHERE f.id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([feed], info).optional()?)
    }

    /// The configured feeds, in config order (`feeds` with their details).
    pub fn feed_infos(&self) -> Result<Vec<FeedInfo>> {
        let sql = select("WHERE f.position IS NOT NULL ORDER BY f.position");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], info)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn select(filter: &str) -> String {
    format!(
        "SELECT {}, {DETAIL_COLUMNS} FROM feeds f LEFT JOIN fetch_state s ON s.feed_id = f.id {FEED_ROW_JOINS} {filter}",
        feed_row_columns()
    )
}

fn info(row: &Row<'_>) -> rusqlite::Result<FeedInfo> {
    // `feed_row` reads the first ten columns.
    Ok(FeedInfo {
        row: feed_row(row)?,
        site_url: row.get(10)?,
        details: FeedDetails {
            description: row.get(11)?,
            language: row.get(12)?,
            icon: row.get(13)?,
            logo: row.get(14)?,
            author: row.get(15)?,
            generator: row.get(16)?,
        },
        last_error_at: row.get(17)?,
        moved_to: row.get(18)?,
        gone_at: row.get(19)?,
        configured: row.get(20)?,
    })
}
