//! A listing (view, search, unread only) as SQL over `items i`: conditions
//! with bound parameters, and what the per-feed counters can answer instead
//! of a count. User text only ever travels as a parameter.

use rusqlite::types::Value;

use super::order::Dir;
use super::search::fts_query;
use super::terms::{self, Context, FTS_MATCH, SEARCH_INDEX, TAG_MATCH};
use super::{Result, Store};
use crate::model::{FeedId, Listing, View};
use crate::query::{Filter, TermKind};

/// Which feeds' items a listing covers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Feeds {
    /// The feeds in the config.
    Configured,
    One(FeedId),
    /// Configured feeds with this tag.
    Tag(String),
    /// Every feed, configured or not (starred items are kept when a feed leaves).
    Any,
}

/// The compiled listing.
#[derive(Debug, Clone)]
pub(super) struct Scope {
    feeds: Feeds,
    unread_only: bool,
    starred_only: bool,
    /// Conditions the counters cannot answer (filters, search), with their parameters in order.
    extra: Vec<String>,
    extra_params: Vec<Value>,
    /// Whether some stored feed is not in the config (else "configured" needs no condition).
    hidden_feeds: bool,
    /// A tag view whose tag some items have (given by a rule): the counters
    /// of the tagged feeds do not count those.
    item_tagged: bool,
    /// Walk the date index and test each item against the full-text match,
    /// rather than sort every match: set when the match is broad.
    pub(super) by_date: bool,
}

impl Store {
    /// Compiles `listing`; `now` anchors `newer:` terms.
    pub(super) fn scope(&self, listing: &Listing, now: i64) -> Result<Scope> {
        let hidden_feeds: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM feeds WHERE position IS NULL)")?
            .query_row([], |r| r.get(0))?;
        let mut scope = Scope::new(listing, now, hidden_feeds);
        if let View::Tag(tag) = &listing.view {
            scope.item_tagged = self
                .conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM item_tags WHERE tag = ?1)")?
                .query_row([tag], |r| r.get(0))?;
        }
        Ok(scope)
    }
}

impl Scope {
    pub(super) fn new(listing: &Listing, now: i64, hidden_feeds: bool) -> Scope {
        let mut scope = Scope {
            feeds: Feeds::Configured,
            unread_only: listing.hide_read,
            starred_only: false,
            extra: Vec::new(),
            extra_params: Vec::new(),
            hidden_feeds,
            item_tagged: false,
            by_date: false,
        };
        let mut text = Vec::new();
        match &listing.view {
            View::All => {}
            View::Unread => scope.unread_only = true,
            View::Starred => {
                scope.feeds = Feeds::Any;
                scope.starred_only = true;
            }
            View::Tag(tag) => scope.feeds = Feeds::Tag(tag.clone()),
            View::Feed(id) => scope.feeds = Feeds::One(*id),
            View::Saved(saved) => scope.add_filter(&saved.filter, Context { now, fts: SEARCH_INDEX }, &mut text),
            // Hidden items are not in `items` (see `hidden`): nothing here.
            View::Hidden => scope.extra.push("0".into()),
        }
        if let Some(query) = listing.search.as_deref().and_then(fts_query) {
            text.push(query);
        }
        if !text.is_empty() {
            scope.push_cond(terms::fts_cond(SEARCH_INDEX, text.join(" AND ")));
        }
        scope
    }

    /// A query over the configured feeds' items, its words matched in `cx.fts`
    /// (rules, which also run on items the search index has not seen).
    pub(super) fn for_filter(filter: &Filter, cx: Context) -> Scope {
        let mut scope = Scope {
            feeds: Feeds::Configured,
            unread_only: false,
            starred_only: false,
            extra: Vec::new(),
            extra_params: Vec::new(),
            hidden_feeds: true,
            item_tagged: false,
            by_date: false,
        };
        let mut text = Vec::new();
        scope.add_filter(filter, cx, &mut text);
        if !text.is_empty() {
            scope.push_cond(terms::fts_cond(cx.fts, text.join(" AND ")));
        }
        scope
    }

    fn push_cond(&mut self, (sql, params): terms::Cond) {
        self.extra.push(sql);
        self.extra_params.extend(params);
    }

    /// Adds a query's terms; positive text terms go to `text` so one
    /// full-text match answers them all, positive `unread` and `starred` to
    /// the literal conditions the partial indexes answer.
    pub(super) fn add_filter(&mut self, filter: &Filter, cx: Context, text: &mut Vec<String>) {
        for term in &filter.terms {
            match (&term.kind, term.negated) {
                (TermKind::Unread, false) => self.unread_only = true,
                (TermKind::Starred, false) => self.starred_only = true,
                (TermKind::Unread, true) => self.extra.push("i.read = 1".into()),
                (TermKind::Starred, true) => self.extra.push("i.starred = 0".into()),
                (kind, false) if terms::is_text(kind) => text.extend(terms::fts_expr(kind)),
                _ => {
                    if let Some((sql, params)) = terms::term(term, cx) {
                        self.extra.push(sql);
                        self.extra_params.extend(params);
                    }
                }
            }
        }
    }

    /// `WHERE ...` over `items i` and its parameters, in order.
    pub(super) fn where_sql(&self) -> (String, Vec<Value>) {
        let mut conds: Vec<String> = Vec::new();
        let mut params = Vec::new();
        match &self.feeds {
            Feeds::Configured if self.hidden_feeds => {
                // `+` keeps the planner on the date order instead of sorting per feed.
                conds.push("+i.feed_id IN (SELECT id FROM feeds WHERE position IS NOT NULL)".into());
            }
            Feeds::Configured | Feeds::Any => {}
            Feeds::One(id) => {
                conds.push("i.feed_id = ?".into());
                params.push(Value::Integer(id.0));
            }
            Feeds::Tag(tag) => {
                let feeds = format!("+i.feed_id IN (SELECT id FROM feeds WHERE position IS NOT NULL AND {TAG_MATCH})");
                params.push(Value::Text(tag.clone()));
                if self.item_tagged {
                    conds.push(format!("({feeds} OR i.id IN (SELECT item_id FROM item_tags WHERE tag = ?))"));
                    params.push(Value::Text(tag.clone()));
                } else {
                    conds.push(feeds);
                }
            }
        }
        // Literal conditions, so the partial indexes (read = 0, starred = 1) apply.
        if self.unread_only {
            conds.push("i.read = 0".into());
        }
        if self.starred_only {
            conds.push("i.starred = 1".into());
        }
        conds.extend(self.extra.iter().cloned());
        params.extend(self.extra_params.iter().cloned());
        let sql = if conds.is_empty() { "WHERE 1".to_owned() } else { format!("WHERE {}", conds.join(" AND ")) };
        (sql, params)
    }

    /// The feeds the listing covers, as a condition on `feeds f`, and its parameters.
    pub(super) fn feeds_sql(&self) -> (String, Vec<Value>) {
        match &self.feeds {
            Feeds::Configured => ("f.position IS NOT NULL".into(), vec![]),
            Feeds::One(id) => ("f.id = ?".into(), vec![Value::Integer(id.0)]),
            Feeds::Tag(tag) => (
                format!("f.position IS NOT NULL AND {}", TAG_MATCH.replace("tags", "f.tags")),
                vec![Value::Text(tag.clone())],
            ),
            Feeds::Any => ("1".into(), vec![]),
        }
    }

    /// The feeds a bulk mark of this listing covers on their servers too
    /// (see `feeds_sql`): None when the listing is narrower than whole feeds
    /// (a search, a query, starred items), which servers cannot mark as one.
    pub(super) fn whole_feeds_sql(&self) -> Option<(String, Vec<Value>)> {
        let whole = self.extra.is_empty() && !self.starred_only && self.feeds != Feeds::Any;
        whole.then(|| self.feeds_sql())
    }

    /// The match expression when the full-text index alone counts the listing:
    /// a search over every configured feed, nothing else narrowing it.
    pub(super) fn fts_only(&self) -> Option<&Value> {
        let every_feed = self.feeds == Feeds::Configured && !self.hidden_feeds;
        let only_text = self.extra.len() == 1 && self.extra[0] == FTS_MATCH;
        (every_feed && only_text && !self.unread_only && !self.starred_only).then(|| &self.extra_params[0])
    }

    /// A full-text match over many feeds, whose page may be cheaper by date.
    pub(super) fn spans_feeds_with_text(&self) -> bool {
        !matches!(self.feeds, Feeds::One(_)) && self.extra.iter().any(|c| c == FTS_MATCH)
    }

    /// What identifies the listing in `dir` for `positions`: its SQL and parameters.
    pub(super) fn ident(&self, dir: Option<Dir>) -> String {
        let (sql, params) = self.where_sql();
        format!("{dir:?} {sql} {params:?}")
    }

    /// Whether a read or star mark can change which rows the listing has.
    pub(super) fn marks_matter(&self) -> bool {
        self.unread_only
            || self.starred_only
            || self.extra.iter().any(|c| c.contains("i.read") || c.contains("i.starred"))
    }

    /// The per-feed counter that counts this listing, when one does.
    pub(super) fn counter(&self) -> Option<&'static str> {
        if !self.extra.is_empty() || self.item_tagged {
            return None;
        }
        match (self.unread_only, self.starred_only) {
            (false, false) => Some("f.item_count"),
            (true, false) => Some("f.unread_count"),
            (false, true) => Some("f.starred_count"),
            (true, true) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SavedView;

    fn saved(query: &str) -> Listing {
        let filter = crate::query::parse(query).unwrap();
        View::Saved(SavedView { name: "v".into(), filter }).into()
    }

    #[test]
    fn built_in_views_use_the_counters() {
        let scope =
            |view: View, hide_read: bool| Scope::new(&Listing { view, hide_read, ..Listing::default() }, 0, false);
        assert_eq!(scope(View::All, false).counter(), Some("f.item_count"));
        assert_eq!(scope(View::All, false).where_sql().0, "WHERE 1");
        assert_eq!(scope(View::All, true).counter(), Some("f.unread_count"));
        assert_eq!(scope(View::Unread, false).counter(), Some("f.unread_count"));
        assert_eq!(scope(View::Starred, false).counter(), Some("f.starred_count"));
        assert_eq!(scope(View::Starred, true).counter(), None);
        assert_eq!(scope(View::Tag("rust".into()), true).counter(), Some("f.unread_count"));
        assert_eq!(
            scope(View::Feed(FeedId(3)), false).where_sql(),
            ("WHERE i.feed_id = ?".into(), vec![Value::Integer(3)])
        );
    }

    #[test]
    fn saved_queries_bind_every_value() {
        let scope =
            Scope::new(&saved("tag:rust unread -title:\"release notes\" newer:1d async -starred"), 100_000, true);
        assert_eq!(scope.counter(), None);
        let (sql, params) = scope.where_sql();
        assert!(!sql.contains("rust") && !sql.contains("release") && !sql.contains("async"), "{sql}");
        assert_eq!(
            params,
            vec![
                Value::Text("rust".into()),
                Value::Text("rust".into()),
                // Each word term asks both halves of the search index.
                Value::Text("title : \"release notes\"*".into()),
                Value::Text("title : \"release notes\"*".into()),
                Value::Integer(100_000 - 86_400),
                Value::Text("\"async\"*".into()),
                Value::Text("\"async\"*".into()),
            ]
        );
        assert!(
            sql.starts_with("WHERE +i.feed_id IN (SELECT id FROM feeds WHERE position IS NOT NULL) AND i.read = 0")
        );
        assert!(sql.contains("NOT (i.id IN (SELECT rowid FROM items_fts"), "{sql}");
        assert!(sql.contains("UNION ALL SELECT rowid FROM side_fts"), "{sql}");
        assert!(sql.contains("i.starred = 0"), "{sql}");
    }

    #[test]
    fn search_and_query_words_share_one_match() {
        let listing = Listing { search: Some("générative".into()), ..saved("author:zoë") };
        let (_, params) = Scope::new(&listing, 0, false).where_sql();
        assert_eq!(params, vec![Value::Text("author : \"zoë\"* AND \"générative\"*".into()); 2], "one per half");
    }
}
