//! `[[rules]]` on synced items: what a pull brings new goes through the rules
//! exactly as a refreshed feed's items do (read, star, tag, hide), a read or
//! star a rule makes is queued for the server with it, and an item already
//! known is never ruled again, whatever the server says of it.

use std::collections::HashSet;

use tidings::clock::Clock;
use tidings::config::Config;
use tidings::model::{AccountId, Listing, MarkField, ParsedItem, RemoteFeedRow, RemoteItemRow, SavedView, View};
use tidings::store::Store;

use crate::common::StoreExt;

const NOW: i64 = 1_800_000_000;

const RULES: &str = r#"
# The account's feeds and folders (tag World) are known only from the server.
[[accounts]]
name = "home"
kind = "greader"
url = "https://rss.example/api/greader.php"
user = "me"
password = "secret"

[[rules]]
query = "title:/^Sponsored/"
action = "read"

[[rules]]
query = "kernel"
action = "star"

[[rules]]
query = "title:Digest"
action = "tag"
tag = "later"
tags = ["World"]

[[rules]]
query = "title:/^Spam/"
action = "hide"

[[rules]]
query = "title:Podcast"
action = "read"
feeds = ["https://feeds.example/2.xml"]
"#;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    account: AccountId,
}

fn remote_feed(id: &str, title: &str, tags: &[&str]) -> RemoteFeedRow {
    RemoteFeedRow {
        remote_id: id.into(),
        title: title.into(),
        url: format!("https://feeds.example/{id}.xml"),
        site_url: None,
        tags: tags.iter().map(|t| t.to_string()).collect(),
    }
}

fn remote_item(id: u32, feed: &str, title: &str, read: bool) -> RemoteItemRow {
    RemoteItemRow {
        remote_id: id.to_string(),
        remote_feed: feed.into(),
        item: ParsedItem {
            guid: id.to_string(),
            title: title.into(),
            link: Some(format!("https://feeds.example/{feed}/{id}")),
            published: Some(NOW - 10_000 + i64::from(id)),
            content: Some(format!("<p>Body {id}</p>")),
            ..ParsedItem::default()
        },
        read,
        starred: false,
    }
}

/// An account with two feeds (Tech; Le Monde, tagged World), item 1 known
/// already (stored before the rules), and the rules in force.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("config.toml");
    let config = Config::parse(RULES, &config_path).unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    store.set_clock(Clock::Fixed(NOW * 1000));
    let account = store.ensure_account("home", "greader").unwrap().id;
    let feeds = [remote_feed("1", "Tech Daily", &["Tech"]), remote_feed("2", "Le Monde", &["World"])];
    store.save_remote_feeds(account, &feeds, NOW).unwrap();
    store.store_remote_items(account, &[remote_item(1, "1", "Plain news", false)], None, NOW).unwrap();
    let rules = config.rules_for(&config_path);
    assert_eq!(rules.len(), 5, "every rule of the config is valid");
    store.set_rules(rules);
    Fixture { _dir: dir, store, account }
}

fn queue(f: &Fixture) -> Vec<(String, MarkField, bool)> {
    f.store.pending_changes(f.account, 1000).unwrap().into_iter().map(|c| (c.remote_id, c.field, c.value)).collect()
}

/// Read, starred, tagged `later`; None when the store does not list it.
fn state(f: &Fixture, remote: u32) -> Option<(bool, bool, bool)> {
    let item = f.store.remote_item(f.account, &remote.to_string()).unwrap()?;
    let article = f.store.article(item).unwrap().unwrap();
    let later = View::Saved(SavedView { name: "later".into(), filter: tidings::query::parse("tag:later").unwrap() });
    let tagged = f.store.headlines(later).unwrap().iter().any(|h| h.id == item);
    Some((article.read, article.starred, tagged))
}

fn set(ids: &[u32]) -> HashSet<String> {
    ids.iter().map(u32::to_string).collect()
}

#[test]
fn new_synced_items_go_through_the_rules_and_their_marks_are_queued() {
    let mut f = fixture();
    let page = [
        remote_item(10, "1", "Sponsored: a mattress", false),
        remote_item(11, "1", "Kernel 7.0 released", false),
        remote_item(12, "2", "Weekly Digest", false),
        remote_item(13, "1", "Weekly Digest", false),
        remote_item(14, "2", "Spam, spam, spam", false),
        remote_item(15, "2", "Podcast 12", false),
        remote_item(16, "1", "Podcast 12", false),
        // Read on the server already: the read rule has nothing to change, nothing to queue.
        remote_item(17, "1", "Sponsored: read elsewhere", true),
    ];
    let report = f.store.store_remote_items(f.account, &page, None, NOW).unwrap();
    assert_eq!(report.new_items, 7, "the hidden item is not counted as new");

    assert_eq!(state(&f, 10), Some((true, false, false)), "read by the rule");
    assert_eq!(state(&f, 11), Some((false, true, false)), "starred by the rule");
    assert_eq!(state(&f, 12), Some((false, false, true)), "tagged: a World feed");
    assert_eq!(state(&f, 13), Some((false, false, false)), "not tagged: the rule is for World feeds");
    assert_eq!(state(&f, 14), None, "hidden");
    assert_eq!(f.store.hidden_count().unwrap(), 1);
    assert_eq!(state(&f, 15), Some((true, false, false)), "read: the rule names this feed's URL");
    assert_eq!(state(&f, 16), Some((false, false, false)), "not read: another feed");
    // The server learns what the rules did, from the queue written with it.
    assert_eq!(
        queue(&f),
        [
            ("10".to_owned(), MarkField::Read, true),
            ("15".to_owned(), MarkField::Read, true),
            ("11".to_owned(), MarkField::Starred, true),
        ]
    );

    // The pull's merge that follows: the server still lists 10 and 15 unread
    // and 11 unstarred (it has not seen the push yet); the queued marks win,
    // and the hidden item is not fetched again.
    let merge = f.store.merge_server_lists(f.account, &set(&[1, 10, 11, 12, 13, 14, 15, 16]), &set(&[])).unwrap();
    assert!(merge.unknown.is_empty(), "the hidden item stays removed: {:?}", merge.unknown);
    assert!(state(&f, 10).unwrap().0);
    assert!(state(&f, 11).unwrap().1);
    assert_eq!(queue(&f).len(), 3);
}

#[test]
fn a_known_item_is_never_ruled_again() {
    let mut f = fixture();
    // Item 1 was stored before the rules; the server now gives it a title the
    // read rule matches and says it is unread: a state change, not a new item.
    let again = [remote_item(1, "1", "Sponsored: renamed", false)];
    let report = f.store.store_remote_items(f.account, &again, None, NOW).unwrap();
    assert_eq!(report.new_items, 0);
    assert_eq!(state(&f, 1), Some((false, false, false)));
    // A ruled item the user marks unread, the server confirming it unread on
    // the next pages and merges: it stays unread.
    f.store.store_remote_items(f.account, &[remote_item(20, "1", "Sponsored: once", false)], None, NOW).unwrap();
    assert!(state(&f, 20).unwrap().0);
    f.store.set_read(f.store.remote_item(f.account, "20").unwrap().unwrap(), false).unwrap();
    assert!(queue(&f).is_empty(), "read by the rule, then unread before a push: nothing to send");
    f.store.store_remote_items(f.account, &[remote_item(20, "1", "Sponsored: once", false)], None, NOW).unwrap();
    f.store.merge_server_lists(f.account, &set(&[1, 20]), &set(&[])).unwrap();
    assert_eq!(state(&f, 20), Some((false, false, false)));
    assert!(queue(&f).is_empty());
    let unread = f.store.headline_count(&Listing { hide_read: true, ..Listing::from(View::All) }).unwrap();
    assert_eq!(unread, 2);
}

#[test]
fn rules_apply_queues_synced_marks_and_undo_queues_them_back() {
    let mut f = fixture();
    // `tidings rules apply` over stored items: a synced item starred there
    // reaches the server too, and `U` takes it back on the server as well.
    let path = f._dir.path().join("config.toml");
    let rules =
        Config::parse("[[rules]]\nquery = \"title:Plain\"\naction = \"star\"\n", &path).unwrap().rules_for(&path);
    let applied = f.store.apply_rules(&rules, false).unwrap();
    assert_eq!(applied[0].changes, 1);
    assert_eq!(queue(&f), [("1".to_owned(), MarkField::Starred, true)]);
    f.store.undo_last().unwrap().unwrap();
    assert!(!state(&f, 1).unwrap().1);
    assert!(queue(&f).is_empty(), "starred then unstarred before a push: nothing to send");
}

#[test]
fn a_hidden_synced_item_unhidden_is_the_servers_again() {
    let mut f = fixture();
    f.store.store_remote_items(f.account, &[remote_item(14, "2", "Spam, spam, spam", false)], None, NOW).unwrap();
    assert_eq!(state(&f, 14), None);
    let (window, _) =
        f.store.headline_window(&Listing::from(View::Hidden), tidings::model::Anchor::Index(0), 10).unwrap();
    assert_eq!(f.store.unhide(&[window.get(0).unwrap().id]).unwrap(), 1);
    // Back among the items, but not yet tied to the server: the next pull
    // lists it, fetches it, and ties it again instead of storing a copy.
    let merge = f.store.merge_server_lists(f.account, &set(&[1, 14]), &set(&[])).unwrap();
    assert_eq!(merge.unknown, ["14"]);
    let report =
        f.store.store_remote_items(f.account, &[remote_item(14, "2", "Spam, spam, spam", false)], None, NOW).unwrap();
    assert_eq!(report.new_items, 0, "not new, not ruled again");
    assert_eq!(state(&f, 14), Some((false, false, false)));
    f.store.set_read(f.store.remote_item(f.account, "14").unwrap().unwrap(), true).unwrap();
    assert_eq!(queue(&f), [("14".to_owned(), MarkField::Read, true)], "its marks reach the server again");
}
