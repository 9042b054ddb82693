//! `tidings db vacuum` on the built binary.

use crate::common::bin;

fn tidings(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let config = dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    bin::run(&config, &dir.join("data"), args)
}

#[test]
fn vacuum_reports_sizes_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let db = dir.path().join("data").join("tidings.db");
    let mut store = tidings::store::Store::open(&db).unwrap();
    let source =
        tidings::model::FeedSource { url: "https://e.example/f".into(), ..tidings::model::FeedSource::default() };
    store.sync_feeds(&[source]).unwrap();
    drop(store);

    let out = tidings(dir.path(), &["db", "vacuum"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("tidings.db: ") && stdout.contains(" MiB -> "), "{stdout}");
    assert_eq!(tidings::store::Store::open(&db).unwrap().feeds().unwrap().len(), 1, "data kept");
}

#[test]
fn vacuum_without_a_database_does_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(dir.path(), &["db", "vacuum"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("nothing to do"));
}
