//! The reader with an account whose server is down, in a pseudo-terminal:
//! it starts and shows the account's feeds and items from its store beside
//! nothing else, the status line says "offline", and a star made meanwhile
//! is on disk and queued ("offline, 1 change waiting") for when the server
//! answers again.

use crate::common::pty::Tui;
use tidings::model::{MarkField, ParsedItem, RemoteFeedRow, RemoteItemRow};
use tidings::store::Store;

const NOW: i64 = 1_800_000_000;

/// A store that synced once with account `home`: one feed, three items.
fn synced_store(db: &std::path::Path) {
    let mut store = Store::open(db).unwrap();
    let account = store.ensure_account("home", "greader").unwrap().id;
    let feed = RemoteFeedRow {
        remote_id: "feed/1".into(),
        title: "Tech Daily".into(),
        url: "https://feeds.example/tech.xml".into(),
        site_url: None,
        tags: vec!["Tech".into()],
    };
    store.save_remote_feeds(account, &[feed], NOW).unwrap();
    let items: Vec<RemoteItemRow> = (1..=3)
        .map(|n: u32| RemoteItemRow {
            remote_id: format!("179616440934744{n}"),
            remote_feed: "feed/1".into(),
            item: ParsedItem {
                guid: n.to_string(),
                title: format!("Synced story {n}"),
                published: Some(NOW + i64::from(n)),
                content: Some(format!("<p>Body {n}</p>")),
                ..ParsedItem::default()
            },
            read: false,
            starred: false,
        })
        .collect();
    store.store_remote_items(account, &items, Some("1800000000"), NOW).unwrap();
}

#[test]
fn the_reader_works_while_the_server_is_down_and_queues_the_marks() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("tidings.db");
    synced_store(&db);
    // A port held by a socket that is bound but not listening: the server is
    // down, and no other test's server can take the port meanwhile.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = socket.local_addr().unwrap().port();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[accounts]]\nname = \"home\"\nkind = \"greader\"\nurl = \"http://127.0.0.1:{port}/api/greader.php\"\n\
             user = \"alice\"\npassword_file = \"pw\"\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("pw"), "secret\n").unwrap();

    let args = ["--config", config.to_str().unwrap(), "--data-dir", data.to_str().unwrap()];
    let mut tui = Tui::spawn(&args, 120, 30);
    // The feed list and the headlines may be drawn by different frames.
    tui.wait_for("the account's feed and its items", |screen| {
        screen.contains("Synced story 3") && screen.contains("Tech Daily")
    });
    // It synced on start, found nobody there, and says so.
    let screen = tui.wait_for_text("home: offline");
    assert!(!screen.contains("waiting"), "{screen}");

    tui.send("\t");
    tui.send("s");
    let screen = tui.wait_for_text("home: offline, 1 change waiting");
    assert!(screen.lines().any(|l| l.contains("Synced story 3") && l.contains('★')), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = Store::open(&db).unwrap();
    let account = store.account_state("home").unwrap().unwrap();
    assert!(account.last_error.as_deref().unwrap().starts_with("offline"), "{account:?}");
    let queued: Vec<_> =
        store.pending_changes(account.id, 10).unwrap().into_iter().map(|c| (c.remote_id, c.field, c.value)).collect();
    assert_eq!(queued, [("1796164409347443".to_owned(), MarkField::Starred, true)]);
}
