//! Rules over what is stored already: what each one matches (`tidings
//! check`), applying them (`tidings rules apply`, with a dry run), each
//! application one level of the bulk-mark undo, so `U` takes it back.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params_from_iter};

use super::marks::BULK_MARKS_KEPT;
use super::rules::{At, act, condition, would_change};
use super::terms::Context;
use super::terms::SEARCH_INDEX;
use super::{Result, Store, hidden};
use crate::model::{Rule, RuleAction, RuleMatches, UndoneMark};

impl Store {
    /// What each rule matches among the stored items of the configured feeds,
    /// how many of those applying it would change, and how many it hid so far.
    pub fn rule_matches(&self, rules: &[Rule]) -> Result<Vec<RuleMatches>> {
        let cx = Context { now: self.clock.unix_now(), fts: SEARCH_INDEX };
        let mut out = Vec::with_capacity(rules.len());
        for rule in rules {
            let (sql, params) = condition(rule, cx);
            let matched = self.count_items(&sql, params.clone())?;
            let (changes, extra) = would_change(rule);
            let changes =
                self.count_items(&format!("{sql} AND {changes}"), params.into_iter().chain(extra).collect())?;
            let hidden: i64 = self
                .conn
                .prepare_cached("SELECT COUNT(*) FROM hidden_items WHERE rule = ?1")?
                .query_row([&rule.query], |r| r.get(0))?;
            out.push(RuleMatches {
                rule: rule.clone(),
                matched,
                changes,
                hidden: usize::try_from(hidden).unwrap_or(0),
            });
        }
        Ok(out)
    }

    fn count_items(&self, cond: &str, params: Vec<Value>) -> Result<usize> {
        let sql = format!("SELECT COUNT(*) FROM items i WHERE {cond}");
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Applies `rules` in order to the stored items of the configured feeds
    /// in one transaction; each rule that changed something is one undo
    /// level. `dry_run` reports the same figures and writes nothing.
    pub fn apply_rules(&mut self, rules: &[Rule], dry_run: bool) -> Result<Vec<RuleMatches>> {
        // Word terms are answered by the search index: it must hold every item.
        if !dry_run {
            self.index_all_pending()?;
        }
        let now = self.clock.unix_now();
        let cx = Context { now, fts: SEARCH_INDEX };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(rules.len());
        for rule in rules {
            let cond = condition(rule, cx);
            let matched = count_in(&tx, &cond.0, cond.1.clone())?;
            let acted = act(&tx, rule, &cond, At { now, now_ms: self.clock.now_ms() })?;
            if acted.changed > 0 {
                record(&tx, rule, now)?;
            }
            let hidden: i64 = tx
                .prepare_cached("SELECT COUNT(*) FROM hidden_items WHERE rule = ?1")?
                .query_row([&rule.query], |r| r.get(0))?;
            out.push(RuleMatches {
                rule: rule.clone(),
                matched,
                changes: acted.changed,
                hidden: usize::try_from(hidden).unwrap_or(0),
            });
        }
        tx.prepare_cached(
            "DELETE FROM bulk_marks WHERE id <= (SELECT id FROM bulk_marks ORDER BY id DESC LIMIT 1 OFFSET ?1)",
        )?
        .execute([BULK_MARKS_KEPT as i64])?;
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
            self.side_after_write()?;
        }
        Ok(out)
    }

    /// Undoes the last bulk mark or rule application and forgets it; None
    /// when there is nothing to undo.
    pub fn undo_last(&self) -> Result<Option<UndoneMark>> {
        let tx = self.write_transaction()?;
        let Some((mark, action, rule)): Option<(i64, String, Option<String>)> = tx
            .prepare_cached("SELECT id, action, rule FROM bulk_marks ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
        else {
            return Ok(None);
        };
        let items = "SELECT item_id FROM bulk_mark_items WHERE mark_id = ?1";
        let restored = match action.as_str() {
            "star" => {
                let restored = tx
                    .prepare_cached(&format!("UPDATE items SET starred = 0 WHERE starred = 1 AND id IN ({items})"))?
                    .execute([mark])?;
                super::queue::queue_unstar(&tx, mark, self.clock.now_ms())?;
                restored
            }
            "hide" => {
                let ids = tx
                    .prepare_cached(items)?
                    .query_map([mark], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                hidden::restore(&tx, &ids, self.defer_index)?
            }
            tag if tag.starts_with("tag:") => tx
                .prepare_cached(&format!("DELETE FROM item_tags WHERE tag = ?2 AND item_id IN ({items})"))?
                .execute(rusqlite::params![mark, &tag[4..]])?,
            _ => {
                let restored = tx
                    .prepare_cached(&format!("UPDATE items SET read = 0 WHERE read = 1 AND id IN ({items})"))?
                    .execute([mark])?;
                // Synced items go back to unread on their servers too.
                super::queue::queue_undo(&tx, mark, self.clock.now_ms())?;
                restored
            }
        };
        tx.prepare_cached("DELETE FROM bulk_marks WHERE id = ?1")?.execute([mark])?;
        tx.commit()?;
        self.side_after_write()?;
        Ok(Some(UndoneMark { restored, rule }))
    }
}

fn count_in(tx: &Transaction<'_>, cond: &str, params: Vec<Value>) -> Result<usize> {
    let sql = format!("SELECT COUNT(*) FROM items i WHERE {cond}");
    let n: i64 = tx.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// One undo level for what the rule just changed (`temp.rule_hits`).
fn record(tx: &Transaction<'_>, rule: &Rule, now: i64) -> Result<()> {
    let action = match &rule.action {
        RuleAction::Read => "read".to_owned(),
        RuleAction::Star => "star".to_owned(),
        RuleAction::Hide => "hide".to_owned(),
        RuleAction::Tag(tag) => format!("tag:{tag}"),
    };
    let mark: i64 = tx
        .prepare_cached("INSERT INTO bulk_marks (at, action, rule) VALUES (?1, ?2, ?3) RETURNING id")?
        .query_row(rusqlite::params![now, action, rule.label()], |r| r.get(0))?;
    tx.prepare_cached("INSERT INTO bulk_mark_items (mark_id, item_id) SELECT ?1, id FROM temp.rule_hits")?
        .execute([mark])?;
    Ok(())
}
