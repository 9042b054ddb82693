//! The sync engine end to end (`tidings sync`, `tidings mark`, `tidings
//! accounts`, the real binary) against the real coldsweat and Tiny Tiny RSS
//! of `scripts/sync-servers start`, reached through a loopback proxy the
//! test controls: forwarding, down (connection refused), answering 500, or
//! passing a push to the server and losing its answer while the process is
//! killed with SIGKILL. The server's own API is the judge of what reached
//! it. Each server's scenario leaves its states as it found them.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

mod sync_support;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use sync_support::live::{field, state};
use tidings::model::{FeedId, View};
use tidings::store::Store;
use tidings::sync::{Account, Client, ClientOptions, IdList, ItemId, Mark, Protocol, Secret, SyncClient};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Forward,
    /// The port answers nothing: every connection is closed at once.
    Down,
    /// Every request is answered 500.
    Error500,
    /// Requests go through; the first whose bytes hold this marker reaches
    /// the server but its answer is swallowed (the client waits).
    LoseAnswerOf(&'static str),
    /// Requests go through; `held` is told when this many have begun.
    NotifyAt(usize),
}

struct Proxy {
    url: String,
    mode: Arc<Mutex<Mode>>,
    held: Arc<Notify>,
    /// Requests begun since the mode was last set.
    requests: Arc<AtomicUsize>,
}

impl Proxy {
    /// A proxy on a free loopback port to the server at `target` (its URL).
    async fn start(target: &str) -> Proxy {
        let target_url = url::Url::parse(target).unwrap();
        let upstream = format!("{}:{}", target_url.host_str().unwrap(), target_url.port().unwrap());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut url = target_url.clone();
        url.set_port(Some(port)).unwrap();
        let mode = Arc::new(Mutex::new(Mode::Forward));
        let held = Arc::new(Notify::new());
        let requests = Arc::new(AtomicUsize::new(0));
        let (m, h, r) = (Arc::clone(&mode), Arc::clone(&held), Arc::clone(&requests));
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else { return };
                let mode = m.lock().unwrap().clone();
                tokio::spawn(serve(socket, upstream.clone(), mode, Arc::clone(&h), Arc::clone(&r)));
            }
        });
        Proxy { url: url.to_string(), mode, held, requests }
    }

    fn set(&self, mode: Mode) {
        self.requests.store(0, Ordering::SeqCst);
        *self.mode.lock().unwrap() = mode;
    }
}

async fn serve(mut client: TcpStream, upstream: String, mode: Mode, held: Arc<Notify>, requests: Arc<AtomicUsize>) {
    match mode {
        Mode::Down => drop(client),
        Mode::Error500 => {
            let mut buf = vec![0u8; 64 * 1024];
            let mut seen = Vec::new();
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match client.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            let answer = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops\n";
            let _ = client.write_all(answer.as_bytes()).await;
        }
        Mode::Forward | Mode::LoseAnswerOf(_) | Mode::NotifyAt(_) => {
            let marker = match mode {
                Mode::LoseAnswerOf(marker) => Some(marker),
                _ => None,
            };
            let notify_at = match mode {
                Mode::NotifyAt(n) => Some(n),
                _ => None,
            };
            let Ok(server) = TcpStream::connect(&upstream).await else { return };
            let (mut cr, mut cw) = client.into_split();
            let (mut sr, mut sw) = server.into_split();
            let lost = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let lost_up = Arc::clone(&lost);
            let up = async move {
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = match cr.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    let begun = buf[..n].windows(11).filter(|w| *w == b" HTTP/1.1\r\n").count();
                    let total = requests.fetch_add(begun, Ordering::SeqCst) + begun;
                    if begun > 0 && notify_at.is_some_and(|at| total >= at && total - begun < at) {
                        held.notify_one();
                    }
                    if marker.is_some_and(|m| buf[..n].windows(m.len()).any(|w| w == m.as_bytes())) {
                        lost_up.store(true, Ordering::SeqCst);
                        held.notify_one();
                    }
                    if sw.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            };
            let down = async move {
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = match sr.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    if lost.load(Ordering::SeqCst) {
                        // The server applied it; the client never hears so.
                        std::future::pending::<()>().await;
                    }
                    if cw.write_all(&buf[..n]).await.is_err() {
                        return;
                    }
                }
            };
            tokio::join!(up, down);
        }
    }
}

struct Reader {
    _dir: tempfile::TempDir,
    config: PathBuf,
    data: PathBuf,
}

impl Reader {
    fn new(kind: &str, url: &str, user: &str, password: &str) -> Reader {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let text = format!(
            "[[accounts]]\nname = \"home\"\nkind = \"{kind}\"\nurl = \"{url}\"\nuser = \"{user}\"\npassword = \"{password}\"\n"
        );
        std::fs::write(&config, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let data = dir.path().join("data");
        Reader { config, data, _dir: dir }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tidings"));
        command.arg("--config").arg(&self.config).args(args).env("TIDINGS_DATA_DIR", &self.data);
        for var in ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
            command.env_remove(var);
        }
        command
    }

    async fn run(&self, args: &[&str]) -> Output {
        let mut command = self.command(args);
        tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
    }

    async fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args).await;
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(o.status.success(), "tidings {args:?}: {text}{}", String::from_utf8_lossy(&o.stderr));
        text
    }

    /// `tidings list --json`: exit 1 and nothing when there is no item yet.
    async fn list(&self) -> String {
        let o = self.run(&["list", "--json"]).await;
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }

    /// Every item: local id → (link, read, starred).
    async fn items(&self) -> HashMap<i64, (String, bool, bool)> {
        let text = self.list().await;
        text.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|v| {
                let link = v["link"].as_str().unwrap_or_default().to_owned();
                (v["id"].as_i64().unwrap(), (link, v["read"].as_bool().unwrap(), v["starred"].as_bool().unwrap()))
            })
            .collect()
    }

    /// Every item: local id → local feed id.
    async fn feed_ids(&self) -> HashMap<i64, i64> {
        let text = self.list().await;
        text.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|v| (v["id"].as_i64().unwrap(), v["feed_id"].as_i64().unwrap()))
            .collect()
    }

    fn db(&self) -> PathBuf {
        self.data.join("tidings.db")
    }
}

fn integrity_ok(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let answer: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(answer, "ok");
}

/// The server's own word: its unread and starred lists, and each item's link.
async fn server_lists(client: &mut Client) -> (BTreeSet<String>, BTreeSet<String>) {
    let unread = client.ids(IdList::Unread).await.unwrap().into_iter().map(|i| i.0).collect();
    let starred = client.ids(IdList::Starred).await.unwrap().into_iter().map(|i| i.0).collect();
    (unread, starred)
}

async fn server_links(client: &mut Client) -> HashMap<String, String> {
    let mut links = HashMap::new();
    let mut cursor = None;
    for _ in 0..1000 {
        let page = client.new_items(&Default::default(), cursor.as_ref(), false).await.unwrap();
        links.extend(page.items.into_iter().map(|i| (i.url.unwrap_or_default(), i.id.0)));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    links
}

struct Server {
    kind: &'static str,
    protocol: Protocol,
    url: String,
    user: String,
    password: String,
    /// Bytes only a push request holds.
    push_marker: &'static str,
}

fn server(name: &str) -> Server {
    let state = state();
    let (kind, protocol, push_marker) = match name {
        "coldsweat" => ("fever", Protocol::Fever, "mark=item"),
        _ => ("ttrss", Protocol::TtRss, "updateArticle"),
    };
    Server {
        kind,
        protocol,
        url: field(&state, name, "url"),
        user: field(&state, name, "user"),
        password: field(&state, name, "password"),
        push_marker,
    }
}

fn direct(server: &Server) -> Client {
    let account = Account {
        protocol: server.protocol,
        url: server.url.clone(),
        user: server.user.clone(),
        password: Secret::new(server.password.clone()),
        allow_plain_http: false,
    };
    Client::new(&account, &ClientOptions::default()).unwrap()
}

async fn scenario(name: &str) {
    let server = server(name);
    let mut api = direct(&server);
    let (unread_before, starred_before) = server_lists(&mut api).await;
    let links = server_links(&mut api).await;
    assert!(links.len() >= 200, "{name}: {} items", links.len());

    let proxy = Proxy::start(&server.url).await;
    let reader = Reader::new(server.kind, &proxy.url, &server.user, &server.password);

    // First sync: every item, with the server's states.
    let out = reader.ok(&["sync"]).await;
    assert!(out.starts_with(&format!("home: synced: {} new items", links.len())), "{out}");
    let local = reader.items().await;
    assert_eq!(local.len(), links.len());
    let remote_of: HashMap<i64, String> = local.iter().map(|(id, (link, _, _))| (*id, links[link].clone())).collect();
    for (id, (_, read, starred)) in &local {
        let remote = &remote_of[id];
        assert_eq!((!read, *starred), (unread_before.contains(remote), starred_before.contains(remote)), "{name}");
    }

    // 20 marks read and 3 stars while the server is down.
    let mut unread_local: Vec<i64> = local.iter().filter(|(_, v)| !v.1).map(|(id, _)| *id).collect();
    unread_local.sort_unstable();
    let marked: Vec<i64> = unread_local[..20].to_vec();
    let starred: Vec<i64> = unread_local[20..23].to_vec();
    proxy.set(Mode::Down);
    let ids = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>();
    let mut args = vec!["mark".to_owned()];
    args.extend(ids(&marked));
    args.push("--read".into());
    reader.ok(&args.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let mut args = vec!["mark".to_owned()];
    args.extend(ids(&starred));
    args.push("--star".into());
    reader.ok(&args.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let o = reader.run(&["sync"]).await;
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.starts_with("home: offline: ") && out.contains("(23 changes waiting)"), "{out}");
    let accounts = reader.ok(&["accounts"]).await;
    assert!(accounts.contains("offline, 23 changes waiting, last sync "), "{accounts}");
    // The reader works from its store meanwhile.
    assert_eq!(reader.items().await.values().filter(|v| v.1).count(), local.values().filter(|v| v.1).count() + 20);

    // A 500: one clear line, nothing lost.
    proxy.set(Mode::Error500);
    let o = reader.run(&["sync"]).await;
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("server error: HTTP 500 (23 changes waiting)"), "{out}");

    // The server takes the first mark, its answer never comes, and the process dies.
    proxy.set(Mode::LoseAnswerOf(server.push_marker));
    let mut child = reader.command(&["sync"]).stdout(std::process::Stdio::null()).spawn().unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(60), proxy.held.notified()).await.expect("a push is sent");
    child.kill().unwrap();
    child.wait().unwrap();
    integrity_ok(&reader.db());

    // The server is back: the queue drains and the server has every mark.
    proxy.set(Mode::Forward);
    let out = reader.ok(&["sync"]).await;
    assert!(out.contains(" 23 marks pushed"), "{out}");
    assert!(!reader.ok(&["accounts"]).await.contains("waiting"));
    let (unread, starred_now) = server_lists(&mut api).await;
    for id in &marked {
        assert!(!unread.contains(&remote_of[id]), "{name}: mark of {id} lost");
    }
    for id in &starred {
        assert!(starred_now.contains(&remote_of[id]) && unread.contains(&remote_of[id]), "{name}: star of {id}");
    }
    assert_eq!(unread.len(), unread_before.len() - 20, "no other item changed");

    // Marks made on the server (another device) show after a sync.
    let back: Vec<ItemId> = marked[..5].iter().map(|id| ItemId(remote_of[id].clone())).collect();
    api.push(Mark::Unread, &back).await.unwrap();
    let out = reader.ok(&["sync"]).await;
    assert!(out.contains("5 items changed elsewhere"), "{out}");
    let local = reader.items().await;
    assert!(marked[..5].iter().all(|id| !local[id].1) && marked[5..].iter().all(|id| local[id].1));

    // A whole feed marked read: the server's "mark read before T", then the pull confirms each item.
    let feed = reader.feed_ids().await;
    let chosen = feed[&unread_local[30]];
    let in_feed: Vec<i64> = feed.iter().filter(|(_, f)| **f == chosen).map(|(id, _)| *id).collect();
    let store = Store::open(&reader.db()).unwrap();
    assert!(store.mark_read(&View::Feed(FeedId(chosen)).into()).unwrap() > 0);
    assert!(store.pending_bulks(store.account_state("home").unwrap().unwrap().id).unwrap().len() == 1);
    drop(store);
    reader.ok(&["sync"]).await;
    let (unread, _) = server_lists(&mut api).await;
    assert!(in_feed.iter().all(|id| !unread.contains(&remote_of[id])), "{name}: the feed is read on the server");
    assert!(unread.iter().any(|r| !in_feed.iter().any(|id| remote_of[id] == *r)), "{name}: other feeds untouched");
    let accounts = reader.ok(&["accounts"]).await;
    assert!(!accounts.contains("waiting"), "{accounts}");

    // Subscriptions, where the API has them: `tidings add/remove --account`.
    let extra = format!("{}/science.xml?engine", state()["feeds_url"].as_str().unwrap());
    let o = reader.run(&["add", "--account", "home", &extra]).await;
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    if server.protocol == Protocol::Fever {
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("home is a Fever account: the Fever API cannot subscribe"), "{err}");
    } else {
        assert!(o.status.success(), "{err}");
        assert!(reader.ok(&["feeds"]).await.contains("science.xml?engine"));
        assert!(api.feeds().await.unwrap().iter().any(|f| f.url.contains("science.xml?engine")));
        let out = reader.ok(&["remove", "--account", "home", &extra]).await;
        assert!(out.starts_with("home: removed "), "{out}");
        assert!(!reader.ok(&["feeds"]).await.contains("science.xml?engine"));
        assert!(api.feeds().await.unwrap().iter().all(|f| !f.url.contains("science.xml?engine")));
    }

    restore(&mut api, (unread_before, starred_before)).await;
}

/// Puts the server's lists back as they were.
async fn restore(api: &mut Client, before: (BTreeSet<String>, BTreeSet<String>)) {
    let (unread, starred) = server_lists(api).await;
    let ids = |set: Vec<&String>| set.into_iter().map(|id| ItemId(id.clone())).collect::<Vec<_>>();
    for (mark, list) in [
        (Mark::Unread, ids(before.0.difference(&unread).collect())),
        (Mark::Read, ids(unread.difference(&before.0).collect())),
        (Mark::Starred, ids(before.1.difference(&starred).collect())),
        (Mark::Unstarred, ids(starred.difference(&before.1).collect())),
    ] {
        if !list.is_empty() {
            api.push(mark, &list).await.unwrap();
        }
    }
    assert_eq!(server_lists(api).await, before, "the server is as it was");
}

/// `tidings sync` SIGKILLed at the n-th request to the server, again and
/// again from a first sync on, with marks made between the kills: after
/// each, the database is sound; at the end one sync brings tidings and the
/// server to the same items and states, every mark on the server.
async fn kill_loop(name: &str, kills: usize) {
    let server = server(name);
    let mut api = direct(&server);
    let before = server_lists(&mut api).await;
    let links = server_links(&mut api).await;
    let proxy = Proxy::start(&server.url).await;
    let reader = Reader::new(server.kind, &proxy.url, &server.user, &server.password);
    let mut marked: Vec<i64> = Vec::new();
    let mut killed_running = 0;
    for round in 0..kills {
        // Between the kills: two more items marked read, once some are stored.
        let local = reader.items().await;
        let mut unread: Vec<i64> = local.iter().filter(|(_, v)| !v.1).map(|(id, _)| *id).collect();
        unread.sort_unstable();
        for id in unread.iter().take(2) {
            reader.ok(&["mark", &id.to_string(), "--read"]).await;
            marked.push(*id);
        }
        proxy.set(Mode::NotifyAt(1 + round % 7));
        let mut child = reader.command(&["sync"]).stdout(std::process::Stdio::null()).spawn().unwrap();
        let reached = tokio::time::timeout(std::time::Duration::from_secs(60), proxy.held.notified()).await;
        reached.expect("the sync talks to the server");
        if child.try_wait().unwrap().is_none() {
            killed_running += 1;
        }
        child.kill().ok();
        child.wait().unwrap();
        integrity_ok(&reader.db());
    }
    assert!(killed_running * 2 > kills, "most kills hit a running sync ({killed_running} of {kills})");
    proxy.set(Mode::Forward);
    reader.ok(&["sync"]).await;
    assert!(!reader.ok(&["accounts"]).await.contains("waiting"), "{name}: the queue drained");
    let local = reader.items().await;
    assert_eq!(local.len(), links.len(), "{name}: every item once");
    let (unread, starred) = server_lists(&mut api).await;
    let link_to_remote: HashMap<&String, &String> = links.iter().collect();
    for (id, (link, read, star)) in &local {
        let remote = link_to_remote[link];
        assert_eq!((!read, *star), (unread.contains(remote), starred.contains(remote)), "{name}: item {id}");
    }
    assert!(marked.iter().all(|id| local[id].1), "{name}: no mark lost");
    assert_eq!(unread.len(), before.0.len() - marked.len(), "{name}: no mark applied wrongly");
    restore(&mut api, before).await;
}

// One test per server: its steps change the server's states and must not
// run beside each other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coldsweat_offline_first_end_to_end_and_kill_9() {
    scenario("coldsweat").await;
    kill_loop("coldsweat", 20).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ttrss_offline_first_end_to_end_and_kill_9() {
    scenario("ttrss").await;
    kill_loop("ttrss", 20).await;
}
