//! A first sync through the sync task from the recorded FreshRSS session's
//! Fever API (tests/fixtures/sync-freshrss/fever.jsonl, the GReader
//! session's end state: 4 feeds in 2 folders, 24 items, 19 unread, 1 saved):
//! feeds and folders become feeds and tags, and every item is stored with
//! the title, link, date and read/starred state the server listed. Every
//! request is a recorded one; the first page (`since_id=0`) is answered by
//! the recorded `items` with no argument (replay_rules.rs says why that is
//! the same answer). A second sync then asks for what came after the
//! newest id and takes the one mark the server recorded meanwhile.

use std::collections::HashSet;

use crate::common::replay::Replay;
use crate::common::replay_data::{FEEDS_PORT, load};
use crate::sync_pull_replay::Engine;
use tidings::account_sync::SyncAccount;
use tidings::config::{AccountKind, PasswordSource};
use tidings::store::Store;
use tidings::sync::Secret;

/// An item as fever 7 lists it: id, feed, title, url, date, read, saved.
type Listed = (String, String, String, String, i64, bool, bool);

fn listed() -> Vec<Listed> {
    let items = load("fever.jsonl").into_iter().find(|e| e.n == 7).expect("fever 7").response;
    let json: serde_json::Value = serde_json::from_str(&items).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_owned(),
                i["feed_id"].to_string(),
                i["title"].as_str().unwrap().to_owned(),
                i["url"].as_str().unwrap().to_owned(),
                i["created_on_time"].as_i64().unwrap(),
                i["is_read"] == 1,
                i["is_saved"] == 1,
            )
        })
        .collect()
}

#[tokio::test]
async fn a_first_fever_sync_stores_what_the_server_lists() {
    let replay = Replay::start("fever.jsonl").await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let account = SyncAccount {
        name: "fresh".into(),
        kind: AccountKind::Fever,
        url: replay.fever_url(),
        user: replay.session().user.clone(),
        password: PasswordSource::Inline(Secret::new(replay.session().api_password.clone())),
        interval: None,
        tag: None,
        allow_http: false,
    };
    let mut engine = Engine::with_account(account, &db);
    let report = engine.sync().await;
    assert_eq!(report.new_items, 24, "{report:?}");
    assert!(replay.misses().is_empty(), "{:#?}", replay.misses());
    let answered = replay.answered();
    assert!(answered.ends_with(&[6, 5, 7, 13, 14, 15]), "{answered:?}");
    let rules: Vec<_> = replay.log().iter().filter_map(|s| s.rule).collect();
    assert_eq!(rules, ["fever since_id=0"]);

    let store = Store::open(&db).unwrap();
    let mut feeds: Vec<(String, Vec<String>, u32, u32)> =
        store.feeds().unwrap().into_iter().map(|f| (f.title, f.tags, f.total, f.unread)).collect();
    feeds.sort();
    let tech = || vec!["Tech".to_owned()];
    assert_eq!(
        feeds,
        [
            ("Alpha News".to_owned(), tech(), 10, 9),
            ("Delta again".to_owned(), tech(), 3, 3),
            ("Le Journal « Bêta »".to_owned(), vec!["Actualités".to_owned()], 6, 3),
            ("アジア・ニュース 亚洲新闻".to_owned(), tech(), 5, 4),
        ]
    );

    // Every item as listed; the read states agree with the unread ids (fever 14).
    let state = store.account_state("fresh").unwrap().unwrap();
    let unread: HashSet<&str> =
        ["444", "446", "448", "449", "450", "451", "452", "453", "454", "455", "456", "457", "458", "460"]
            .into_iter()
            .collect();
    let listed = listed();
    assert_eq!(listed.len(), 24);
    for (id, _, title, url, date, read, saved) in &listed {
        let item = store.remote_item(state.id, id).unwrap().unwrap_or_else(|| panic!("{id} stored"));
        let article = store.article(item).unwrap().unwrap();
        assert_eq!(&article.title, title, "{id}");
        assert_eq!(article.link.as_deref(), Some(&*url.replace("{{FEEDS}}", FEEDS_PORT)), "{id}");
        assert_eq!(article.date, *date, "{id}");
        assert_eq!((article.read, article.starred), (*read, *saved), "{id}");
        if id.starts_with("1796164409") {
            assert_eq!(!article.read, unread.contains(&id[13..]), "{id}");
        }
    }
    let first = store.article(store.remote_item(state.id, "1796164409347443").unwrap().unwrap()).unwrap().unwrap();
    assert_eq!((first.title.as_str(), first.read, first.date), ("L’été indien à Montréal", true, 1794400200));
    let star = store.article(store.remote_item(state.id, "1796164409347458").unwrap().unwrap()).unwrap().unwrap();
    assert_eq!((star.title.as_str(), star.read, star.starred), ("서울 지하철 9호선 연장", false, true));

    // The next sync asks for what came after the newest id (13: nothing);
    // meanwhile 444 was marked read on the server (fever 21), which the
    // next unread list says (24): that one mark arrives, nothing else moves.
    let from = replay.log().len();
    let report = engine.sync().await;
    assert_eq!((report.new_items, report.changed), (0, 1), "{report:?}");
    let again: Vec<_> = replay.log()[from..].iter().filter_map(|s| s.answered_by).collect();
    assert_eq!(again, [13, 24, 15]);
    let marked = store.article(store.remote_item(state.id, "1796164409347444").unwrap().unwrap()).unwrap().unwrap();
    assert!(marked.read);
    let unread_now = store.feeds().unwrap().iter().map(|f| f.unread).sum::<u32>();
    assert_eq!(unread_now, 18);
    assert!(replay.misses().is_empty(), "{:#?}", replay.misses());
}
