//! Full-text search over the stored items: accents and case folded, prefixes
//! match as the user types, user text never breaks the query.

use crate::common::{StoreExt, feed_source, temp_store};
use tidings::model::{FeedId, FeedSource, ItemId, ParsedFeed, ParsedItem, View};
use tidings::store::{Store, fts_query};

const SEED: &[u8] = include_bytes!("../fixtures/feeds/seed.xml");

fn store() -> (tempfile::TempDir, Store, FeedId, FeedId) {
    let (dir, mut store, ids) =
        temp_store(&["https://lefiltech.example/feed/", "https://other.example/feed"].map(feed_source));
    let seed = tidings::parse::parse_feed(SEED, "https://lefiltech.example/feed/").unwrap();
    store.ingest(ids[0], &seed, 1_800_000_000).unwrap();
    let other = ParsedFeed {
        items: vec![ParsedItem {
            guid: "o1".into(),
            title: "Generative art in Rust".into(),
            author: Some("Zoë".into()),
            content: Some("<p>Pixels.</p>".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    store.ingest(ids[1], &other, 1_800_000_000).unwrap();
    (dir, store, ids[0], ids[1])
}

fn titles(found: &(usize, Vec<tidings::model::Headline>)) -> Vec<&str> {
    found.1.iter().map(|h| h.title.as_str()).collect()
}

#[test]
fn accents_and_case_are_folded() {
    let (_dir, store, seed, _) = store();
    for q in ["generative", "GÉNÉRATIVE", "générative"] {
        let found = store.search(View::Feed(seed), q, 0, 10).unwrap();
        assert_eq!(found.0, 1, "{q}");
        assert!(titles(&found)[0].starts_with("L’ascension fulgurante de DeepSeek"), "{q}: {:?}", titles(&found));
    }
    let everywhere = store.search(View::All, "generative", 0, 10).unwrap();
    assert_eq!(everywhere.0, 2, "{:?}", titles(&everywhere));
}

#[test]
fn words_match_as_prefixes_and_all_must_match() {
    let (_dir, store, _, _) = store();
    assert_eq!(store.search(View::All, "Spout", 0, 10).unwrap().0, 1);
    assert_eq!(store.search(View::All, "nvi", 0, 10).unwrap().0, 2, "three letters are a prefix (Nvidia)");
    assert_eq!(store.search(View::All, "nv", 0, 10).unwrap().0, 0, "two are a whole word");
    assert_eq!(store.search(View::All, "spoutnik nvidia", 0, 10).unwrap().0, 1);
    assert_eq!(store.search(View::All, "spoutnik pixels", 0, 10).unwrap().0, 0);
    assert_eq!(store.search(View::All, "zoe", 0, 10).unwrap().0, 1, "authors are searched");
}

#[test]
fn user_text_is_never_query_syntax() {
    let (_dir, store, _, _) = store();
    for q in ["\"", "AND OR NOT", "title:x", "(*)", "-rust", "^", "NEAR(a b)"] {
        assert!(store.search(View::All, q, 0, 10).is_ok(), "{q}");
    }
    assert_eq!(fts_query("  "), None);
    // Latin words under three letters match whole words, not every word they start.
    assert_eq!(fts_query("l’IA, générative!"), Some("\"l\" \"IA\" \"générative\"*".into()));
    assert_eq!(fts_query("東 nv"), Some("\"東\"* \"nv\"".into()));
    assert_eq!(store.search(View::All, "", 0, 10).unwrap().0, 0);
}

#[test]
fn the_index_follows_edits() {
    let (_dir, mut store, _, other) = store();
    let edited = ParsedFeed {
        items: vec![ParsedItem { guid: "o1".into(), title: "Procedural music".into(), ..Default::default() }],
        ..Default::default()
    };
    store.ingest(other, &edited, 1_800_000_100).unwrap();
    assert_eq!(store.search(View::Feed(other), "procedural", 0, 10).unwrap().0, 1);
    assert_eq!(store.search(View::Feed(other), "generative", 0, 10).unwrap().0, 0, "old title gone from the index");
}

#[test]
fn pages_of_results() {
    let (_dir, store, _, _) = store();
    let all = store.search(View::All, "generative", 0, 10).unwrap();
    let second = store.search(View::All, "generative", 1, 1).unwrap();
    assert_eq!(second.0, 2);
    assert_eq!(second.1, all.1[1..].to_vec());
}

/// A word thousands of items share takes the other plan (walk by date, test
/// each item): same results, same order, same pages, as a filter by hand.
#[test]
fn broad_matches_list_like_narrow_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    let sources: Vec<FeedSource> =
        (0..3).map(|f| FeedSource { url: format!("https://f{f}.example/"), ..FeedSource::default() }).collect();
    let ids = store.sync_feeds(&sources).unwrap();
    for (f, id) in ids.iter().enumerate() {
        let items = (0..1500)
            .map(|k| ParsedItem {
                guid: format!("{f}-{k}"),
                // Two items in three say "common"; dates interleave the feeds.
                title: format!("{} item {f}-{k}", if k % 3 == 0 { "rare" } else { "common" }),
                published: Some(1_700_000_000 + (k * 3 + f) as i64 * 60),
                ..Default::default()
            })
            .collect();
        store.ingest(*id, &ParsedFeed { items, ..Default::default() }, 1_800_000_000).unwrap();
    }
    let every: Vec<_> = store.headlines(View::All).unwrap();
    for word in ["common", "rare"] {
        let want: Vec<ItemId> = every.iter().filter(|h| h.title.starts_with(word)).map(|h| h.id).collect();
        let (total, first) = store.search(View::All, word, 0, 300).unwrap();
        assert_eq!(total, want.len(), "{word}");
        assert_eq!(first.iter().map(|h| h.id).collect::<Vec<_>>(), want[..300], "{word}: first page");
        let (_, far) = store.search(View::All, word, want.len() - 10, 300).unwrap();
        assert_eq!(far.iter().map(|h| h.id).collect::<Vec<_>>(), want[want.len() - 10..], "{word}: last page");
    }
    assert!(store.search(View::All, "common", 0, 1).unwrap().0 >= 2_000, "the broad plan is exercised");
}

#[test]
fn markup_is_not_searched_but_entities_are_read() {
    let (_dir, mut store, _, other) = store();
    let item = ParsedItem {
        guid: "o2".into(),
        title: "Menu".into(),
        content: Some(
            "<p class=\"lead\">Caf&eacute; <a href=\"https://x.example\">noir</a> &amp; cr&#232;me</p>".into(),
        ),
        ..Default::default()
    };
    store.ingest(other, &ParsedFeed { items: vec![item], ..Default::default() }, 1_800_000_001).unwrap();
    for word in ["cafe", "noir", "creme"] {
        assert_eq!(titles(&store.search(View::All, word, 0, 10).unwrap()), ["Menu"], "{word}");
    }
    // Every item is HTML: tag and attribute names would match them all.
    for markup in ["href", "class", "lead", "strong", "https"] {
        assert_eq!(store.search(View::All, markup, 0, 10).unwrap().0, 0, "{markup}");
    }
}
