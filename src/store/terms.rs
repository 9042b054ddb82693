//! One query term as an SQL condition over `items i`, whatever surrounds it
//! (a negation, an `or`): what `scope` uses for every term it cannot fold
//! into the counters or its one full-text match. Values travel as parameters.

use rusqlite::types::Value;

use super::search::fts_phrase;
use crate::query::{Field, Filter, Term, TermKind};

/// A tag is one line of the feed's newline-separated tags; matched without case.
pub(super) const TAG_MATCH: &str = "instr(char(10) || lower(tags) || char(10), char(10) || lower(?) || char(10)) > 0";
/// Display title of a feed, as `feed_rows::FEED_TITLE` says it, lower-cased for matching.
const FEED_NAME_MATCH: &str =
    "instr(lower(COALESCE(NULLIF(config_title, ''), NULLIF(feed_title, ''), url)), lower(?)) > 0";
/// The display title of the item's feed.
const FEED_NAME_OF_ITEM: &str = "(SELECT COALESCE(NULLIF(config_title, ''), NULLIF(feed_title, ''), url)
     FROM feeds WHERE id = i.feed_id)";

/// An SQL condition and its parameters, in order.
pub(super) type Cond = (String, Vec<Value>);

/// What terms are compiled against: "now" for dates, and the full-text
/// table that answers word terms (the search index, or the rules' table of
/// the items being stored, which the index has not seen yet).
#[derive(Debug, Clone, Copy)]
pub(super) struct Context {
    pub now: i64,
    pub fts: &'static str,
}

/// The item is in a full-text table's matches: the SQL, and how many times
/// it takes the match expression (the search index is two tables, see
/// `side_index`).
pub(super) fn fts_in(fts: &str) -> (String, usize) {
    if fts == SEARCH_INDEX {
        return (FTS_MATCH.to_owned(), 2);
    }
    (format!("i.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"), 1)
}

/// The search index's match, both halves of it.
pub(super) const FTS_MATCH: &str = "i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?
    UNION ALL SELECT rowid FROM side_fts WHERE side_fts MATCH ?)";

/// The search index's name for the terms that match in it (`Context::fts`).
pub(super) const SEARCH_INDEX: &str = super::search_index::MAIN;

/// The condition that `fts` matches `expr`, with its parameters.
pub(super) fn fts_cond(fts: &str, expr: String) -> Cond {
    let (sql, times) = fts_in(fts);
    (sql, vec![Value::Text(expr); times])
}

/// The FTS expression of a word term (`title : "a b"*`); None when the
/// words have no letters or digits (no condition).
pub(super) fn fts_expr(kind: &TermKind) -> Option<String> {
    let (column, words) = match kind {
        TermKind::Title(w) => (Some("title"), w),
        TermKind::Author(w) => (Some("author"), w),
        TermKind::Content(w) => (Some("content"), w),
        TermKind::Words(w) => (None, w),
        _ => return None,
    };
    fts_phrase(words).map(|p| column.map_or(p.clone(), |c| format!("{c} : {p}")))
}

/// Whether a term is matched through the full-text index.
pub(super) fn is_text(kind: &TermKind) -> bool {
    matches!(kind, TermKind::Title(_) | TermKind::Author(_) | TermKind::Content(_) | TermKind::Words(_))
}

/// The condition of `term`; None when it holds for every item.
pub(super) fn term(term: &Term, cx: Context) -> Option<Cond> {
    let (sql, params) = positive(&term.kind, cx)?;
    Some(if term.negated { (format!("NOT ({sql})"), params) } else { (sql, params) })
}

/// Every term of `filter` (None: no condition).
pub(super) fn all(filter: &Filter, cx: Context) -> Option<Cond> {
    let conds: Vec<Cond> = filter.terms.iter().filter_map(|t| term(t, cx)).collect();
    if conds.is_empty() {
        return None;
    }
    let (sqls, params): (Vec<String>, Vec<Vec<Value>>) = conds.into_iter().unzip();
    Some((format!("({})", sqls.join(" AND ")), params.concat()))
}

fn positive(kind: &TermKind, cx: Context) -> Option<Cond> {
    let text = |s: &String| Value::Text(s.clone());
    let one = |sql: String, value: Value| Some((sql, vec![value]));
    match kind {
        TermKind::Unread => Some(("i.read = 0".into(), vec![])),
        TermKind::Starred => Some(("i.starred = 1".into(), vec![])),
        TermKind::Tag(tag) => Some((
            format!(
                "(i.feed_id IN (SELECT id FROM feeds WHERE {TAG_MATCH})
                  OR i.id IN (SELECT item_id FROM item_tags WHERE tag = ?))"
            ),
            vec![text(tag), text(tag)],
        )),
        TermKind::Feed(name) => one(format!("i.feed_id IN (SELECT id FROM feeds WHERE {FEED_NAME_MATCH})"), text(name)),
        TermKind::Newer(secs) => one("i.sort_date >= ?".into(), Value::Integer(cx.now.saturating_sub(*secs))),
        TermKind::Older(secs) => one("i.sort_date < ?".into(), Value::Integer(cx.now.saturating_sub(*secs))),
        TermKind::Link(part) => one("instr(lower(COALESCE(i.link, '')), lower(?)) > 0".into(), text(part)),
        TermKind::Title(_) | TermKind::Author(_) | TermKind::Content(_) | TermKind::Words(_) => {
            fts_expr(kind).map(|expr| fts_cond(cx.fts, expr))
        }
        TermKind::Regex(field, pattern) => {
            let subject = match field {
                Field::Title => "i.title",
                Field::Author => "COALESCE(i.author, '')",
                Field::Content => "COALESCE(tidings_text(i.content), '')",
                Field::Link => "COALESCE(i.link, '')",
                Field::Feed => FEED_NAME_OF_ITEM,
            };
            one(format!("tidings_regex(?, {subject})"), Value::Text(pattern.with_flags()))
        }
        TermKind::Any(alternatives) => {
            let mut sqls = Vec::new();
            let mut params = Vec::new();
            for alternative in alternatives {
                // An alternative with no condition holds for every item: so does the group.
                let (sql, p) = all(alternative, cx)?;
                sqls.push(sql);
                params.extend(p);
            }
            Some((format!("({})", sqls.join(" OR ")), params))
        }
    }
}
