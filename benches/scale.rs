//! How tidings holds up with a big database: parse throughput, ingest rate,
//! and the cost of a frame and of a keypress with 100,000 stored items.
//! Run with `cargo bench --bench scale`; nothing here is a pass/fail test.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use std::hint::black_box;

mod common;

use common::{ITEMS_PER_FEED, StoreExt, big_store, items, settle};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tidings::app::{Action, App, Msg, update};
use tidings::model::FeedSource;
use tidings::store::Store;
use tidings::ui::effects::Executor;

/// A real-looking RSS feed: `items` entries of ~5 KB of HTML each.
fn big_feed(items: usize) -> String {
    let para = "<p>Lorem ipsum dolor sit amet, <strong>consectetur</strong> adipiscing elit, sed do eiusmod \
        tempor incididunt ut labore et dolore magna aliqua. Ut enim ad <a href=\"https://e.example/x\">minim</a> \
        veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. L’été « déjà ».</p>";
    let body = para.repeat(14);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Big</title>\
         <link>https://e.example/</link><description>d</description>",
    );
    for i in 0..items {
        xml.push_str(&format!(
            "<item><title>Item {i} — a headline of ordinary length</title><link>https://e.example/{i}</link>\
             <guid>https://e.example/{i}</guid><pubDate>Tue, 28 Jan 2025 08:14:00 +0000</pubDate>\
             <description>Summary {i}</description><content:encoded><![CDATA[{body}]]></content:encoded></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn parse(c: &mut Criterion) {
    let xml = big_feed(500);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_function("rss_500_items_2.6MB", |b| {
        b.iter(|| tidings::parse::parse_feed(black_box(xml.as_bytes()), "https://e.example/feed").unwrap())
    });
    group.finish();
}

fn ingest(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(ITEMS_PER_FEED as u64));
    group.sample_size(20);
    // One transaction with the search index written; then as the poller
    // stores a refresh, with the index left to the catch-up afterwards.
    for (name, defer) in [("new_feed_of_50_items", false), ("new_feed_of_50_items_index_deferred", true)] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("ingest.db")).unwrap();
        let sources: Vec<FeedSource> = (0..1000)
            .map(|i| FeedSource { url: format!("https://e{i}.example/feed"), ..FeedSource::default() })
            .collect();
        let ids = store.sync_feeds(&sources).unwrap();
        store.defer_search_index(defer);
        let mut next = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                let feed = next % ids.len();
                next += 1;
                // Each iteration stores a fresh feed's items (new rows, one transaction).
                let parsed = items(next + 10_000, ITEMS_PER_FEED);
                store.ingest(ids[feed], &parsed, 1_800_000_000).unwrap()
            })
        });
    }
    group.finish();
}

fn big_database(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = big_store(dir.path());
    let mut group = c.benchmark_group("100k_items");
    group.sample_size(30);

    group.bench_function("first_frame (open db, load feeds + first window, draw)", |b| {
        b.iter(|| {
            let mut rt = Executor { store: Some(Store::open(&path).unwrap()), ..Executor::none() };
            let mut app = App::new(120, 40, 0);
            let start = app.start();
            settle(&mut app, &mut rt, start);
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            term.draw(|f| tidings::render::draw(&app, f)).unwrap();
        })
    });

    let mut rt = Executor { store: Some(Store::open(&path).unwrap()), ..Executor::none() };
    let mut app = App::new(120, 40, 0);
    let start = app.start();
    settle(&mut app, &mut rt, start);
    update(&mut app, Msg::Action(Action::Open));
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();

    group.bench_function("draw_main_screen", |b| {
        b.iter(|| {
            term.draw(|f| tidings::render::draw(&app, f)).unwrap();
        })
    });

    let store = Store::open(&path).unwrap();
    group.bench_function("search 'generative' (12,500 of 100k match; count + first page)", |b| {
        b.iter(|| store.search(tidings::model::View::All, "generative", 0, 300).unwrap())
    });
    group.bench_function("search 'privacy climate' (no item has both)", |b| {
        b.iter(|| store.search(tidings::model::View::All, "privacy climate", 0, 300).unwrap())
    });
    group.bench_function("search 'item 4917' (rare)", |b| {
        b.iter(|| store.search(tidings::model::View::All, "item 4917", 0, 300).unwrap())
    });
    drop(store);

    let mut key = |name: &str, keys: &[Action]| {
        group.bench_function(name, |b| {
            b.iter(|| {
                for &a in keys {
                    let effects = update(&mut app, Msg::Action(a));
                    settle(&mut app, &mut rt, effects);
                }
                term.draw(|f| tidings::render::draw(&app, f)).unwrap();
            })
        });
    };

    // Each pair ends where it started, so every iteration does the same work.
    key("key_G_then_g (jump to bottom and top of 100k)", &[Action::Bottom, Action::Top]);
    key("key_j (move one row)", &[Action::Down]);
    group.finish();
}

criterion_group!(benches, parse, ingest, big_database);
criterion_main!(benches);
