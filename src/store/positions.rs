//! Where the rows of a listing are. SQLite has no positional index: OFFSET
//! and COUNT step over every row they pass, so a window halfway down a
//! million headlines walked half a million index entries. The store keeps,
//! for the last few listings it paged, the keys it saw at positions (the
//! first and last row of each page, the items it placed), and starts each
//! walk from the nearest of them. A list of points is only good for the
//! database as it was: it is dropped when another connection commits or this
//! one writes, except that a read or star mark keeps the listings marks do not
//! change (All items stays in the same order when an item is read).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::order::{Dir, Key};

/// Listings remembered (the view, a search typed in it, the previous view).
const LISTINGS: usize = 6;

/// Points kept per listing: paging through a million rows a window at a time
/// makes some 7,000; past this many they are forgotten and gathered again.
const MAX_POINTS: usize = 50_000;

/// The state of the database a point was seen in: the commits of other
/// connections (`PRAGMA data_version`) and this connection's own changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Version {
    pub(super) data: i64,
    pub(super) own: u64,
}

/// What is known of one listing at one version.
#[derive(Debug, Clone)]
pub(super) struct Known {
    /// The listing's SQL, parameters and order (`Scope::ident`).
    pub(super) ident: String,
    pub(super) version: Version,
    /// Whether read or star marks change which rows the listing has.
    pub(super) marks_matter: bool,
    pub(super) total: usize,
    /// Ids the full-text index matches, ascending, for a plain search.
    pub(super) matches: Option<Arc<[i64]>>,
    /// Position -> key of the row there.
    points: BTreeMap<usize, Key>,
}

/// Where a walk to a position starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Start {
    /// The key walked from (inclusive); None: from the end of the listing.
    pub(super) from: Option<Key>,
    /// Walk in the listing's order (else against it).
    pub(super) forward: bool,
    /// Rows to skip from `from` on.
    pub(super) skip: usize,
}

/// A known position at or around a key: (position, key); None at the ends.
pub(super) type Bound = (usize, Option<Key>);

#[derive(Debug, Default)]
pub(super) struct Positions {
    lists: Vec<Known>,
}

impl Known {
    pub(super) fn new(ident: String, version: Version, marks_matter: bool, total: usize) -> Known {
        Known { ident, version, marks_matter, total, matches: None, points: BTreeMap::new() }
    }
}

impl Positions {
    /// The listing `ident` as known at `version`; anything older is forgotten.
    pub(super) fn get(&mut self, ident: &str, version: Version) -> Option<&Known> {
        self.lists.retain(|l| l.version == version);
        self.lists.iter().find(|l| l.ident == ident)
    }

    pub(super) fn insert(&mut self, known: Known) {
        self.lists.retain(|l| l.ident != known.ident);
        if self.lists.len() >= LISTINGS {
            self.lists.remove(0);
        }
        self.lists.push(known);
    }

    /// Remembers that `key` is at `pos` of the listing (if it is known at `version`).
    pub(super) fn record(&mut self, ident: &str, version: Version, pos: usize, key: Key) {
        let Some(list) = self.lists.iter_mut().find(|l| l.ident == ident && l.version == version) else {
            return;
        };
        if list.points.len() >= MAX_POINTS {
            list.points.clear();
        }
        list.points.insert(pos, key);
    }

    /// The cheapest walk to the rows `first ..= last` of the listing: from
    /// the nearest known point before them (forward) or after them (backward),
    /// the ends included.
    pub(super) fn start(&self, ident: &str, version: Version, total: usize, first: usize, last: usize) -> Start {
        let mut best = Start { from: None, forward: true, skip: first };
        let end = Start { from: None, forward: false, skip: total.saturating_sub(last + 1) };
        if end.skip < best.skip {
            best = end;
        }
        let Some(list) = self.lists.iter().find(|l| l.ident == ident && l.version == version) else {
            return best;
        };
        if let Some((&pos, &key)) = list.points.range(..=first).next_back()
            && first - pos < best.skip
        {
            best = Start { from: Some(key), forward: true, skip: first - pos };
        }
        if let Some((&pos, &key)) = list.points.range(last..).next()
            && pos - last < best.skip
        {
            best = Start { from: Some(key), forward: false, skip: pos - last };
        }
        best
    }

    /// The known positions around `key` in a listing walked in `dir`: the last
    /// at or before it and the first after it (the ends when none is known).
    pub(super) fn around(&self, ident: &str, version: Version, total: usize, dir: Dir, key: Key) -> (Bound, Bound) {
        let mut lo: Bound = (0, None);
        let mut hi: Bound = (total, None);
        if let Some(list) = self.lists.iter().find(|l| l.ident == ident && l.version == version) {
            for (&pos, &k) in &list.points {
                if before_or_at(dir, k, key) {
                    lo = (pos, Some(k));
                } else {
                    hi = (pos, Some(k));
                    break;
                }
            }
        }
        (lo, hi)
    }

    /// A read or star mark took the database from `before` to `after`: the
    /// listings it cannot have changed stay known.
    pub(super) fn after_mark(&mut self, before: Version, after: Version) {
        if before.data != after.data {
            return; // another connection committed meanwhile
        }
        for list in &mut self.lists {
            if list.version == before && !list.marks_matter {
                list.version = after;
            }
        }
    }
}

/// Whether `a` comes before `b` (or is it) in the order `dir`.
pub(super) fn before_or_at(dir: Dir, a: Key, b: Key) -> bool {
    match dir {
        Dir::NewestFirst => (a.0, a.1.0) >= (b.0, b.1.0),
        Dir::OldestFirst => (a.0, a.1.0) <= (b.0, b.1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemId;

    const V: Version = Version { data: 1, own: 0 };

    fn key(n: i64) -> Key {
        (n, ItemId(n))
    }

    #[test]
    fn walks_start_at_the_nearest_point_or_end() {
        let mut p = Positions::default();
        p.insert(Known::new("all".into(), V, false, 1_000));
        assert_eq!(p.start("all", V, 1_000, 100, 199), Start { from: None, forward: true, skip: 100 });
        assert_eq!(p.start("all", V, 1_000, 850, 949), Start { from: None, forward: false, skip: 50 });
        p.record("all", V, 480, key(520));
        p.record("all", V, 700, key(300));
        assert_eq!(p.start("all", V, 1_000, 500, 599), Start { from: Some(key(520)), forward: true, skip: 20 });
        assert_eq!(p.start("all", V, 1_000, 600, 689), Start { from: Some(key(300)), forward: false, skip: 11 });
        assert_eq!(p.start("all", V, 1_000, 560, 580), Start { from: Some(key(520)), forward: true, skip: 80 });
        // Another version knows nothing.
        let v2 = Version { data: 2, own: 0 };
        assert_eq!(p.start("all", v2, 1_000, 500, 599), Start { from: None, forward: false, skip: 400 });
        assert!(p.get("all", v2).is_none());
        assert!(p.get("all", V).is_none(), "the old version was forgotten");
    }

    #[test]
    fn marks_keep_only_the_listings_they_cannot_change() {
        let mut p = Positions::default();
        p.insert(Known::new("all".into(), V, false, 10));
        p.insert(Known::new("unread".into(), V, true, 10));
        let after = Version { data: 1, own: 1 };
        p.after_mark(V, after);
        assert!(p.get("all", after).is_some());
        assert!(p.get("unread", after).is_none());
    }

    #[test]
    fn around_brackets_a_key_in_either_order() {
        let mut p = Positions::default();
        p.insert(Known::new("new".into(), V, false, 1_000));
        p.record("new", V, 10, key(990));
        p.record("new", V, 500, key(500));
        let (lo, hi) = p.around("new", V, 1_000, Dir::NewestFirst, key(700));
        assert_eq!((lo, hi), ((10, Some(key(990))), (500, Some(key(500)))));
        let (lo, hi) = p.around("new", V, 1_000, Dir::NewestFirst, key(100));
        assert_eq!((lo, hi), ((500, Some(key(500))), (1_000, None)));
    }
}
