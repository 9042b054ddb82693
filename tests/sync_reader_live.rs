//! The reader as a user runs it against the real coldsweat and Tiny Tiny RSS
//! of `scripts/sync-servers start`, each judged by the server's own API
//! (tests/sync_support/raw.rs), on every item: the first sync of an account
//! (3 feeds, 230 items, states varied on the server first) stores the same
//! titles, links, dates, feeds and read and starred states as the server
//! lists; marks made on the server show after `tidings sync`; 20 marks and 3
//! stars made with `m` and `s` in the TUI (a pseudo-terminal) reach the
//! server and change nothing else; a new item the server fetched shows in
//! the TUI after `R`, unread, with its title. Each server's steps run in one
//! test, in order; it leaves the server's states as it found them.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

mod sync_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use sync_support::live::{field, state, state_path};
use sync_support::pty::Tui;
use sync_support::raw::{Raw, ServerItem, Set};
use tidings::store::Store;

/// How long a change may take to reach the other side (polled, not slept).
const DEADLINE: Duration = Duration::from_secs(30);

/// The feed files are shared by both servers: one new item at a time.
static FEED_FILES: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A reader with one account, `home`, on the server named `server`.
struct Reader {
    _dir: tempfile::TempDir,
    config: PathBuf,
    data: PathBuf,
}

impl Reader {
    fn new(server: &str) -> Reader {
        let state = state();
        let kind = if server == "coldsweat" { "fever" } else { "ttrss" };
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let (url, user) = (field(&state, server, "url"), field(&state, server, "user"));
        let text = format!(
            "[[accounts]]\nname = \"home\"\nkind = \"{kind}\"\nurl = \"{url}\"\nuser = \"{user}\"\npassword_file = \"pw\"\n"
        );
        std::fs::write(&config, text).unwrap();
        std::fs::write(dir.path().join("pw"), field(&state, server, "password")).unwrap();
        let data = dir.path().join("data");
        Reader { config, data, _dir: dir }
    }

    async fn ok(&self, args: &[&str]) -> String {
        let (config, data) = (self.config.clone(), self.data.clone());
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let o = tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            sync_support::bin::run(&config, &data, &args)
        })
        .await
        .unwrap();
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(o.status.success(), "{out}{}", String::from_utf8_lossy(&o.stderr));
        out
    }

    /// Every stored item, by its local id, as `tidings list --json` shows it.
    async fn items(&self) -> BTreeMap<i64, ServerItem> {
        self.ok(&["list", "--json"])
            .await
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .map(|v| {
                let date = chrono::DateTime::parse_from_rfc3339(v["published"].as_str().unwrap()).unwrap();
                let item = ServerItem {
                    feed: v["feed"].as_str().unwrap().to_owned(),
                    title: v["title"].as_str().unwrap().to_owned(),
                    link: v["link"].as_str().unwrap().to_owned(),
                    date: date.timestamp(),
                    read: v["read"].as_bool().unwrap(),
                    starred: v["starred"].as_bool().unwrap(),
                };
                (v["id"].as_i64().unwrap(), item)
            })
            .collect()
    }

    /// Every item the server lists is stored once (the store's own map from
    /// the server's ids), the same in every field, and nothing else is.
    async fn assert_same_as(&self, server: &BTreeMap<String, ServerItem>, what: &str) {
        let mut local = self.items().await;
        let store = Store::open(&self.data.join("tidings.db")).unwrap();
        let account = store.account_state("home").unwrap().expect("the account").id;
        for (id, item) in server {
            let ours = store.remote_item(account, id).unwrap().unwrap_or_else(|| panic!("{what}: {id} not stored"));
            assert_eq!(local.remove(&ours.0).as_ref(), Some(item), "{what}: the server's item {id}");
        }
        assert!(local.is_empty(), "{what}: items the server does not list: {local:?}");
    }

    fn tui(&self) -> Tui {
        Tui::at(&self.config, &self.data, &[], 160, 50)
    }
}

/// Polls the server until its items have the read and starred states of
/// `expected`; panics with the items that differ after DEADLINE.
async fn wait_on_server(
    raw: &Raw,
    what: &str,
    expected: &BTreeMap<String, ServerItem>,
) -> BTreeMap<String, ServerItem> {
    let states = |items: &BTreeMap<String, ServerItem>| -> Vec<(String, bool, bool)> {
        items.iter().map(|(id, i)| (id.clone(), i.read, i.starred)).collect()
    };
    let start = Instant::now();
    loop {
        let items = raw.items().await;
        if states(&items) == states(expected) {
            return items;
        }
        if start.elapsed() > DEADLINE {
            let differ: Vec<_> = items.iter().filter(|(id, i)| expected.get(*id) != Some(*i)).collect();
            panic!("timed out waiting on the server for {what}; these differ (as the server has them): {differ:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The headline titles on the screen, top to bottom.
fn headlines(screen: &str, titles: &BTreeMap<String, String>) -> Vec<String> {
    screen.lines().filter_map(|line| titles.keys().find(|t| line.contains(&format!(" {t} "))).cloned()).collect()
}

/// A new item appended to one of the served feeds, and the server's fetch
/// run; dropped, the feed file and the server are as they were.
struct NewItem {
    server: &'static str,
    file: PathBuf,
    original: String,
    title: String,
    link: String,
}

impl NewItem {
    fn add(server: &'static str) -> NewItem {
        let state = state();
        let file = Path::new(state["feeds_dir"].as_str().unwrap()).join("tech.xml");
        let original = std::fs::read_to_string(&file).unwrap();
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let title = format!("Breaking {server} {now} (tech)");
        let link = format!("https://example.org/tech/new-{server}-{now}");
        let date = chrono::DateTime::from_timestamp(now as i64, 0).unwrap().to_rfc2822();
        let entry = format!(
            "<item>\n<title>{title}</title>\n<link>{link}</link>\n<guid isPermaLink=\"false\">urn:tidings-test:{server}:{now}</guid>\n\
             <pubDate>{date}</pubDate>\n<description>&lt;p&gt;A new item.&lt;/p&gt;</description>\n</item>\n"
        );
        let at = original.rfind("</channel>").unwrap();
        std::fs::write(&file, format!("{}{entry}{}", &original[..at], &original[at..])).unwrap();
        let new = NewItem { server, file, original, title, link };
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/sync-servers");
        let dir = state_path().parent().unwrap().to_owned();
        let o = std::process::Command::new(script).arg("fetch").arg(server).arg(dir).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        new
    }
}

impl Drop for NewItem {
    fn drop(&mut self) {
        std::fs::write(&self.file, &self.original).unwrap();
        let state = state();
        if self.server == "coldsweat" {
            let conn = rusqlite::Connection::open(field(&state, "coldsweat", "database")).unwrap();
            let entry = "(SELECT id FROM entries WHERE link = ?1)";
            for table in ["read", "saved"] {
                conn.execute(&format!("DELETE FROM {table} WHERE entry_id IN {entry}"), [&self.link]).unwrap();
            }
            conn.execute("DELETE FROM entries WHERE link = ?1", [&self.link]).unwrap();
        } else {
            let argv: Vec<String> =
                state["ttrss"]["psql"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect();
            let sql = format!("delete from ttrss_entries where link = '{}'", self.link);
            let status = std::process::Command::new(&argv[0]).args(&argv[1..]).args(["-c", &sql]).status().unwrap();
            assert!(status.success(), "{sql}");
        }
    }
}

async fn scenario(name: &'static str) {
    let raw = Raw::connect(name).await;
    // As the servers start, whatever a failed run left: all unread, none starred.
    let left = raw.items().await;
    raw.set(Set::Unread, &left.iter().filter(|(_, i)| i.read).map(|(id, _)| id.clone()).collect::<Vec<_>>()).await;
    raw.set(Set::Unstarred, &left.iter().filter(|(_, i)| i.starred).map(|(id, _)| id.clone()).collect::<Vec<_>>())
        .await;
    let before = raw.items().await;
    assert!(before.len() >= 200, "{name}: {} items", before.len());
    let feeds: std::collections::BTreeSet<&str> = before.values().map(|i| i.feed.as_str()).collect();
    assert_eq!(feeds.len(), 3, "{name}: {feeds:?}");

    // Another device reads and stars some first: the first sync has states to take.
    let ids: Vec<String> = before.keys().cloned().collect();
    let every = |n: usize| ids.iter().step_by(n).cloned().collect::<Vec<_>>();
    raw.set(Set::Read, &every(7)).await;
    raw.set(Set::Starred, &every(11)).await;
    let varied = raw.items().await;
    assert!(every(7).iter().all(|id| varied[id].read) && every(11).iter().all(|id| varied[id].starred), "{name}");

    // 1. The first sync: every item as the server lists it.
    let reader = Reader::new(name);
    let out = reader.ok(&["sync"]).await;
    assert!(out.starts_with(&format!("home: synced: {} new items", ids.len())), "{out}");
    reader.assert_same_as(&varied, &format!("{name}, first sync")).await;

    // 2. Marks made on the server as another device, each way, show after a sync.
    let pick = |f: fn(&ServerItem) -> bool, n: usize| -> Vec<String> {
        varied.iter().filter(|(_, i)| f(i)).map(|(id, _)| id.clone()).rev().take(n).collect()
    };
    let picked = [
        (Set::Read, pick(|i| !i.read, 3)),
        (Set::Unread, pick(|i| i.read, 2)),
        (Set::Starred, pick(|i| !i.starred, 2)),
        (Set::Unstarred, pick(|i| i.starred, 1)),
    ];
    for (mark, ids) in &picked {
        raw.set(*mark, ids).await;
    }
    let changed: std::collections::BTreeSet<&String> = picked.iter().flat_map(|(_, ids)| ids).collect();
    let elsewhere = raw.items().await;
    let out = reader.ok(&["sync"]).await;
    assert!(out.contains(&format!(" {} items changed elsewhere", changed.len())), "{out}");
    reader.assert_same_as(&elsewhere, &format!("{name}, after marks on the server")).await;

    // 3. 20 marks (`m`, each way) and 3 stars (`s`) in the TUI.
    let title_to_id: BTreeMap<String, String> = elsewhere.iter().map(|(id, i)| (i.title.clone(), id.clone())).collect();
    let mut tui = reader.tui();
    // A frame may be read half drawn: wait until the rows used are there.
    let screen = tui.wait_for("the headlines", |s| {
        s.contains(&format!("All items · {}", ids.len())) && headlines(s, &title_to_id).len() >= 24
    });
    let rows = headlines(&screen, &title_to_id);
    tui.send("\t");
    tui.send(&"mj".repeat(20));
    tui.send(&"sj".repeat(3));
    let mut expected = elsewhere.clone();
    for title in &rows[..20] {
        let item = expected.get_mut(&title_to_id[title]).unwrap();
        item.read = !item.read;
    }
    for title in &rows[20..23] {
        let item = expected.get_mut(&title_to_id[title]).unwrap();
        item.starred = !item.starred;
    }
    let on_server = wait_on_server(&raw, "the TUI's marks", &expected).await;
    assert_eq!(on_server, expected, "{name}: the TUI's marks and nothing else");
    tui.wait_for("the queue drained", |s| !s.contains("waiting"));

    // 4. A new item on the server shows after `R`, unread, with its title.
    let guard = FEED_FILES.lock().await;
    let new = tokio::task::spawn_blocking(move || NewItem::add(name)).await.unwrap();
    let with_new = raw.items().await;
    let added: Vec<&ServerItem> =
        with_new.iter().filter(|(id, _)| !expected.contains_key(*id)).map(|(_, i)| i).collect();
    assert_eq!(added.len(), 1, "{name}: the server fetched one new item: {added:?}");
    assert_eq!((added[0].title.as_str(), added[0].read), (new.title.as_str(), false));
    tui.send("R");
    let screen = tui.wait_for("the new item", |s| s.contains(&new.title));
    let row = screen.lines().find(|l| l.contains(&new.title)).unwrap();
    assert!(row.contains('●'), "{name}: the new item is unread: {row}");
    tui.send("q");
    assert_eq!(tokio::task::spawn_blocking(move || tui.wait_exit()).await.unwrap(), 0);
    reader.assert_same_as(&with_new, &format!("{name}, after the new item")).await;
    assert!(!reader.ok(&["accounts"]).await.contains("waiting"));
    drop(new);
    drop(guard);

    raw.restore(&before).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coldsweat_first_sync_tui_marks_and_news_match_the_server() {
    scenario("coldsweat").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ttrss_first_sync_tui_marks_and_news_match_the_server() {
    scenario("ttrss").await;
}
