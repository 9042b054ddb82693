//! One item as the article pane shows it: the item, its enclosures, and the
//! full text fetched from its page.

use rusqlite::{OptionalExtension, Row, params};

use super::feed_rows::FEED_TITLE;
use super::{Result, Store, StoreError};
use crate::model::{Article, Enclosure, FeedId, ItemId};

impl Store {
    /// The whole item, with its feed's display title.
    pub fn article(&self, item: ItemId) -> Result<Option<Article>> {
        if item.0 < 0 {
            return self.hidden_article(item);
        }
        let sql = format!(
            "SELECT i.id, i.feed_id, {FEED_TITLE}, i.title, i.author, i.link, i.sort_date,
                    i.content, i.read, i.starred, i.base, i.full_text
             FROM items i JOIN feeds f ON f.id = i.feed_id
             WHERE i.id = ?1"
        );
        let article =
            self.conn.prepare_cached(&sql)?.query_row([item], |row| article_row(row, Vec::new())).optional()?;
        let Some(mut article) = article else { return Ok(None) };
        article.enclosures = self.enclosures(item)?;
        Ok(Some(article))
    }

    /// The item's enclosures in feed order.
    pub fn enclosures(&self, item: ItemId) -> Result<Vec<Enclosure>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT url, mime, length FROM enclosures WHERE item_id = ?1 ORDER BY position")?;
        let rows = stmt.query_map([item], |row| {
            let length: Option<i64> = row.get(2)?;
            Ok(Enclosure { url: row.get(0)?, mime: row.get(1)?, length: length.and_then(|l| u64::try_from(l).ok()) })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The item's link, if it has one.
    pub fn item_link(&self, item: ItemId) -> Result<Option<String>> {
        if item.0 < 0 {
            return self.hidden_link(item);
        }
        let link: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT link FROM items WHERE id = ?1")?
            .query_row([item], |row| row.get(0))
            .optional()?;
        link.ok_or(StoreError::NoSuchItem(item))
    }

    /// Stores the main content of the item's page (written at once).
    pub fn set_full_text(&self, item: ItemId, html: &str, at: i64) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached("UPDATE items SET full_text = ?2, full_text_at = ?3 WHERE id = ?1")?
            .execute(params![item, html, at])?;
        if changed == 0 {
            return Err(StoreError::NoSuchItem(item));
        }
        Ok(())
    }

    /// Items of `feed` first seen at `first_seen` (one ingest) that have a
    /// link and no full text yet: (id, link), newest first.
    pub fn missing_full_text(&self, feed: FeedId, first_seen: i64) -> Result<Vec<(ItemId, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, link FROM items
             WHERE feed_id = ?1 AND first_seen = ?2 AND link IS NOT NULL AND full_text IS NULL
             ORDER BY sort_date DESC, id DESC",
        )?;
        let rows = stmt.query_map(params![feed, first_seen], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// An article from a row of the columns `article` selects, in its order
/// (`id, feed_id, feed title, title, author, link, date, content, read,
/// starred, base, full_text`); the hidden items' article reads the same.
pub(super) fn article_row(row: &Row<'_>, enclosures: Vec<Enclosure>) -> rusqlite::Result<Article> {
    Ok(Article {
        id: row.get(0)?,
        feed_id: row.get(1)?,
        feed_title: row.get(2)?,
        title: row.get(3)?,
        author: row.get(4)?,
        link: row.get(5)?,
        date: row.get(6)?,
        content: row.get(7)?,
        read: row.get(8)?,
        starred: row.get(9)?,
        base: row.get(10)?,
        full_text: row.get(11)?,
        enclosures,
    })
}
