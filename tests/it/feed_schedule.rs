//! A feed's own `refresh_interval` and `headers`, written in a real config
//! file and loaded through the real loader, in force in the poller: the
//! headers reach the server (on the feed's own requests only), and each
//! feed's interval decides which feeds an automatic refresh fetches when.
//! Time moves by the store's injectable clock, never by waiting.

use std::time::Duration;

use crate::common::bin::Files;
use crate::common::{Response, TestServer, fixture};
use tidings::clock::Clock;
use tidings::config::Config;
use tidings::model::FeedId;
use tidings::poller::{self, PollerCmd, PollerEvent, PollerSettings};
use tidings::store::Store;
use tokio::sync::mpsc;
use tokio::time::timeout;

/// A fixed start, in unix milliseconds.
const T0: i64 = 1_800_000_000_000;
const MINUTE: i64 = 60_000;

/// Three feeds: `/fast` every 5 minutes with its own headers, `/slow` every
/// 2 hours, `/default` at the global 30 minutes.
fn files(server: &TestServer) -> Files {
    Files::new(&format!(
        "refresh_interval = 30\nrefresh_on_start = true\n\n\
         [[feeds]]\nurl = \"{fast}\"\nrefresh_interval = 5\n\
         headers = {{ Authorization = \"Bearer s3cret\", \"X-Api-Key\" = \"k-42\" }}\n\n\
         [[feeds]]\nurl = \"{slow}\"\nrefresh_interval = 120\n\n\
         [[feeds]]\nurl = \"{default}\"\n",
        fast = server.url("/fast"),
        slow = server.url("/slow"),
        default = server.url("/default"),
    ))
}

fn server() -> TestServer {
    let server = TestServer::start();
    for path in ["/fast", "/slow", "/default"] {
        server.route(path, Response::rss(fixture("rss.xml")));
    }
    server
}

/// The poller as the TUI starts it (config loaded from the file, feeds
/// synced, settings from the config), its clock at `T0 + minutes`; returns
/// the feeds its start-up refresh queued once they are all fetched, and the
/// config's feed ids in order.
async fn start_at(files: &Files, minutes: i64) -> (Vec<FeedId>, Vec<FeedId>) {
    let config = Config::load(&files.config).expect("the config loads");
    std::fs::create_dir_all(&files.data).unwrap();
    let db = files.data.join("tidings.db");
    let mut store = Store::open(&db).unwrap();
    let settings = PollerSettings { index_search: false, ..PollerSettings::from_config(&config) };
    let feeds = poller::configured_feeds(&mut store, &config, &files.config, settings.refresh_interval).unwrap();
    let ids = feeds.iter().map(|f| f.id).collect();
    let mut writer = Store::open(&db).unwrap();
    writer.set_clock(Clock::Fixed(T0 + minutes * MINUTE));
    let (cmds, cmd_rx) = mpsc::unbounded_channel();
    let (event_tx, mut events) = mpsc::unbounded_channel();
    let task = poller::spawn(settings, feeds, writer, cmd_rx, event_tx);
    let mut queued = None;
    loop {
        let event = timeout(Duration::from_secs(15), events.recv())
            .await
            .unwrap_or_else(|_| panic!("the start-up refresh at +{minutes} min did not finish; queued {queued:?}"))
            .expect("poller alive");
        match event {
            PollerEvent::Queued { feeds } => queued = Some(feeds),
            PollerEvent::FeedFailed { feed, error } => panic!("feed {feed} failed: {error}"),
            PollerEvent::FetchesDone => break,
            _ => {}
        }
    }
    cmds.send(PollerCmd::Shutdown).unwrap();
    task.await.unwrap();
    (queued.expect("something was queued"), ids)
}

#[tokio::test]
async fn each_feed_is_fetched_at_its_own_interval() {
    let server = server();
    let files = files(&server);
    let (at_start, ids) = start_at(&files, 0).await;
    let [fast, slow, default] = ids[..] else { panic!("three feeds: {ids:?}") };
    assert_eq!(at_start, [fast, slow, default], "never fetched: all are due");

    // 10 minutes on, only the 5-minute feed is due.
    assert_eq!(start_at(&files, 10).await.0, [fast]);
    // 40 minutes on, the one at the global 30 minutes too; the 2-hour one is not.
    assert_eq!(start_at(&files, 40).await.0, [fast, default]);
    // Past two hours, all three.
    assert_eq!(start_at(&files, 130).await.0, [fast, slow, default]);
    assert_eq!((server.hits("/fast"), server.hits("/default"), server.hits("/slow")), (4, 3, 2));
}

#[tokio::test]
async fn a_feeds_headers_reach_its_server_and_no_other_feed() {
    let server = server();
    let files = files(&server);
    start_at(&files, 0).await;
    let requests = server.requests();
    let fast: Vec<_> = requests.iter().filter(|r| r.path == "/fast").collect();
    assert_eq!(fast.len(), 1, "{requests:?}");
    assert_eq!(fast[0].header("authorization"), Some("Bearer s3cret"), "{:?}", fast[0]);
    assert_eq!(fast[0].header("x-api-key"), Some("k-42"), "{:?}", fast[0]);
    assert!(fast[0].header("user-agent").is_some_and(|ua| ua.starts_with("tidings/")), "{:?}", fast[0]);
    for other in requests.iter().filter(|r| r.path != "/fast") {
        assert_eq!((other.header("authorization"), other.header("x-api-key")), (None, None), "{other:?}");
    }
}
