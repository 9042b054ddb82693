//! Windowed headline queries agree with the full list, counts stay right.

use crate::common::{StoreExt, temp_store};
use tidings::model::{FeedId, FeedSource, Listing, ParsedFeed, ParsedItem, View};
use tidings::store::Store;

fn source(n: usize) -> FeedSource {
    FeedSource { url: format!("https://feeds.example/{n}.xml"), ..FeedSource::default() }
}

/// Three feeds of 40 items; dates collide across feeds so ties are exercised.
fn store() -> (tempfile::TempDir, Store, Vec<FeedId>) {
    let (dir, mut store, ids) = temp_store(&[source(0), source(1), source(2)]);
    for (f, &id) in ids.iter().enumerate() {
        let items = (0..40)
            .map(|k| ParsedItem {
                guid: format!("{f}-{k}"),
                title: format!("feed {f} item {k}"),
                published: Some(1_700_000_000 + (k as i64 / 2) * 3600),
                ..Default::default()
            })
            .collect();
        store.ingest(id, &ParsedFeed { items, ..Default::default() }, 1_800_000_000).unwrap();
    }
    (dir, store, ids)
}

#[test]
fn pages_are_slices_of_the_full_list() {
    let (_dir, store, ids) = store();
    for view in [View::All, View::Feed(ids[1])] {
        let all = store.headlines(view.clone()).unwrap();
        let view = Listing::from(view);
        assert_eq!(store.headline_count(&view).unwrap(), all.len());
        for (offset, limit) in [(0, 10), (5, 7), (55, 20), (110, 30), (119, 1), (0, 500), (200, 10)] {
            let page = store.headlines_page(&view, offset, limit).unwrap();
            let want: Vec<_> = all.iter().skip(offset).take(limit).cloned().collect();
            assert_eq!(page, want, "{view:?} offset {offset} limit {limit}");
        }
    }
}

#[test]
fn index_of_an_item_is_its_position() {
    let (_dir, store, ids) = store();
    let all = store.headlines(View::All).unwrap();
    for (pos, h) in all.iter().enumerate().step_by(7) {
        assert_eq!(store.headline_index(&View::All.into(), h.id).unwrap(), Some(pos));
    }
    let other_feed_item = all.iter().find(|h| h.feed_id != ids[0]).unwrap();
    assert_eq!(store.headline_index(&View::Feed(ids[0]).into(), other_feed_item.id).unwrap(), None);
}

#[test]
fn next_unread_skips_read_items() {
    let (_dir, store, ids) = store();
    let all = store.headlines(View::All).unwrap();
    for h in &all[3..10] {
        store.set_read(h.id, true).unwrap();
    }
    assert_eq!(store.next_unread(&View::All.into(), 0).unwrap(), Some((0, all[0].id)));
    assert_eq!(store.next_unread(&View::All.into(), 3).unwrap(), Some((10, all[10].id)));
    let view = View::Feed(ids[2]);
    store.mark_view_read(view.clone()).unwrap();
    assert_eq!(store.next_unread(&view.into(), 0).unwrap(), None);
    assert_eq!(store.next_unread(&View::All.into(), 1000).unwrap(), None, "past the end");
}

#[test]
fn counters_follow_marks_and_ingest() {
    let (_dir, mut store, ids) = store();
    let unread = |s: &Store| s.feeds().unwrap().iter().map(|f| (f.unread, f.total)).collect::<Vec<_>>();
    assert_eq!(unread(&store), vec![(40, 40); 3]);
    let first = store.headlines(View::Feed(ids[0])).unwrap()[0].id;
    store.set_read(first, true).unwrap();
    store.set_read(first, true).unwrap(); // no change, no double count
    assert_eq!(unread(&store)[0], (39, 40));
    store.set_read(first, false).unwrap();
    assert_eq!(unread(&store)[0], (40, 40));
    store.mark_view_read(View::Feed(ids[1])).unwrap();
    assert_eq!(unread(&store)[1], (0, 40));
    let more = ParsedFeed {
        items: vec![ParsedItem { guid: "new".into(), title: "new".into(), ..Default::default() }],
        ..Default::default()
    };
    store.ingest(ids[1], &more, 1_800_000_001).unwrap();
    assert_eq!(unread(&store)[1], (1, 41));
    assert_eq!(store.headline_count(&View::All.into()).unwrap(), 121);
}
