//! Rules on arrival through the real poller and store: a loopback server
//! serves the feeds, the config text is parsed and validated as the program
//! does, the poller stores what it fetches in a SQLite file and the rules act
//! in the same transaction.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::{Response, StoreExt, TestServer};
use tidings::config::Config;
use tidings::fetch::FetchOptions;
use tidings::model::{Anchor, FeedId, Headline, Listing, SavedView, View};
use tidings::poller::{self, PollerCmd, PollerEvent, PollerSettings};
use tidings::store::Store;
use tokio::sync::mpsc;
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(15);

/// One `<item>`: guid, title, author, link, body.
type Item<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn rss(title: &str, items: &[Item<'_>]) -> Vec<u8> {
    let mut xml = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>");
    for (guid, title, author, link, body) in items {
        xml.push_str(&format!(
            "<item><guid>{guid}</guid><title>{title}</title><author>{author}</author>\
             <link>{link}</link><description>{body}</description>\
             <pubDate>Tue, 28 Jan 2025 08:00:00 GMT</pubDate></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    xml.into_bytes()
}

/// Two feeds: `/a.xml` (tag news) and `/b.xml` (tag misc).
const NEWS: &[Item<'_>] = &[
    ("n1", "Sponsored: a better mattress", "ads@shop (Shop)", "https://news.example/1", "buy"),
    ("n2", "Rust 2.0 is out", "zoe@news (Zoë)", "https://news.example/2", "The language grows async closures."),
    ("n3", "Daily digest", "digest@news (NewsBot)", "https://news.example/3", "links"),
    ("n4", "A video", "kim@news (Kim)", "https://youtube.com/watch?v=x", "watch"),
];
const MISC: &[Item<'_>] = &[
    ("m1", "Sponsored: shoes", "ads@misc (Shop)", "https://misc.example/1", "buy"),
    ("m2", "Daily digest", "robot@misc (newsbot)", "https://misc.example/2", "links"),
];

struct Harness {
    dir: tempfile::TempDir,
    server: TestServer,
    reader: Store,
    ids: Vec<FeedId>,
    cmds: mpsc::UnboundedSender<PollerCmd>,
    events: mpsc::UnboundedReceiver<PollerEvent>,
}

fn settings() -> PollerSettings {
    PollerSettings {
        max_concurrent_fetches: 2,
        max_fetches_per_host: 2,
        fetch: FetchOptions { timeout: Duration::from_secs(10), ..FetchOptions::default() },
        refresh_interval: None,
        use_server_intervals: true,
        refresh_on_start: false,
        retention: crate::common::poller::keep_everything(),
        index_search: true,
    }
}

/// The config text with `{A}` and `{B}` standing for the feeds' URLs.
fn config_text(server: &TestServer, rules: &str) -> String {
    let feeds = format!(
        "[[feeds]]\nurl = \"{}\"\ntitle = \"News\"\ntags = [\"news\"]\n\n[[feeds]]\nurl = \"{}\"\ntitle = \"Misc\"\ntags = [\"misc\"]\n\n",
        server.url("/a.xml"),
        server.url("/b.xml")
    );
    feeds + &rules.replace("{A}", &server.url("/a.xml")).replace("{B}", &server.url("/b.xml"))
}

fn start(rules: &str) -> Harness {
    let server = TestServer::start();
    server.route("/a.xml", Response::rss(rss("News", NEWS)));
    server.route("/b.xml", Response::rss(rss("Misc", MISC)));
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("config.toml");
    let config = Config::parse(&config_text(&server, rules), &config_path).unwrap();
    let db = db_path(dir.path());
    let mut reader = Store::open(&db).unwrap();
    let sources = config.sources(&config_path);
    let ids = reader.sync_feeds(&sources).unwrap();
    let mut writer = Store::open(&db).unwrap();
    writer.set_rules(config.rules_for(&config_path));
    let (cmds, cmd_rx) = mpsc::unbounded_channel();
    let (event_tx, events) = mpsc::unbounded_channel();
    poller::spawn(settings(), poller::feed_list(&ids, &sources, None), writer, cmd_rx, event_tx);
    Harness { dir, server, reader, ids, cmds, events }
}

fn db_path(dir: &Path) -> PathBuf {
    dir.join("tidings.db")
}

impl Harness {
    /// Refreshes every feed and waits for the poller to be idle; the new items it reported.
    async fn refresh(&mut self) -> usize {
        self.cmds.send(PollerCmd::RefreshAll).unwrap();
        let mut new = 0;
        loop {
            match timeout(WAIT, self.events.recv()).await.expect("idle in time").expect("poller alive") {
                PollerEvent::Idle => return new,
                PollerEvent::FeedUpdated { new_items, .. } => new += new_items,
                PollerEvent::FeedFailed { error, .. } => panic!("fetch failed: {error}"),
                _ => {}
            }
        }
    }

    fn view(&self, query: &str) -> Vec<Headline> {
        let filter = tidings::query::parse(query).unwrap();
        self.reader.headlines(View::Saved(SavedView { name: "q".into(), filter })).unwrap()
    }

    fn titles(&self, view: View) -> Vec<String> {
        let mut titles: Vec<String> = self.reader.headlines(view).unwrap().into_iter().map(|h| h.title).collect();
        titles.sort();
        titles
    }

    fn hidden(&self) -> Vec<String> {
        let (window, _) = self.reader.headline_window(&Listing::from(View::Hidden), Anchor::Index(0), 100).unwrap();
        assert_eq!(window.total, window.rows.len());
        let mut titles: Vec<String> = window.rows.into_iter().map(|h| h.title).collect();
        titles.sort();
        titles
    }

    fn one(&self, title: &str, feed: usize) -> Headline {
        let rows = self.reader.headlines(View::Feed(self.ids[feed])).unwrap();
        rows.into_iter().find(|h| h.title == title).unwrap_or_else(|| panic!("{title} in feed {feed}"))
    }
}

#[tokio::test]
async fn every_action_applies_on_arrival_in_config_order() {
    let mut h = start(
        r#"
[[rules]]
query = "title:/^Sponsored/"
action = "hide"

[[rules]]
query = "author:/bot\\)?$/i"
action = "read"

[[rules]]
query = "rust or link:youtube.com"
tag = "watch"

[[rules]]
query = "tag:watch"
action = "star"
"#,
    );
    let new = h.refresh().await;
    // Hidden items are not new: they never show.
    assert_eq!(new, 4, "6 stored, 2 hidden");
    assert_eq!(h.titles(View::All), ["A video", "Daily digest", "Daily digest", "Rust 2.0 is out"]);
    assert_eq!(h.hidden(), ["Sponsored: a better mattress", "Sponsored: shoes"]);
    // `read`: both digests (authors end in "bot" or "Bot)"), nothing else.
    assert!(h.one("Daily digest", 0).read && h.one("Daily digest", 1).read);
    assert!(!h.one("Rust 2.0 is out", 0).read && !h.one("A video", 0).read);
    // `tag`: a word or a link; `tag:` matches item tags in a query...
    let tagged: Vec<String> = h.view("tag:watch").into_iter().map(|r| r.title).collect();
    assert_eq!(tagged.len(), 2, "{tagged:?}");
    // ...and the next rule saw the tag the one before gave (config order).
    assert!(h.one("Rust 2.0 is out", 0).starred && h.one("A video", 0).starred);
    assert!(!h.one("Daily digest", 0).starred);
    // Feed tags still match too.
    assert_eq!(h.view("tag:misc").len(), 1);
    // The counters agree with the rows: hidden items are not counted.
    let feeds = h.reader.feeds().unwrap();
    assert_eq!((feeds[0].total, feeds[0].unread, feeds[0].starred), (3, 2, 2));
    assert_eq!((feeds[1].total, feeds[1].unread), (1, 0));
}

#[tokio::test]
async fn order_decides_when_one_rule_reads_another_s_result() {
    // The star rule comes first: the tag is not there yet when it runs.
    let mut h = start(
        r#"
[[rules]]
query = "tag:watch"
action = "star"

[[rules]]
query = "rust"
tag = "watch"
"#,
    );
    h.refresh().await;
    let rust = h.one("Rust 2.0 is out", 0);
    assert!(!rust.starred, "the star rule ran before the tag existed");
    assert_eq!(h.view("tag:watch").len(), 1);
}

#[tokio::test]
async fn scoping_by_feed_and_by_tag() {
    let mut h = start(
        r#"
[[rules]]
query = "title:digest"
action = "hide"
feeds = ["{B}"]

[[rules]]
query = "title:/^sponsored/i"
action = "read"
tags = ["news"]
"#,
    );
    h.refresh().await;
    assert_eq!(h.hidden(), ["Daily digest"]);
    assert!(!h.one("Daily digest", 0).read, "the news digest is out of the first rule's scope");
    assert!(h.one("Sponsored: a better mattress", 0).read);
    assert!(!h.one("Sponsored: shoes", 1).read, "misc is out of the second rule's scope");
}

#[tokio::test]
async fn regular_expressions_case_and_negation() {
    let mut h = start(
        r#"
[[rules]]
query = "author:/Bot$/"
action = "star"

[[rules]]
query = "author:/BOT$/i -feed:news"
action = "read"

[[rules]]
query = "title:/(?:mattress|shoes)$/ (feed:news or older:1000w)"
tag = "shop"
"#,
    );
    h.refresh().await;
    // Case-sensitive without `i`: "NewsBot" ends in "Bot", "newsbot" does not.
    assert!(h.one("Daily digest", 0).starred);
    assert!(!h.one("Daily digest", 1).starred);
    // With `i` both match ("newsbot" too); the negated term leaves the news one out.
    assert!(!h.one("Daily digest", 0).read);
    assert!(h.one("Daily digest", 1).read);
    let shop: Vec<String> = h.view("tag:shop").into_iter().map(|r| r.title).collect();
    assert_eq!(shop, ["Sponsored: a better mattress"], "older:1000w is false for both, feed:news for one");
}

#[tokio::test]
async fn a_hidden_item_never_resurfaces_after_refetch() {
    let mut h = start(
        r#"
[[rules]]
query = "title:/^Sponsored/"
action = "hide"
"#,
    );
    h.refresh().await;
    assert_eq!(h.hidden().len(), 2);
    // The feed changes (a new item, the ad's text edited): it is read again.
    let mut items = NEWS.to_vec();
    items.push(("n5", "Fresh news", "x@news (X)", "https://news.example/5", "new"));
    items[0].4 = "buy now, edited";
    h.server.route("/a.xml", Response::rss(rss("News", &items)));
    let new = h.refresh().await;
    assert_eq!(new, 1, "only the fresh item is new");
    assert!(!h.titles(View::All).iter().any(|t| t.starts_with("Sponsored")));
    assert_eq!(h.hidden().len(), 2, "hidden once, listed once");
    // Even with the rule gone, the item does not come back as new: it is kept.
    let config_path = h.dir.path().join("config.toml");
    let config = Config::parse(&config_text(&h.server, ""), &config_path).unwrap();
    h.cmds.send(PollerCmd::SetRules(config.rules_for(&config_path))).unwrap();
    items.push(("n6", "Later news", "x@news (X)", "https://news.example/6", "later"));
    h.server.route("/a.xml", Response::rss(rss("News", &items)));
    assert_eq!(h.refresh().await, 1);
    assert_eq!(h.hidden().len(), 2);
    // The way back: unhide, and it is an ordinary item again, searchable.
    let (window, _) = h.reader.headline_window(&Listing::from(View::Hidden), Anchor::Index(0), 10).unwrap();
    let ad = window.rows.iter().find(|r| r.title.contains("mattress")).unwrap();
    let article = h.reader.article(ad.id).unwrap().unwrap();
    assert_eq!(article.content.as_deref(), Some("buy"), "kept as it was hidden");
    assert_eq!(h.reader.unhide(&[ad.id]).unwrap(), 1);
    assert_eq!(h.hidden(), ["Sponsored: shoes"]);
    assert!(h.titles(View::Feed(h.ids[0])).contains(&"Sponsored: a better mattress".to_owned()));
    h.reader.index_all_pending().unwrap();
    assert_eq!(h.reader.search(View::All, "mattress", 0, 10).unwrap().0, 1);
    // A refetch finds it stored: not new again, not doubled.
    items.push(("n7", "Even later", "x@news (X)", "https://news.example/7", "later"));
    h.server.route("/a.xml", Response::rss(rss("News", &items)));
    assert_eq!(h.refresh().await, 1);
    assert_eq!(h.titles(View::Feed(h.ids[0])).iter().filter(|t| t.contains("mattress")).count(), 1);
}

#[tokio::test]
async fn rules_apply_to_stored_items_and_u_undoes_each() {
    // Nothing acts on arrival here: the items are stored first.
    let mut h = start("");
    h.refresh().await;
    let before = h.titles(View::All);
    assert_eq!(before.len(), 6);
    let config_path = h.dir.path().join("config.toml");
    let rules = r#"
[[rules]]
query = "title:/^Sponsored/"
action = "hide"

[[rules]]
query = "digest"
action = "read"

[[rules]]
query = "async"
tag = "lang"
"#;
    let config = Config::parse(&config_text(&h.server, rules), &config_path).unwrap();
    let rules = config.rules_for(&config_path);
    // A dry run says what would change and changes nothing.
    let dry = h.reader.apply_rules(&rules, true).unwrap();
    assert_eq!(dry.iter().map(|r| (r.matched, r.changes)).collect::<Vec<_>>(), [(2, 2), (2, 2), (1, 1)]);
    assert_eq!(h.titles(View::All), before);
    assert_eq!(h.reader.rule_matches(&rules).unwrap().iter().map(|r| r.hidden).collect::<Vec<_>>(), [0, 0, 0]);

    let done = h.reader.apply_rules(&rules, false).unwrap();
    assert_eq!(done.iter().map(|r| r.changes).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(h.titles(View::All).len(), 4);
    assert_eq!(h.view("tag:lang").len(), 1);
    assert!(h.one("Daily digest", 0).read);
    // Applying again changes nothing (and leaves no empty undo level).
    assert!(h.reader.apply_rules(&rules, false).unwrap().iter().all(|r| r.changes == 0));

    // U takes the rules back, the last one first.
    let undone = h.reader.undo_last().unwrap().unwrap();
    assert_eq!((undone.restored, undone.rule.as_deref()), (1, Some("tag = \"lang\": async")));
    assert!(h.view("tag:lang").is_empty());
    let undone = h.reader.undo_last().unwrap().unwrap();
    assert_eq!(undone.restored, 2);
    assert!(!h.one("Daily digest", 0).read && !h.one("Daily digest", 1).read);
    let undone = h.reader.undo_last().unwrap().unwrap();
    assert_eq!((undone.restored, undone.rule.as_deref()), (2, Some("hide: title:/^Sponsored/")));
    assert_eq!(h.titles(View::All), before);
    assert!(h.hidden().is_empty());
    let feeds = h.reader.feeds().unwrap();
    assert_eq!((feeds[0].total, feeds[1].total), (4, 2), "counters back with the items");
    assert!(h.reader.undo_last().unwrap().is_none());
    // Brought back, not removed: the ad is searchable and the next fetch does not store it again.
    assert_eq!(h.reader.search(View::All, "mattress", 0, 10).unwrap().0, 1);
    let mut items = NEWS.to_vec();
    items.push(("n5", "Fresh news", "x@news (X)", "https://news.example/5", "new"));
    h.server.route("/a.xml", Response::rss(rss("News", &items)));
    assert_eq!(h.refresh().await, 1);
    assert_eq!(h.titles(View::All).len(), 7);
}
