//! What a pull brings: an account's subscriptions as ordinary feeds, its
//! items as ordinary items (with their ids on the server beside them), and
//! the server's unread and starred lists merged into the marks, except where
//! a mark waits in the queue: the reader's latest word wins.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::rules::{self, At};
use super::write::{Marks, insert_item, sane_date, store_enclosures};
use super::{Result, Store, search_index};
use crate::model::{AccountId, FeedId, PullReport, RemoteFeedRow, RemoteItemRow};

/// Account feeds come after the config's, each account's in the server's order.
const POSITION_BASE: i64 = 1 << 40;
const POSITIONS_PER_ACCOUNT: i64 = 1 << 20;

/// The key an account feed has in `feeds.url` (its own URL is in `remote_feeds`).
fn feed_key(account: AccountId, remote_id: &str) -> String {
    format!("tidings-account:{}/{remote_id}", account.0)
}

/// An account feed's local id and where it belongs on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountFeed {
    pub account: AccountId,
    pub account_name: String,
    pub remote_id: String,
}

/// What merging the server's lists found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merge {
    /// Local marks changed to the server's.
    pub changed: usize,
    /// Ids in the lists the store does not have: their contents are needed.
    pub unknown: Vec<String>,
}

impl Store {
    /// Makes the account's feeds match its subscription list (in that order)
    /// and returns them by id on the server. Feeds no longer listed are
    /// hidden, their items kept, like a feed that left the config.
    pub fn save_remote_feeds(
        &mut self,
        account: AccountId,
        feeds: &[RemoteFeedRow],
        now: i64,
    ) -> Result<HashMap<String, FeedId>> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "UPDATE feeds SET position = NULL WHERE id IN (SELECT feed_id FROM remote_feeds WHERE account_id = ?1)",
        )?
        .execute([account.0])?;
        let mut ids = HashMap::with_capacity(feeds.len());
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO feeds (url, feed_title, site_url, tags, position, last_fetched) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (url) DO UPDATE SET feed_title = excluded.feed_title,
                     site_url = COALESCE(excluded.site_url, site_url), tags = excluded.tags,
                     position = excluded.position, last_fetched = excluded.last_fetched,
                     last_error = NULL, last_error_at = NULL
                 RETURNING id",
            )?;
            let mut remote = tx.prepare_cached(
                "INSERT INTO remote_feeds (feed_id, account_id, remote_id, url) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (feed_id) DO UPDATE SET url = excluded.url",
            )?;
            let base = POSITION_BASE + account.0 * POSITIONS_PER_ACCOUNT;
            for (rank, feed) in feeds.iter().enumerate() {
                let title = if feed.title.trim().is_empty() { &feed.url } else { &feed.title };
                let values = params![
                    feed_key(account, &feed.remote_id),
                    title,
                    feed.site_url,
                    feed.tags.join("\n"),
                    base + rank as i64,
                    now
                ];
                let id: FeedId = upsert.query_row(values, |r| r.get(0))?;
                remote.execute(params![id, account.0, feed.remote_id, feed.url])?;
                ids.insert(feed.remote_id.clone(), id);
            }
        }
        tx.prepare_cached("UPDATE accounts SET feeds_checked_at = ?2 WHERE id = ?1")?
            .execute(params![account.0, now])?;
        tx.commit()?;
        Ok(ids)
    }

    /// The account's subscribed feeds by their ids on the server.
    pub fn remote_feeds(&self, account: AccountId) -> Result<HashMap<String, FeedId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.remote_id, r.feed_id FROM remote_feeds r JOIN feeds f ON f.id = r.feed_id
             WHERE r.account_id = ?1 AND f.position IS NOT NULL",
        )?;
        let rows = stmt.query_map([account.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The account a feed is synced from, if it is an account's.
    pub fn account_feed(&self, feed: FeedId) -> Result<Option<AccountFeed>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT r.account_id, a.name, r.remote_id FROM remote_feeds r JOIN accounts a ON a.id = r.account_id
                 WHERE r.feed_id = ?1",
            )?
            .query_row([feed], |r| {
                Ok(AccountFeed { account: AccountId(r.get(0)?), account_name: r.get(1)?, remote_id: r.get(2)? })
            })
            .optional()?)
    }

    /// The local id of the account's item with this id on the server.
    pub fn remote_item(&self, account: AccountId, remote_id: &str) -> Result<Option<crate::model::ItemId>> {
        Ok(known_item(&self.conn, account, remote_id)?.map(crate::model::ItemId))
    }

    /// Hides an account feed at once (after an unsubscribe), items kept.
    pub fn hide_remote_feed(&self, account: AccountId, remote_id: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE feeds SET position = NULL
                 WHERE id = (SELECT feed_id FROM remote_feeds WHERE account_id = ?1 AND remote_id = ?2)",
            )?
            .execute(params![account.0, remote_id])?;
        Ok(())
    }

    /// Stores a page of pulled items in one transaction, and `point` (where
    /// the pull got to) with them, so an interrupted pull resumes after the
    /// last page stored. Known items get the server's text and marks, unless
    /// a mark of theirs waits in the queue. New items go through the
    /// `[[rules]]` as a feed's do on arrival (a read or star they make is
    /// queued for the server); known ones never: the server changing an
    /// item's state does not make it new.
    pub fn store_remote_items(
        &mut self,
        account: AccountId,
        items: &[RemoteItemRow],
        point: Option<&str>,
        now: i64,
    ) -> Result<PullReport> {
        let feeds = self.remote_feeds(account)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = search_index::last_item_id(&tx)?;
        let mut report = PullReport::default();
        for row in items {
            let Some(&feed) = feeds.get(&row.remote_feed) else {
                report.orphans += 1;
                continue;
            };
            match known_item(&tx, account, &row.remote_id)? {
                Some(item) => report.changed += update_known(&tx, account, item, row)?,
                None => report.new_items += usize::from(insert_remote(&tx, account, feed, row, now)?),
            }
        }
        if report.new_items > 0 {
            let at = At { now, now_ms: self.clock.now_ms() };
            report.new_items -= rules::on_ingest(&tx, &self.rules, None, before, at)?;
            search_index::after_insert(&tx, before, self.defer_index)?;
        }
        if let Some(point) = point {
            tx.prepare_cached("UPDATE accounts SET sync_point = ?2 WHERE id = ?1")?
                .execute(params![account.0, point])?;
        }
        tx.commit()?;
        self.side_after_write()?;
        Ok(report)
    }

    /// Ends a pull: bulk marks the server applied are forgotten (their rows
    /// the lists did not confirm are pushed one by one from now on).
    pub fn finish_pull(&self, account: AccountId) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM pending_bulk WHERE account_id = ?1 AND acked = 1")?
            .execute([account.0])?;
        Ok(())
    }
}

fn known_item(conn: &Connection, account: AccountId, remote_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT item_id FROM remote_items WHERE account_id = ?1 AND remote_id = ?2")?
        .query_row(params![account.0, remote_id], |r| r.get(0))
        .optional()?)
}

/// A new item; false when retention removed it before (it stays removed).
fn insert_remote(
    tx: &Transaction<'_>,
    account: AccountId,
    feed: FeedId,
    row: &RemoteItemRow,
    now: i64,
) -> Result<bool> {
    let published = sane_date(row.item.published, now);
    let marks = Marks { read: row.read, starred: row.starred };
    if !insert_item(tx, feed, &row.item, published, now, marks)? {
        // An item unhidden from the Hidden view is back without its server id.
        tx.prepare_cached(
            "INSERT OR IGNORE INTO remote_items (item_id, account_id, remote_id, listed_unread, listed_starred)
             SELECT id, ?1, ?2, ?3, ?4 FROM items WHERE feed_id = ?5 AND guid = ?6",
        )?
        .execute(params![account.0, row.remote_id, !row.read, row.starred, feed, row.item.guid])?;
        return Ok(false);
    }
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO remote_items (item_id, account_id, remote_id, listed_unread, listed_starred)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, account.0, row.remote_id, !row.read, row.starred])?;
    if !row.item.enclosures.is_empty() {
        store_enclosures(tx, feed, &row.item)?;
    }
    Ok(true)
}

/// The server's text and marks for a known item; 1 when a mark changed.
fn update_known(tx: &Transaction<'_>, account: AccountId, item: i64, row: &RemoteItemRow) -> Result<usize> {
    tx.prepare_cached(
        "UPDATE items SET title = ?2, link = COALESCE(?3, link), author = COALESCE(?4, author),
             content = COALESCE(?5, content)
         WHERE id = ?1 AND (title IS NOT ?2 OR link IS NOT COALESCE(?3, link)
             OR author IS NOT COALESCE(?4, author) OR content IS NOT COALESCE(?5, content))",
    )?
    .execute(params![item, row.item.title, row.item.link, row.item.author, row.item.content])?;
    let mut changed = 0;
    for (column, value) in [("read", row.read), ("starred", row.starred)] {
        let sql = format!(
            "UPDATE items SET {column} = ?2 WHERE id = ?1 AND {column} <> ?2 AND NOT EXISTS
                 (SELECT 1 FROM pending_changes WHERE account_id = ?3 AND remote_id = ?4 AND field = '{column}')"
        );
        changed += tx.prepare_cached(&sql)?.execute(params![item, value, account.0, row.remote_id])?;
    }
    tx.prepare_cached("UPDATE remote_items SET listed_unread = ?2, listed_starred = ?3 WHERE item_id = ?1")?
        .execute(params![item, !row.read, row.starred])?;
    Ok(changed.min(1))
}

/// One local item of an account, for the merge.
struct Local {
    item: i64,
    read: bool,
    starred: bool,
    listed_unread: bool,
    listed_starred: bool,
}

impl Store {
    /// Takes the server's whole unread and starred lists as the truth for
    /// every item of the account without a waiting mark; a waiting mark the
    /// server already has leaves the queue. Returns what changed and the
    /// listed ids the store lacks.
    pub fn merge_server_lists(
        &mut self,
        account: AccountId,
        unread: &HashSet<String>,
        starred: &HashSet<String>,
    ) -> Result<Merge> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let locals = locals(&tx, account)?;
        let pending = pending_fields(&tx, account)?;
        let bulk_waits: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM pending_bulk WHERE account_id = ?1 AND acked = 0)")?
            .query_row([account.0], |r| r.get(0))?;
        let mut merge = Merge::default();
        {
            let mut set_mark = tx.prepare_cached("UPDATE items SET read = ?2, starred = ?3 WHERE id = ?1")?;
            let mut listed = tx
                .prepare_cached("UPDATE remote_items SET listed_unread = ?2, listed_starred = ?3 WHERE item_id = ?1")?;
            let mut settle = tx.prepare_cached(
                "DELETE FROM pending_changes WHERE account_id = ?1 AND remote_id = ?2 AND field = ?3 AND value = ?4",
            )?;
            let mut rebase = tx.prepare_cached(
                "UPDATE pending_changes SET base = ?4 WHERE account_id = ?1 AND remote_id = ?2 AND field = ?3",
            )?;
            for (remote_id, local) in &locals {
                let server_read = !unread.contains(remote_id);
                let server_starred = starred.contains(remote_id);
                let (mut read, mut star) = (local.read, local.starred);
                for (field, server, mark) in [("read", server_read, &mut read), ("starred", server_starred, &mut star)]
                {
                    match pending.get(&(remote_id.clone(), field)) {
                        None => *mark = server,
                        Some(&wanted) if wanted == server && !bulk_waits => {
                            settle.execute(params![account.0, remote_id, field, wanted])?;
                        }
                        Some(_) => {
                            rebase.execute(params![account.0, remote_id, field, server])?;
                        }
                    }
                }
                if (read, star) != (local.read, local.starred) {
                    set_mark.execute(params![local.item, read, star])?;
                    merge.changed += 1;
                }
                if (!server_read, server_starred) != (local.listed_unread, local.listed_starred) {
                    listed.execute(params![local.item, !server_read, server_starred])?;
                }
            }
        }
        let mut unknown: Vec<String> =
            unread.iter().chain(starred).filter(|id| !locals.contains_key(*id)).cloned().collect();
        unknown.sort_unstable();
        unknown.dedup();
        {
            // Items a rule hid, or retention removed, stay removed: not fetched again.
            let mut removed = tx.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM tombstones t JOIN remote_feeds r ON r.feed_id = t.feed_id
                 WHERE r.account_id = ?1 AND t.guid = ?2)",
            )?;
            let mut kept = Vec::with_capacity(unknown.len());
            for id in unknown {
                if !removed.query_row(params![account.0, id], |r| r.get::<_, bool>(0))? {
                    kept.push(id);
                }
            }
            unknown = kept;
        }
        tx.commit()?;
        merge.unknown = unknown;
        Ok(merge)
    }
}

fn locals(tx: &Transaction<'_>, account: AccountId) -> Result<HashMap<String, Local>> {
    let mut stmt = tx.prepare_cached(
        "SELECT r.remote_id, i.id, i.read, i.starred, r.listed_unread, r.listed_starred
         FROM remote_items r JOIN items i ON i.id = r.item_id WHERE r.account_id = ?1",
    )?;
    let rows = stmt.query_map([account.0], |r| {
        let local = Local {
            item: r.get(1)?,
            read: r.get(2)?,
            starred: r.get(3)?,
            listed_unread: r.get(4)?,
            listed_starred: r.get(5)?,
        };
        Ok((r.get::<_, String>(0)?, local))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn pending_fields(tx: &Transaction<'_>, account: AccountId) -> Result<HashMap<(String, &'static str), bool>> {
    let mut stmt = tx.prepare_cached("SELECT remote_id, field, value FROM pending_changes WHERE account_id = ?1")?;
    let rows = stmt.query_map([account.0], |r| {
        let field = if r.get::<_, String>(1)? == "starred" { "starred" } else { "read" };
        Ok(((r.get::<_, String>(0)?, field), r.get::<_, bool>(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
