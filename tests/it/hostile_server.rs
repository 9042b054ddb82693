//! One refresh through the real poller of good feeds next to a server that
//! misbehaves every way it can (see `common::hostile`): the refresh ends,
//! the good feeds are stored, each bad one carries a one-line error naming
//! what went wrong, and nothing is asked twice.

use std::time::Duration;

use crate::common;
use crate::common::StoreExt;
use crate::common::hostile;
use crate::common::poller::Poller;
use tidings::model::{FeedSource, View};
use tidings::poller::{PollerCmd, PollerEvent, PollerSettings};

/// Far beyond the scenario's 3 s deadline: only a hung refresh reaches it.
const WAIT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_among_hostile_servers_ends_stores_the_good_and_names_the_bad() {
    let server = hostile::server();
    let base = server.base_url();
    let paths = hostile::paths(&base);
    let sources: Vec<FeedSource> =
        paths.iter().map(|p| FeedSource { url: server.url(p), ..FeedSource::default() }).collect();
    let settings = PollerSettings {
        // Every feed at once, so the slow ones overlap instead of queueing.
        max_concurrent_fetches: paths.len(),
        max_fetches_per_host: paths.len(),
        fetch: hostile::fetch_options(),
        ..common::poller::settings()
    };
    let mut poller = Poller { wait: WAIT, ..Poller::start(settings, &sources) };

    let first = poller.run(PollerCmd::RefreshAll).await;
    let (reader, ids) = (&poller.reader, poller.ids.clone());
    let ended: Vec<_> = first.iter().filter_map(PollerEvent::finished_feed).collect();
    assert_eq!(ended.len(), ids.len(), "every feed's refresh ended once: {first:?}");

    let rows = reader.feeds().expect("feeds");
    let row = |path: &str| {
        let id = ids[paths.iter().position(|p| p == path).expect("known path")];
        rows.iter().find(|r| r.id == id).expect("stored feed").clone()
    };
    for (path, fixture) in hostile::GOOD {
        let feed = row(path);
        assert_eq!(feed.last_error, None, "{path}");
        let expected = tidings::parse::parse_feed(&common::fixture(fixture), &server.url(path)).expect("fixture");
        let stored = reader.headlines(View::Feed(feed.id)).expect("headlines");
        assert_eq!(stored.len(), expected.items.len(), "{path}: every item stored");
        assert!(!stored.is_empty(), "{path}");
    }
    for (path, error) in hostile::bad(&base) {
        let feed = row(path);
        let stored = feed.last_error.unwrap_or_else(|| panic!("{path}: no error stored"));
        assert!(stored.starts_with(&error), "{path}: {stored:?} should start with {error:?}");
        assert!(!stored.contains('\n') && stored.chars().count() <= 200, "{path}: one short line: {stored:?}");
        assert!(reader.headlines(View::Feed(feed.id)).expect("headlines").is_empty(), "{path}");
    }

    // One request per feed; the redirect loop's two hops once each; the
    // chain stops at the limit (5 redirects: hops 0 to 5).
    let mut expected_hits: Vec<(String, usize)> = paths.iter().map(|p| (p.clone(), 1)).collect();
    expected_hits.push(("/loop/b".to_owned(), 1));
    expected_hits.extend((1..=5).map(|hop| (format!("/chain/{hop}"), 1)));
    expected_hits.push(("/chain/6".to_owned(), 0));
    let hits = |list: &[(String, usize)]| list.iter().map(|(p, _)| (p.clone(), server.hits(p))).collect::<Vec<_>>();
    assert_eq!(hits(&expected_hits), expected_hits, "no retry within a refresh");
    assert!(server.bytes_sent("/huge") < 256 << 20, "the 1 GB body was abandoned early");

    // At once again: the failed feeds are in backoff, held by the server or
    // gone, so they are skipped with a reason; only the good ones are asked.
    let second = poller.run(PollerCmd::RefreshAll).await;
    for (path, _) in hostile::bad(&base) {
        let feed = row(path).id;
        assert!(
            second
                .iter()
                .any(|e| matches!(e, PollerEvent::FeedSkipped { feed: f, reason } if *f == feed && !reason.is_empty())),
            "{path} skipped: {second:?}"
        );
    }
    let mut after = expected_hits.clone();
    for (path, count) in &mut after {
        if hostile::GOOD.iter().any(|(p, _)| p == path) {
            *count += 1;
        }
    }
    assert_eq!(hits(&after), after, "the second refresh asked only the good feeds");
    poller.send(PollerCmd::Shutdown);
}
