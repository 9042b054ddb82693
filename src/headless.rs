//! `tidings refresh`: one fetch of every feed without the TUI.
//!
//! The poller runs on a small runtime of its own; this thread waits for its
//! events, reads titles through a second connection and prints as feeds finish.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::mpsc;

use crate::config::Config;
use crate::model::FeedId;
use crate::paths;
use crate::poller::{self, FeedList, PollerEvent, PollerSettings};
use crate::sanitize;
use crate::store::Store;

/// What one run did, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    ok: usize,
    failed: usize,
    new_items: usize,
}

/// Fetches every configured feed once, writing one line per feed (title and
/// new items, or the error) and a summary to `out`. Returns true when every
/// feed succeeded.
pub fn refresh(config: &Config, config_path: &Path, data_dir: &Path, out: &mut dyn Write) -> anyhow::Result<bool> {
    std::fs::create_dir_all(data_dir).with_context(|| format!("cannot create {}", data_dir.display()))?;
    let db = data_dir.join(paths::DB_FILE);
    let mut store = Store::open(&db)?;
    let sources = config.sources(config_path);
    let ids = store.sync_feeds(&sources)?;
    let feeds: FeedList = store.feeds()?.into_iter().map(|f| (f.id, f.url)).collect();
    if feeds.is_empty() {
        writeln!(out, "no feeds configured in {}", config_path.display())?;
        return Ok(true);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let settings = PollerSettings {
        max_concurrent_fetches: config.max_concurrent_fetches,
        request_timeout: Duration::from_secs(config.request_timeout),
        refresh_interval: None,
        refresh_on_start: true,
        retention: config.retention(),
        full_text_feeds: poller::full_text_feeds(&ids, &sources),
    };
    let (cmds, cmd_rx) = mpsc::unbounded_channel();
    let (event_tx, mut events) = mpsc::unbounded_channel();
    let pending: HashSet<FeedId> = feeds.iter().map(|(id, _)| *id).collect();
    let task = {
        let _inside = runtime.enter();
        poller::spawn(settings, feeds, Store::open(&db)?, cmd_rx, event_tx)
    };
    let tally = report(&store, pending, &mut events, out);
    // Closing the command channel ends the poller.
    drop(cmds);
    if let Err(error) = runtime.block_on(task) {
        tracing::warn!(%error, "poller task ended abnormally");
    }
    let tally = tally?;
    let total = tally.ok + tally.failed;
    writeln!(
        out,
        "refreshed {total} {}: {} ok, {} failed, {} new {}",
        plural(total, "feed", "feeds"),
        tally.ok,
        tally.failed,
        tally.new_items,
        plural(tally.new_items, "item", "items"),
    )?;
    out.flush()?;
    Ok(tally.failed == 0)
}

/// Prints one line per finished feed until every feed in `pending` is done.
fn report(
    store: &Store,
    mut pending: HashSet<FeedId>,
    events: &mut mpsc::UnboundedReceiver<PollerEvent>,
    out: &mut dyn Write,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    // Idle after the last feed also means retention has run.
    loop {
        let Some(event) = events.blocking_recv() else {
            anyhow::bail!("the refresh stopped before every feed was fetched");
        };
        match event {
            PollerEvent::FeedUpdated { feed, new_items } => {
                pending.remove(&feed);
                tally.ok += 1;
                tally.new_items += new_items;
                writeln!(out, "ok    {}: {new_items} new", title(store, feed))?;
            }
            PollerEvent::FeedFailed { feed, error } => {
                pending.remove(&feed);
                tally.failed += 1;
                writeln!(out, "FAIL  {}: {}", title(store, feed), sanitize::line(&error))?;
            }
            PollerEvent::Pruned { items } => writeln!(out, "retention removed {items} old items")?,
            PollerEvent::Idle if pending.is_empty() => break,
            PollerEvent::Queued { .. }
            | PollerEvent::Idle
            | PollerEvent::FullTextFetched { .. }
            | PollerEvent::FullTextFailed { .. }
            | PollerEvent::Discovered { .. } => continue,
        }
        out.flush()?;
    }
    Ok(tally)
}

/// The feed's display title as stored after its refresh.
fn title(store: &Store, feed: FeedId) -> String {
    let stored = store.feeds().ok().and_then(|rows| rows.into_iter().find(|r| r.id == feed)).map(|r| r.title);
    sanitize::line(&stored.unwrap_or_else(|| format!("feed {feed}")))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
