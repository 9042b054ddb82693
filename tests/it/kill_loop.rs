//! Crash safety: `tidings refresh` is killed with SIGKILL at varied moments of
//! a large refresh. Afterwards the database passes `integrity_check`, every
//! feed is wholly before or wholly after its refresh (one transaction per
//! feed), and no read or starred mark made earlier is lost.
//!
//! `cargo test` runs a few kills; `scripts/kill-loop.sh` runs dozens
//! (TIDINGS_KILL_LOOPS sets the count).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::StoreExt;
use crate::common::bin;
use crate::common::{Response, TestServer};
use tidings::model::{FeedId, View};
use tidings::store::Store;

const FEEDS: usize = 30;
const ITEMS: usize = 60;

/// Feed `f` of generation `g`: gen 1 adds ITEMS/2 new items and edits the old ones.
fn feed_xml(f: usize, g: usize) -> String {
    let count = ITEMS + g * ITEMS / 2;
    let mut xml = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {f}</title>");
    for k in 0..count {
        let body = format!("<p>gen {g} body of item {k}</p>").repeat(30);
        xml.push_str(&format!(
            "<item><title>f{f} item {k} g{g}</title><guid>f{f}-{k}</guid><link>https://e.example/{f}/{k}</link>\
             <pubDate>Tue, 28 Jan 2025 08:{:02}:00 +0000</pubDate><description><![CDATA[{body}]]></description></item>",
            k % 60
        ));
    }
    xml + "</channel></rss>"
}

fn serve(server: &TestServer, generation: usize) {
    for f in 0..FEEDS {
        server.route(&format!("/f{f}.xml"), Response::rss(feed_xml(f, generation)));
    }
}

fn refresh(config: &Path, data: &Path) -> std::process::Child {
    tidings(config, data, &["refresh"])
}

/// A search from the command line first brings the search index up to date.
fn search(config: &Path, data: &Path) -> std::process::Child {
    tidings(config, data, &["list", "--search", "body"])
}

fn tidings(config: &Path, data: &Path, args: &[&str]) -> std::process::Child {
    bin::tidings_at(config, data).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap()
}

/// guid sets per feed, by reading every headline's title (`f{f} item {k} g{g}`).
fn items_by_feed(store: &Store) -> HashMap<FeedId, BTreeSet<String>> {
    let mut map: HashMap<FeedId, BTreeSet<String>> = HashMap::new();
    for h in store.headlines(View::All).unwrap() {
        map.entry(h.feed_id).or_default().insert(h.title.rsplit_once(' ').unwrap().0.to_string());
    }
    map
}

/// Deterministic pseudo-random delays (no extra crate, reproducible runs).
fn delays(n: usize, max: Duration) -> Vec<Duration> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            max.mul_f64((x % 1000) as f64 / 1000.0)
        })
        .collect()
}

#[test]
fn sigkill_during_refresh_loses_nothing() {
    let loops: usize = std::env::var("TIDINGS_KILL_LOOPS").ok().and_then(|v| v.parse().ok()).unwrap_or(4);
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let feeds: String =
        (0..FEEDS).map(|f| format!("[[feeds]]\nurl = \"{}\"\n", server.url(&format!("/f{f}.xml")))).collect();
    std::fs::write(&config, feeds).unwrap();
    let data = dir.path().join("data");

    // Generation 0 fully stored, then the user's marks.
    serve(&server, 0);
    assert!(refresh(&config, &data).wait().unwrap().success());
    let db = data.join("tidings.db");
    let (marked_read, marked_star) = {
        let store = Store::open(&db).unwrap();
        let all = store.headlines(View::All).unwrap();
        assert_eq!(all.len(), FEEDS * ITEMS);
        let read: Vec<_> = all.iter().step_by(7).map(|h| h.id).collect();
        let star: Vec<_> = all.iter().step_by(11).map(|h| h.id).collect();
        read.iter().for_each(|&id| store.set_read(id, true).unwrap());
        star.iter().for_each(|&id| store.set_starred(id, true).unwrap());
        (read, star)
    };
    let before = items_by_feed(&Store::open(&db).unwrap());

    // How long a whole generation-1 refresh takes sets the range of kill moments.
    serve(&server, 1);
    let started = Instant::now();
    let full = {
        let scratch = dir.path().join("scratch");
        std::fs::create_dir_all(&scratch).unwrap();
        std::fs::copy(&db, scratch.join("tidings.db")).unwrap();
        refresh(&config, &scratch).wait().unwrap();
        started.elapsed()
    };

    let mut killed_mid_way = 0;
    let mut searches_killed = 0;
    for (delay, index_delay) in delays(loops, full).into_iter().zip(delays(loops * 2, full / 2).into_iter().skip(loops))
    {
        let mut child = refresh(&config, &data);
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            killed_mid_way += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix
        child.wait().unwrap();
        // Then one that catches up the search index, killed too.
        let mut child = search(&config, &data);
        std::thread::sleep(index_delay);
        if child.try_wait().unwrap().is_none() {
            searches_killed += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();

        let store = Store::open(&db).unwrap();
        let ok: String = store_integrity(&db);
        assert_eq!(ok, "ok");
        let now = items_by_feed(&store);
        for (feed, items) in &now {
            let old = &before[feed];
            // Wholly before (gen 0 items) or wholly after (gen 0 + gen 1 items).
            assert!(
                items == old || items.len() == ITEMS + ITEMS / 2 && items.is_superset(old),
                "feed {feed}: {} items",
                items.len()
            );
        }
        let all: HashMap<_, _> = store.headlines(View::All).unwrap().into_iter().map(|h| (h.id, h)).collect();
        assert!(marked_read.iter().all(|id| all[id].read), "a read mark was lost");
        assert!(marked_star.iter().all(|id| all[id].starred), "a star was lost");
        // The index finishes what the killed search began, and finds every item once.
        let mut store = store;
        store.index_all_pending().unwrap();
        assert_eq!(store.search(View::All, "body", 0, 1).unwrap().0, all.len(), "search index out of step");
    }
    eprintln!(
        "{loops} refreshes killed, {killed_mid_way} while running (full refresh {full:?}); \
         {searches_killed} index catch-ups killed while running"
    );
}

/// `PRAGMA integrity_check` through a plain connection (the check is not the store's business).
fn store_integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}
