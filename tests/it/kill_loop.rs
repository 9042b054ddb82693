//! Crash safety: `tidings refresh` is killed with SIGKILL in the middle of a
//! write, round after round, and so is the search-index catch-up after it.
//! Each round serves new content (new items, every listed one edited), so
//! every refresh has writing to do; each kill waits for the n-th feed of the
//! round to be stored (n varies), then for the process to be seen holding the
//! write lock, and is checked to land inside that write (see
//! `common::write_lock`). Afterwards the database passes `integrity_check`,
//! every feed is wholly before or wholly after its refresh (one transaction
//! per feed), no read or starred mark is lost and the index catches up.
//! A refresh or catch-up that ends before it is caught is run again on new
//! content (at most ATTEMPTS times): no round passes without both kills.
//!
//! `cargo test` runs 10 rounds; `scripts/kill-loop.sh N` runs N
//! (TIDINGS_KILL_LOOPS).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Child, Stdio};

use crate::common::StoreExt;
use crate::common::bin;
use crate::common::write_lock::{WriteProbe, stop_inside_write};
use crate::common::{Response, TestServer};
use tidings::model::{FeedId, ItemId, View};
use tidings::store::Store;

const FEEDS: usize = 16;
/// Items listed by each generation of a feed.
const ITEMS: usize = 60;
/// Items new in each generation (the rest of the list is edited).
const NEW: usize = 30;
/// Refreshes a round may take to land its kill inside a write.
const ATTEMPTS: usize = 5;

/// guid → title of every stored item, by feed.
type Titles = HashMap<FeedId, BTreeMap<String, String>>;

/// The items feed `f` lists in generation `g`: a window sliding by NEW.
fn listed(g: usize) -> std::ops::Range<usize> {
    g * NEW..g * NEW + ITEMS
}

fn title(f: usize, k: usize, g: usize) -> String {
    format!("f{f} item {k} g{g}")
}

fn feed_xml(f: usize, g: usize) -> String {
    let mut xml = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {f}</title>");
    for k in listed(g).rev() {
        let body = format!("<p>gen {g} body of item {k}</p>").repeat(30);
        xml.push_str(&format!(
            "<item><title>{}</title><guid>f{f}-{k}</guid><link>https://e.example/{f}/{k}</link>\
             <pubDate>Tue, 28 Jan 2025 08:{:02}:00 +0000</pubDate><description><![CDATA[{body}]]></description></item>",
            title(f, k, g),
            k % 60
        ));
    }
    xml + "</channel></rss>"
}

fn serve(server: &TestServer, g: usize) {
    for f in 0..FEEDS {
        server.route(&format!("/f{f}.xml"), Response::rss(feed_xml(f, g)));
    }
}

fn tidings(config: &Path, data: &Path, args: &[&str]) -> Child {
    bin::tidings_at(config, data).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap()
}

fn titles(store: &Store) -> Titles {
    let mut map = Titles::new();
    for h in store.headlines(View::All).unwrap() {
        let guid = h.title.rsplit_once(' ').unwrap().0.replace(" item ", "-");
        map.entry(h.feed_id).or_default().insert(guid, h.title);
    }
    map
}

/// What `before` becomes once feed `f` (stored as `id`) took generation `g`.
fn after(before: &Titles, id: FeedId, f: usize, g: usize) -> BTreeMap<String, String> {
    let mut items = before[&id].clone();
    items.extend(listed(g).map(|k| (format!("f{f}-{k}"), title(f, k, g))));
    items
}

/// Feeds holding generation `g` already (a feed's write is all or nothing):
/// those that have its newest item, looked up by the (feed, guid) index so
/// the poll stays quick however large the database grows.
fn feeds_stored(conn: &rusqlite::Connection, g: usize) -> usize {
    let sql = "SELECT COUNT(*) FROM feeds JOIN items ON items.feed_id = feeds.id
               AND items.guid = 'f' || feeds.position || '-' || ?1";
    let newest = (listed(g).end - 1) as i64;
    conn.query_row(sql, [newest], |r| r.get::<_, i64>(0)).unwrap() as usize
}

/// Waits until `n` feeds of generation `g` are stored, then kills the
/// refresh inside its next write; false when it finished first.
fn kill_refresh_mid_write(config: &Path, data: &Path, g: usize, n: usize) -> bool {
    let db = data.join("tidings.db");
    let (probe, reader) = (WriteProbe::open(&db), rusqlite::Connection::open(&db).unwrap());
    let mut child = tidings(config, data, &["refresh"]);
    while feeds_stored(&reader, g) < n && child.try_wait().unwrap().is_none() {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let caught = stop_inside_write(&mut child, &probe);
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap();
    caught
}

/// Runs a search (which first brings the index up to date) and kills it
/// inside one of its index writes; false when it finished first.
fn kill_index_catch_up_mid_write(config: &Path, data: &Path) -> bool {
    let probe = WriteProbe::open(&data.join("tidings.db"));
    let mut child = tidings(config, data, &["list", "--search", "body"]);
    let caught = stop_inside_write(&mut child, &probe);
    let _ = child.kill();
    child.wait().unwrap();
    caught
}

/// The mid-refresh kill of one round: each attempt serves a new generation;
/// returns the generation served last and the titles from before it.
fn round(server: &TestServer, config: &Path, data: &Path, g: &mut usize, n: usize) -> Titles {
    for _ in 0..ATTEMPTS {
        *g += 1;
        let before = titles(&Store::open(&data.join("tidings.db")).unwrap());
        serve(server, *g);
        if kill_refresh_mid_write(config, data, *g, n) {
            return before;
        }
        eprintln!("generation {g}: the refresh finished before a write was caught; again");
    }
    panic!("{ATTEMPTS} refreshes in a row finished before the kill");
}

#[test]
fn sigkill_during_refresh_loses_nothing() {
    let rounds: usize = std::env::var("TIDINGS_KILL_LOOPS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let feeds: String =
        (0..FEEDS).map(|f| format!("[[feeds]]\nurl = \"{}\"\n", server.url(&format!("/f{f}.xml")))).collect();
    std::fs::write(&config, feeds).unwrap();
    let data = dir.path().join("data");
    let db = data.join("tidings.db");

    // Generation 0 fully stored.
    serve(&server, 0);
    assert!(tidings(&config, &data, &["refresh"]).wait().unwrap().success());
    let ids: Vec<FeedId> = Store::open(&db).unwrap().feeds().unwrap().iter().map(|f| f.id).collect();
    assert_eq!(ids.len(), FEEDS);

    let (mut g, mut read, mut starred) = (0, Vec::<ItemId>::new(), Vec::<ItemId>::new());
    let (mut killed_mid_way, mut index_kills) = (0, 0);
    for r in 0..rounds {
        // New marks of the user's each round (a few dozen, spread over the items so far).
        {
            let store = Store::open(&db).unwrap();
            let all = store.headlines(View::All).unwrap();
            let pick = |step: usize| all.iter().skip(r % step).step_by(all.len() / 40 * step / 7).map(|h| h.id);
            let (new_read, new_starred): (Vec<_>, Vec<_>) = (pick(7).collect(), pick(11).collect());
            new_read.iter().for_each(|&id| store.set_read(id, true).unwrap());
            new_starred.iter().for_each(|&id| store.set_starred(id, true).unwrap());
            read.extend(new_read);
            starred.extend(new_starred);
        }
        // The n-th feed's write (n from 2 to FEEDS - 4, varied by round).
        let n = 2 + r * 5 % (FEEDS - 5);
        // A catch-up that finished before it was caught: the round again.
        let mut tries = 0;
        let before = loop {
            let before = round(&server, &config, &data, &mut g, n);
            assert_eq!(integrity(&db), "ok");
            assert!(Store::open(&db).unwrap().search_index_behind().unwrap(), "round {r}: nothing left to index");
            if kill_index_catch_up_mid_write(&config, &data) {
                break before;
            }
            tries += 1;
            assert!(tries < ATTEMPTS, "{ATTEMPTS} index catch-ups in a row finished before the kill");
            eprintln!("generation {g}: the index catch-up finished before a write was caught; again");
        };
        killed_mid_way += 1;
        index_kills += 1;
        assert_eq!(integrity(&db), "ok");
        let mut store = Store::open(&db).unwrap();
        let now = titles(&store);
        let mut updated = 0;
        for (f, id) in ids.iter().enumerate() {
            if now[id] != before[id] {
                assert_eq!(now[id], after(&before, *id, f, g), "round {r}: feed {f} is neither before nor after");
                updated += 1;
            }
        }
        assert!(updated >= n && updated < FEEDS, "round {r}: {updated} feeds updated, {n} awaited before the kill");
        let all: HashMap<_, _> = store.headlines(View::All).unwrap().into_iter().map(|h| (h.id, h)).collect();
        assert!(read.iter().all(|id| all[id].read), "round {r}: a read mark was lost");
        assert!(starred.iter().all(|id| all[id].starred), "round {r}: a star was lost");
        // The index finishes what the killed search began, and finds every item once.
        store.index_all_pending().unwrap();
        assert_eq!(store.search(View::All, "body", 0, 1).unwrap().0, all.len(), "round {r}: search index out of step");
    }
    eprintln!(
        "{rounds} rounds, {g} generations: {killed_mid_way} refreshes and {index_kills} index catch-ups killed mid-write"
    );
}

/// `PRAGMA integrity_check` through a plain connection (the check is not the store's business).
fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}
