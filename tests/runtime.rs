//! The runtime's data effects against a real SQLite file: the UI is handed a
//! window of rows, never a whole view, and anchors resolve in the store.

use tidings::app::window::WINDOW;
use tidings::app::{Anchor, Effect, Msg, Query};
use tidings::model::{FeedSource, ParsedFeed, ParsedItem, View};
use tidings::store::Store;
use tidings::ui::effects::Runtime;

const ITEMS: usize = 1_000;

fn runtime() -> (tempfile::TempDir, Runtime, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let source = FeedSource { url: "https://big.example/feed".into(), ..FeedSource::default() };
    let id = store.sync_feeds(&[source]).unwrap()[0];
    let items = (0..ITEMS)
        .map(|k| ParsedItem {
            guid: format!("g{k}"),
            title: format!("item {k}"),
            published: Some(1_700_000_000 + k as i64 * 60),
            ..Default::default()
        })
        .collect();
    store.ingest(id, &ParsedFeed { items, ..Default::default() }, 1_800_000_000).unwrap();
    (dir, Runtime { store: Some(store), ..Runtime::none() }, id)
}

fn window(msg: Option<Msg>) -> (tidings::app::Window, Option<usize>) {
    match msg {
        Some(Msg::HeadlinesLoaded { window, selected, .. }) => (window, selected),
        other => panic!("expected headlines, got {other:?}"),
    }
}

#[test]
fn a_view_arrives_as_a_window_not_everything() {
    let (_dir, mut rt, _) = runtime();
    let (w, selected) = window(rt.execute(Effect::LoadHeadlines(Query::top(View::All))));
    assert_eq!((w.total, w.offset, w.rows.len(), selected), (ITEMS, 0, WINDOW, Some(0)));
    assert_eq!(w.rows[0].title, "item 999", "newest first");

    let bottom = Query { view: View::All, anchor: Anchor::Index(ITEMS + 50), open: false };
    let (w, selected) = window(rt.execute(Effect::LoadHeadlines(bottom)));
    assert_eq!(selected, Some(ITEMS - 1), "clamped to the last row");
    assert!(w.rows.len() <= WINDOW && w.get(ITEMS - 1).unwrap().title == "item 0", "{:?}", w.offset);
}

#[test]
fn anchors_resolve_to_positions() {
    let (_dir, mut rt, feed) = runtime();
    let store = rt.store.as_ref().unwrap();
    let target = store.headlines_page(View::Feed(feed), 700, 1).unwrap()[0].id;
    let query = Query { view: View::Feed(feed), anchor: Anchor::Item { id: target, fallback: 3 }, open: false };
    let (w, selected) = window(rt.execute(Effect::LoadHeadlines(query)));
    assert_eq!(selected, Some(700));
    assert_eq!(w.get(700).unwrap().id, target);

    rt.execute(Effect::MarkViewRead(View::Feed(feed)));
    let store = rt.store.as_ref().unwrap();
    let unread = store.headlines_page(View::All, 850, 1).unwrap()[0].id;
    store.set_read(unread, false).unwrap();
    let query = Query { view: View::All, anchor: Anchor::NextUnread { from: 10 }, open: true };
    let (w, selected) = window(rt.execute(Effect::LoadHeadlines(query)));
    assert_eq!(selected, Some(850));
    assert!(!w.get(850).unwrap().read);
    let query = Query { view: View::All, anchor: Anchor::NextUnread { from: 851 }, open: true };
    assert_eq!(window(rt.execute(Effect::LoadHeadlines(query))).1, None);
}
