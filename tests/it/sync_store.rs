//! The store's side of sync on a real SQLite file: account feeds and items as
//! ordinary rows, the queue of marks written with the mark itself, bulk marks
//! as "read before T", merging the server's lists, retention.

use std::collections::HashSet;

use tidings::clock::Clock;
use tidings::model::{
    AccountId, BulkScope, FeedId, FeedSource, ItemId, Listing, MarkField, ParsedItem, PendingChange, RemoteFeedRow,
    RemoteItemRow, Retention, View,
};
use tidings::store::Store;

const NOW: i64 = 1_800_000_000;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    account: AccountId,
    tech: FeedId,
    world: FeedId,
    local: FeedId,
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

fn remote_item(id: u32, feed: &str, read: bool, starred: bool) -> RemoteItemRow {
    RemoteItemRow {
        remote_id: id.to_string(),
        remote_feed: feed.into(),
        item: ParsedItem {
            guid: id.to_string(),
            title: format!("Item {id}"),
            link: Some(format!("https://feeds.example/{feed}/{id}")),
            published: Some(NOW - 10_000 + i64::from(id)),
            content: Some(format!("<p>Body {id}</p>")),
            ..ParsedItem::default()
        },
        read,
        starred,
    }
}

/// An account with two feeds (Tech: items 1-10, World: items 11-15, 15 starred)
/// and one feed of the config.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    store.set_clock(Clock::Fixed(NOW * 1000));
    let local = store
        .sync_feeds(&[FeedSource { url: "https://local.example/feed".into(), ..FeedSource::default() }])
        .unwrap()[0];
    let account = store.ensure_account("home", "ttrss").unwrap().id;
    let feeds = [remote_feed("1", "Tech Daily", &["Tech", "home"]), remote_feed("2", "Le Monde", &["World", "home"])];
    let ids = store.save_remote_feeds(account, &feeds, NOW).unwrap();
    let items: Vec<RemoteItemRow> =
        (1..=15).map(|n| remote_item(n, if n <= 10 { "1" } else { "2" }, false, n == 15)).collect();
    let report = store.store_remote_items(account, &items, Some("15"), NOW).unwrap();
    assert_eq!(report.new_items, 15);
    Fixture { _dir: dir, store, account, tech: ids["1"], world: ids["2"], local }
}

fn item(f: &Fixture, remote: u32) -> ItemId {
    f.store.remote_item(f.account, &remote.to_string()).unwrap().unwrap()
}

fn queue(f: &Fixture) -> Vec<(String, MarkField, bool)> {
    f.store.pending_changes(f.account, 1000).unwrap().into_iter().map(|c| (c.remote_id, c.field, c.value)).collect()
}

fn set(ids: &[u32]) -> HashSet<String> {
    ids.iter().map(u32::to_string).collect()
}

#[test]
fn account_feeds_are_ordinary_feeds_beside_the_configs() {
    let mut f = fixture();
    let rows = f.store.feeds().unwrap();
    let titles: Vec<_> = rows.iter().map(|r| (r.title.as_str(), r.account.as_deref(), r.unread)).collect();
    assert_eq!(
        titles,
        [("https://local.example/feed", None, 0), ("Tech Daily", Some("home"), 10), ("Le Monde", Some("home"), 5)]
    );
    assert_eq!(rows[1].url, "https://feeds.example/1.xml");
    assert_eq!(rows[2].tags, ["World", "home"]);
    assert_eq!(f.store.sync_point(f.account).unwrap(), "15");
    // A config change does not hide the account's feeds.
    f.store.sync_feeds(&[]).unwrap();
    assert_eq!(f.store.feeds().unwrap().len(), 2);
    // An unsubscribed feed is hidden, its starred item still listed as starred.
    f.store.save_remote_feeds(f.account, &[remote_feed("1", "Tech Daily", &["Tech"])], NOW).unwrap();
    let rows = f.store.feeds().unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [f.tech]);
    let starred = f.store.headline_count(&View::Starred.into()).unwrap();
    assert_eq!(starred, 1);
    assert!(f.store.account_feed(f.tech).unwrap().is_some_and(|a| a.remote_id == "1" && a.account_name == "home"));
    assert_eq!(f.store.account_feed(f.local).unwrap(), None);
}

#[test]
fn a_mark_is_queued_with_itself_and_read_then_unread_cancels() {
    let f = fixture();
    f.store.set_read(item(&f, 3), true).unwrap();
    f.store.set_starred(item(&f, 4), true).unwrap();
    assert_eq!(queue(&f), [("3".to_owned(), MarkField::Read, true), ("4".to_owned(), MarkField::Starred, true)]);
    assert_eq!(f.store.waiting(f.account).unwrap(), 2);
    // Back before a push: nothing to send.
    f.store.set_read(item(&f, 3), false).unwrap();
    f.store.set_starred(item(&f, 4), false).unwrap();
    assert!(queue(&f).is_empty());
    // Marking what is already so queues nothing; a local feed's items never queue.
    f.store.set_read(item(&f, 5), false).unwrap();
    assert!(queue(&f).is_empty());
    assert_eq!(f.store.waiting_for("home").unwrap(), 0);
}

#[test]
fn a_row_leaves_only_when_acknowledged_unchanged() {
    let f = fixture();
    f.store.set_read(item(&f, 1), true).unwrap();
    f.store.set_read(item(&f, 2), true).unwrap();
    let sent: Vec<PendingChange> = f.store.pending_changes(f.account, 100).unwrap();
    f.store.begin_push(f.account, &sent).unwrap();
    // During the push the reader marks 2 unread again: that must reach the server too.
    f.store.set_read(item(&f, 2), false).unwrap();
    f.store.settle(f.account, &sent).unwrap();
    assert_eq!(queue(&f), [("2".to_owned(), MarkField::Read, false)]);
}

#[test]
fn mark_feed_read_queues_read_before_t_for_the_server() {
    let f = fixture();
    let marked = f.store.mark_read(&View::Feed(f.tech).into()).unwrap();
    assert_eq!(marked, 10);
    let bulks = f.store.pending_bulks(f.account).unwrap();
    assert_eq!(bulks.len(), 1);
    assert_eq!(bulks[0].scope, BulkScope::Feed("1".into()));
    assert_eq!(bulks[0].before_us, NOW * 1_000_000, "T is when the key was pressed");
    assert_eq!(bulks[0].newest.as_deref(), Some("10"));
    assert_eq!(queue(&f).len(), 10);
    // While it waits, read then unread does not cancel: the bulk would mark it read.
    f.store.set_read(item(&f, 3), false).unwrap();
    assert!(queue(&f).contains(&("3".to_owned(), MarkField::Read, false)));

    // Everything: one "all" for the account.
    f.store.mark_read(&Listing::from(View::All)).unwrap();
    let bulks = f.store.pending_bulks(f.account).unwrap();
    assert_eq!(bulks.last().unwrap().scope, BulkScope::All);
    // A search is narrower than whole feeds: items only, no bulk.
    let f = fixture();
    let search = Listing { search: Some("Item".into()), ..Listing::from(View::All) };
    assert!(f.store.mark_read(&search).unwrap() > 0);
    assert!(f.store.pending_bulks(f.account).unwrap().is_empty());
    assert_eq!(queue(&f).len(), 15);
}

#[test]
fn undo_of_a_bulk_mark_before_and_after_the_push() {
    let f = fixture();
    f.store.mark_read(&View::Feed(f.world).into()).unwrap();
    assert_eq!(f.store.undo_bulk_mark().unwrap(), Some(5));
    assert!(f.store.pending_bulks(f.account).unwrap().is_empty() && queue(&f).is_empty(), "nothing left to send");

    f.store.mark_read(&View::Feed(f.world).into()).unwrap();
    let bulk = f.store.pending_bulks(f.account).unwrap()[0].id;
    f.store.ack_bulk(bulk).unwrap();
    // Rows the server took through the bulk wait for the pull, not for a push.
    assert!(f.store.pending_changes(f.account, 100).unwrap().is_empty());
    assert_eq!(f.store.waiting(f.account).unwrap(), 5);
    f.store.undo_bulk_mark().unwrap();
    assert_eq!(queue(&f).len(), 5);
    assert!(queue(&f).iter().all(|(_, field, value)| *field == MarkField::Read && !value));
}

#[test]
fn the_servers_lists_merge_except_where_a_mark_waits() {
    let mut f = fixture();
    f.store.set_read(item(&f, 1), true).unwrap(); // waiting, server still says unread
    f.store.set_read(item(&f, 2), true).unwrap(); // waiting, server agrees already
    // Server: 1, 3..=9 unread (2 and 10 read elsewhere), 11..=15 unread, 4 starred, 99 new and unread.
    let unread = set(&[1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 99]);
    let merge = f.store.merge_server_lists(f.account, &unread, &set(&[4, 15])).unwrap();
    assert_eq!(merge.unknown, ["99"]);
    assert_eq!(merge.changed, 2, "10 read and 4 starred");
    let read = |n| f.store.article(item(&f, n)).unwrap().unwrap().read;
    assert!(read(1), "the waiting mark wins");
    assert!(read(2) && read(10) && !read(3));
    assert!(f.store.article(item(&f, 4)).unwrap().unwrap().starred);
    assert_eq!(queue(&f), [("1".to_owned(), MarkField::Read, true)], "2 is settled: the server has it");
}

#[test]
fn retention_keeps_what_the_server_lists_unread_or_starred() {
    let mut f = fixture();
    // The server: 1-5 read, 15 starred, the rest unread.
    let unread = set(&[6, 7, 8, 9, 10, 11, 12, 13, 14]);
    f.store.merge_server_lists(f.account, &unread, &set(&[15])).unwrap();
    // The reader marks 6 read; the server still lists it unread until the push.
    f.store.set_read(item(&f, 6), true).unwrap();
    let policy = Retention { keep_days: 0, max_items_per_feed: 1, keep_unread: false };
    let removed = f.store.prune(policy, NOW).unwrap();
    let left: Vec<String> = (1..=15)
        .filter(|n| f.store.remote_item(f.account, &n.to_string()).unwrap().is_some())
        .map(|n| n.to_string())
        .collect();
    // Tech keeps its newest (10) and what the server lists unread (6-9); 1-5 are gone.
    assert_eq!(removed, 5, "{left:?}");
    assert!(left.iter().all(|id| !["1", "2", "3", "4", "5"].contains(&id.as_str())), "{left:?}");
    assert!(left.contains(&"6".to_owned()) && left.contains(&"15".to_owned()));
}

#[test]
fn a_new_kind_starts_the_account_over() {
    let f = fixture();
    f.store.set_read(item(&f, 1), true).unwrap();
    let again = f.store.ensure_account("home", "ttrss").unwrap();
    assert_eq!((again.id, again.waiting, again.sync_point.as_str()), (f.account, 1, "15"));
    let other = f.store.ensure_account("home", "fever").unwrap();
    assert_eq!((other.waiting, other.sync_point.as_str()), (0, ""));
    assert_eq!(f.store.feeds().unwrap().len(), 1, "the old protocol's feeds are hidden");
}
