//! The pure core with accounts: `d` on an account's feed unsubscribes it on
//! the server (never edits the config), and the sync task's events set the
//! status line and reload what a pull changed.

use tidings::account_sync::{AccountError, SyncEvent, SyncReport};
use tidings::app::{Action, App, Effect, Key, Msg, Status, update};
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
