//! Peak memory of one refresh among hostile servers (1 GB body, bombs,
//! endless and dripping bodies; see `tests/it/common/hostile.rs`), next to
//! good feeds. Prints the process's peak RSS (`VmHWM`) before and after.
//! Run with `cargo bench --bench hostile`; nothing here is a pass/fail test.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

#[path = "../tests/it/common/mod.rs"]
mod test_common;

use std::time::{Duration, Instant};

use test_common::hostile;
use tidings::model::FeedSource;
use tidings::poller::{PollerCmd, PollerEvent, PollerSettings};
use tidings::store::Store;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let server = hostile::server();
    let paths = hostile::paths(&server.base_url());
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("tidings.db");
    let mut store = Store::open(&db).expect("store");
    let sources: Vec<FeedSource> =
        paths.iter().map(|p| FeedSource { url: server.url(p), ..FeedSource::default() }).collect();
    let ids = store.sync_feeds(&sources).expect("sync");
    let before = test_common::poller::peak_rss_kib();
    let started = Instant::now();
    runtime.block_on(async {
        let settings = PollerSettings {
            max_concurrent_fetches: paths.len(),
            max_fetches_per_host: paths.len(),
            fetch: hostile::fetch_options(),
            refresh_interval: None,
            use_server_intervals: true,
            refresh_on_start: false,
            retention: test_common::poller::keep_everything(),
            index_search: true,
        };
        let (cmds, mut events) = test_common::poller::spawn(settings, &db, &ids, &sources);
        cmds.send(PollerCmd::RefreshAll).expect("poller");
        while let Ok(Some(event)) = tokio::time::timeout(Duration::from_secs(60), events.recv()).await {
            if event == PollerEvent::Idle {
                break;
            }
        }
        let _ = cmds.send(PollerCmd::Shutdown);
    });
    let failed = store.feeds().expect("feeds").iter().filter(|f| f.last_error.is_some()).count();
    let kib = |v: Option<u64>| v.map_or("unknown".to_owned(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    println!("hostile refresh: {} feeds ({failed} failed) in {:.1?}", paths.len(), started.elapsed());
    println!("peak RSS before the refresh: {}", kib(before));
    println!("peak RSS after the refresh:  {}", kib(test_common::poller::peak_rss_kib()));
    println!("bytes the server sent for the 1 GB body: {}", server.bytes_sent("/huge"));
}
