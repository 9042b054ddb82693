//! One modal at a time has the keyboard: every key arrives as `Msg::Key`
//! and goes to the open modal, else the welcome screen or the keymap.

use crate::common::app::{act, key};
use crate::common::settle;
use crossterm::event::KeyCode;
use tidings::app::{
    Action, App, Effect, HeadlineRequest, InputKind, Key, Modal, Mouse, MouseKind, Msg, Question, Status, Window,
    update,
};
use tidings::discover::Found;
use tidings::model::{Article, FeedId, FeedRow, Headline, ItemId, View};
use tidings::poller::PollerEvent;

/// Two feeds, "All items" showing one unread item of feed 1.
fn app() -> App {
    let mut app = App::new(120, 40, 0);
    let feed = |id: i64| FeedRow {
        id: FeedId(id),
        url: format!("https://e.example/{id}"),
        title: format!("Feed {id}"),
        unread: 1,
        ..Default::default()
    };
    update(&mut app, Msg::FeedsLoaded(vec![feed(1), feed(2)]));
    let rows = vec![Headline {
        id: ItemId(1),
        feed_id: FeedId(1),
        title: "Item 1".into(),
        date: 0,
        read: false,
        starred: false,
    }];
    let window = Window { total: rows.len(), offset: 0, rows, ..Window::default() };
    update(&mut app, Msg::HeadlinesLoaded { query: HeadlineRequest::top(View::All), window, selected: Some(0) });
    app
}

/// The app reading item 1, whose body holds `links` links (link i goes to /i).
fn reading(links: usize) -> App {
    let mut app = app();
    act(&mut app, Action::Open);
    act(&mut app, Action::Open);
    let body: String = (1..=links).map(|i| format!("<a href='/{i}'>l{i}</a> ")).collect();
    let article = Article {
        id: ItemId(1),
        feed_id: FeedId(1),
        title: "Item 1".into(),
        link: Some("https://e.example/a".into()),
        content: Some(format!("<p>{body}</p>")),
        ..Article::default()
    };
    settle(&mut app, Msg::ArticleLoaded(article));
    app
}

fn keys(app: &mut App, text: &str) {
    text.chars().for_each(|c| drop(key(app, Key::ch(c))));
}

const ENTER: Key = Key::plain(KeyCode::Enter);
const ESC: Key = Key::plain(KeyCode::Esc);

#[test]
fn the_help_reads_keys_through_the_keymap_sequences_included() {
    let mut app = app();
    update(&mut app, Msg::Resize { width: 60, height: 15 });
    key(&mut app, Key::ch('?'));
    assert_eq!(app.modal, Some(Modal::Help { scroll: 0 }));
    keys(&mut app, "jj");
    assert_eq!(app.modal, Some(Modal::Help { scroll: 2 }));
    keys(&mut app, "gg");
    assert_eq!(app.modal, Some(Modal::Help { scroll: 0 }), "g g is Top in the help too");
    key(&mut app, ESC);
    assert_eq!(app.modal, None);
    assert_eq!(app.feed_sel, 0, "the feed list did not move");
}

#[test]
fn a_link_number_typed_over_the_link_list_comes_back_to_it() {
    let mut app = reading(12);
    key(&mut app, Key::ch('L'));
    assert_eq!(app.modal, Some(Modal::Links { scroll: 0 }));
    key(&mut app, Key::ch('#'));
    let over_list = InputKind::Link { over_list: Some(0) };
    assert_eq!(app.modal, Some(Modal::input(over_list, "")));
    keys(&mut app, "1x2");
    assert_eq!(app.modal, Some(Modal::input(over_list, "12")), "digits only");
    assert_eq!(key(&mut app, ENTER), vec![Effect::OpenUrl("https://e.example/12".into())]);
    assert_eq!(app.modal, Some(Modal::Links { scroll: 0 }), "the list is still shown");
    key(&mut app, Key::ch('#'));
    keys(&mut app, "3");
    key(&mut app, Key::ctrl('u'));
    assert_eq!(app.modal, Some(Modal::input(over_list, "")), "Ctrl-U clears");
    assert_eq!(key(&mut app, ESC), vec![]);
    assert_eq!(app.modal, Some(Modal::Links { scroll: 0 }));
    key(&mut app, ESC);
    assert_eq!(app.modal, None);
}

#[test]
fn both_questions_wait_for_y_or_n_and_esc_or_ctrl_c_decline() {
    let mut app = app();
    key(&mut app, Key::ctrl('a'));
    assert_eq!(key(&mut app, Key::ch('x')), vec![]);
    assert_eq!(app.modal, Some(Modal::Confirm(Question::MarkAllRead)), "x is not an answer");
    assert_eq!(key(&mut app, ESC), vec![]);
    assert_eq!((app.modal.clone(), app.status.clone()), (None, Status::Info("nothing marked".into())));
    key(&mut app, Key::ctrl('a'));
    assert_eq!(key(&mut app, Key::ctrl('c')), vec![]);
    assert_eq!(app.modal, None);
    assert!(!app.quit, "Ctrl-C declines; it does not quit");

    // Down the left list to feed 1, then d.
    while app.view != View::Feed(FeedId(1)) {
        key(&mut app, Key::ch('j'));
    }
    key(&mut app, Key::ch('d'));
    assert!(matches!(app.modal, Some(Modal::Confirm(Question::RemoveFeed { feed: FeedId(1), .. }))), "{:?}", app.modal);
    assert_eq!(key(&mut app, Key::ctrl('c')), vec![]);
    assert_eq!(app.modal, None);
    key(&mut app, Key::ch('d'));
    assert_eq!(key(&mut app, Key::ch('Y')), vec![Effect::RemoveFeed { url: "https://e.example/1".into() }]);
    assert_eq!(app.status, Status::Info("removing Feed 1…".into()));
}

#[test]
fn the_mouse_is_ignored_while_a_modal_is_open() {
    let click = Msg::Mouse(Mouse { kind: MouseKind::Click, column: 3, row: 3 });
    let wheel = Msg::Mouse(Mouse { kind: MouseKind::ScrollDown, column: 3, row: 3 });
    let mut app = app();
    key(&mut app, Key::ch('a'));
    assert_eq!(update(&mut app, click.clone()), vec![]);
    key(&mut app, ESC);
    key(&mut app, Key::ch('?'));
    assert_eq!(update(&mut app, wheel), vec![]);
    assert_eq!(app.feed_sel, 0);
    key(&mut app, ESC);
    // With nothing open, the same click selects Starred.
    assert_eq!(update(&mut app, click), vec![Effect::LoadHeadlines(HeadlineRequest::top(View::Starred))]);
}

#[test]
fn the_welcome_screen_routes_keys_through_the_same_dispatch() {
    let mut app = App::welcome("c.toml".into(), 60, 15);
    key(&mut app, Key::ch('?'));
    key(&mut app, Key::ch('j'));
    assert_eq!(app.modal, Some(Modal::Help { scroll: 1 }), "the help scrolls here too");
    key(&mut app, ESC);
    key(&mut app, Key::ch('a'));
    keys(&mut app, "q");
    assert_eq!(app.modal, Some(Modal::input(InputKind::AddFeed, "q")), "q is text in the address");
    key(&mut app, ESC);
    assert_eq!(app.modal, None);
    key(&mut app, Key::ch('q'));
    assert!(app.quit);
}

#[test]
fn the_choice_of_feeds_takes_the_place_of_another_modal_and_ctrl_c_cancels_it() {
    let mut app = app();
    key(&mut app, Key::ch('a'));
    keys(&mut app, "e.example");
    assert_eq!(key(&mut app, ENTER), vec![Effect::Discover("e.example".into())]);
    key(&mut app, Key::ch('?'));
    let found = |n: u8| Found { url: format!("https://e.example/{n}"), title: None, kind: None };
    let result = Ok(vec![found(1), found(2)]);
    update(&mut app, Msg::Poller(PollerEvent::Discovered { input: "e.example".into(), result }));
    assert!(matches!(app.modal, Some(Modal::PickFeed { selected: 0, .. })), "{:?}", app.modal);
    key(&mut app, Key::ctrl('j'));
    assert!(matches!(app.modal, Some(Modal::PickFeed { selected: 0, .. })), "Ctrl-J is not j");
    key(&mut app, Key::ch('j'));
    assert!(matches!(app.modal, Some(Modal::PickFeed { selected: 1, .. })));
    assert_eq!(key(&mut app, Key::ctrl('c')), vec![]);
    assert_eq!(app.modal, None);
    assert!(!app.quit);
}
