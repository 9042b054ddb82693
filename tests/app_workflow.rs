//! `update` tables for the reader workflow: views, stars, bulk marks and
//! undo, hide read, orders, search, key sequences, zen, mouse, notifications.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use crossterm::event::KeyCode;
use tidings::app::{
    Action, Anchor, App, Effect, HeadlineRequest, Key, Modal, Mouse, MouseKind, Msg, Pane, Question, Settings, Status,
    Window, update,
};
use tidings::model::{FeedId, FeedRow, Headline, ItemId, Listing, SavedView, Sort, View};
use tidings::poller::PollerEvent;

fn feed(id: i64, unread: u32, tags: &[&str]) -> FeedRow {
    FeedRow {
        id: FeedId(id),
        title: format!("Feed {id}"),
        unread,
        total: 5,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}

fn headline(id: i64, feed_id: i64, read: bool) -> Headline {
    Headline {
        id: ItemId(id),
        feed_id: FeedId(feed_id),
        title: format!("Item {id}"),
        date: 1_700_000_000 - id,
        read,
        starred: false,
    }
}

fn loaded(query: HeadlineRequest, rows: Vec<Headline>, selected: Option<usize>) -> Msg {
    Msg::HeadlinesLoaded { query, window: Window { total: rows.len(), offset: 0, rows, ..Window::default() }, selected }
}

/// Two feeds (1 tagged rust and news, 2 tagged news), a saved view, "All items" loaded.
fn app() -> App {
    let filter = tidings::query::parse("tag:rust unread").unwrap();
    let settings =
        Settings { saved_views: vec![SavedView { name: "R".into(), filter }], notify: true, ..Default::default() };
    let mut app = App::with_settings(120, 40, 0, settings);
    update(&mut app, Msg::FeedsLoaded(vec![feed(1, 2, &["rust", "news"]), feed(2, 1, &["news"])]));
    let rows = vec![headline(1, 1, false), headline(2, 1, false), headline(3, 1, true), headline(4, 2, false)];
    update(&mut app, loaded(HeadlineRequest::top(View::All), rows, Some(0)));
    app
}

fn act(app: &mut App, a: Action) -> Vec<Effect> {
    update(app, Msg::Action(a))
}

fn key(app: &mut App, k: Key) -> Vec<Effect> {
    update(app, Msg::Key(k))
}

fn listing(app: &App) -> Listing {
    app.listing()
}

#[test]
fn the_left_list_has_views_tags_saved_views_then_feeds() {
    let app = app();
    let saved = app.saved_views[0].clone();
    assert_eq!(
        app.nav,
        [
            View::All,
            View::Unread,
            View::Starred,
            View::Tag("rust".into()),
            View::Tag("news".into()),
            View::Saved(saved),
            View::Feed(FeedId(1)),
            View::Feed(FeedId(2))
        ]
    );
    assert_eq!(app.nav_entry(&View::Tag("news".into())).count, Some(3));
    assert_eq!(app.nav_entry(&View::Tag("rust".into())).label, "#rust");
}

#[test]
fn selecting_a_view_loads_it_and_ends_a_search() {
    let mut app = app();
    app.search = Some("x".into());
    assert_eq!(act(&mut app, Action::Down), vec![Effect::LoadHeadlines(HeadlineRequest::top(View::Unread))]);
    assert_eq!(app.search, None);
    act(&mut app, Action::Down);
    assert_eq!(
        act(&mut app, Action::Down),
        vec![Effect::LoadHeadlines(HeadlineRequest::top(View::Tag("rust".into())))]
    );
}

#[test]
fn star_toggles_on_the_row_and_the_count() {
    let mut app = app();
    act(&mut app, Action::Open);
    assert_eq!(act(&mut app, Action::ToggleStar), vec![Effect::SetStarred { item: ItemId(1), starred: true }]);
    assert!(app.headlines.rows[0].starred);
    assert_eq!(app.feeds[0].starred, 1);
    assert_eq!(app.nav_entry(&View::Starred).count, Some(1));
    assert_eq!(act(&mut app, Action::ToggleStar), vec![Effect::SetStarred { item: ItemId(1), starred: false }]);
    assert_eq!(app.feeds[0].starred, 0);
}

#[test]
fn bulk_marks_then_undo_reload_counts_and_rows() {
    let mut app = app();
    // A on "All items": everything shown is marked at once, then written.
    assert_eq!(act(&mut app, Action::MarkFeedRead), vec![Effect::MarkRead(View::All.into())]);
    assert!(app.headlines.rows.iter().all(|h| h.read));
    let reload = vec![
        Effect::LoadFeeds,
        Effect::LoadHeadlines(HeadlineRequest {
            listing: listing(&app),
            anchor: Anchor::Item { id: ItemId(1), fallback: 0 },
            open: false,
        }),
    ];
    assert_eq!(update(&mut app, Msg::Marked(3)), reload);
    assert_eq!(app.status, Status::Info("marked 3 items read (U undoes)".into()));
    assert_eq!(act(&mut app, Action::Undo), vec![Effect::UndoMark]);
    assert_eq!(update(&mut app, Msg::Undone(Some(3))), reload);
    assert_eq!(app.status, Status::Info("undone: 3 items unread again".into()));
    assert_eq!(update(&mut app, Msg::Undone(None)), vec![]);
    assert_eq!(app.status, Status::Info("nothing to undo".into()));
}

#[test]
fn mark_read_while_searching_marks_the_results() {
    let mut app = app();
    app.search = Some("rust".into());
    let want = Listing { search: Some("rust".into()), ..View::All.into() };
    assert_eq!(act(&mut app, Action::MarkFeedRead), vec![Effect::MarkRead(want)]);
}

#[test]
fn mark_everything_read_asks_first() {
    let mut app = app();
    assert_eq!(act(&mut app, Action::MarkAllRead), vec![]);
    assert_eq!(app.modal, Some(Modal::Confirm(Question::MarkAllRead)));
    assert_eq!(key(&mut app, Key::ch('n')), vec![], "n declines");
    assert_eq!(app.modal, None);
    assert_eq!(app.status, Status::Info("nothing marked".into()));
    act(&mut app, Action::MarkAllRead);
    assert_eq!(key(&mut app, Key::ch('y')), vec![Effect::MarkRead(View::All.into())]);
}

#[test]
fn hide_read_is_saved_and_reloads_on_the_same_item() {
    let mut app = app();
    update(&mut app, Msg::FeedsLoaded(vec![feed(1, 2, &[]), feed(2, 0, &[])]));
    let effects = act(&mut app, Action::ToggleHideRead);
    let listing = Listing { hide_read: true, ..View::All.into() };
    let query = HeadlineRequest { listing, anchor: Anchor::Item { id: ItemId(1), fallback: 0 }, open: false };
    assert_eq!(effects, vec![Effect::SaveHideRead(true), Effect::LoadHeadlines(query)]);
    assert!(!app.nav.contains(&View::Feed(FeedId(2))), "a feed with nothing unread is hidden");
    act(&mut app, Action::ToggleHideRead);
    assert!(app.nav.contains(&View::Feed(FeedId(2))));
}

#[test]
fn orders_cycle() {
    let mut app = app();
    let effects = act(&mut app, Action::CycleSort);
    assert_eq!(app.sort, Sort::Oldest);
    assert!(matches!(&effects[..], [Effect::LoadHeadlines(q)] if q.listing.sort == Sort::Oldest));
    act(&mut app, Action::CycleSort);
    assert_eq!(app.sort, Sort::Feed);
    update(&mut app, Msg::FeedsLoaded(vec![feed(1, 1, &[]), feed(2, 5, &[])]));
    assert_eq!(act(&mut app, Action::CycleFeedSort), vec![]);
    assert_eq!(act(&mut app, Action::CycleFeedSort), vec![]);
    assert_eq!(app.nav[4..], [View::Feed(FeedId(2)), View::Feed(FeedId(1))], "most unread first");
}

#[test]
fn search_follows_typing_and_esc_clears_it() {
    let mut app = app();
    act(&mut app, Action::Search);
    let q =
        |s: &str| Effect::LoadHeadlines(HeadlineRequest::top(Listing { search: Some(s.into()), ..View::All.into() }));
    assert_eq!(key(&mut app, Key::ch('g')), vec![q("g")]);
    assert_eq!(key(&mut app, Key::ch('é')), vec![q("gé")]);
    assert_eq!(key(&mut app, Key::plain(KeyCode::Backspace)), vec![q("g")]);
    assert_eq!(key(&mut app, Key::ch('q')), vec![q("gq")], "keys are text in the prompt, q does not quit");
    assert!(!app.quit);
    assert_eq!(key(&mut app, Key::plain(KeyCode::Enter)), vec![]);
    assert_eq!((app.modal.is_none(), app.focus, app.search.as_deref()), (true, Pane::Headlines, Some("gq")));
    // Esc in the list clears the search, staying on the same item.
    let effects = key(&mut app, Key::plain(KeyCode::Esc));
    let back =
        HeadlineRequest { listing: View::All.into(), anchor: Anchor::Item { id: ItemId(1), fallback: 0 }, open: false };
    assert_eq!(effects, vec![Effect::LoadHeadlines(back)]);
    assert_eq!(app.focus, Pane::Headlines);
}

#[test]
fn key_sequences_wait_for_their_second_key() {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Bottom);
    assert_eq!(key(&mut app, Key::ch('g')), vec![]);
    assert_eq!(app.pending_keys, [Key::ch('g')]);
    key(&mut app, Key::ch('g'));
    assert_eq!((app.item_sel, app.pending_keys.len()), (0, 0));
    // A key that ends no sequence counts on its own; Esc only cancels.
    key(&mut app, Key::ch('g'));
    key(&mut app, Key::ch('j'));
    assert_eq!(app.item_sel, 1);
    key(&mut app, Key::ch('g'));
    key(&mut app, Key::plain(KeyCode::Esc));
    assert_eq!((app.focus, app.pending_keys.len()), (Pane::Headlines, 0));
    assert_eq!(key(&mut app, Key::ctrl('c')), vec![]);
    assert!(app.quit);
}

#[test]
fn previous_unread_and_next_previous_item() {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Bottom);
    assert_eq!(act(&mut app, Action::PrevUnread)[0], Effect::LoadArticle(ItemId(4)));
    assert_eq!(act(&mut app, Action::PrevUnread)[0], Effect::LoadArticle(ItemId(2)), "skips read item 3");
    assert_eq!(act(&mut app, Action::NextItem), vec![Effect::LoadArticle(ItemId(3))], "J opens the next, read or not");
    assert_eq!(act(&mut app, Action::PrevItem)[0], Effect::LoadArticle(ItemId(2)));
    act(&mut app, Action::PrevItem);
    assert_eq!(act(&mut app, Action::PrevItem), vec![]);
    assert_eq!(app.status, Status::Info("first item".into()));
    // Reading the first item, "previous unread" wraps to the end of the view once.
    let wrap =
        HeadlineRequest { listing: View::All.into(), anchor: Anchor::PrevUnread { from: usize::MAX }, open: true };
    assert_eq!(act(&mut app, Action::PrevUnread), vec![Effect::LoadHeadlines(wrap.clone())]);
    let rows: Vec<Headline> = app.headlines.rows.iter().map(|h| Headline { read: true, ..h.clone() }).collect();
    assert_eq!(update(&mut app, loaded(wrap, rows, None)), vec![]);
    assert_eq!(app.status, Status::Info("no unread items".into()));
}

#[test]
fn zen_reads_the_selected_item_alone() {
    let mut app = app();
    act(&mut app, Action::Open);
    let effects = act(&mut app, Action::Zen);
    assert_eq!(effects, vec![Effect::LoadArticle(ItemId(1)), Effect::SetRead { item: ItemId(1), read: true }]);
    assert!(app.zen && app.focus == Pane::Article);
    let panes = app.panes();
    assert_eq!((panes.feeds, panes.headlines), (None, None));
    act(&mut app, Action::Back);
    assert!(!app.zen);
}

#[test]
fn clicks_select_and_focus_the_wheel_scrolls() {
    let mut app = app();
    let click = |column, row| Msg::Mouse(Mouse { kind: MouseKind::Click, column, row });
    // The third row of the left list (inside its border) is Starred.
    assert_eq!(update(&mut app, click(3, 3)), vec![Effect::LoadHeadlines(HeadlineRequest::top(View::Starred))]);
    assert_eq!(app.focus, Pane::Feeds);
    let heads = app.panes().headlines.unwrap();
    update(
        &mut app,
        loaded(HeadlineRequest::top(View::Starred), vec![headline(1, 1, false), headline(2, 1, false)], Some(0)),
    );
    assert_eq!(update(&mut app, click(heads.x + 3, heads.y + 2)), vec![]);
    assert_eq!((app.focus, app.item_sel), (Pane::Headlines, 1));
    let opened = update(&mut app, click(heads.x + 3, heads.y + 2));
    assert_eq!(
        opened,
        vec![Effect::LoadArticle(ItemId(2)), Effect::SetRead { item: ItemId(2), read: true }],
        "a second click opens"
    );
    let wheel = |kind| Msg::Mouse(Mouse { kind, column: 3, row: 3 });
    update(&mut app, wheel(MouseKind::ScrollDown));
    assert_eq!((app.feed_sel, app.focus), (5, Pane::Article), "the wheel scrolls the list under it, focus stays");
}

#[test]
fn a_background_refresh_with_new_items_notifies() {
    let mut app = app();
    update(&mut app, Msg::Poller(PollerEvent::Queued { feeds: vec![FeedId(1)] }));
    update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(1), new_items: 3 }));
    // Once the fetches are done, not after the search index caught up.
    assert_eq!(update(&mut app, Msg::Poller(PollerEvent::FetchesDone)), vec![Effect::Notify { new_items: 3 }]);
    assert!(matches!(&app.status, Status::Info(s) if s == "refreshed 1 feed, 3 new items"), "{:?}", app.status);
    assert_eq!(update(&mut app, Msg::Poller(PollerEvent::Idle)), vec![], "said once");
    // One the user asked for does not.
    assert_eq!(act(&mut app, Action::RefreshAll), vec![Effect::Refresh(None)]);
    update(&mut app, Msg::Poller(PollerEvent::Queued { feeds: vec![FeedId(1)] }));
    update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(1), new_items: 3 }));
    assert_eq!(update(&mut app, Msg::Poller(PollerEvent::Idle)), vec![]);
}

#[test]
fn results_reload_when_the_search_index_caught_up() {
    let mut app = app();
    update(&mut app, Msg::Poller(PollerEvent::SearchIndexing));
    assert_eq!(update(&mut app, Msg::Poller(PollerEvent::SearchIndexed { items: 9 })), vec![], "no search shown");
    act(&mut app, Action::Search);
    key(&mut app, Key::ch('r'));
    update(&mut app, Msg::Poller(PollerEvent::SearchIndexing));
    assert!(app.search_indexing);
    let effects = update(&mut app, Msg::Poller(PollerEvent::SearchIndexed { items: 9 }));
    let again = HeadlineRequest {
        listing: Listing { search: Some("r".into()), ..View::All.into() },
        anchor: Anchor::Item { id: ItemId(1), fallback: 0 },
        open: false,
    };
    assert_eq!(effects, vec![Effect::LoadFeeds, Effect::LoadHeadlines(again.clone())]);
    assert!(!app.search_indexing);
    // From the end of a refresh that stored new items until the index caught
    // up (or `Idle`, should no catch-up report), the search says so.
    update(&mut app, Msg::Poller(PollerEvent::Queued { feeds: vec![FeedId(1)] }));
    update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(1), new_items: 2 }));
    update(&mut app, Msg::Poller(PollerEvent::FetchesDone));
    assert!(app.search_indexing, "no gap before SearchIndexing");
    let effects = update(&mut app, Msg::Poller(PollerEvent::Idle));
    assert!(!app.search_indexing);
    assert_eq!(effects, vec![Effect::LoadFeeds, Effect::LoadHeadlines(again)]);
}

#[test]
fn a_feed_marked_failed_says_why_when_shown() {
    let mut app = app();
    let mut broken = feed(2, 1, &["news"]);
    broken.last_error = Some("HTTP 500".into());
    update(&mut app, Msg::FeedsLoaded(vec![feed(1, 2, &["rust", "news"]), broken]));
    for _ in 0..20 {
        if app.view == View::Feed(FeedId(2)) {
            break;
        }
        act(&mut app, Action::Down);
        assert!(!matches!(app.status, Status::Error(_)) || app.view == View::Feed(FeedId(2)), "{:?}", app.view);
    }
    assert!(matches!(&app.status, Status::Error(s) if s == "Feed 2: HTTP 500"), "{:?}", app.status);
}

#[test]
fn a_tag_view_reloads_only_for_its_feeds() {
    let mut app = app();
    for _ in 0..3 {
        act(&mut app, Action::Down);
    }
    assert_eq!(app.view, View::Tag("rust".into()));
    let other = update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(2), new_items: 1 }));
    assert_eq!(other, vec![Effect::LoadFeeds]);
    let mine = update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(1), new_items: 2 }));
    assert_eq!(mine.len(), 2, "new items shift positions: {mine:?}");
}

#[test]
fn a_reloaded_config_brings_its_keys_and_views_in_force() {
    let mut app = app();
    // Showing the saved view "R" when the config drops it and rebinds quit.
    while !matches!(app.view, View::Saved(_)) {
        act(&mut app, Action::Down);
    }
    let keys = [("quit".to_string(), tidings::keymap::KeyList::Many(vec!["x".into()]))].into_iter().collect();
    let settings = Settings { keymap: tidings::app::Keymap::from_config(&keys).unwrap(), ..Default::default() };
    let note = "config reloaded: 2 feeds".to_string();
    let effects = update(&mut app, Msg::ConfigApplied { note, settings: Some(Box::new(settings)) });
    assert_eq!(app.view, View::All, "the saved view is gone, so is its listing");
    assert!(!app.nav.iter().any(|v| matches!(v, View::Saved(_))), "{:?}", app.nav);
    assert!(effects.contains(&Effect::LoadHeadlines(HeadlineRequest {
        listing: View::All.into(),
        ..HeadlineRequest::top(View::All)
    })));
    assert!(!app.notify, "the new config has no notify command");
    assert_eq!(key(&mut app, Key::ch('q')), vec![], "q no longer quits");
    assert!(!app.quit);
    key(&mut app, Key::ch('x'));
    assert!(app.quit, "x does");
}
