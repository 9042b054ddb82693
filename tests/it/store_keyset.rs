//! Windows walked from the keys the store saw last (rather than counted from
//! an end) are the same rows a plain ORDER BY gives, whatever was paged
//! before, whatever another connection or a mark changed in between.

use std::path::Path;

use crate::common::StoreExt;
use tidings::model::{Anchor, FeedId, FeedSource, ItemId, Listing, ParsedFeed, ParsedItem, Sort, View};
use tidings::store::Store;

/// Three feeds of 900 items (dates collide across feeds); every third item says "common".
fn fill(db: &Path) -> (Store, Vec<FeedId>) {
    let mut store = Store::open(db).unwrap();
    let sources: Vec<_> =
        (0..3).map(|n| FeedSource { url: format!("https://feeds.example/{n}.xml"), ..FeedSource::default() }).collect();
    let ids = store.sync_feeds(&sources).unwrap();
    for (f, &id) in ids.iter().enumerate() {
        let items = (0..900)
            .map(|k| ParsedItem {
                guid: format!("{f}-{k}"),
                title: format!("feed {f} item {k}{}", if k % 3 == 0 { " common" } else { "" }),
                published: Some(1_700_000_000 + (k as i64 / 2) * 3600),
                ..Default::default()
            })
            .collect();
        store.ingest(id, &ParsedFeed { items, ..Default::default() }, 1_800_000_000).unwrap();
    }
    (store, ids)
}

/// The listing's ids as SQL orders them, asked of a connection of its own.
fn reference(db: &Path, listing: &Listing) -> Vec<ItemId> {
    let conn = rusqlite::Connection::open(db).unwrap();
    // The search index's other half (`tidings-search.db`).
    let side = tidings::store::search_file_of(db);
    conn.execute("ATTACH DATABASE ?1 AS side", [side.to_str().unwrap()]).unwrap();
    let order = match listing.sort {
        Sort::Oldest => "sort_date ASC, id ASC",
        _ => "sort_date DESC, id DESC",
    };
    let mut cond = String::from("1");
    if let View::Feed(f) = listing.view {
        cond.push_str(&format!(" AND feed_id = {}", f.0));
    }
    if listing.hide_read {
        cond.push_str(" AND read = 0");
    }
    if let Some(word) = &listing.search {
        let m = format!("MATCH '\"{word}\"*'");
        cond.push_str(&format!(
            " AND id IN (SELECT rowid FROM items_fts WHERE items_fts {m} UNION ALL SELECT rowid FROM side_fts WHERE side_fts {m})"
        ));
    }
    let sql = format!("SELECT id FROM items WHERE {cond} ORDER BY {order}");
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([], |r| Ok(ItemId(r.get(0)?))).unwrap().map(Result::unwrap).collect()
}

/// Pages the listing as the UI does (windows around positions, near each
/// other then far apart) and checks every window, index and next unread.
fn check(store: &Store, db: &Path, listing: &Listing) {
    let want = reference(db, listing);
    let total = want.len();
    assert!(total > 0, "{listing:?}");
    let positions =
        [0, 150, 300, 450, total / 2, total / 2 + 140, total / 2 - 290, total - 1, total - 160, 40, total / 3];
    for &pos in &positions {
        let (window, selected) = store.headline_window(listing, Anchor::Index(pos), 300).unwrap();
        assert_eq!((window.total, selected), (total, Some(pos)), "{listing:?} at {pos}");
        let got: Vec<_> = window.rows.iter().map(|h| h.id).collect();
        let end = (window.offset + 300).min(total);
        assert_eq!(got, want[window.offset..end], "{listing:?} window at {pos}");
        let item = want[pos];
        assert_eq!(store.headline_index(listing, item).unwrap(), Some(pos), "{listing:?} index of {item:?}");
    }
    for &pos in &positions {
        let item = want[(pos + 7).min(total - 1)];
        let anchor = Anchor::Item { id: item, fallback: 0 };
        let (_, selected) = store.headline_window(listing, anchor, 300).unwrap();
        assert_eq!(selected, Some((pos + 7).min(total - 1)), "{listing:?} item anchor near {pos}");
    }
}

fn listings(feed: FeedId) -> Vec<Listing> {
    let all: Listing = View::All.into();
    vec![
        all.clone(),
        Listing { sort: Sort::Oldest, ..all.clone() },
        Listing { hide_read: true, ..all.clone() },
        View::Feed(feed).into(),
        Listing { search: Some("common".into()), ..all.clone() },
        Listing { search: Some("common".into()), sort: Sort::Oldest, ..all.clone() },
    ]
}

#[test]
fn windows_anywhere_are_the_rows_sql_orders() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let (store, ids) = fill(&db);
    for listing in listings(ids[1]) {
        check(&store, &db, &listing);
        // Twice: the second time every position has known keys near it.
        check(&store, &db, &listing);
    }
}

#[test]
fn windows_follow_changes_from_another_connection_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let (store, ids) = fill(&db);
    let (mut other, _) = (Store::open(&db).unwrap(), ());
    for listing in listings(ids[1]) {
        check(&store, &db, &listing);
    }
    // Newer items arrive through the other connection (as the poller writes).
    let items = (0..50)
        .map(|k| ParsedItem {
            guid: format!("new-{k}"),
            title: format!("fresh common {k}"),
            published: Some(1_700_000_000 + k * 7_200 + 1_800),
            ..Default::default()
        })
        .collect();
    other.ingest(ids[0], &ParsedFeed { items, ..Default::default() }, 1_800_000_000).unwrap();
    for listing in listings(ids[1]) {
        check(&store, &db, &listing);
    }
    // Marks made here and there: the unread-only listing loses rows.
    let all = store.headlines(View::All).unwrap();
    for h in all.iter().step_by(5) {
        store.set_read(h.id, true).unwrap();
    }
    other.set_read(all[1].id, true).unwrap();
    for listing in listings(ids[1]) {
        check(&store, &db, &listing);
    }
    let unread = Listing { hide_read: true, ..View::All.into() };
    let want = reference(&db, &unread);
    store.set_read(want[1000], true).unwrap();
    check(&store, &db, &unread);
}

#[test]
fn next_unread_is_found_from_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let (store, _) = fill(&db);
    let all: Listing = View::All.into();
    let ids = reference(&db, &all);
    // Everything read but every 97th item.
    for (pos, id) in ids.iter().enumerate() {
        if pos % 97 != 0 {
            store.set_read(*id, true).unwrap();
        }
    }
    for from in [0, 1, 500, 1_300, 1_358, 2_000, 2_699] {
        store.headline_window(&all, Anchor::Index(from), 300).unwrap();
        let want = from.div_ceil(97) * 97;
        let found = store.next_unread(&all, from).unwrap();
        assert_eq!(found, (want < ids.len()).then(|| (want, ids[want])), "next unread from {from}");
        let back = from / 97 * 97;
        assert_eq!(store.prev_unread(&all, from).unwrap(), Some((back, ids[back])), "previous unread from {from}");
    }
}
