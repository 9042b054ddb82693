//! The runtime's data effects against a real SQLite file: the UI is handed a
//! window of rows, never a whole view, and anchors resolve in the store.

use crate::common::{StoreExt, feed_source, temp_store};
use tidings::app::{Anchor, Effect, HeadlineRequest, Msg};
use tidings::model::WINDOW;
use tidings::model::{FeedId, ParsedFeed, ParsedItem, View};
use tidings::ui::effects::Executor;

const ITEMS: usize = 1_000;

fn runtime() -> (tempfile::TempDir, Executor, FeedId) {
    let (dir, mut store, ids) = temp_store(&[feed_source("https://big.example/feed")]);
    let id = ids[0];
    let items = (0..ITEMS)
        .map(|k| ParsedItem {
            guid: format!("g{k}"),
            title: format!("item {k}"),
            published: Some(1_700_000_000 + k as i64 * 60),
            ..Default::default()
        })
        .collect();
    store.ingest(id, &ParsedFeed { items, ..Default::default() }, 1_800_000_000).unwrap();
    (dir, Executor { store: Some(store), ..Executor::none() }, id)
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
    let (w, selected) = window(rt.execute(Effect::LoadHeadlines(HeadlineRequest::top(View::All))));
    assert_eq!((w.total, w.offset, w.rows.len(), selected), (ITEMS, 0, WINDOW, Some(0)));
    assert_eq!(w.rows[0].title, "item 999", "newest first");

    let bottom = HeadlineRequest { listing: View::All.into(), anchor: Anchor::Index(ITEMS + 50), open: false };
    let (w, selected) = window(rt.execute(Effect::LoadHeadlines(bottom)));
    assert_eq!(selected, Some(ITEMS - 1), "clamped to the last row");
    assert!(w.rows.len() <= WINDOW && w.get(ITEMS - 1).unwrap().title == "item 0", "{:?}", w.offset);
}

#[test]
fn anchors_resolve_to_positions() {
    let (_dir, mut rt, feed) = runtime();
    let store = rt.store.as_ref().unwrap();
    let target = store.headlines_page(&View::Feed(feed).into(), 700, 1).unwrap()[0].id;
    let query = HeadlineRequest {
        listing: View::Feed(feed).into(),
        anchor: Anchor::Item { id: target, fallback: 3 },
        open: false,
    };
    let (w, selected) = window(rt.execute(Effect::LoadHeadlines(query)));
    assert_eq!(selected, Some(700));
    assert_eq!(w.get(700).unwrap().id, target);

    rt.execute(Effect::MarkRead(View::Feed(feed).into()));
    let store = rt.store.as_ref().unwrap();
    let unread = store.headlines_page(&View::All.into(), 850, 1).unwrap()[0].id;
    store.set_read(unread, false).unwrap();
    let query = HeadlineRequest { listing: View::All.into(), anchor: Anchor::NextUnread { from: 10 }, open: true };
    let (w, selected) = window(rt.execute(Effect::LoadHeadlines(query)));
    assert_eq!(selected, Some(850));
    assert!(!w.get(850).unwrap().read);
    let query = HeadlineRequest { listing: View::All.into(), anchor: Anchor::NextUnread { from: 851 }, open: true };
    assert_eq!(window(rt.execute(Effect::LoadHeadlines(query))).1, None);
}

#[test]
fn previous_unread_resolves_backwards() {
    let (_dir, mut rt, feed) = runtime();
    rt.execute(Effect::MarkRead(View::Feed(feed).into()));
    let store = rt.store.as_ref().unwrap();
    for pos in [100, 400] {
        let id = store.headlines_page(&View::All.into(), pos, 1).unwrap()[0].id;
        store.set_read(id, false).unwrap();
    }
    let prev = |rt: &mut Executor, from| {
        let query = HeadlineRequest { listing: View::All.into(), anchor: Anchor::PrevUnread { from }, open: true };
        window(rt.execute(Effect::LoadHeadlines(query))).1
    };
    assert_eq!(prev(&mut rt, 399), Some(100));
    assert_eq!(prev(&mut rt, 400), Some(400));
    assert_eq!(prev(&mut rt, usize::MAX), Some(400), "from the end");
    assert_eq!(prev(&mut rt, 99), None);
}

#[test]
fn bulk_marks_answer_with_counts_and_undo_restores_them() {
    let (_dir, mut rt, feed) = runtime();
    let store = rt.store.as_ref().unwrap();
    let first = store.headlines_page(&View::All.into(), 0, 1).unwrap()[0].id;
    store.set_read(first, true).unwrap();
    assert_eq!(rt.execute(Effect::MarkRead(View::Feed(feed).into())), Some(Msg::Marked(ITEMS - 1)));
    assert_eq!(rt.execute(Effect::MarkRead(View::Feed(feed).into())), Some(Msg::Marked(0)));
    assert_eq!(rt.execute(Effect::UndoMark), Some(Msg::Undone(Some(ITEMS - 1))));
    let store = rt.store.as_ref().unwrap();
    assert!(store.headlines_page(&View::All.into(), 0, 1).unwrap()[0].read, "read before the bulk mark: stays read");
    assert_eq!(store.feeds().unwrap()[0].unread as usize, ITEMS - 1);
    assert_eq!(rt.execute(Effect::UndoMark), Some(Msg::Undone(None)));

    assert_eq!(rt.execute(Effect::SetStarred { item: first, starred: true }), None);
    assert_eq!(rt.execute(Effect::SaveHideRead(true)), None);
    let store = rt.store.as_ref().unwrap();
    assert!(store.headlines_page(&View::Starred.into(), 0, 5).unwrap().iter().map(|h| h.id).eq([first]));
    assert_eq!(store.ui_state("hide_read").unwrap().as_deref(), Some("1"));
}
