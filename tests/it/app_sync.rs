//! The pure core with accounts: `a` asks where a subscription goes (this
//! machine's config or an account's server), `d` on an account's feed
//! unsubscribes it on the server (never edits the config), and the sync
//! task's events set the status line and reload what a pull changed.

use crossterm::event::KeyCode;
use tidings::account_sync::{AccountError, SyncEvent, SyncReport};
use tidings::app::{Action, App, Effect, Key, Modal, Msg, Settings, Status, SubscribeTarget, update};
use tidings::model::{FeedId, FeedRow, View};
use tidings::sync::SyncError;

fn feed(id: i64, account: Option<&str>) -> FeedRow {
    FeedRow {
        id: FeedId(id),
        url: format!("https://e.example/{id}"),
        title: format!("Feed {id}"),
        unread: 1,
        total: 1,
        account: account.map(str::to_owned),
        ..FeedRow::default()
    }
}

fn app() -> App {
    let mut app = App::new(120, 40, 0);
    update(&mut app, Msg::FeedsLoaded(vec![feed(1, None), feed(2, Some("home"))]));
    app
}

fn remove(app: &mut App, id: i64) -> Vec<Effect> {
    while app.view != View::Feed(FeedId(id)) {
        update(app, Msg::Action(Action::Down));
    }
    update(app, Msg::Action(Action::RemoveFeed));
    update(app, Msg::Key(Key::ch('y')))
}

#[test]
fn d_on_an_accounts_feed_unsubscribes_on_the_server() {
    let mut app = app();
    assert_eq!(remove(&mut app, 1), [Effect::RemoveFeed { url: "https://e.example/1".into() }]);
    assert_eq!(remove(&mut app, 2), [Effect::Unsubscribe(FeedId(2))]);
    assert_eq!(app.status, Status::Info("unsubscribing Feed 2 on home…".into()));
    let refused = SyncEvent::Unsubscribed {
        account: "home".into(),
        feed: FeedId(2),
        result: Err(AccountError::Server(SyncError::Unsupported { what: "unsubscribing", protocol: "Fever" })),
    };
    update(&mut app, Msg::Sync(refused));
    assert_eq!(
        app.status,
        Status::Error("home: cannot unsubscribe: unsubscribing is not possible with the Fever API".into())
    );
}

#[test]
fn a_pull_that_changed_something_reloads_and_says_so() {
    let mut app = app();
    let quiet = SyncReport { push_only: true, ..SyncReport::default() };
    assert!(update(&mut app, Msg::Sync(SyncEvent::Synced { account: "home".into(), report: quiet })).is_empty());
    let report = SyncReport { new_items: 4, changed: 1, ..SyncReport::default() };
    let effects = update(&mut app, Msg::Sync(SyncEvent::Synced { account: "home".into(), report }));
    assert_eq!(effects.first(), Some(&Effect::LoadFeeds));
    assert!(matches!(effects.get(1), Some(Effect::LoadHeadlines(_))));
    assert_eq!(app.status, Status::Info("home: synced, 4 new".into()));
    let state = SyncEvent::State {
        account: "home".into(),
        waiting: 2,
        last_error: Some("offline: connection refused".into()),
        last_sync: None,
    };
    update(&mut app, Msg::Sync(state));
    assert_eq!(app.sync_label().as_deref(), Some("home: offline, 2 changes waiting"));
}

/// The reader with a GReader account and a Fever one in its config.
fn app_with_accounts() -> App {
    let accounts = vec![
        SubscribeTarget { name: "home".into(), can_subscribe: true },
        SubscribeTarget { name: "old".into(), can_subscribe: false },
    ];
    let mut app = App::with_settings(120, 40, 0, Settings { accounts, ..Settings::default() });
    update(&mut app, Msg::FeedsLoaded(vec![feed(1, None), feed(2, Some("home"))]));
    app
}

fn type_address(app: &mut App, text: &str) -> Vec<Effect> {
    update(app, Msg::Action(Action::AddFeed));
    for c in text.chars() {
        update(app, Msg::Key(Key::ch(c)));
    }
    update(app, Msg::Key(Key::plain(KeyCode::Enter)))
}

#[test]
fn a_with_accounts_asks_where_the_subscription_goes() {
    let mut app = app_with_accounts();
    let url = "https://lwn.net/headlines/rss";
    assert_eq!(type_address(&mut app, url), [], "no search yet: where it goes first");
    assert_eq!(app.modal, Some(Modal::PickTarget { input: url.into(), selected: 0 }));
    // Down to the account, Enter: a job for the sync task, nothing in the config.
    assert_eq!(update(&mut app, Msg::Key(Key::ch('j'))), []);
    let effects = update(&mut app, Msg::Key(Key::plain(KeyCode::Enter)));
    assert_eq!(effects, [Effect::Subscribe { account: "home".into(), url: url.into() }]);
    assert_eq!(app.modal, None);
    assert_eq!(app.status, Status::Info(format!("subscribing to {url} on home…")));
    // The sync task's answer; the new feed comes with the pull after it.
    let done = SyncEvent::Subscribed { account: "home".into(), url: url.into(), result: Ok(()) };
    let effects = update(&mut app, Msg::Sync(done));
    assert_eq!(app.status, Status::Info(format!("subscribed to {url} on home")));
    assert_eq!(effects.first(), Some(&Effect::LoadFeeds));

    // The server's error, in one line.
    type_address(&mut app, "nope.example");
    assert_eq!(
        update(&mut app, Msg::Key(Key::ch('2'))),
        [Effect::Subscribe { account: "home".into(), url: "nope.example".into() }]
    );
    let refused = SyncEvent::Subscribed {
        account: "home".into(),
        url: "nope.example".into(),
        result: Err(AccountError::Server(SyncError::Refused("no feed found\nat that address".into()))),
    };
    update(&mut app, Msg::Sync(refused));
    let Status::Error(line) = &app.status else { panic!("{:?}", app.status) };
    assert!(line.starts_with("cannot subscribe to nope.example on home: ") && !line.contains('\n'), "{line}");
}

#[test]
fn a_fever_account_is_refused_and_this_machine_is_the_config() {
    let mut app = app_with_accounts();
    type_address(&mut app, "lwn.net");
    // The Fever account is offered but cannot subscribe: said plainly, the choice stays open.
    assert_eq!(update(&mut app, Msg::Key(Key::ch('3'))), []);
    assert_eq!(app.status, Status::Error("old: Fever has no subscribe call; subscribe on the server itself".into()));
    assert_eq!(app.modal, Some(Modal::PickTarget { input: "lwn.net".into(), selected: 2 }));
    // Up to this machine: the feeds at the address are looked for, as without accounts.
    update(&mut app, Msg::Key(Key::plain(KeyCode::Up)));
    update(&mut app, Msg::Key(Key::plain(KeyCode::Up)));
    assert_eq!(update(&mut app, Msg::Key(Key::plain(KeyCode::Enter))), [Effect::Discover("lwn.net".into())]);
    // Esc leaves everything as it was.
    type_address(&mut app, "lwn.net");
    assert_eq!(update(&mut app, Msg::Key(Key::plain(KeyCode::Esc))), []);
    assert_eq!(app.modal, None);
    // Without accounts there is nothing to choose.
    let mut plain = App::new(120, 40, 0);
    assert_eq!(type_address(&mut plain, "lwn.net"), [Effect::Discover("lwn.net".into())]);
}
