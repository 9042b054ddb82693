//! Every kind of listing (views, tags, saved queries, search, hide read, the
//! three orders) paged by the store agrees with the same listing computed
//! in plain Rust from the data the test stored.

use crate::common::StoreExt;
use tidings::model::{FeedId, FeedSource, Headline, ItemId, Listing, ParsedFeed, ParsedItem, SavedView, Sort, View};
use tidings::query::parse;
use tidings::store::Store;

const DAY: i64 = 86_400;
/// Feeds (title, tags) in config order; the last one leaves the config.
const FEEDS: [(&str, &[&str]); 5] =
    [("Alpha", &["rust", "news"]), ("Beta", &["Rust"]), ("Gamma", &["news"]), ("Delta", &[]), ("Gone", &["rust"])];

/// One stored item as the test knows it.
#[derive(Debug, Clone)]
struct Item {
    id: ItemId,
    feed: usize,
    title: String,
    author: String,
    date: i64,
    read: bool,
    starred: bool,
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    items: Vec<Item>,
    ids: Vec<FeedId>,
    now: i64,
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("l.db")).unwrap();
    let sources: Vec<FeedSource> = FEEDS
        .iter()
        .enumerate()
        .map(|(i, (title, tags))| FeedSource {
            url: format!("https://f{i}.example/feed"),
            title: Some(title.to_string()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..FeedSource::default()
        })
        .collect();
    let ids = store.sync_feeds(&sources).unwrap();
    let now = now();
    let mut items = Vec::new();
    for (f, &feed_id) in ids.iter().enumerate() {
        let n = 12 + 5 * f;
        let parsed: Vec<ParsedItem> = (0..n)
            .map(|k| ParsedItem {
                guid: format!("{f}-{k}"),
                title: format!("{} item {f}-{k}", ["async rust", "plain news", "générative art"][k % 3]),
                author: Some(["alice", "bob"][(k + f) % 2].into()),
                // Dates collide across feeds (ties by id) and spread over ten days.
                published: Some(now - (k as i64 % 10) * DAY - 60),
                content: Some(format!("<p>body {k}</p>")),
                ..Default::default()
            })
            .collect();
        store.ingest(feed_id, &ParsedFeed { items: parsed.clone(), ..Default::default() }, now).unwrap();
        for h in store.headlines(View::Feed(feed_id)).unwrap() {
            let k: usize = h.title.rsplit('-').next().unwrap().parse().unwrap();
            let (read, starred) = ((k + f).is_multiple_of(3), k % 4 == 1);
            store.set_read(h.id, read).unwrap();
            store.set_starred(h.id, starred).unwrap();
            let author = parsed[k].author.clone().unwrap();
            items.push(Item { id: h.id, feed: f, title: h.title, author, date: h.date, read, starred });
        }
    }
    // "Gone" leaves the config: only its starred items stay visible (in Starred).
    store.sync_feeds(&sources[..4]).unwrap();
    Fixture { _dir: dir, store, items, ids, now }
}

fn saved(query: &str) -> View {
    View::Saved(SavedView { name: query.into(), filter: parse(query).unwrap() })
}

/// The words of a text, lower-cased, accents kept (the search test covers folding).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn has_prefix(item: &Item, word: &str) -> bool {
    let text = format!("{} {} body {}", item.title, item.author, item.title.rsplit('-').next().unwrap());
    words(&text).iter().any(|w| w.starts_with(&word.to_lowercase()))
}

/// A word typed in the search prompt: a prefix from three letters on; shorter
/// Latin words match whole words only.
fn matches_search(item: &Item, word: &str) -> bool {
    if word.is_ascii() && word.len() < 3 {
        let text = format!("{} {} body {}", item.title, item.author, item.title.rsplit('-').next().unwrap());
        return words(&text).iter().any(|w| *w == word.to_lowercase());
    }
    has_prefix(item, word)
}

/// The listing computed from what was stored.
fn reference(fx: &Fixture, listing: &Listing) -> Vec<ItemId> {
    let configured = |i: &Item| i.feed < 4;
    let tagged = |i: &Item, tag: &str| configured(i) && FEEDS[i.feed].1.iter().any(|t| t.eq_ignore_ascii_case(tag));
    let mut rows: Vec<&Item> = fx
        .items
        .iter()
        .filter(|i| match &listing.view {
            View::All => configured(i),
            View::Unread => configured(i) && !i.read,
            View::Starred => i.starred,
            View::Tag(tag) => tagged(i, tag),
            View::Feed(id) => fx.ids[i.feed] == *id,
            // No rules here: nothing is hidden.
            View::Hidden => false,
            View::Saved(s) => match s.name.as_str() {
                "tag:rust unread" => tagged(i, "rust") && !i.read,
                "-tag:news starred" => configured(i) && !tagged(i, "news") && i.starred,
                "title:async author:bob" => configured(i) && i.title.starts_with("async") && i.author == "bob",
                "feed:amm -unread" => configured(i) && FEEDS[i.feed].0 == "Gamma" && i.read,
                "newer:3d -async" => configured(i) && i.date >= fx.now - 3 * DAY && !has_prefix(i, "async"),
                other => panic!("no reference for {other}"),
            },
        })
        .filter(|i| !listing.hide_read || !i.read)
        .filter(|i| listing.search.as_deref().is_none_or(|s| words(s).iter().all(|w| matches_search(i, w))))
        .collect();
    match listing.sort {
        Sort::Newest => rows.sort_by_key(|i| std::cmp::Reverse((i.date, i.id))),
        Sort::Oldest => rows.sort_by_key(|i| (i.date, i.id)),
        Sort::Feed => rows.sort_by_key(|i| (i.feed, std::cmp::Reverse((i.date, i.id)))),
    }
    rows.into_iter().map(|i| i.id).collect()
}

fn listings(fx: &Fixture) -> Vec<Listing> {
    let views = [
        View::All,
        View::Unread,
        View::Starred,
        View::Tag("rust".into()),
        View::Tag("news".into()),
        View::Feed(fx.ids[1]),
        View::Feed(fx.ids[4]),
        saved("tag:rust unread"),
        saved("-tag:news starred"),
        saved("title:async author:bob"),
        saved("feed:amm -unread"),
        saved("newer:3d -async"),
    ];
    let mut out = Vec::new();
    for view in views {
        for sort in [Sort::Newest, Sort::Oldest, Sort::Feed] {
            for hide_read in [false, true] {
                for search in [None, Some("rus"), Some("alice 1")] {
                    out.push(Listing { view: view.clone(), search: search.map(String::from), hide_read, sort });
                }
            }
        }
    }
    out
}

fn ids(rows: &[Headline]) -> Vec<ItemId> {
    rows.iter().map(|h| h.id).collect()
}

#[test]
fn every_listing_pages_like_the_reference() {
    let fx = fixture();
    for listing in listings(&fx) {
        let want = reference(&fx, &listing);
        let n = want.len();
        assert_eq!(fx.store.headline_count(&listing).unwrap(), n, "{listing:?}");
        assert_eq!(ids(&fx.store.headlines_page(&listing, 0, n + 5).unwrap()), want, "{listing:?}");
        for (offset, limit) in [(1, 3), (n / 2, 4), (n.saturating_sub(2), 5), (n + 1, 3)] {
            let page = fx.store.headlines_page(&listing, offset, limit).unwrap();
            let expected: Vec<ItemId> = want.iter().skip(offset).take(limit).copied().collect();
            assert_eq!(ids(&page), expected, "{listing:?} at {offset}+{limit}");
        }
        for (pos, id) in want.iter().enumerate().step_by(3) {
            assert_eq!(fx.store.headline_index(&listing, *id).unwrap(), Some(pos), "{listing:?} item {id}");
        }
    }
}

#[test]
fn next_and_previous_unread_follow_the_order() {
    let fx = fixture();
    let unread = |id: &ItemId| fx.items.iter().any(|i| i.id == *id && !i.read);
    for listing in listings(&fx).into_iter().filter(|l| l.search.is_none()) {
        let want = reference(&fx, &listing);
        for from in [0, 1, want.len() / 2, want.len().saturating_sub(1), want.len() + 3] {
            let next = (from..want.len()).find(|&p| unread(&want[p])).map(|p| (p, want[p]));
            assert_eq!(fx.store.next_unread(&listing, from).unwrap(), next, "{listing:?} from {from}");
            let last = from.min(want.len().saturating_sub(1));
            let prev = (0..want.len()).rev().filter(|&p| p <= last).find(|&p| unread(&want[p])).map(|p| (p, want[p]));
            assert_eq!(fx.store.prev_unread(&listing, from).unwrap(), prev, "{listing:?} back from {from}");
        }
    }
}

#[test]
fn feed_counters_follow_stars() {
    let fx = fixture();
    let starred = |s: &Store| s.feeds().unwrap().iter().map(|f| f.starred).collect::<Vec<_>>();
    let want: Vec<u32> = (0..4).map(|f| fx.items.iter().filter(|i| i.feed == f && i.starred).count() as u32).collect();
    assert_eq!(starred(&fx.store), want);
    let item = fx.items.iter().find(|i| i.feed == 0 && !i.starred).unwrap();
    fx.store.set_starred(item.id, true).unwrap();
    fx.store.set_starred(item.id, true).unwrap();
    assert_eq!(starred(&fx.store)[0], want[0] + 1);
    assert_eq!(fx.store.feeds().unwrap()[0].tags, ["rust", "news"]);
}
