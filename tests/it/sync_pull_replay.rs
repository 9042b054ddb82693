//! The sync task's pull against the replay of a real FreshRSS session
//! (tests/fixtures/sync-freshrss/), in the state before the recorded
//! refresh: marks made on the server between syncs (the recorded edits 34,
//! 37, 40 and 42) reach the store at the next sync, and a sync with nothing
//! new is three requests on the worker's session (four for a fresh
//! `tidings sync`: its ClientLogin).
//!
//! Which recorded answer stands for which request: the worker asks with its
//! own page sizes (`n` = 10,000 ids, 100 items), the recording has `n` = 50
//! (unread ids, 35/46/51), 20 (starred ids, 23/41/43) and 5 (stream/contents
//! with `ot`, 33); each of those answers was a partial page without a
//! continuation, so it is the whole listing and a larger `n` gets the same
//! bytes (the replay's larger-page rule, `Seen::rule`). The sync point is
//! the second 33 asked from (`ot` = 1796168360, after every recorded crawl),
//! so the new-items request is exactly 33's but for `n`.

use std::time::Duration;

use crate::common::replay::Replay;
use crate::common::replay_rules::Phase;
use tidings::account_sync::{self, SyncAccount, SyncCmd, SyncEvent, SyncReport, SyncSettings};
use tidings::config::{AccountKind, PasswordSource};
use tidings::model::{AccountId, ParsedItem, RemoteFeedRow, RemoteItemRow};
use tidings::store::Store;
use tidings::sync::{ClientOptions, Secret};
use tokio::sync::mpsc;

/// The `ot` of exchange 33 (seconds): nothing was crawled at or after it.
const POINT: &str = "1796168360";
/// The 19 items of the session's start (session.json), newest first.
const FIRST: u64 = 1_796_164_409_347_442;
const LAST: u64 = 1_796_164_409_347_460;

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn feed_of(id: u64) -> &'static str {
    // items/ids of feed/3 (21) and of feed/1 (91); the rest are feed/2's.
    match id % 1000 {
        443 | 445 | 447 | 449 | 451 | 453 => "feed/3",
        442 | 444 | 446 | 448 | 450 | 452 | 454 | 455 => "feed/1",
        _ => "feed/2",
    }
}

/// A store that synced at the session's start (subscription/list 12: three
/// feeds; 19 items, none starred, unread but for `read`), feeds read just now.
fn synced_at_start(path: &std::path::Path, read: &[u64]) -> (Store, AccountId) {
    let mut store = Store::open(path).unwrap();
    let account = store.ensure_account("home", "greader").unwrap().id;
    let feed = |id: &str, title: &str, tag: &str| RemoteFeedRow {
        remote_id: id.into(),
        title: title.into(),
        url: format!("http://127.0.0.1:8781/{id}.xml"),
        site_url: None,
        tags: vec![tag.into()],
    };
    let feeds = [
        feed("feed/3", "Le Journal « Bêta »", "Actualités"),
        feed("feed/1", "Alpha News", "Tech"),
        feed("feed/2", "アジア・ニュース 亚洲新闻", "Tech"),
    ];
    store.save_remote_feeds(account, &feeds, now()).unwrap();
    let rows: Vec<RemoteItemRow> = (FIRST..=LAST)
        .map(|id| RemoteItemRow {
            remote_id: id.to_string(),
            remote_feed: feed_of(id).into(),
            item: ParsedItem {
                guid: id.to_string(),
                title: format!("item {id}"),
                published: Some((id / 1_000_000) as i64),
                ..ParsedItem::default()
            },
            read: read.contains(&(id % 1000)),
            starred: false,
        })
        .collect();
    store.store_remote_items(account, &rows, Some(POINT), now()).unwrap();
    (store, account)
}

/// (read, starred) of every item whose state is not (unread, unstarred).
fn marked(store: &Store, account: AccountId) -> Vec<(u64, bool, bool)> {
    (FIRST..=LAST)
        .filter_map(|id| {
            let item = store.remote_item(account, &id.to_string()).unwrap().unwrap();
            let article = store.article(item).unwrap().unwrap();
            (article.read || article.starred).then_some((id % 1000, article.read, article.starred))
        })
        .collect()
}

fn greader_account(replay: &Replay) -> SyncAccount {
    SyncAccount {
        name: "home".into(),
        kind: AccountKind::GReader,
        url: replay.greader_url(),
        user: replay.session().user.clone(),
        password: PasswordSource::Inline(Secret::new(replay.session().api_password.clone())),
        interval: None,
        tag: None,
        allow_http: false,
    }
}

/// The sync task with one account, driven as the reader drives it.
pub(crate) struct Engine {
    cmds: mpsc::UnboundedSender<SyncCmd>,
    events: mpsc::UnboundedReceiver<SyncEvent>,
}

impl Engine {
    fn start(replay: &Replay, db: &std::path::Path) -> Engine {
        Engine::with_account(greader_account(replay), db)
    }

    pub(crate) fn with_account(account: SyncAccount, db: &std::path::Path) -> Engine {
        let settings = SyncSettings { client: ClientOptions::default(), sync_on_start: false, greader_pages: None };
        let (cmds, cmd_rx) = mpsc::unbounded_channel();
        let (event_tx, events) = mpsc::unbounded_channel();
        account_sync::spawn(settings, vec![account], Store::open(db).unwrap(), cmd_rx, event_tx);
        Engine { cmds, events }
    }

    /// One sync (push, then pull) and how it went.
    pub(crate) async fn sync(&mut self) -> SyncReport {
        self.cmds.send(SyncCmd::Sync { account: None, full: false }).unwrap();
        let wait = async {
            loop {
                match self.events.recv().await.expect("the task runs") {
                    SyncEvent::Synced { report, .. } => return report,
                    SyncEvent::Failed { error, .. } => panic!("sync failed: {error}"),
                    _ => {}
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(30), wait).await.expect("the sync ends")
    }
}

/// The requests of the last round: (method, what, recorded exchange).
fn round(replay: &Replay, from: usize) -> Vec<(String, String, Option<u64>)> {
    replay.log()[from..]
        .iter()
        .map(|s| {
            let what = s.path.split_once("/api/0/").or_else(|| s.path.split_once("/api/greader.php/"));
            let what = what.map_or(s.path.as_str(), |(_, call)| call).to_owned();
            let what = match s.param("s") {
                Some(stream) => format!("{what} s={stream}"),
                None => what,
            };
            (s.method.clone(), what, s.answered_by)
        })
        .collect()
}

fn request(method: &str, what: &str, n: u64) -> (String, String, Option<u64>) {
    (method.into(), what.into(), Some(n))
}

const CONTENTS: &str = "stream/contents/user/-/state/com.google/reading-list";
const UNREAD: &str = "stream/items/ids s=user/-/state/com.google/reading-list";
const STARRED: &str = "stream/items/ids s=user/-/state/com.google/starred";

#[tokio::test]
async fn marks_made_on_the_server_arrive_and_nothing_new_is_three_requests() {
    let replay = Replay::start_at("greader.jsonl", Phase::BeforeRefresh).await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let (store, account) = synced_at_start(&db, &[]);
    let mut engine = Engine::start(&replay, &db);

    // Round 1: the server has 460 and 459 read (edit 34; unread ids 35).
    let report = engine.sync().await;
    assert_eq!(
        round(&replay, 0),
        [
            request("POST", "accounts/ClientLogin", 2),
            request("GET", CONTENTS, 33),
            request("GET", UNREAD, 35),
            request("GET", STARRED, 23)
        ]
    );
    assert_eq!((report.new_items, report.changed), (0, 2), "{report:?}");
    assert_eq!(marked(&store, account), [(459, true, false), (460, true, false)]);

    // Round 2: 460 unread again (37), 458 and 457 starred (40): lists 46 and 41.
    let from = replay.log().len();
    let report = engine.sync().await;
    assert_eq!(
        round(&replay, from),
        [request("GET", CONTENTS, 33), request("GET", UNREAD, 46), request("GET", STARRED, 41)]
    );
    assert_eq!(report.changed, 3, "{report:?}");
    assert_eq!(marked(&store, account), [(457, false, true), (458, false, true), (459, true, false)]);

    // Round 3: 457 unstarred (42): starred ids 43; the unread list is unchanged (51).
    let from = replay.log().len();
    let report = engine.sync().await;
    assert_eq!(
        round(&replay, from),
        [request("GET", CONTENTS, 33), request("GET", UNREAD, 51), request("GET", STARRED, 43)]
    );
    assert_eq!(report.changed, 1, "{report:?}");
    assert_eq!(marked(&store, account), [(458, false, true), (459, true, false)]);

    // Round 4: nothing changed on the server: three requests, no login, no
    // subscription list, no second page, nothing written.
    let from = replay.log().len();
    let report = engine.sync().await;
    assert_eq!(
        round(&replay, from),
        [request("GET", CONTENTS, 33), request("GET", UNREAD, 51), request("GET", STARRED, 43)]
    );
    assert_eq!((report.new_items, report.changed, report.pushed), (0, 0, 0), "{report:?}");
    assert_eq!(marked(&store, account), [(458, false, true), (459, true, false)]);
    assert_eq!(store.account_state("home").unwrap().unwrap().sync_point, POINT);

    // Every answer is a recorded one; each differed from its request only in `n`.
    assert!(replay.misses().is_empty(), "{:#?}", replay.misses());
    let expected = format!("GoogleLogin auth={}", replay.session().auth);
    for seen in replay.log().iter().filter(|s| s.path.contains("/reader/")) {
        assert_eq!(seen.authorization.as_deref(), Some(expected.as_str()));
        assert_eq!(seen.rule, Some("larger page"), "{seen:?}");
        assert!(seen.param("n").is_some_and(|n| n == "10000" || n == "100"), "{seen:?}");
    }
}

/// CPU seconds (user + system) and the exit code of one `tidings sync`.
#[allow(clippy::zombie_processes, reason = "wait4 reaps the child")]
fn measured_sync(config: &std::path::Path, data: &std::path::Path) -> (f64, i32) {
    let mut command = crate::common::bin::clean();
    command.arg("--config").arg(config).arg("sync").env("TIDINGS_DATA_DIR", data);
    let child = command.stdout(std::process::Stdio::null()).spawn().unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid out value; wait4 reaps our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert!(pid > 0 && libc::WIFEXITED(status), "tidings sync did not exit");
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (cpu(usage.ru_utime) + cpu(usage.ru_stime), libc::WEXITSTATUS(status))
}

/// A fresh `tidings sync` process has no session: it logs in first, so its
/// sync with nothing new is four requests. (The session token is kept only
/// in memory; writing it to disk would save the login but put a secret in a
/// file.) Its CPU time is printed for the record, not asserted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_sync_process_with_nothing_new_logs_in_and_asks_three_lists() {
    let replay = Replay::start_at("greader.jsonl", Phase::BeforeRefresh).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("tidings.db");
    // The state of the first recorded lists (unread 35, starred 23): 460 and 459 read.
    let (store, account) = synced_at_start(&db, &[459, 460]);
    assert_eq!(store.waiting(account).unwrap(), 0);
    drop(store);
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[accounts]]\nname = \"home\"\nkind = \"greader\"\nurl = \"{}\"\nuser = \"alice\"\npassword = \"alice-api-pass\"\n",
            replay.greader_url()
        ),
    )
    .unwrap();
    let (cpu, code) = tokio::task::spawn_blocking(move || measured_sync(&config, &data)).await.unwrap();
    assert_eq!(code, 0, "{:#?}", replay.log());
    assert_eq!(
        round(&replay, 0),
        [
            request("POST", "accounts/ClientLogin", 2),
            request("GET", CONTENTS, 33),
            request("GET", UNREAD, 35),
            request("GET", STARRED, 23)
        ]
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(marked(&store, account), [(459, true, false), (460, true, false)]);
    eprintln!("tidings sync, nothing new, 4 requests: {:.1} ms CPU", cpu * 1000.0);
}

/// After the recorded refresh (alpha generation 2): what the pull asks that
/// the recording holds in that state. The new ids since the sync point are
/// exactly the two new items (89; before the refresh the same request has no
/// recorded answer, so nothing of the later state leaks into the earlier),
/// their contents come by id (93), the starred list is 92 and the
/// subscriptions 95. Not here: the whole unread list, which the worker also
/// asks for and which was not recorded after the refresh.
#[tokio::test]
async fn after_the_refresh_the_new_ids_are_the_two_new_items_unread() {
    use tidings::sync::greader::GReader;
    use tidings::sync::{Account, IdList, ItemId, Protocol, SyncClient, SyncPoint};

    let replay = Replay::start_at("greader.jsonl", Phase::BeforeRefresh).await;
    let account = Account {
        protocol: Protocol::GReader,
        url: replay.greader_url(),
        user: replay.session().user.clone(),
        password: Secret::new(replay.session().api_password.clone()),
        allow_plain_http: false,
    };
    let mut client = GReader::new(&account, &ClientOptions::default()).unwrap();
    let since = SyncPoint(replay.session().sync_point.to_string());
    assert!(client.new_ids(&since, None).await.is_err(), "not recorded before the refresh");
    assert_eq!(replay.misses().len(), 1);

    replay.refresh();
    let page = client.new_ids(&since, None).await.unwrap();
    let new: Vec<ItemId> = ["1796164762929726", "1796164762929725"].map(ItemId::from).to_vec();
    assert_eq!(page.ids, new);
    assert!(page.next.is_none());
    assert_eq!(page.point, SyncPoint("1796164762".into()));
    let items = client.items(&page.ids).await.unwrap();
    let port = crate::common::replay_data::FEEDS_PORT;
    let got: Vec<_> = items
        .iter()
        .map(|i| (i.id.as_str(), i.feed.as_str(), i.title.as_str(), i.url.clone(), i.published, i.read, i.starred))
        .collect();
    assert_eq!(
        got,
        [
            (
                "1796164762929726",
                "feed/1",
                "Alpha item 10 (new in generation 2)",
                Some(format!("http://127.0.0.1:{port}/alpha/10.html")),
                Some(1795161600),
                false,
                false
            ),
            (
                "1796164762929725",
                "feed/1",
                "Alpha item 9 (new in generation 2)",
                Some(format!("http://127.0.0.1:{port}/alpha/9.html")),
                Some(1795075200),
                false,
                false
            ),
        ]
    );
    assert_eq!(client.ids(IdList::Starred).await.unwrap(), [ItemId::from("1796164409347458")]);
    let feeds: Vec<_> = client.feeds().await.unwrap().into_iter().map(|f| (f.id.0, f.title)).collect();
    assert_eq!(feeds[2], ("feed/5".to_owned(), "Delta again".to_owned()), "{feeds:?}");
    assert_eq!(replay.answered()[1..], [89, 10, 93, 92, 95]);
    assert_eq!(replay.misses().len(), 1, "{:#?}", replay.misses());
}
