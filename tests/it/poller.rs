//! The poller against the loopback server and a real SQLite file.

use std::time::{Duration, Instant};

use crate::common;
use crate::common::StoreExt;
use crate::common::poller::{Poller, WAIT, derefs_to_poller};
use crate::common::{Response, TestServer};
use tidings::fetch::{FetchOptions, Proxies};
use tidings::model::{FeedId, FeedSource, View};
use tidings::poller::{FeedError, PollerCmd, PollerEvent, PollerSettings};
use tokio::time::timeout;

const PATHS: [&str; 5] = ["/rss.xml", "/atom.xml", "/feed.json", "/seed.xml", "/broken"];

/// The poller over the fixture server's `PATHS` (ids in that order).
struct Harness {
    server: TestServer,
    poller: Poller,
}

derefs_to_poller!(Harness);

fn settings(max_concurrent_fetches: usize, refresh_on_start: bool) -> PollerSettings {
    PollerSettings {
        max_concurrent_fetches,
        max_fetches_per_host: max_concurrent_fetches,
        refresh_on_start,
        ..common::poller::settings()
    }
}

fn start(settings: PollerSettings) -> Harness {
    let server = common::fixture_server();
    let sources: Vec<FeedSource> =
        PATHS.iter().map(|p| FeedSource { url: server.url(p), ..FeedSource::default() }).collect();
    Harness { poller: Poller::start(settings, &sources), server }
}

impl Harness {
    fn titles(&self, feed: FeedId) -> Vec<String> {
        let mut titles: Vec<String> =
            self.reader.headlines(View::Feed(feed)).expect("headlines").into_iter().map(|h| h.title).collect();
        titles.sort();
        titles
    }
}

fn outcome(events: &[PollerEvent], feed: FeedId) -> Vec<&PollerEvent> {
    events.iter().filter(|e| e.finished_feed() == Some(feed)).collect()
}

#[tokio::test]
async fn refresh_all_stores_every_feed_and_the_failure() {
    let mut h = start(settings(4, false));
    h.send(PollerCmd::RefreshAll);
    let events = h.until_idle().await;

    assert_eq!(events[0], PollerEvent::Queued { feeds: h.ids.clone() });
    assert_eq!(events.len(), 10, "Queued, five outcomes, FetchesDone, SearchIndexing, SearchIndexed, Idle: {events:?}");
    assert_eq!(
        events[6..],
        [
            PollerEvent::FetchesDone,
            PollerEvent::SearchIndexing,
            PollerEvent::SearchIndexed { items: 9 },
            PollerEvent::Idle
        ]
    );
    let [rss, atom, json, seed, broken] = h.ids[..] else { panic!("five feeds") };
    for (feed, new_items) in [(rss, 3), (atom, 2), (json, 2), (seed, 2)] {
        assert_eq!(outcome(&events, feed), [&PollerEvent::FeedUpdated { feed, new_items }]);
    }
    assert_eq!(
        outcome(&events, broken),
        [&PollerEvent::FeedFailed { feed: broken, error: FeedError::Fetch("HTTP 500".into()) }]
    );

    assert_eq!(h.titles(rss), ["First note", "Second note", "Third note"]);
    assert_eq!(h.titles(atom), ["Atom entry one", "Atom entry two"]);
    assert_eq!(h.titles(json), ["JSON item one", "JSON item two"]);
    assert_eq!(
        h.titles(seed),
        [
            "L’ascension fulgurante de DeepSeek chinois : une menace pour la domination américaine dans l’IA générative",
            "Nvidia : la chute historique en Bourse expliquée",
        ]
    );
    assert!(h.titles(broken).is_empty());

    let rows = h.reader.feeds().expect("feeds");
    let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles[..4], ["Rust Notes", "Atom Journal", "JSON Dispatch", "Le Fil Tech"]);
    assert_eq!(rows[4].last_error.as_deref(), Some("HTTP 500"));
    assert!(rows[..4].iter().all(|r| r.last_error.is_none() && r.last_fetched.is_some()), "{rows:?}");
    assert_eq!(rows[0].unread, 3);
    // Idle comes after the search index caught up: the new items are found.
    assert_eq!(h.reader.search(View::All, "generative", 0, 10).expect("search").0, 1);
}

/// The HTTP client is built on a thread of its own while the caller sets up;
/// when it cannot be made (a proxy from the environment, unchecked by the
/// config), every feed fails with the reason and nothing is fetched.
#[tokio::test]
async fn without_an_http_client_every_feed_fails_with_the_reason() {
    let proxies = Proxies { all: Some("http://[::1".into()), ..Proxies::default() };
    let fetch = FetchOptions { proxies, ..common::poller::settings().fetch };
    let mut h = start(PollerSettings { fetch, ..settings(4, false) });
    h.send(PollerCmd::RefreshAll);
    let events = h.until_idle().await;
    for &feed in &h.ids {
        let [PollerEvent::FeedFailed { error: FeedError::Client(reason), .. }] = outcome(&events, feed)[..] else {
            panic!("feed {feed:?} did not fail for want of a client: {events:?}");
        };
        assert!(reason.starts_with("bad proxy http://[::1"), "{reason}");
    }
    assert_eq!(h.server.requests().len(), 0, "nothing was fetched");
}

#[tokio::test]
async fn a_second_refresh_adds_nothing_and_keeps_read_marks() {
    let mut h = start(settings(4, false));
    h.send(PollerCmd::RefreshAll);
    h.until_idle().await;
    let seed = h.ids[3];
    let first = h.reader.headlines(View::Feed(seed)).expect("headlines")[0].id;
    h.reader.set_read(first, true).expect("mark read");

    h.send(PollerCmd::RefreshAll);
    let events = h.until_idle().await;
    // The server resends the same bytes: recognised, neither parsed nor written.
    for &feed in &h.ids[..4] {
        assert_eq!(outcome(&events, feed), [&PollerEvent::FeedUnchanged { feed }]);
    }
    let after = h.reader.headlines(View::Feed(seed)).expect("headlines");
    assert_eq!(after.len(), 2);
    assert!(after.iter().find(|x| x.id == first).expect("same item").read);
    assert_eq!(h.reader.feeds().expect("feeds")[3].unread, 1);
    for path in &PATHS[..4] {
        assert_eq!(h.server.hits(path), 2, "{path}");
    }
    let broken = h.ids[4];
    assert_eq!(h.server.hits("/broken"), 1, "a failed feed waits out its backoff");
    assert!(
        matches!(&events[..], [PollerEvent::Queued { .. }, PollerEvent::FeedSkipped { feed, .. }, ..] if *feed == broken),
        "{events:?}"
    );
}

#[tokio::test]
async fn one_fetch_at_a_time_still_completes_in_order() {
    let mut h = start(settings(1, true));
    let events = h.until_idle().await;
    assert_eq!(events.len(), 10, "{events:?}");
    let paths: Vec<String> = h.server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, PATHS, "one at a time, in config order");
    let outcomes: Vec<FeedId> = events
        .iter()
        .filter_map(|e| match e {
            PollerEvent::FeedUpdated { feed, .. } | PollerEvent::FeedFailed { feed, .. } => Some(*feed),
            _ => None,
        })
        .collect();
    assert_eq!(outcomes, h.ids);
}

#[tokio::test]
async fn refresh_feed_fetches_only_that_feed() {
    let mut h = start(settings(4, false));
    let atom = h.ids[1];
    h.send(PollerCmd::RefreshFeed(atom));
    let events = h.until_idle().await;
    assert_eq!(
        events,
        [
            PollerEvent::Queued { feeds: vec![atom] },
            PollerEvent::FeedUpdated { feed: atom, new_items: 2 },
            PollerEvent::FetchesDone,
            PollerEvent::SearchIndexing,
            PollerEvent::SearchIndexed { items: 2 },
            PollerEvent::Idle
        ]
    );
    let paths: Vec<String> = h.server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/atom.xml"]);
    // An id the poller does not know queues nothing and says so.
    h.send(PollerCmd::RefreshFeed(FeedId(9999)));
    assert_eq!(h.until_idle().await, [PollerEvent::Idle]);
}

#[tokio::test]
async fn feeds_in_flight_are_not_queued_twice() {
    let mut h = start(settings(8, false));
    h.send(PollerCmd::RefreshAll);
    h.send(PollerCmd::RefreshAll);
    h.send(PollerCmd::RefreshFeed(h.ids[0]));
    let events = h.until_idle().await;
    let queued = events.iter().filter(|e| matches!(e, PollerEvent::Queued { .. })).count();
    assert_eq!(queued, 1, "{events:?}");
    for path in PATHS {
        assert_eq!(h.server.hits(path), 1, "{path}");
    }
}

#[tokio::test]
async fn a_failure_clears_on_the_next_success() {
    let mut h = start(settings(4, false));
    let broken = h.ids[4];
    h.send(PollerCmd::RefreshFeed(broken));
    h.until_idle().await;
    assert_eq!(h.reader.feeds().expect("feeds")[4].last_error.as_deref(), Some("HTTP 500"));
    h.server.route("/broken", Response::rss(common::fixture("rss.xml")));
    h.send(PollerCmd::RefreshFeed(broken));
    let events = h.until_idle().await;
    assert!(events.contains(&PollerEvent::FeedUpdated { feed: broken, new_items: 3 }), "{events:?}");
    assert_eq!(h.reader.feeds().expect("feeds")[4].last_error, None);
    // Garbage instead of a feed is a failure with a parse message.
    h.server.route("/broken", Response::ok("text/html", "<!doctype html><html><body>hi</body></html>"));
    h.send(PollerCmd::RefreshFeed(broken));
    h.until_idle().await;
    let row = &h.reader.feeds().expect("feeds")[4];
    assert_eq!(row.last_error.as_deref(), Some("not a feed: got an HTML page"));
    assert_eq!(row.total, 3, "old items kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_ends_the_task_with_fetches_in_flight() {
    // The server never answers and the fetch's deadlines are an hour away:
    // the fetch cannot end by itself while the test waits, only Shutdown can
    // end the task.
    let hour = Duration::from_secs(3600);
    let fetch = FetchOptions { timeout: hour, stall_timeout: hour, ..common::poller::settings().fetch };
    let h = start(PollerSettings { fetch, ..settings(4, false) });
    h.server.route("/rss.xml", Response::silent());
    h.send(PollerCmd::RefreshFeed(h.ids[0]));
    let server = &h.server;
    let arrived = tokio::task::block_in_place(|| server.wait_for_hits("/rss.xml", 1, WAIT));
    assert!(arrived, "the endless fetch started");
    h.send(PollerCmd::Shutdown);
    timeout(WAIT, h.poller.task).await.expect("ended with the fetch in flight").expect("no panic");
}

#[tokio::test]
async fn closing_the_command_channel_ends_the_task() {
    let h = start(settings(4, false));
    drop(h.poller.cmds);
    timeout(WAIT, h.poller.task).await.expect("ended").expect("no panic");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_event_receiver_does_not_stop_the_work() {
    let h = start(settings(4, false));
    drop(h.poller.events);
    let atom = h.poller.ids[1];
    h.poller.cmds.send(PollerCmd::RefreshFeed(atom)).expect("poller listening");
    // No events to wait for: watch the database instead, within a deadline.
    let deadline = Instant::now() + WAIT;
    while h.poller.reader.feeds().expect("feeds")[1].last_fetched.is_none() {
        assert!(Instant::now() < deadline, "the feed was never stored");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(h.poller.reader.headlines(View::Feed(atom)).expect("headlines").len(), 2);
    h.poller.cmds.send(PollerCmd::Shutdown).expect("poller listening");
    timeout(WAIT, h.poller.task).await.expect("ended").expect("no panic");
}

/// The poller keeps its next wake as a bound lowered by each fetch that
/// ends: a feed that answered must come round again on time while another
/// feed's fetch is still out (here one that never answers), not only once
/// the whole batch is done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_is_due_again_while_another_fetch_is_still_out() {
    let server = TestServer::start();
    let rss = "<rss version=\"2.0\"><channel><title>Fast</title>\
               <item><guid>a</guid><title>A</title></item></channel></rss>";
    server.route("/fast.xml", Response::rss(rss));
    server.route("/silent", Response::silent());
    let sources: Vec<FeedSource> =
        ["/fast.xml", "/silent"].iter().map(|p| FeedSource { url: server.url(p), ..FeedSource::default() }).collect();
    let settings = PollerSettings {
        refresh_interval: Some(Duration::from_millis(300)),
        refresh_on_start: true,
        fetch: FetchOptions { timeout: WAIT * 4, ..FetchOptions::default() },
        ..settings(4, true)
    };
    let poller = Poller::start(settings, &sources);
    let again = tokio::task::block_in_place(|| server.wait_for_hits("/fast.xml", 3, WAIT));
    assert!(again, "the answered feed was not fetched again meanwhile: {:?}", server.requests());
    assert_eq!(server.hits("/silent"), 1, "the silent feed's one fetch is still out");
    poller.cmds.send(PollerCmd::Shutdown).unwrap();
    timeout(WAIT, poller.task).await.expect("ended").expect("no panic");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_interval_refreshes_again_but_not_at_once() {
    let interval = Duration::from_millis(400);
    // Measured from before the poller starts: its clock starts at spawn.
    let started = Instant::now();
    let mut h = start(PollerSettings { refresh_interval: Some(interval), ..settings(4, false) });
    let first = h.until_idle().await;
    assert!(started.elapsed() >= interval, "no tick at start: {:?}", started.elapsed());
    assert_eq!(first[0], PollerEvent::Queued { feeds: h.ids.clone() });
    // Each feed is due again one interval after its own fetch.
    let server = &h.server;
    let again = tokio::task::block_in_place(|| {
        ["/rss.xml", "/atom.xml", "/feed.json"].iter().all(|p| server.wait_for_hits(p, 2, WAIT))
    });
    assert!(again, "{:?}", server.requests());
    assert_eq!(server.hits("/broken"), 1, "a failed feed waits for its backoff, not the interval");
    assert_eq!(server.hits("/seed.xml"), 1, "its sy:updatePeriod (hourly) lengthens the interval");
}
