//! The poller's manners against the loopback server and a SQLite file:
//! validators and 304s, identical bodies, Retry-After, backoff, the per-host
//! limit, stalls, permanent redirects, 410 and pages that are not feeds.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::common::poller::{Poller, derefs_to_poller, settings};
use crate::common::{Response, TestServer, fixture};
use crate::common::{StoreExt, Watcher};
use tidings::fetch::FetchOptions;
use tidings::model::{FeedId, FeedSource, View};
use tidings::poller::{FeedError, PollerCmd, PollerEvent, PollerSettings};

/// The poller, and a connection that sees whether it wrote.
struct Harness {
    poller: Poller,
    watcher: Watcher,
}

derefs_to_poller!(Harness);

/// A poller over `paths` of `server`, in that order.
fn start(server: &TestServer, paths: &[&str], settings: PollerSettings) -> Harness {
    let sources: Vec<FeedSource> =
        paths.iter().map(|p| FeedSource { url: server.url(p), ..FeedSource::default() }).collect();
    let poller = Poller::start(settings, &sources);
    Harness { watcher: Watcher::open(&poller.db), poller }
}

impl Harness {
    fn error(&self, i: usize) -> Option<String> {
        self.reader.feeds().expect("feeds")[i].last_error.clone()
    }
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_millis() as i64
}

fn ends(events: &[PollerEvent], feed: FeedId) -> Vec<&PollerEvent> {
    events
        .iter()
        .filter(|e| {
            e.finished_feed() == Some(feed) || matches!(e, PollerEvent::FeedSkipped { feed: f, .. } if *f == feed)
        })
        .collect()
}

#[tokio::test]
async fn validators_are_kept_sent_back_and_a_304_writes_nothing() {
    let server = TestServer::start();
    let date = "Sun, 06 Nov 1994 08:49:37 GMT";
    server.route("/feed", Response::rss(fixture("rss.xml")).header("ETag", "\"v1\"").header("Last-Modified", date));
    let mut h = start(&server, &["/feed"], settings());
    let feed = h.ids[0];
    h.run(PollerCmd::RefreshAll).await;
    let state = h.reader.fetch_state(feed).expect("state");
    assert_eq!((state.etag.as_deref(), state.last_modified.as_deref()), (Some("\"v1\""), Some(date)));

    let before = h.watcher.data_version();
    let events = h.run(PollerCmd::RefreshAll).await;
    assert_eq!(ends(&events, feed), [&PollerEvent::FeedUnchanged { feed }]);
    let sent = &server.requests()[1];
    assert_eq!((sent.header("if-none-match"), sent.header("if-modified-since")), (Some("\"v1\""), Some(date)));
    assert_eq!(h.watcher.data_version(), before, "a 304 writes nothing");
    assert_eq!(h.reader.headlines(View::Feed(feed)).expect("headlines").len(), 3);
}

#[tokio::test]
async fn identical_bodies_are_neither_parsed_nor_written() {
    let server = TestServer::start();
    server.route("/feed", Response::rss(fixture("rss.xml")));
    let mut h = start(&server, &["/feed"], settings());
    let feed = h.ids[0];
    h.run(PollerCmd::RefreshAll).await;
    let before = h.watcher.data_version();
    assert_eq!(ends(&h.run(PollerCmd::RefreshAll).await, feed), [&PollerEvent::FeedUnchanged { feed }]);
    assert_eq!(h.watcher.data_version(), before, "nothing written");

    let changed = String::from_utf8(fixture("rss.xml")).expect("UTF-8").replace("First note", "First note, edited");
    server.route("/feed", Response::rss(changed));
    let events = h.run(PollerCmd::RefreshAll).await;
    assert_eq!(ends(&events, feed), [&PollerEvent::FeedUpdated { feed, new_items: 0 }]);
    let titles: Vec<String> =
        h.reader.headlines(View::Feed(feed)).expect("headlines").into_iter().map(|x| x.title).collect();
    assert!(titles.contains(&"First note, edited".to_owned()), "{titles:?}");
}

#[tokio::test]
async fn retry_after_postpones_exactly_that_feed_in_both_forms() {
    let server = TestServer::start();
    let in_an_hour = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    server.route("/busy", Response::status(429).header("Retry-After", "120"));
    server.route("/down", Response::status(503).header("Retry-After", &in_an_hour));
    server.route("/fine", Response::rss(fixture("rss.xml")));
    let mut h = start(&server, &["/busy", "/down", "/fine"], settings());
    let [busy, down, fine] = h.ids[..] else { panic!("three feeds") };
    let started = now_ms();
    let events = h.run(PollerCmd::RefreshAll).await;
    let finished = now_ms();
    let wait_busy =
        PollerEvent::FeedFailed { feed: busy, error: FeedError::Hold { status: 429, wait: "2 min".into() } };
    assert_eq!(ends(&events, busy), [&wait_busy]);
    assert!(
        matches!(ends(&events, down)[..], [PollerEvent::FeedFailed { error, .. }] if error.to_string().starts_with("HTTP 503; the server asked to wait 60 min")),
        "{events:?}"
    );
    let held = h.reader.fetch_state(busy).expect("state");
    assert!(held.server_hold && held.failures == 1);
    // The hold is counted from the moment the answer came, which lies
    // between the two readings of the clock however long the refresh took.
    let at = held.retry_at_ms.expect("postponed");
    assert!((started + 120_000..=finished + 120_000).contains(&at), "{} s after the start", (at - started) / 1000);
    // A date is the date, to the second it names (less what passed since).
    let named = httpdate::parse_http_date(&in_an_hour).expect("a date").duration_since(UNIX_EPOCH).expect("after");
    let named = named.as_millis() as i64;
    let at = h.reader.fetch_state(down).expect("state").retry_at_ms.expect("postponed");
    assert!((named - 1..=named + (finished - started) + 1).contains(&at), "{} ms from the date", at - named);

    // Another refresh fetches only the feed nobody asked us to leave alone,
    // and so does one aimed at a held feed.
    let events = h.run(PollerCmd::RefreshAll).await;
    assert_eq!(events[0], PollerEvent::Queued { feeds: vec![fine] });
    assert!(
        matches!(ends(&events, busy)[..], [PollerEvent::FeedSkipped { reason, .. }] if reason.starts_with("the server asked to wait; next try in"))
    );
    assert!(matches!(ends(&events, down)[..], [PollerEvent::FeedSkipped { .. }]));
    assert!(matches!(
        h.run(PollerCmd::RefreshFeed(busy)).await[..],
        [PollerEvent::FeedSkipped { .. }, PollerEvent::Idle]
    ));
    assert_eq!((server.hits("/busy"), server.hits("/down"), server.hits("/fine")), (1, 1, 2));
}

#[tokio::test]
async fn backoff_grows_with_failures_and_success_resets_it() {
    let server = TestServer::start();
    server.route("/flaky", Response::status(500));
    let mut h = start(&server, &["/flaky"], settings());
    let feed = h.ids[0];
    for failures in 1..=3u32 {
        let before = now_ms();
        // A refresh aimed at the feed goes through its backoff.
        h.run(PollerCmd::RefreshFeed(feed)).await;
        let after = now_ms();
        let state = h.reader.fetch_state(feed).expect("state");
        assert_eq!((state.failures, state.server_hold), (failures, false));
        // 5 min doubling per failure, ±20 % jitter, counted from the failure
        // (between the two readings of the clock).
        let base = 300_000 * (1i64 << (failures - 1));
        let at = state.retry_at_ms.expect("backing off");
        let window = before + base * 8 / 10 - 1..=after + base * 12 / 10 + 1;
        assert!(window.contains(&at), "failure {failures}: {} ms after the refresh began", at - before);
    }
    let events = h.run(PollerCmd::RefreshAll).await;
    assert!(
        matches!(ends(&events, feed)[..], [PollerEvent::FeedSkipped { reason, .. }] if reason.starts_with("failed 3 times in a row"))
    );
    assert_eq!(server.hits("/flaky"), 3);

    server.route("/flaky", Response::rss(fixture("rss.xml")));
    h.run(PollerCmd::RefreshFeed(feed)).await;
    let state = h.reader.fetch_state(feed).expect("state");
    assert_eq!((state.failures, state.retry_at_ms), (0, None), "reset");
    assert_eq!(h.error(0), None);
    assert!(ends(&h.run(PollerCmd::RefreshAll).await, feed)[0] == &PollerEvent::FeedUnchanged { feed });
}

#[tokio::test]
async fn one_host_gets_at_most_its_share_of_connections() {
    let server = TestServer::start();
    let paths: Vec<String> = (0..6).map(|i| format!("/feed{i}")).collect();
    // Each answer waits until two requests are open at once (the limit is
    // reached, whatever the machine's speed), then a little more, so a
    // poller that ignored the limit would have its others arrive meanwhile.
    for path in &paths {
        server.route(path, Response::rss(fixture("rss.xml")).together(2).delay(Duration::from_millis(100)));
    }
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut h = start(&server, &refs, PollerSettings { max_fetches_per_host: 2, ..settings() });
    let events = h.run(PollerCmd::RefreshAll).await;
    let updated = events.iter().filter(|e| matches!(e, PollerEvent::FeedUpdated { .. })).count();
    assert_eq!(updated, 6, "{events:?}");
    // The server counts a request until it starts answering it: never more
    // than the poller really had open.
    assert_eq!(server.max_in_flight(), 2);
}

#[tokio::test]
async fn a_stalled_feed_times_out_while_the_others_complete() {
    // The slow feed keeps sending a byte now and then until the others are
    // stored (the test sees their events), and only then falls silent: the
    // order is the server's doing, not the machine's speed.
    let server = TestServer::start();
    let slow = Response::rss("<rss version=\"2.0\"><channel><title>Sl");
    server.route("/stall", slow.alive_until_quiet(Duration::from_millis(10)));
    server.route("/a", Response::rss(fixture("rss.xml")));
    server.route("/b", Response::atom(fixture("atom.xml")));
    let fetch = FetchOptions { stall_timeout: Duration::from_millis(1500), ..settings().fetch };
    let mut h = start(&server, &["/stall", "/a", "/b"], PollerSettings { fetch, ..settings() });
    let [stall, a, b] = h.ids[..] else { panic!("three feeds") };
    h.send(PollerCmd::RefreshAll);
    let mut events = Vec::new();
    for _ in 0..2 {
        events.push(h.next("a and b stored", |e| matches!(e.finished_feed(), Some(f) if f == a || f == b)).await);
    }
    server.go_quiet();
    events.extend(h.until_idle().await);
    let outcomes: Vec<FeedId> = events.iter().filter_map(PollerEvent::finished_feed).collect();
    assert_eq!(outcomes.len(), 3, "{events:?}");
    assert_eq!(outcomes.last(), Some(&stall), "the others did not wait for it: {events:?}");
    assert!(outcomes.contains(&a) && outcomes.contains(&b));
    assert_eq!(h.error(0).as_deref(), Some("server stalled (no data for 1.5s)"));
}

#[tokio::test]
async fn a_permanent_redirect_is_remembered_and_announced() {
    let server = TestServer::start();
    server.route("/old", Response::redirect(301, "/new"));
    server.route("/new", Response::rss(fixture("rss.xml")));
    server.route("/hop", Response::redirect(302, "/new"));
    let mut h = start(&server, &["/old", "/hop"], settings());
    let [old, hop] = h.ids[..] else { panic!("two feeds") };
    let events = h.run(PollerCmd::RefreshAll).await;
    let redirected = PollerEvent::FeedRedirected { feed: old, to: server.url("/new") };
    assert!(events.contains(&redirected), "{events:?}");
    assert!(
        events.iter().all(|e| !matches!(e, PollerEvent::FeedRedirected { feed, .. } if *feed == hop)),
        "302 is temporary"
    );
    let notices = h.reader.notices().expect("notices");
    assert_eq!(notices.len(), 1);
    assert_eq!(
        (notices[0].url.as_str(), notices[0].moved_to.as_deref()),
        (server.url("/old").as_str(), Some(server.url("/new").as_str()))
    );

    let events = h.run(PollerCmd::RefreshAll).await;
    assert!(!events.iter().any(|e| matches!(e, PollerEvent::FeedRedirected { .. })), "said once");
    assert_eq!((server.hits("/old"), server.hits("/hop"), server.hits("/new")), (1, 2, 4));
}

#[tokio::test]
async fn gone_feeds_are_no_longer_polled() {
    let server = TestServer::start();
    server.route("/gone", Response::status(410));
    let mut h = start(&server, &["/gone"], settings());
    let feed = h.ids[0];
    assert_eq!(ends(&h.run(PollerCmd::RefreshAll).await, feed), [&PollerEvent::FeedGone { feed }]);
    assert_eq!(h.error(0).as_deref(), Some("gone (HTTP 410): no longer polled; remove it from the config"));
    let events = h.run(PollerCmd::RefreshAll).await;
    assert!(
        matches!(ends(&events, feed)[..], [PollerEvent::FeedSkipped { reason, .. }] if reason.starts_with("gone (HTTP 410)"))
    );
    assert_eq!(server.hits("/gone"), 1);
    assert!(h.reader.notices().expect("notices")[0].gone_at.is_some());
}

#[tokio::test]
async fn an_html_page_is_not_a_feed_but_names_the_one_it_advertises() {
    let server = TestServer::start();
    let page = "<!DOCTYPE html><html><head><title>Blog</title>\
                <link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"feed.xml\"></head></html>";
    server.route("/blog/", Response::ok("text/html; charset=utf-8", page));
    server.route("/blog", Response::redirect(301, "/blog/"));
    server.route("/plain", Response::ok("text/html", "<html><body>nothing here</body></html>"));
    let mut h = start(&server, &["/blog", "/plain"], settings());
    h.run(PollerCmd::RefreshAll).await;
    let expected = format!("not a feed: got an HTML page; the feed it advertises is {}", server.url("/blog/feed.xml"));
    assert_eq!(h.error(0), Some(expected), "resolved against the page it came from");
    assert_eq!(h.error(1).as_deref(), Some("not a feed: got an HTML page"));
}

#[tokio::test]
async fn the_http_charset_decodes_the_feed() {
    let server = TestServer::start();
    let latin1: Vec<u8> = b"<rss version=\"2.0\"><channel><title>Caf\xe9 cr\xe8me</title>\
                            <item><title>\xc0 la une</title><guid>1</guid></item></channel></rss>"
        .to_vec();
    server.route("/latin1", Response::ok("application/rss+xml; charset=ISO-8859-1", latin1));
    let mut h = start(&server, &["/latin1"], settings());
    h.run(PollerCmd::RefreshAll).await;
    assert_eq!(h.reader.feeds().expect("feeds")[0].title, "Café crème");
    assert_eq!(h.reader.headlines(View::Feed(h.ids[0])).expect("headlines")[0].title, "À la une");
}
