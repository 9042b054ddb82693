//! The sync task's push against the replay of a real FreshRSS session
//! (tests/fixtures/sync-freshrss/): the queued marks go out grouped in
//! batches, each request one the real server answered (Authorization on
//! every call, the `T` token in the body of every POST), rows leave the
//! queue only once acknowledged, an id the server cannot have is settled,
//! and an expired session is renewed without losing a mark.

use std::time::Duration;

use crate::common::replay::Replay;
use tidings::account_sync::{self, SyncAccount, SyncCmd, SyncEvent, SyncReport, SyncSettings};
use tidings::config::{AccountKind, PasswordSource};
use tidings::model::{AccountId, ItemId, ParsedItem, RemoteFeedRow, RemoteItemRow};
use tidings::store::Store;
use tidings::sync::{ClientOptions, Secret};
use tokio::sync::mpsc;

const NOW: i64 = 1_796_164_800;

/// Alpha News (feed/1) with the items the recorded edits name, and one
/// whose id no GReader server can have.
fn synced_store(path: &std::path::Path) -> (Store, AccountId) {
    let mut store = Store::open(path).unwrap();
    let account = store.ensure_account("home", "greader").unwrap().id;
    let feed = RemoteFeedRow {
        remote_id: "feed/1".into(),
        title: "Alpha News".into(),
        url: "http://127.0.0.1:8781/alpha.xml".into(),
        site_url: None,
        tags: vec!["Tech".into()],
    };
    store.save_remote_feeds(account, &[feed], NOW).unwrap();
    let ids = ["1796164409347457", "1796164409347458", "1796164409347459", "1796164409347460", "not-an-item"];
    let rows: Vec<RemoteItemRow> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| RemoteItemRow {
            remote_id: (*id).into(),
            remote_feed: "feed/1".into(),
            item: ParsedItem {
                guid: (*id).into(),
                title: format!("Alpha {n}"),
                published: Some(NOW - 100 + n as i64),
                ..ParsedItem::default()
            },
            read: false,
            starred: false,
        })
        .collect();
    store.store_remote_items(account, &rows, Some("1796164761"), NOW).unwrap();
    (store, account)
}

fn item(store: &Store, account: AccountId, remote: &str) -> ItemId {
    store.remote_item(account, remote).unwrap().unwrap()
}

struct Engine {
    cmds: mpsc::UnboundedSender<SyncCmd>,
    events: mpsc::UnboundedReceiver<SyncEvent>,
}

impl Engine {
    fn start(replay: &Replay, db: &std::path::Path) -> Engine {
        let account = SyncAccount {
            name: "home".into(),
            kind: AccountKind::GReader,
            url: replay.greader_url(),
            user: replay.session().user.clone(),
            password: PasswordSource::Inline(Secret::new(replay.session().api_password.clone())),
            interval: None,
            tag: None,
            allow_http: false,
        };
        let settings = SyncSettings { client: ClientOptions::default(), sync_on_start: false, greader_pages: None };
        let (cmds, cmd_rx) = mpsc::unbounded_channel();
        let (event_tx, events) = mpsc::unbounded_channel();
        account_sync::spawn(settings, vec![account], Store::open(db).unwrap(), cmd_rx, event_tx);
        Engine { cmds, events }
    }

    /// Asks for a push and waits for how the round went.
    async fn push(&mut self) -> Result<SyncReport, String> {
        self.cmds.send(SyncCmd::Push).unwrap();
        let wait = async {
            loop {
                match self.events.recv().await.expect("the task runs") {
                    SyncEvent::Synced { report, .. } => return Ok(report),
                    SyncEvent::Failed { error, .. } => return Err(error.to_string()),
                    _ => {}
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(30), wait).await.expect("the push ends")
    }
}

#[tokio::test]
async fn queued_marks_reach_the_server_in_batches_and_survive_an_expired_session() {
    let replay = Replay::start("greader.jsonl").await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let (store, account) = synced_store(&db);
    for remote in ["1796164409347460", "1796164409347459", "not-an-item"] {
        store.set_read(item(&store, account, remote), true).unwrap();
    }
    assert_eq!(store.waiting(account).unwrap(), 3);

    let mut engine = Engine::start(&replay, &db);
    let report = engine.push().await.unwrap();
    assert_eq!((report.pushed, report.waiting, report.push_only), (3, 0, true), "{:?}", replay.log());
    // One edit-tag for both real ids (exchange 34); the id no server can have sent nowhere, settled.
    let edits: Vec<_> = replay.log().into_iter().filter(|s| s.path.ends_with("/edit-tag")).collect();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].answered_by, Some(34));
    assert!(!edits[0].body.iter().any(|(_, v)| v == "not-an-item"));

    // The session ends on the server; two stars are made meanwhile.
    replay.expire_session();
    for remote in ["1796164409347458", "1796164409347457"] {
        store.set_starred(item(&store, account, remote), true).unwrap();
    }
    let report = engine.push().await.unwrap();
    assert_eq!((report.pushed, report.waiting), (2, 0));
    let log = replay.log();
    let starred = log.iter().rfind(|s| s.path.ends_with("/edit-tag")).unwrap();
    assert_eq!(starred.answered_by, Some(40), "a=starred on both ids");
    let logins = log.iter().filter(|s| s.path.ends_with("/accounts/ClientLogin")).count();
    assert_eq!(logins, 2, "logged in again once the session was refused");
    assert!(replay.misses().is_empty(), "requests the real server never answered: {:#?}", replay.misses());
    assert_eq!(store.waiting(account).unwrap(), 0);
    // The marks are the reader's still.
    let article = store.article(item(&store, account, "1796164409347457")).unwrap().unwrap();
    assert!(article.starred && !article.read);
}

#[tokio::test]
async fn a_server_that_refuses_keeps_every_mark_queued() {
    let replay = Replay::start("greader.jsonl").await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let (store, account) = synced_store(&db);
    store.set_read(item(&store, account, "1796164409347460"), true).unwrap();
    store.set_read(item(&store, account, "1796164409347459"), true).unwrap();
    // This id pair was never recorded with a=read: the replay answers 599 (a server error).
    store.set_read(item(&store, account, "1796164409347458"), true).unwrap();
    let mut engine = Engine::start(&replay, &db);
    let error = engine.push().await.unwrap_err();
    assert_eq!(error, "server error: HTTP 599");
    assert_eq!(store.waiting(account).unwrap(), 3, "nothing left the queue");
    let state = store.account_state("home").unwrap().unwrap();
    assert_eq!(state.last_error.as_deref(), Some("server error: HTTP 599"));
}

/// `tidings sync` (the real binary) against the replay with the web
/// password instead of the API one: one line for that account, exit 1, the
/// other account's marks untouched, no password printed or stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_one_clear_line_and_disturbs_nothing_else() {
    let replay = Replay::start("greader.jsonl").await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("tidings.db");
    let (store, account) = synced_store(&db);
    store.set_read(item(&store, account, "1796164409347460"), true).unwrap();
    drop(store);
    let config = dir.path().join("config.toml");
    let down = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    std::fs::write(
        &config,
        format!(
            "[[accounts]]\nname = \"home\"\nkind = \"greader\"\nurl = \"http://127.0.0.1:{down}/api/greader.php\"\n\
             user = \"alice\"\npassword = \"alice-api-pass\"\n\n\
             [[accounts]]\nname = \"fresh\"\nkind = \"greader\"\nurl = \"{}\"\nuser = \"alice\"\npassword = \"alice-test-pass\"\n",
            replay.greader_url()
        ),
    )
    .unwrap();
    let mut command = crate::common::bin::clean();
    command.arg("--config").arg(&config).arg("sync").env("TIDINGS_DATA_DIR", &data);
    let out = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    assert_eq!(lines, ["fresh: wrong user name or password", "home: offline: connection refused (1 change waiting)"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("alice-test-pass"));
    assert_eq!(replay.answered(), [4], "one ClientLogin with the web password, refused as the real server did");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.waiting(account).unwrap(), 1, "home's mark still queued");
    let fresh = store.account_state("fresh").unwrap().unwrap();
    assert_eq!(fresh.last_error.as_deref(), Some("wrong user name or password"));
}
