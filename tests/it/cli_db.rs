//! `tidings db vacuum` on the built binary.

use crate::common::StoreExt;
use crate::common::bin;

fn tidings(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let config = dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    bin::run(&config, &dir.join("data"), args)
}

/// A feed of `count` items with long bodies, as a publisher would send it.
fn big_feed(count: usize) -> tidings::model::ParsedFeed {
    let body = "<p>a long paragraph of an article that takes room</p>".repeat(40);
    let items: String = (0..count)
        .map(|k| {
            format!(
                "<item><title>item {k}</title><guid>g{k}</guid><pubDate>Tue, 28 Jan 2025 {:02}:{:02}:{:02} +0000</pubDate>\
                 <description><![CDATA[{body} {k}]]></description></item>",
                if k == 0 { 9 } else { 8 }, // item 0 the newest
                k / 60 % 60,
                k % 60
            )
        })
        .collect();
    let xml = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>{items}</channel></rss>");
    tidings::parse::parse_feed(xml.as_bytes(), "https://e.example/f").unwrap()
}

#[test]
fn vacuum_gives_back_the_room_of_removed_items_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let db = dir.path().join("data").join("tidings.db");
    let mut store = tidings::store::Store::open(&db).unwrap();
    let source =
        tidings::model::FeedSource { url: "https://e.example/f".into(), ..tidings::model::FeedSource::default() };
    let feed = store.sync_feeds(&[source]).unwrap()[0];
    store.ingest(feed, &big_feed(1500), 1_738_051_200).unwrap();
    store.index_all_pending().unwrap();
    // Retention removes all but the newest item: their pages are free but still in the file.
    let policy = tidings::model::Retention { keep_days: 0, max_items_per_feed: 1, keep_unread: false };
    assert_eq!(store.prune(policy, 1_738_051_200).unwrap(), 1499);
    let full = store.size().unwrap();
    assert!(full > 2 << 20, "{full} bytes: room to give back");
    drop(store);

    let out = tidings(dir.path(), &["db", "vacuum"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let store = tidings::store::Store::open(&db).unwrap();
    let small = store.size().unwrap();
    assert!(small * 4 < full, "{full} bytes became {small}");
    assert!(std::fs::metadata(&db).unwrap().len() < full / 4, "the file itself shrank");
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    let report = format!("tidings.db: {:.1} MiB -> {:.1} MiB", mib(full), mib(small));
    assert!(stdout.lines().any(|l| l.ends_with(&report)), "{stdout}");
    // The search index's other half is given its room back too.
    let side = tidings::store::search_file_of(&db);
    let side_line = stdout.lines().find(|l| l.starts_with(&side.display().to_string())).unwrap_or_default();
    let sizes: Vec<f64> = side_line.split([' ', ':']).filter_map(|w| w.parse().ok()).collect();
    assert!(sizes.len() == 2 && sizes[1] < sizes[0], "{stdout}");
    assert_eq!(store.feeds().unwrap().len(), 1, "data kept");
    let left = store.headlines(tidings::model::View::All).unwrap();
    assert_eq!(left.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(), ["item 0"], "the kept item kept");
}

#[test]
fn vacuum_without_a_database_does_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(dir.path(), &["db", "vacuum"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("nothing to do"));
}
