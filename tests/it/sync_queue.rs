//! The queue of marks when a push fails halfway: what the server has is not
//! known then, so no later change may cancel a row (a cancelled row is a mark
//! lost). On a real SQLite file, reopened as after a kill -9.

use std::collections::HashSet;

use tidings::model::{MarkField, ParsedItem, RemoteFeedRow, RemoteItemRow};
use tidings::store::Store;

const NOW: i64 = 1_800_000_000;

fn row(id: u32) -> RemoteItemRow {
    RemoteItemRow {
        remote_id: id.to_string(),
        remote_feed: "1".into(),
        item: ParsedItem {
            guid: id.to_string(),
            title: format!("Item {id}"),
            published: Some(NOW - 100 + i64::from(id)),
            ..ParsedItem::default()
        },
        read: false,
        starred: false,
    }
}

#[test]
fn after_a_failed_push_a_change_back_and_forth_is_still_sent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path).unwrap();
    let account = store.ensure_account("home", "greader").unwrap().id;
    let feed = RemoteFeedRow {
        remote_id: "1".into(),
        title: "Tech".into(),
        url: "https://feeds.example/1.xml".into(),
        site_url: None,
        tags: vec![],
    };
    store.save_remote_feeds(account, &[feed], NOW).unwrap();
    store.store_remote_items(account, &[row(1), row(2)], Some("2"), NOW).unwrap();
    let one = store.remote_item(account, "1").unwrap().unwrap();

    // Read, the push starts and the server goes away before answering.
    store.set_read(one, true).unwrap();
    let sent = store.pending_changes(account, 100).unwrap();
    store.begin_push(account, &sent).unwrap();
    // The process dies here; the reader starts again from the file.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    // Unread, then read again: the server may never have had "read".
    store.set_read(one, false).unwrap();
    store.set_read(one, true).unwrap();
    let queue: Vec<_> =
        store.pending_changes(account, 100).unwrap().into_iter().map(|c| (c.remote_id, c.field, c.value)).collect();
    assert_eq!(queue, [("1".to_owned(), MarkField::Read, true)], "the mark must still reach the server");

    // A pull that shows the server still has it unread keeps the row and the local mark.
    let unread: HashSet<String> = ["1".to_owned(), "2".to_owned()].into();
    store.merge_server_lists(account, &unread, &HashSet::new()).unwrap();
    assert!(store.article(one).unwrap().unwrap().read);
    assert_eq!(store.waiting(account).unwrap(), 1);
    // Now the server's state is known again: going back to it cancels.
    store.set_read(one, false).unwrap();
    assert_eq!(store.waiting(account).unwrap(), 0);
}
