//! Rules on arrival: each `[[rules]]` entry's query, scoped to its feeds and
//! tags, applied to the items an ingest stores, in config order and in the
//! same transaction, so a rule's effect is durable with the items it acts
//! on (a killed refresh leaves both or neither). New items are not in the
//! search index yet (it catches up after a refresh): their words are matched
//! through a small full-text table of this connection holding only them,
//! with the index's own tokenizer, so a rule's words match as a view's do.

use rusqlite::types::Value;
use rusqlite::{Transaction, params_from_iter};

use super::scope::Scope;
use super::terms::{Cond, Context, TAG_MATCH};
use super::{Result, Store, hidden, queue};
use crate::model::{FeedId, MarkField, Rule, RuleAction};
use crate::query::{Filter, TermKind};

/// The full-text table of the items being stored (temporary, per connection).
pub(super) const RULE_FTS: &str = "rule_fts";

impl Store {
    /// The rules applied to new items from here on (the poller's connection
    /// gets the config's; none by default).
    pub fn set_rules(&mut self, rules: Vec<Rule>) {
        self.rules = rules;
    }
}

/// When a rule acts: unix seconds (dates, hidden rows) and milliseconds (the
/// queue of marks for servers).
#[derive(Debug, Clone, Copy)]
pub(super) struct At {
    pub now: i64,
    pub now_ms: i64,
}

/// Applies `rules` to the items with ids above `before` (those this
/// transaction stored) of `feed`, or of every feed (a pull stores items of
/// several), in order; returns how many they hid. A read or star of a synced
/// item is queued for its server in the same transaction.
pub(super) fn on_ingest(
    tx: &Transaction<'_>,
    rules: &[Rule],
    feed: Option<FeedId>,
    before: i64,
    at: At,
) -> Result<usize> {
    if rules.is_empty() {
        return Ok(0);
    }
    let words = rules.iter().any(|r| has_words(&r.filter));
    if words {
        tx.execute_batch(&format!(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{RULE_FTS} USING fts5(
                 title, author, content, tokenize = 'unicode61 remove_diacritics 2');
             DELETE FROM temp.{RULE_FTS};"
        ))?;
        tx.prepare_cached(&format!(
            "INSERT INTO temp.{RULE_FTS} (rowid, title, author, content)
             SELECT id, title, author, tidings_text(content) FROM items WHERE id > ?1 AND (?2 IS NULL OR feed_id = ?2)"
        ))?
        .execute(rusqlite::params![before, feed.map(|f| f.0)])?;
    }
    let mut hidden = 0;
    for rule in rules {
        let (sql, mut params) = condition(rule, Context { now: at.now, fts: RULE_FTS });
        params.push(Value::Integer(before));
        let mut sql = format!("{sql} AND i.id > ?");
        if let Some(feed) = feed {
            params.push(Value::Integer(feed.0));
            sql.push_str(" AND i.feed_id = ?");
        }
        hidden += act(tx, rule, &(sql, params), at)?.hidden;
    }
    if words {
        tx.execute_batch(&format!("DELETE FROM temp.{RULE_FTS}"))?;
    }
    Ok(hidden)
}

/// Whether some term of `filter` is answered by a full-text table.
fn has_words(filter: &Filter) -> bool {
    filter.terms.iter().any(|t| match &t.kind {
        TermKind::Any(alternatives) => alternatives.iter().any(has_words),
        kind => super::terms::is_text(kind),
    })
}

/// The rule's query and feed scope as one condition over `items i` (the
/// configured feeds only).
pub(super) fn condition(rule: &Rule, cx: Context) -> Cond {
    let (mut sql, mut params) = Scope::for_filter(&rule.filter, cx).where_sql();
    if let Some((feeds, p)) = feed_scope(rule) {
        sql.push_str(&format!(" AND i.feed_id IN (SELECT id FROM feeds WHERE {feeds})"));
        params.extend(p);
    }
    // `where_sql` starts with WHERE; conditions here are joined with AND.
    (format!("({})", sql.trim_start_matches("WHERE ")), params)
}

/// `feeds = [...]` and `tags = [...]` as a condition on `feeds`; None: every feed.
fn feed_scope(rule: &Rule) -> Option<Cond> {
    let mut sqls = Vec::new();
    let mut params = Vec::new();
    for url in &rule.feeds {
        // An account feed's own URL is beside it, in `remote_feeds`.
        sqls.push("(url = ? OR id IN (SELECT feed_id FROM remote_feeds WHERE url = ?))".to_owned());
        params.extend([Value::Text(url.clone()), Value::Text(url.clone())]);
    }
    for tag in &rule.tags {
        sqls.push(TAG_MATCH.to_owned());
        params.push(Value::Text(tag.clone()));
    }
    (!sqls.is_empty()).then(|| (format!("position IS NOT NULL AND ({})", sqls.join(" OR ")), params))
}

/// What one application of a rule did.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Acted {
    /// Items it changed (marked, starred, tagged or hid).
    pub changed: usize,
    pub hidden: usize,
}

/// The condition on `items i` of the items the rule's action would change
/// (an undo restores exactly those), and its parameter.
pub(super) fn would_change(rule: &Rule) -> (&'static str, Option<Value>) {
    match &rule.action {
        RuleAction::Read => ("i.read = 0", None),
        // A starred item is the user's to keep: rules never hide it.
        RuleAction::Star | RuleAction::Hide => ("i.starred = 0", None),
        RuleAction::Tag(tag) => (
            "NOT EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = i.id AND t.tag = ?)",
            Some(Value::Text(tag.clone())),
        ),
    }
}

/// The items a rule would change, into `temp.rule_hits` (emptied first).
fn collect(tx: &Transaction<'_>, rule: &Rule, cond: &Cond) -> Result<usize> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS rule_hits (id INTEGER PRIMARY KEY); DELETE FROM temp.rule_hits;",
    )?;
    let (sql, params) = cond;
    let (changes, extra) = would_change(rule);
    let params = params.iter().cloned().chain(extra);
    let insert = format!("INSERT INTO temp.rule_hits (id) SELECT i.id FROM items i WHERE {sql} AND {changes}");
    Ok(tx.prepare_cached(&insert)?.execute(params_from_iter(params))?)
}

/// Applies the rule to what `collect` found; `temp.rule_hits` then holds
/// the ids to record for undo (the hidden rows' ids for `hide`). Reads and
/// stars of synced items are queued for their servers here, with the mark.
pub(super) fn act(tx: &Transaction<'_>, rule: &Rule, cond: &Cond, at: At) -> Result<Acted> {
    let changed = collect(tx, rule, cond)?;
    if changed == 0 {
        return Ok(Acted::default());
    }
    let hits = "SELECT id FROM temp.rule_hits";
    match &rule.action {
        RuleAction::Read => {
            tx.prepare_cached(&format!("UPDATE items SET read = 1 WHERE id IN ({hits})"))?.execute([])?;
            queue::queue_rule_hits(tx, MarkField::Read, at.now_ms)?;
        }
        RuleAction::Star => {
            tx.prepare_cached(&format!("UPDATE items SET starred = 1 WHERE id IN ({hits})"))?.execute([])?;
            queue::queue_rule_hits(tx, MarkField::Starred, at.now_ms)?;
        }
        RuleAction::Tag(tag) => {
            tx.prepare_cached(&format!("INSERT OR IGNORE INTO item_tags (item_id, tag) SELECT id, ?1 FROM ({hits})"))?
                .execute([tag])?;
        }
        RuleAction::Hide => {
            let hidden = hidden::hide_hits(tx, &rule.query, at.now)?;
            return Ok(Acted { changed, hidden });
        }
    }
    Ok(Acted { changed, hidden: 0 })
}
