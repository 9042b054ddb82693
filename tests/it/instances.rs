//! Two processes on one database, and data or config paths that cannot be used.

use std::path::Path;
use std::process::Output;

use crate::common;

fn tidings(config: &Path, data: &Path) -> Output {
    common::bin::run(config, data, &[])
}

#[test]
fn two_refreshes_at_once_share_the_database_safely() {
    let server = common::fixture_server();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let feeds: String = ["/rss.xml", "/atom.xml", "/feed.json", "/seed.xml"]
        .iter()
        .map(|p| format!("[[feeds]]\nurl = \"{}\"\n", server.url(p)))
        .collect();
    std::fs::write(&config, feeds).unwrap();
    let data = dir.path().join("data");
    let spawn = || common::bin::run(&config, &data, &["refresh"]);
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(a.status.code(), Some(0), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(b.status.code(), Some(0), "{}", String::from_utf8_lossy(&b.stderr));
    let db = data.join("tidings.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let store = tidings::store::Store::open(&db).unwrap();
    let once: usize = store.feeds().unwrap().iter().map(|f| f.total as usize).sum();
    assert_eq!(store.headline_count(&tidings::model::View::All.into()).unwrap(), once);
    assert_eq!(store.feeds().unwrap().len(), 4, "each feed stored once");
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
