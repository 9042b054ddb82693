//! Two processes on one database, and data or config paths that cannot be used.

use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::Duration;

use crate::common;
use crate::common::Response;
use crate::common::StoreExt;
use crate::common::write_lock::{WriteProbe, signal, stop_inside_write, wait_until_waiting_for_lock};

fn tidings(config: &Path, data: &Path) -> Output {
    common::bin::run(config, data, &[])
}

/// A feed big enough that storing it takes a while.
fn big_feed() -> String {
    let body = "<p>zyzzyva: a paragraph long enough to take some writing</p>".repeat(20);
    let items: String = (0..1500)
        .map(|k| format!("<item><title>big {k}</title><guid>big-{k}</guid><description>{body}</description></item>"))
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>{items}</channel></rss>")
}

/// `tidings refresh` running on its own.
fn refresh(config: &Path, data: &Path) -> Child {
    common::bin::tidings_at(config, data).arg("refresh").stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
}

/// The exit code, and stderr when it failed.
fn finish(child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn two_refreshes_at_once_share_the_database_safely() {
    let server = common::fixture_server();
    server.route("/big.xml", Response::rss(big_feed()));
    let paths = ["/rss.xml", "/atom.xml", "/feed.json", "/seed.xml", "/big.xml"];
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let feeds: String = paths.iter().map(|p| format!("[[feeds]]\nurl = \"{}\"\n", server.url(p))).collect();
    std::fs::write(&config, feeds).unwrap();
    let data = dir.path().join("data");
    let db = data.join("tidings.db");

    // The first refresh, held still inside one of its writes (once it fetched,
    // so its feed list is stored)...
    let mut first = refresh(&config, &data);
    let patience = Duration::from_secs(60);
    assert!(paths.iter().all(|p| server.wait_for_hits(p, 1, patience)), "the first refresh fetched");
    assert!(stop_inside_write(&mut first, &WriteProbe::open(&db)), "the first refresh was caught writing");
    // ...while the second one runs: it fetches everything, then waits for the lock.
    let mut second = refresh(&config, &data);
    assert!(paths.iter().all(|p| server.wait_for_hits(p, 2, patience)), "the second refresh fetched meanwhile");
    assert!(wait_until_waiting_for_lock(&mut second), "the second refresh waited for the first one's write");
    signal(&first, "CONT");
    let (a, b) = (finish(first), finish(second));
    assert_eq!(a.0, Some(0), "{}", a.1);
    assert_eq!(b.0, Some(0), "{}", b.1);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let store = tidings::store::Store::open(&db).unwrap();
    let once: usize = store.feeds().unwrap().iter().map(|f| f.total as usize).sum();
    assert_eq!(store.headline_count(&tidings::model::View::All.into()).unwrap(), once);
    assert!(once > 1500, "{once} items");
    assert_eq!(store.feeds().unwrap().len(), paths.len(), "each feed stored once");
    // (`refresh` leaves indexing to the next search.)
    let mut index = store;
    assert_eq!(index.index_all_pending().unwrap(), once, "every item indexed once");
    assert_eq!(index.search(tidings::model::View::All, "zyzzyva", 0, 1).unwrap().0, 1500, "each item found once");
}

#[test]
fn an_unusable_data_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let data = blocker.join("data");
    let out = tidings(&config, &data);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with(&format!("tidings: data directory {}: ", data.display())), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
    assert!(out.stdout.is_empty(), "the terminal was not touched");
}

#[test]
fn an_unreadable_config_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::create_dir(&config).unwrap(); // a directory where the file should be
    let out = tidings(&config, &dir.path().join("d"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with(&format!("tidings: {}:1:1: cannot read the config", config.display())), "{stderr}");
    assert!(!dir.path().join("d").exists(), "nothing written");
}
