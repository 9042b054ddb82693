//! The big database the benches share: FEEDS × ITEMS_PER_FEED items built
//! as the poller stores them, and the UI loop's way of running effects.

// Each bench uses a different part of this module.
#![allow(dead_code)]

use tidings::app::{App, Effect, Msg, update};
use tidings::model::{FeedSource, ParsedFeed, ParsedItem};
use tidings::store::Store;
use tidings::ui::effects::Executor;

#[path = "../../tests/it/common/store_ext.rs"]
mod store_ext;
pub use store_ext::StoreExt;

pub const FEEDS: usize = 2_000;
pub const ITEMS_PER_FEED: usize = 50;
/// Title words, so searches match a realistic share of the items.
pub const TOPICS: [&str; 8] = ["rust", "linux", "privacy", "climate", "l’IA générative", "football", "music", "space"];
/// Tags: feed `i` has tag `TAGS[i % 8]`.
pub const TAGS: [&str; 8] = ["news", "tech", "science", "sport", "culture", "world", "local", "blogs"];

pub fn items(feed: usize, n: usize) -> ParsedFeed {
    let items = (0..n)
        .map(|k| ParsedItem {
            guid: format!("{feed}-{k}"),
            title: format!("Feed {feed} item {k}: news about {}", TOPICS[k % TOPICS.len()]),
            link: Some(format!("https://e{feed}.example/{k}")),
            published: Some(1_700_000_000 + (k * FEEDS + feed) as i64 * 60),
            content: Some("<p>Body text.</p>".repeat(20)),
            ..Default::default()
        })
        .collect();
    ParsedFeed { title: Some(format!("Feed {feed}")), items, ..Default::default() }
}

/// A database of FEEDS × ITEMS_PER_FEED items, built once as the poller stores them.
pub fn big_store(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("big.db");
    let mut store = Store::open(&path).unwrap();
    let sources: Vec<FeedSource> = (0..FEEDS)
        .map(|i| FeedSource {
            url: format!("https://e{i}.example/feed"),
            title: None,
            tags: vec![TAGS[i % TAGS.len()].to_string()],
            ..FeedSource::default()
        })
        .collect();
    let ids = store.sync_feeds(&sources).unwrap();
    for (i, id) in ids.iter().enumerate() {
        store.ingest(*id, &items(i, ITEMS_PER_FEED), 1_800_000_000).unwrap();
    }
    path
}

/// Runs effects the way the UI loop does: each answer goes back through update.
pub fn settle(app: &mut App, rt: &mut Executor, effects: Vec<Effect>) {
    let mut queue: Vec<Msg> = effects.into_iter().filter_map(|e| rt.execute(e)).collect();
    while let Some(msg) = queue.pop() {
        for e in update(app, msg) {
            queue.extend(rt.execute(e));
        }
    }
}
