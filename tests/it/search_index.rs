//! The search index catches up after refreshes: items stored with indexing
//! deferred (as the poller stores them) are found once `index_pending` ran,
//! and edits, removals and reused ids keep the index exact.

use crate::common::{StoreExt, feed_source, temp_store};
use tidings::model::{FeedId, FeedSource, ParsedFeed, ParsedItem, Retention, SavedView, View};
use tidings::store::Store;

const NOW: i64 = 1_800_000_000;

fn item(guid: &str, title: &str, body: &str, age_days: i64) -> ParsedItem {
    ParsedItem {
        guid: guid.into(),
        title: title.into(),
        content: Some(format!("<p>{body}</p>")),
        published: Some(NOW - age_days * 86_400),
        ..Default::default()
    }
}

fn deferred_store() -> (tempfile::TempDir, Store, FeedId) {
    let (dir, mut store, ids) = temp_store(&[feed_source("https://e.example/f")]);
    store.defer_search_index(true);
    (dir, store, ids[0])
}

fn found(store: &Store, words: &str) -> Vec<String> {
    store.search(View::All, words, 0, 100).unwrap().1.into_iter().map(|h| h.title).collect()
}

#[test]
fn deferred_items_are_found_once_the_index_caught_up() {
    let (_dir, mut store, feed) = deferred_store();
    let items = (0..5).map(|k| item(&format!("g{k}"), &format!("note {k}"), "ornithology", k)).collect();
    store.ingest(feed, &ParsedFeed { items, ..Default::default() }, NOW).unwrap();
    assert!(store.search_index_behind().unwrap());
    assert!(found(&store, "ornithology").is_empty(), "not indexed yet");
    assert_eq!(store.headlines(View::All).unwrap().len(), 5, "but stored and listed");

    assert_eq!(store.index_pending(2).unwrap(), 2, "a batch at a time, oldest ids first");
    assert_eq!(found(&store, "ornithology").len(), 2);
    assert_eq!(store.index_all_pending().unwrap(), 3);
    assert_eq!(store.index_pending(2).unwrap(), 0);
    assert!(!store.search_index_behind().unwrap());
    assert_eq!(found(&store, "ornithology").len(), 5);
}

#[test]
fn edits_before_and_after_indexing_leave_the_index_exact() {
    let (_dir, mut store, feed) = deferred_store();
    let feed_of = |items: Vec<ParsedItem>| ParsedFeed { items, ..Default::default() };
    store.ingest(feed, &feed_of(vec![item("a", "alpha", "walrus", 1)]), NOW).unwrap();
    store.index_all_pending().unwrap();
    // An indexed item edited: found by its new words only.
    store.ingest(feed, &feed_of(vec![item("a", "alpha", "narwhal", 1), item("b", "beta", "walrus", 2)]), NOW).unwrap();
    // A stored item edited before the index caught up: indexed as it is now.
    store.ingest(feed, &feed_of(vec![item("a", "alpha", "narwhal", 1), item("b", "beta", "dugong", 2)]), NOW).unwrap();
    store.index_all_pending().unwrap();
    assert_eq!(found(&store, "narwhal"), ["alpha"]);
    assert_eq!(found(&store, "dugong"), ["beta"]);
    assert!(found(&store, "walrus").is_empty(), "{:?}", found(&store, "walrus"));
}

#[test]
fn a_removed_items_reused_id_is_indexed_with_the_new_item() {
    let (_dir, mut store, feed) = deferred_store();
    // Listed first, so stored last: the oldest item gets the highest id.
    let items = vec![item("old", "old one", "manatee", 30), item("new", "new one", "seal", 0)];
    store.ingest(feed, &ParsedFeed { items, ..Default::default() }, NOW).unwrap();
    store.index_all_pending().unwrap();
    let old_id = store.headlines(View::All).unwrap().iter().find(|h| h.title == "old one").unwrap().id;
    // Retention removes the highest id; SQLite hands that id out again.
    let policy = Retention { keep_days: 0, max_items_per_feed: 1, keep_unread: false };
    assert_eq!(store.prune(policy, NOW).unwrap(), 1);
    let next = vec![item("newer", "newer one", "otter", 0), item("new", "new one", "seal", 0)];
    store.ingest(feed, &ParsedFeed { items: next, ..Default::default() }, NOW).unwrap();
    let reused = store.headlines(View::All).unwrap().iter().find(|h| h.title == "newer one").unwrap().id;
    assert_eq!(reused, old_id, "the situation this test is about");
    store.index_all_pending().unwrap();
    assert_eq!(found(&store, "otter"), ["newer one"]);
    assert!(found(&store, "manatee").is_empty());
    assert_eq!(store.search(View::All, "otter", 0, 10).unwrap().0, 1, "indexed once");
}

#[test]
fn without_deferral_every_write_is_searchable_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let feed =
        store.sync_feeds(&[FeedSource { url: "https://e.example/f".into(), ..FeedSource::default() }]).unwrap()[0];
    store
        .ingest(feed, &ParsedFeed { items: vec![item("a", "alpha", "pelican", 0)], ..Default::default() }, NOW)
        .unwrap();
    assert!(!store.search_index_behind().unwrap());
    assert_eq!(found(&store, "pelican"), ["alpha"]);
}

/// Words of the sample items: accented, CJK, with entities and markup
/// around them in the bodies.
const VOCABULARY: [&str; 16] = [
    "générative",
    "crème",
    "brûlée",
    "Noël",
    "naïve",
    "Ødegaard",
    "Straße",
    "café",
    "release",
    "notes",
    "kernel",
    "기술",
    "東京",
    "rust",
    "regression",
    "théâtre",
];

/// Item `k` of feed `f`: a few words of the vocabulary, picked by a small
/// deterministic generator, in a title and an HTML body.
fn sample_item(f: usize, k: usize) -> ParsedItem {
    let mut x = (f * 7919 + k * 104_729 + 13) as u64;
    let mut word = || {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        VOCABULARY[(x >> 33) as usize % VOCABULARY.len()]
    };
    let title = format!("{} {} {k}", word(), word());
    let body = format!(
        "<p class=\"lead\">{} <strong>{}</strong> {}&nbsp;{}</p><p>{} <a href=\"https://e.example/{k}\">{}</a> g&eacute;n&#233;rative{}</p>",
        word(),
        word(),
        word(),
        word(),
        word(),
        word(),
        if k.is_multiple_of(5) { " Cr&egrave;me br&ucirc;l&eacute;e" } else { "" }
    );
    ParsedItem {
        guid: format!("{f}-{k}"),
        title,
        author: Some(if k.is_multiple_of(3) { "Zoë Brontë".into() } else { "Søren".into() }),
        content: Some(body),
        published: Some(NOW - (k * 3600) as i64),
        ..Default::default()
    }
}

/// What each sample query finds: (query, matching ids in listing order).
fn answers(store: &Store) -> Vec<(String, Vec<i64>)> {
    let typed = [
        "generative",
        "GÉNÉ",
        "creme brulee",
        "noel",
        "naive",
        "ødegaard",
        "strasse",
        "straße",
        "cafe",
        "rel",
        "release notes",
        "kern",
        "기술",
        "東京",
        "rust regr",
        "theatre",
        "zoe",
        "bronte",
        "soren",
        "strong",
        "href",
        "lead",
        "nbsp",
        "eacute",
    ];
    let mut out: Vec<(String, Vec<i64>)> = typed
        .iter()
        .map(|q| (q.to_string(), store.search(View::All, q, 0, 100_000).unwrap().1.iter().map(|h| h.id.0).collect()))
        .collect();
    for q in ["title:\"crème brûlée\"", "content:\"creme brulee\"", "author:zoe", "title:rust -content:kernel"] {
        let filter = tidings::query::parse(q).unwrap();
        let view = View::Saved(SavedView { name: "q".into(), filter });
        out.push((q.to_string(), store.headlines(view).unwrap().iter().map(|h| h.id.0).collect()));
    }
    out
}

/// The same items stored twice: indexed as written, and with the index
/// deferred (as a refresh stores them), `parts` refreshes per feed of 4 feeds.
struct Twins {
    eager: Store,
    deferred: Store,
    dir: tempfile::TempDir,
    _eager_dir: tempfile::TempDir,
}

fn twins(parts: usize, per_part: usize) -> Twins {
    let feeds: Vec<FeedSource> = (0..4).map(|f| feed_source(&format!("https://e{f}.example/f"))).collect();
    let (eager_dir, mut eager, ids) = temp_store(&feeds);
    let (dir, mut deferred, _) = temp_store(&feeds);
    deferred.defer_search_index(true);
    for (f, id) in ids.iter().enumerate() {
        for part in 0..parts {
            let items = (part * per_part..(part + 1) * per_part).map(|k| sample_item(f, k)).collect();
            let parsed = ParsedFeed { items, ..Default::default() };
            eager.ingest(*id, &parsed, NOW).unwrap();
            deferred.ingest(*id, &parsed, NOW).unwrap();
        }
    }
    Twins { eager, deferred, dir, _eager_dir: eager_dir }
}

#[test]
fn the_catch_up_answers_what_an_index_built_at_once_answers() {
    // Several refreshes per feed, as the poller stores them.
    let Twins { eager, mut deferred, .. } = twins(3, 250);
    assert!(deferred.search_index_behind().unwrap());
    assert_eq!(deferred.index_all_pending().unwrap(), 3_000);
    assert!(!deferred.search_index_behind().unwrap());
    let (want, got) = (answers(&eager), answers(&deferred));
    for ((q, want), (_, got)) in want.iter().zip(&got) {
        assert_eq!(got, want, "{q}: the catch-up's index answers differently");
    }
    // The sample means something: folded, prefixed and phrase queries match,
    // markup and entity names do not.
    let count = |q: &str| want.iter().find(|(w, _)| w == q).unwrap().1.len();
    assert_eq!(count("generative"), 3_000, "every body has g&eacute;n&#233;rative");
    assert_eq!(count("GÉNÉ"), 3_000);
    assert!(count("creme brulee") >= count("content:\"creme brulee\""));
    assert!(count("content:\"creme brulee\"") >= 600, "{}", count("content:\"creme brulee\""));
    for q in ["noel", "ødegaard", "기술", "rel", "zoe", "title:rust -content:kernel"] {
        assert!(count(q) > 0 && count(q) < 3_000, "{q}: {}", count(q));
    }
    for q in ["strong", "href", "lead", "nbsp", "eacute"] {
        assert_eq!(count(q), 0, "{q} is markup");
    }
}

#[test]
fn searches_answer_the_same_while_a_catch_up_or_its_merges_are_unfinished() {
    let Twins { eager, mut deferred, dir, .. } = twins(1, 750);
    let want = answers(&eager);
    let same = |store: &Store, when: &str| {
        for ((q, want), (_, got)) in want.iter().zip(&answers(store)) {
            assert_eq!(got, want, "{q} {when}");
        }
    };
    // Interrupted: enough small batches for many segments, then a reopen.
    let mut batches = 0;
    while deferred.index_pending(30).unwrap() > 0 {
        batches += 1;
    }
    assert!(batches >= 50, "{batches} batches");
    // The side half caught up too, its merges left pending as well.
    deferred.side_indexer().unwrap().catch_up().unwrap();
    drop(deferred);
    let mut deferred = Store::open(&dir.path().join("tidings.db")).unwrap();
    same(&deferred, "with the merges pending");
    let mut steps = 0;
    while deferred.merge_search_index_step().unwrap() {
        steps += 1;
        if steps == 1 {
            same(&deferred, "after one merge step");
        }
    }
    assert!(steps > 0, "the catch-up left segments to merge");
    assert!(!deferred.merge_search_index_step().unwrap(), "nothing left once merged");
    same(&deferred, "once merged");
}
