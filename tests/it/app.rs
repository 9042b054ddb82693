//! `update` as (state, message) → (state, effects) tables.

use crate::common::app::{act, headline, key, loaded};
use crate::common::settle;
use crossterm::event::KeyCode;
use tidings::app::{
    Action, Anchor, App, Effect, Failure, HeadlineRequest, InputKind, Key, Modal, Msg, Pane, Question, Status, Window,
    update,
};
use tidings::config::ConfigError;
use tidings::discover::Found;
use tidings::model::{Article, FeedId, FeedRow, Headline, ItemId, View};
use tidings::poller::{FeedError, PollerEvent};

fn feed(id: i64, unread: u32) -> FeedRow {
    FeedRow {
        id: FeedId(id),
        url: format!("https://e.example/{id}"),
        title: format!("Feed {id}"),
        unread,
        total: 5,
        last_error: None,
        last_fetched: None,
        ..Default::default()
    }
}

fn article(id: i64, paragraphs: usize) -> Article {
    Article {
        id: ItemId(id),
        feed_id: FeedId(1),
        feed_title: "Feed 1".into(),
        title: format!("Item {id}"),
        author: None,
        link: Some("https://e.example/a".into()),
        date: 0,
        content: Some(
            "<p>Some words to wrap here, and then some more words so that each paragraph spans lines.</p>"
                .repeat(paragraphs),
        ),
        read: true,
        starred: false,
        ..Article::default()
    }
}

fn top(view: View, rows: Vec<Headline>) -> Msg {
    loaded(HeadlineRequest::top(view), rows, Some(0))
}

/// Two feeds; "All items" shows items 1..=4 (1, 2 from feed 1 unread; 3 read; 4 from feed 2 unread).
fn app() -> App {
    let mut app = App::new(120, 40, 0);
    update(&mut app, Msg::FeedsLoaded(vec![feed(1, 2), feed(2, 1)]));
    let heads = vec![headline(1, 1, false), headline(2, 1, false), headline(3, 1, true), headline(4, 2, false)];
    update(&mut app, top(View::All, heads));
    app
}

/// Moves down the left list (views first, then feeds) to feed `id`; the last move's effects.
fn to_feed(app: &mut App, id: i64) -> Vec<Effect> {
    let mut effects = Vec::new();
    while app.view != View::Feed(FeedId(id)) {
        assert!(app.feed_sel + 1 < app.nav.len(), "feed {id} not in {:?}", app.nav);
        effects = act(app, Action::Down);
    }
    effects
}

#[test]
fn start_loads_feeds_and_all_items() {
    assert_eq!(
        App::new(80, 24, 0).start(),
        vec![Effect::LoadFeeds, Effect::LoadHeadlines(HeadlineRequest::top(View::All))]
    );
    assert_eq!(App::welcome("c.toml".into(), 80, 24).start(), vec![]);
}

#[test]
fn a_on_the_welcome_screen_asks_for_an_address_and_subscribes_to_what_is_found() {
    let mut app = App::welcome("c.toml".into(), 80, 24);
    assert_eq!(act(&mut app, Action::Down), vec![], "no reader behind the welcome screen");
    assert_eq!(act(&mut app, Action::AddFeed), vec![]);
    assert_eq!(app.modal, Some(Modal::input(InputKind::AddFeed, "")));
    for c in "a.example".chars() {
        update(&mut app, Msg::Key(Key::ch(c)));
    }
    assert_eq!(update(&mut app, Msg::Key(Key::plain(KeyCode::Enter))), vec![Effect::Discover("a.example".into())]);
    let found = Found { url: "https://a.example/feed".into(), title: None, kind: None };
    let answer = PollerEvent::Discovered { input: "a.example".into(), result: Ok(vec![found]) };
    assert_eq!(update(&mut app, Msg::Poller(answer)), vec![Effect::AddFeed { url: "https://a.example/feed".into() }]);
    assert!(app.welcome.is_some() && !app.quit, "the runtime switches to the reader once the file exists");
}

#[test]
fn moving_in_the_feed_list_loads_that_feed() {
    let mut app = app();
    assert_eq!(app.nav, [View::All, View::Unread, View::Starred, View::Feed(FeedId(1)), View::Feed(FeedId(2))]);
    assert_eq!(act(&mut app, Action::Down), vec![Effect::LoadHeadlines(HeadlineRequest::top(View::Unread))]);
    assert_eq!(to_feed(&mut app, 1), vec![Effect::LoadHeadlines(HeadlineRequest::top(View::Feed(FeedId(1))))]);
    assert_eq!(app.view, View::Feed(FeedId(1)));
    assert_eq!(act(&mut app, Action::Bottom), vec![Effect::LoadHeadlines(HeadlineRequest::top(View::Feed(FeedId(2))))]);
    assert_eq!(act(&mut app, Action::Down), vec![], "already at the bottom");
    assert_eq!(act(&mut app, Action::Top), vec![Effect::LoadHeadlines(HeadlineRequest::top(View::All))]);
}

#[test]
fn opening_an_item_marks_it_read_at_once() {
    let mut app = app();
    assert_eq!(act(&mut app, Action::Open), vec![]);
    assert_eq!(app.focus, Pane::Headlines);
    let effects = act(&mut app, Action::Open);
    assert_eq!(effects, vec![Effect::LoadArticle(ItemId(1)), Effect::SetRead { item: ItemId(1), read: true }]);
    assert_eq!(app.focus, Pane::Article);
    assert!(app.headlines.rows[0].read);
    assert_eq!(app.feeds[0].unread, 1);
    assert_eq!(app.total_unread(), 2);
}

#[test]
fn toggle_read_flips_and_counts() {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down); // item 3, read
    assert_eq!(act(&mut app, Action::ToggleRead), vec![Effect::SetRead { item: ItemId(3), read: false }]);
    assert_eq!(app.feeds[0].unread, 3);
    assert_eq!(act(&mut app, Action::ToggleRead), vec![Effect::SetRead { item: ItemId(3), read: true }]);
    assert_eq!(app.feeds[0].unread, 2);
}

#[test]
fn new_items_reload_around_the_selected_item() {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Down); // item 2, at position 1
    let effects = update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(2), new_items: 2 }));
    let query =
        HeadlineRequest { listing: View::All.into(), anchor: Anchor::Item { id: ItemId(2), fallback: 1 }, open: false };
    assert_eq!(effects, vec![Effect::LoadFeeds, Effect::LoadHeadlines(query.clone())]);
    // The store found item 2 two rows further down: the selection follows it.
    let mut heads = vec![headline(9, 2, false), headline(8, 2, false)];
    heads.extend(app.headlines.rows.clone());
    update(&mut app, loaded(query.clone(), heads, Some(3)));
    assert_eq!(app.selected_headline().unwrap().id, ItemId(2));
    assert_eq!(app.item_sel, 3);
}

#[test]
fn moving_past_the_loaded_rows_asks_for_the_next_window() {
    let mut app = app();
    let rows: Vec<Headline> = (0..300).map(|i| headline(i, 1, true)).collect();
    update(
        &mut app,
        Msg::HeadlinesLoaded {
            query: HeadlineRequest::top(View::All),
            window: Window { total: 10_000, offset: 0, rows, ..Window::default() },
            selected: Some(0),
        },
    );
    act(&mut app, Action::Open);
    assert_eq!(act(&mut app, Action::PageDown), vec![], "still inside the window");
    let effects = act(&mut app, Action::Bottom);
    let query = HeadlineRequest { listing: View::All.into(), anchor: Anchor::Index(9_999), open: false };
    assert_eq!(effects, vec![Effect::LoadHeadlines(query)]);
    assert_eq!(app.item_sel, 9_999);
    assert_eq!(app.item_scroll, 9_999 + 1 - 37, "the last row is at the bottom of the pane");
}

#[test]
fn answers_for_a_view_already_left_are_ignored() {
    let mut app = app();
    let before = app.headlines.clone();
    update(&mut app, top(View::Feed(FeedId(2)), vec![headline(4, 2, false)]));
    assert_eq!(app.headlines, before);
}

#[test]
fn next_unread_in_view_then_across_feeds() {
    let mut app = app();
    act(&mut app, Action::Open);
    assert_eq!(act(&mut app, Action::NextUnread)[0], Effect::LoadArticle(ItemId(1)));
    assert_eq!(act(&mut app, Action::NextUnread)[0], Effect::LoadArticle(ItemId(2)));
    assert_eq!(act(&mut app, Action::NextUnread)[0], Effect::LoadArticle(ItemId(4)), "skips read item 3");

    // In a single feed with nothing unread left, the store is asked, then the next feed.
    let mut app = app_on_feed_1_all_read();
    let ask =
        HeadlineRequest { listing: View::Feed(FeedId(1)).into(), anchor: Anchor::NextUnread { from: 0 }, open: true };
    assert_eq!(act(&mut app, Action::NextUnread), vec![Effect::LoadHeadlines(ask.clone())]);
    let effects = update(&mut app, loaded(ask.clone(), vec![headline(3, 1, true)], None));
    let next =
        HeadlineRequest { listing: View::Feed(FeedId(2)).into(), anchor: Anchor::NextUnread { from: 0 }, open: true };
    assert_eq!(effects, vec![Effect::LoadHeadlines(next.clone())]);
    assert_eq!(app.selected_view(), View::Feed(FeedId(2)));
    let effects = update(&mut app, loaded(next, vec![headline(4, 2, false)], Some(0)));
    assert_eq!(effects, vec![Effect::LoadArticle(ItemId(4)), Effect::SetRead { item: ItemId(4), read: true }]);
}

fn app_on_feed_1_all_read() -> App {
    let mut app = app();
    to_feed(&mut app, 1);
    update(&mut app, Msg::FeedsLoaded(vec![feed(1, 0), feed(2, 1)]));
    update(&mut app, top(View::Feed(FeedId(1)), vec![headline(3, 1, true)]));
    act(&mut app, Action::Open);
    app
}

#[test]
fn nothing_unread_says_so() {
    let mut app = app();
    update(&mut app, Msg::FeedsLoaded(vec![feed(1, 0), feed(2, 0)]));
    update(&mut app, top(View::All, vec![headline(3, 1, true)]));
    let ask = HeadlineRequest { listing: View::All.into(), anchor: Anchor::NextUnread { from: 0 }, open: true };
    assert_eq!(act(&mut app, Action::NextUnread), vec![Effect::LoadHeadlines(ask.clone())]);
    assert_eq!(update(&mut app, loaded(ask, vec![headline(3, 1, true)], None)), vec![]);
    assert_eq!(app.status, Status::Info("no unread items".into()));
}

#[test]
fn mark_feed_read_and_refresh_target_the_selected_feed() {
    let mut app = app();
    to_feed(&mut app, 1);
    assert_eq!(act(&mut app, Action::MarkFeedRead), vec![Effect::MarkRead(View::Feed(FeedId(1)).into())]);
    assert_eq!(act(&mut app, Action::RefreshFeed), vec![Effect::Refresh(Some(FeedId(1)))]);
    assert_eq!(act(&mut app, Action::RefreshAll), vec![Effect::Refresh(None)]);
    act(&mut app, Action::Top);
    assert_eq!(act(&mut app, Action::RefreshFeed), vec![Effect::Refresh(None)]);
}

#[test]
fn panes_cycle_and_go_back() {
    let mut app = app();
    act(&mut app, Action::NextPane);
    assert_eq!(app.focus, Pane::Headlines);
    act(&mut app, Action::NextPane);
    assert_eq!(app.focus, Pane::Feeds, "no article open: the article pane is skipped");
    act(&mut app, Action::Open);
    act(&mut app, Action::Open);
    update(&mut app, Msg::ArticleLoaded(article(1, 3)));
    act(&mut app, Action::Back);
    assert_eq!(app.focus, Pane::Headlines);
    act(&mut app, Action::NextPane);
    assert_eq!(app.focus, Pane::Article);
    act(&mut app, Action::NextPane);
    assert_eq!(app.focus, Pane::Feeds);
}

#[test]
fn article_scrolls_by_line_and_page_within_bounds() {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Open);
    settle(&mut app, Msg::ArticleLoaded(article(1, 100)));
    let total = app.article.as_ref().unwrap().lines().len();
    assert!(total > 100, "{total}");
    act(&mut app, Action::Down);
    assert_eq!(app.article.as_ref().unwrap().scroll, 1);
    act(&mut app, Action::PageDown);
    assert_eq!(app.article.as_ref().unwrap().scroll, 1 + 36, "page = 37 rows less one of context");
    act(&mut app, Action::Bottom);
    assert_eq!(app.article.as_ref().unwrap().scroll, total - 37, "the last page is a full page of 37 rows");
    act(&mut app, Action::PageUp);
    assert_eq!(app.article.as_ref().unwrap().scroll, total - 37 - 36, "a page back, one row of context kept");
    act(&mut app, Action::PageUp);
    assert_eq!(app.article.as_ref().unwrap().scroll, total - 37 - 2 * 36);
    act(&mut app, Action::Top);
    act(&mut app, Action::PageUp);
    assert_eq!(app.article.as_ref().unwrap().scroll, 0, "no page above the top");
    act(&mut app, Action::Top);
    assert_eq!(app.article.as_ref().unwrap().scroll, 0);
}

#[test]
fn resize_rewraps_the_article() {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Open);
    settle(&mut app, Msg::ArticleLoaded(article(1, 20)));
    let wide = app.article.as_ref().unwrap().lines().len();
    assert_eq!(app.article.as_ref().unwrap().rendered.as_ref().unwrap().width, 49);
    settle(&mut app, Msg::Resize { width: 100, height: 30 });
    let narrow = app.article.as_ref().unwrap().lines().len();
    assert!(narrow > wide, "{narrow} > {wide}");
    assert_eq!(app.article.as_ref().unwrap().rendered.as_ref().unwrap().width, 40);
}

#[test]
fn poller_events_drive_progress_and_reloads() {
    let mut app = app();
    update(&mut app, Msg::Poller(PollerEvent::Queued { feeds: vec![FeedId(1), FeedId(2)] }));
    assert!(app.is_refreshing());
    let effects = update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(2), new_items: 3 }));
    let query =
        HeadlineRequest { listing: View::All.into(), anchor: Anchor::Item { id: ItemId(1), fallback: 0 }, open: false };
    assert_eq!(effects, vec![Effect::LoadFeeds, Effect::LoadHeadlines(query)]);
    let effects = update(
        &mut app,
        Msg::Poller(PollerEvent::FeedFailed { feed: FeedId(1), error: FeedError::Fetch("HTTP 500".into()) }),
    );
    assert_eq!(effects, vec![Effect::LoadFeeds]);
    assert_eq!(app.status, Status::Error("Feed 1: HTTP 500".into()));
    update(&mut app, Msg::Poller(PollerEvent::Idle));
    assert!(!app.is_refreshing());
    assert_eq!(app.status, Status::Error("Feed 1: HTTP 500".into()), "the error stays visible");
}

#[test]
fn fetch_outcomes_as_a_table() {
    use PollerEvent::*;
    let moved = "Feed 2 moved permanently to https://new.example/feed; update the config";
    let gone = "Feed 1 is gone (HTTP 410): no longer polled; remove it from the config";
    let skipped = "Feed 2 not refreshed: the server asked to wait; next try in 2 min";
    // (event, effects, status after it, done, failed)
    let table: Vec<(PollerEvent, Vec<Effect>, Status, usize, usize)> = vec![
        (FeedUnchanged { feed: FeedId(1) }, vec![], Status::None, 1, 0),
        (
            FeedRedirected { feed: FeedId(2), to: "https://new.example/feed".into() },
            vec![],
            Status::Info(moved.into()),
            1,
            0,
        ),
        (FeedUpdated { feed: FeedId(2), new_items: 0 }, vec![Effect::LoadFeeds], Status::Info(moved.into()), 2, 0),
        (FeedGone { feed: FeedId(1) }, vec![Effect::LoadFeeds], Status::Error(gone.into()), 3, 1),
        (
            FeedSkipped { feed: FeedId(2), reason: "the server asked to wait; next try in 2 min".into() },
            vec![],
            Status::Info(skipped.into()),
            3,
            1,
        ),
    ];
    let mut app = app();
    update(&mut app, Msg::Poller(Queued { feeds: vec![FeedId(1), FeedId(2), FeedId(1)] }));
    for (event, effects, status, done, failed) in table {
        let label = format!("{event:?}");
        assert_eq!(update(&mut app, Msg::Poller(event)), effects, "{label}");
        assert_eq!((&app.status, app.refresh.done, app.refresh.failed), (&status, done, failed), "{label}");
    }
}

#[test]
fn the_summary_counts_moves_and_skips() {
    let mut app = app();
    for event in [
        PollerEvent::Queued { feeds: vec![FeedId(1), FeedId(2)] },
        PollerEvent::FeedRedirected { feed: FeedId(1), to: "https://n.example/".into() },
        PollerEvent::FeedUpdated { feed: FeedId(1), new_items: 4 },
        PollerEvent::FeedUnchanged { feed: FeedId(2) },
        PollerEvent::FeedSkipped { feed: FeedId(2), reason: "gone".into() },
        PollerEvent::Idle,
    ] {
        update(&mut app, Msg::Poller(event));
    }
    let expected =
        "refreshed 2 feeds, 4 new items; 1 moved permanently (see tidings check); 1 skipped (asked to wait or gone)";
    assert_eq!(app.status, Status::Info(expected.into()));
}

#[test]
fn an_unchanged_feed_with_an_old_error_reloads_the_list() {
    let mut app = App::new(120, 40, 0);
    let mut failing = feed(1, 0);
    failing.last_error = Some("HTTP 500".into());
    update(&mut app, Msg::FeedsLoaded(vec![failing]));
    assert_eq!(update(&mut app, Msg::Poller(PollerEvent::FeedUnchanged { feed: FeedId(1) })), vec![Effect::LoadFeeds]);
}

#[test]
fn a_burst_of_effects_reloads_once_after_the_writes() {
    let all =
        Effect::LoadHeadlines(HeadlineRequest { listing: View::All.into(), anchor: Anchor::Index(0), open: false });
    let feed = Effect::LoadHeadlines(HeadlineRequest {
        listing: View::Feed(FeedId(1)).into(),
        anchor: Anchor::Index(0),
        open: false,
    });
    let opening =
        Effect::LoadHeadlines(HeadlineRequest { listing: View::All.into(), anchor: Anchor::Index(0), open: true });
    let burst = vec![
        Effect::LoadFeeds,
        all.clone(),
        opening.clone(),
        Effect::SetRead { item: ItemId(3), read: true },
        Effect::LoadFeeds,
        feed.clone(),
        all.clone(),
    ];
    assert_eq!(
        tidings::app::coalesce(burst),
        vec![opening, Effect::SetRead { item: ItemId(3), read: true }, Effect::LoadFeeds, feed, all],
        "only exact repeats go, the last one stays"
    );
}

#[test]
fn updates_for_other_feeds_do_not_reload_this_view() {
    let mut app = app();
    to_feed(&mut app, 1);
    let effects = update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(2), new_items: 3 }));
    assert_eq!(effects, vec![Effect::LoadFeeds]);
}

#[test]
fn help_swallows_keys_until_closed() {
    let mut app = app();
    act(&mut app, Action::Help);
    assert!(matches!(app.modal, Some(Modal::Help { .. })));
    assert_eq!(act(&mut app, Action::Down), vec![]);
    assert_eq!(app.feed_sel, 0);
    act(&mut app, Action::Back);
    assert_eq!(app.modal, None);
    act(&mut app, Action::Quit);
    assert!(app.quit);
}

#[test]
fn help_scrolls_when_the_terminal_is_short() {
    let mut app = app();
    update(&mut app, Msg::Resize { width: 60, height: 15 });
    act(&mut app, Action::Help);
    assert_eq!(app.help_rows(), 13);
    act(&mut app, Action::Down);
    assert_eq!(app.modal, Some(Modal::Help { scroll: 1 }));
    act(&mut app, Action::Bottom);
    assert_eq!(app.modal, Some(Modal::Help { scroll: app.help_len() - 13 }));
    act(&mut app, Action::Down);
    assert_eq!(app.modal, Some(Modal::Help { scroll: app.help_len() - 13 }), "clamped");
    assert_eq!(app.feed_sel, 0, "the feed list did not move");
}

#[test]
fn open_link_targets_the_item() {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Down);
    assert_eq!(act(&mut app, Action::OpenLink), vec![Effect::OpenItemLink(ItemId(2))]);
}

#[test]
fn readme_key_table_matches_the_keymap() {
    let readme = include_str!("../../README.md");
    let rows = tidings::app::Keymap::default().help_rows();
    let table = readme.split("| keys | action |").nth(1).expect("README has a key table");
    let listed = table.lines().skip(2).take_while(|l| l.starts_with('|')).count();
    assert_eq!(listed, rows.len(), "the README table has a row per action, no more");
    for (keys, desc) in rows {
        // A `|` inside a table cell is written `\|`.
        let mut cell: Vec<String> = keys.iter().map(|k| format!("`{}`", k.replace('|', "\\|"))).collect();
        if cell.is_empty() {
            cell.push("(unbound)".into());
        }
        let row = format!("| {} | {desc} |", cell.join(" "));
        assert!(readme.contains(&row), "README lacks the row: {row}");
    }
}

#[test]
fn retention_reloads_counts_and_the_list_around_the_selection() {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Down);
    let effects = update(&mut app, Msg::Poller(PollerEvent::Pruned { items: 12 }));
    let query =
        HeadlineRequest { listing: View::All.into(), anchor: Anchor::Item { id: ItemId(2), fallback: 1 }, open: false };
    assert_eq!(effects, vec![Effect::LoadFeeds, Effect::LoadHeadlines(query)]);
    assert_eq!(app.status, Status::Info("retention removed 12 old items".into()));
}

/// The app with item 1 open, its body holding `links` links (link i goes to /i).
fn reading(links: usize) -> App {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Open);
    let body: String = (1..=links).map(|i| format!("<a href='/{i}'>l{i}</a> ")).collect();
    let mut a = article(1, 1);
    a.content = Some(format!("<p>{body}<a href='javascript:x()'>bad</a></p>"));
    settle(&mut app, Msg::ArticleLoaded(a));
    app
}

#[test]
fn digits_open_links_of_the_article() {
    let mut app = reading(3);
    assert_eq!(act(&mut app, Action::OpenLinkNumber(2)), vec![Effect::OpenUrl("https://e.example/2".into())]);
    assert_eq!(act(&mut app, Action::OpenLinkNumber(4)), vec![], "javascript: is never opened");
    assert!(matches!(&app.status, Status::Error(e) if e.starts_with("link 4 is not opened")), "{:?}", app.status);
    assert_eq!(act(&mut app, Action::OpenLinkNumber(9)), vec![]);
    assert_eq!(app.status, Status::Error("no link 9 (this article has 4)".into()));
}

#[test]
fn the_prompt_opens_links_past_nine() {
    let link = InputKind::Link { over_list: None };
    let mut app = reading(12);
    act(&mut app, Action::LinkPrompt);
    assert_eq!(app.modal, Some(Modal::input(link, "")));
    for key in [Key::ch('1'), Key::ch('x'), Key::ch('3'), Key::plain(KeyCode::Backspace), Key::ch('2')] {
        update(&mut app, Msg::Key(key));
    }
    assert_eq!(app.modal, Some(Modal::input(link, "12")));
    let enter = update(&mut app, Msg::Key(Key::plain(KeyCode::Enter)));
    assert_eq!(enter, vec![Effect::OpenUrl("https://e.example/12".into())]);
    assert_eq!(app.modal, None);
    act(&mut app, Action::LinkPrompt);
    update(&mut app, Msg::Key(Key::plain(KeyCode::Esc)));
    assert_eq!(app.modal, None);
}

#[test]
fn the_link_list_shows_and_opens() {
    let mut app = reading(3);
    act(&mut app, Action::ShowLinks);
    assert_eq!(app.modal, Some(Modal::Links { scroll: 0 }));
    assert_eq!(act(&mut app, Action::Down), vec![], "the list is short: nothing to scroll");
    assert_eq!(act(&mut app, Action::OpenLinkNumber(1)), vec![Effect::OpenUrl("https://e.example/1".into())]);
    act(&mut app, Action::Back);
    assert_eq!(app.modal, None);
    assert_eq!(app.article.as_ref().unwrap().scroll, 0);
}

#[test]
fn y_copies_the_link_of_the_item_in_view() {
    let mut app = reading(1);
    assert_eq!(act(&mut app, Action::CopyLink), vec![Effect::CopyItemLink(ItemId(1))]);
    act(&mut app, Action::Back);
    act(&mut app, Action::Down);
    assert_eq!(
        act(&mut app, Action::CopyLink),
        vec![Effect::CopyItemLink(ItemId(2))],
        "in the list: the selected item"
    );
}

#[test]
fn e_plays_the_enclosure() {
    let mut app = reading(1);
    assert_eq!(act(&mut app, Action::PlayEnclosure), vec![]);
    assert_eq!(app.status, Status::Info("this item has no enclosure".into()));
    let mut a = app.article.as_ref().unwrap().article.clone();
    a.enclosures =
        vec![tidings::model::Enclosure { url: "https://cdn.example/e.mp3".into(), mime: None, length: None }];
    settle(&mut app, Msg::ArticleLoaded(a));
    assert_eq!(act(&mut app, Action::PlayEnclosure), vec![Effect::Play("https://cdn.example/e.mp3".into())]);
}

#[test]
fn f_fetches_then_shows_the_full_text_and_toggles_back() {
    use tidings::article::Source;
    let mut app = reading(1);
    assert_eq!(act(&mut app, Action::ToggleFullText), vec![Effect::FetchFullText(ItemId(1))]);
    assert_eq!(app.status, Status::Info("fetching the full article…".into()));
    assert_eq!(act(&mut app, Action::ToggleFullText), vec![], "already on its way");
    let effects = update(&mut app, Msg::Poller(PollerEvent::FullTextFetched { item: ItemId(1) }));
    assert_eq!(effects, vec![Effect::LoadArticle(ItemId(1))]);
    let mut a = app.article.as_ref().unwrap().article.clone();
    a.full_text = Some("<p>The whole story.</p>".into());
    settle(&mut app, Msg::ArticleLoaded(a));
    let open = app.article.as_ref().unwrap();
    assert_eq!(open.source, Source::FullText);
    assert!(open.lines().iter().any(|l| l.to_string() == "The whole story."));
    settle(&mut app, Msg::Action(Action::ToggleFullText));
    assert_eq!(app.article.as_ref().unwrap().source, Source::Feed, "stored: no fetch, just the feed's text");

    let effects =
        update(&mut app, Msg::Poller(PollerEvent::FullTextFailed { item: ItemId(2), error: "HTTP 404".into() }));
    assert_eq!(effects, vec![]);
    assert_eq!(app.status, Status::Error("full text: HTTP 404".into()));
}

#[test]
fn stale_layouts_are_ignored() {
    let mut app = reading(1);
    let old = app.article.as_ref().unwrap().rendered.clone().unwrap();
    let effects = update(&mut app, Msg::Resize { width: 100, height: 30 });
    assert!(matches!(effects.as_slice(), [Effect::RenderArticle { width: 40, .. }]), "{effects:?}");
    update(&mut app, Msg::ArticleRendered(old.clone()));
    assert_eq!(app.article.as_ref().unwrap().rendered.as_ref().unwrap().width, old.width, "kept until the new one");
    let effects = update(&mut app, Msg::Resize { width: 100, height: 30 });
    assert!(matches!(effects.as_slice(), [Effect::RenderArticle { .. }]), "still wrong: asked again");
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(key(app, Key::ch(c)), vec![]);
    }
}

#[test]
fn a_asks_for_an_address_and_looks_for_its_feeds() {
    let mut app = app();
    assert_eq!(act(&mut app, Action::AddFeed), vec![]);
    typed(&mut app, "lwn.nex");
    key(&mut app, Key::plain(KeyCode::Backspace));
    typed(&mut app, "t");
    assert_eq!(app.modal, Some(Modal::input(InputKind::AddFeed, "lwn.net")));
    assert_eq!(key(&mut app, Key::plain(KeyCode::Enter)), vec![Effect::Discover("lwn.net".into())]);
    assert_eq!(app.modal, None, "the UI is free while the poller looks");
    assert_eq!(app.status, Status::Info("looking for feeds at lwn.net…".into()));
    // One feed found: subscribe.
    let one = vec![Found { url: "https://lwn.net/headlines/rss".into(), title: None, kind: Some("RSS") }];
    let effects = update(&mut app, Msg::Poller(PollerEvent::Discovered { input: "lwn.net".into(), result: Ok(one) }));
    assert_eq!(effects, vec![Effect::AddFeed { url: "https://lwn.net/headlines/rss".into() }]);
    // The config applied: the lists reload around the selection.
    let effects = update(
        &mut app,
        Msg::ConfigApplied { note: "subscribed to https://lwn.net/headlines/rss".into(), settings: None },
    );
    let query =
        HeadlineRequest { listing: View::All.into(), anchor: Anchor::Item { id: ItemId(1), fallback: 0 }, open: false };
    assert_eq!(effects, vec![Effect::LoadFeeds, Effect::LoadHeadlines(query)]);
}

#[test]
fn the_address_prompt_edits_cancels_and_ignores_empty_input() {
    let mut app = app();
    act(&mut app, Action::AddFeed);
    typed(&mut app, "q j"); // letters that are keys elsewhere are text here
    key(&mut app, Key::ctrl('u'));
    assert_eq!(app.modal, Some(Modal::input(InputKind::AddFeed, "")));
    assert_eq!(key(&mut app, Key::plain(KeyCode::Enter)), vec![], "nothing typed: nothing to find");
    assert_eq!(app.modal, None);
    assert!(!app.quit);
    act(&mut app, Action::AddFeed);
    typed(&mut app, "x");
    assert_eq!(key(&mut app, Key::plain(KeyCode::Esc)), vec![]);
    assert_eq!(app.modal, None);
}

#[test]
fn several_feeds_are_offered_and_stale_answers_dropped() {
    let mut app = app();
    let found = |n: u8| Found { url: format!("https://e.example/{n}"), title: None, kind: None };
    let answer = |input: &str, result| Msg::Poller(PollerEvent::Discovered { input: input.into(), result });
    assert_eq!(update(&mut app, answer("e.example", Ok(vec![found(1)]))), vec![], "nobody asked");
    act(&mut app, Action::AddFeed);
    typed(&mut app, "e.example");
    key(&mut app, Key::plain(KeyCode::Enter));
    update(&mut app, answer("e.example", Ok(vec![found(1), found(2), found(3)])));
    assert!(matches!(app.modal, Some(Modal::PickFeed { selected: 0, .. })));
    key(&mut app, Key::plain(KeyCode::Down));
    key(&mut app, Key::plain(KeyCode::Down));
    key(&mut app, Key::plain(KeyCode::Down));
    key(&mut app, Key::plain(KeyCode::Up));
    assert_eq!(key(&mut app, Key::plain(KeyCode::Enter)), vec![Effect::AddFeed { url: "https://e.example/2".into() }]);
    assert_eq!(app.modal, None);

    act(&mut app, Action::AddFeed);
    typed(&mut app, "e.example");
    key(&mut app, Key::plain(KeyCode::Enter));
    update(&mut app, answer("e.example", Ok(vec![found(1), found(2)])));
    assert_eq!(key(&mut app, Key::ch('9')), vec![], "no ninth feed");
    assert_eq!(key(&mut app, Key::ch('2')), vec![Effect::AddFeed { url: "https://e.example/2".into() }]);
}

#[test]
fn discovery_failures_are_shown() {
    let mut app = app();
    for (result, status) in [
        (Ok(vec![]), "no feed found at x.example"),
        (Err("cannot fetch https://x.example/: HTTP 404".to_owned()), "cannot fetch https://x.example/: HTTP 404"),
    ] {
        act(&mut app, Action::AddFeed);
        typed(&mut app, "x.example");
        key(&mut app, Key::plain(KeyCode::Enter));
        let effects = update(&mut app, Msg::Poller(PollerEvent::Discovered { input: "x.example".into(), result }));
        assert_eq!(effects, vec![]);
        assert_eq!(app.status, Status::Error(status.into()));
        assert_eq!(app.modal, None);
    }
}

#[test]
fn d_asks_before_removing_the_selected_feed() {
    let mut app = app();
    assert_eq!(act(&mut app, Action::RemoveFeed), vec![]);
    assert_eq!(app.modal, None, "All items is not a feed");
    assert_eq!(app.status, Status::Info("select a feed in the feed list to remove it".into()));
    to_feed(&mut app, 1);
    act(&mut app, Action::RemoveFeed);
    let asking = Some(Modal::Confirm(Question::RemoveFeed {
        feed: FeedId(1),
        title: "Feed 1".into(),
        url: "https://e.example/1".into(),
    }));
    assert_eq!(app.modal, asking);
    assert_eq!(key(&mut app, Key::ch('x')), vec![]);
    assert_eq!(app.modal, asking, "only y or n answers");
    assert_eq!(key(&mut app, Key::ch('n')), vec![]);
    assert_eq!(app.modal, None);
    act(&mut app, Action::RemoveFeed);
    assert_eq!(key(&mut app, Key::ch('y')), vec![Effect::RemoveFeed { url: "https://e.example/1".into() }]);
    assert_eq!(app.modal, None);
}

#[test]
fn capital_e_asks_the_runtime_for_the_editor_and_reload_errors_show() {
    let mut app = app();
    assert_eq!(act(&mut app, Action::EditConfig), vec![Effect::EditConfig]);
    let error =
        ConfigError { path: "/c/config.toml".into(), line: 3, column: 7, message: "missing opening quote".into() };
    update(&mut app, Msg::Failed(Failure::Config(error)));
    assert_eq!(app.status, Status::Error("/c/config.toml:3:7: missing opening quote".into()));
}
