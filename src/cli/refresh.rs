//! `tidings refresh`: one fetch of every feed without the TUI.
//!
//! The poller runs on a small runtime of its own; this thread waits for its
//! events, reads titles through a second connection and prints as feeds finish.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use tokio::sync::mpsc;

use crate::config::Config;
use crate::model::FeedId;
use crate::paths;
use crate::poller::{self, FeedList, PollerCmd, PollerEvent, PollerSettings};
use crate::sanitize;
use crate::store::Store;

/// What one run did, for the summary line.
#[derive(Debug, Default)]
struct Tally {
    ok: usize,
    failed: usize,
    skipped: usize,
    new_items: usize,
}

/// Fetches every configured feed once (except those gone or that the server
/// or a failure backoff keeps waiting), writing one line per feed (title and
/// new items, or the error) and a summary to `out`. Returns true when every
/// feed succeeded.
pub fn refresh(config: &Config, config_path: &Path, data_dir: &Path, out: &mut dyn Write) -> anyhow::Result<bool> {
    std::fs::create_dir_all(data_dir).with_context(|| format!("cannot create {}", data_dir.display()))?;
    let db = data_dir.join(paths::DB_FILE);
    let mut store = Store::open(&db)?;
    // A one-shot refresh has no timer: per-feed intervals do not matter here.
    let feeds: FeedList = poller::configured_feeds(&mut store, config, config_path, None)?;
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
        refresh_interval: None,
        refresh_on_start: false,
        index_search: false,
        ..PollerSettings::from_config(config)
    };
    let (cmds, cmd_rx) = mpsc::unbounded_channel();
    let (event_tx, mut events) = mpsc::unbounded_channel();
    let pending: HashSet<FeedId> = feeds.iter().map(|f| f.id).collect();
    cmds.send(PollerCmd::RefreshAll).context("cannot start the refresh")?;
    let task = {
        let _inside = runtime.enter();
        let mut poller_store = Store::open(&db)?;
        poller_store.set_rules(config.rules_for(config_path));
        poller::spawn(settings, feeds, poller_store, cmd_rx, event_tx)
    };
    let tally = report(&store, pending, &mut events, out);
    // Closing the command channel ends the poller.
    drop(cmds);
    if let Err(error) = runtime.block_on(task) {
        tracing::warn!(%error, "poller task ended abnormally");
    }
    let tally = tally?;
    let total = tally.ok + tally.failed + tally.skipped;
    let skipped = if tally.skipped > 0 { format!(", {} skipped", tally.skipped) } else { String::new() };
    writeln!(
        out,
        "refreshed {total} {}: {} ok, {} failed{skipped}, {} new {}",
        plural(total, "feed", "feeds"),
        tally.ok,
        tally.failed,
        tally.new_items,
        plural(tally.new_items, "item", "items"),
    )?;
    out.flush()?;
    Ok(tally.failed == 0 && tally.skipped == 0)
}

/// Prints one line per finished feed until every feed in `pending` is done.
fn report(
    store: &Store,
    mut pending: HashSet<FeedId>,
    events: &mut mpsc::UnboundedReceiver<PollerEvent>,
    out: &mut dyn Write,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    // FetchesDone (or Idle) after the last feed also means retention has run.
    loop {
        let Some(event) = events.blocking_recv() else {
            anyhow::bail!("the refresh stopped before every feed was fetched");
        };
        if let Some(feed) = event.finished_feed() {
            pending.remove(&feed);
        }
        match event {
            PollerEvent::FeedUpdated { feed, new_items } => {
                tally.ok += 1;
                tally.new_items += new_items;
                writeln!(out, "ok    {}: {new_items} new", title(store, feed))?;
            }
            PollerEvent::FeedUnchanged { feed } => {
                tally.ok += 1;
                writeln!(out, "ok    {}: unchanged", title(store, feed))?;
            }
            PollerEvent::FeedFailed { feed, error } => {
                tally.failed += 1;
                writeln!(out, "FAIL  {}: {error}", title(store, feed))?;
            }
            PollerEvent::Pruned { items } => writeln!(out, "retention removed {items} old items")?,
            // The search index is caught up by whoever searches next.
            PollerEvent::FetchesDone | PollerEvent::Idle if pending.is_empty() => break,
            PollerEvent::FeedGone { feed } => {
                tally.failed += 1;
                writeln!(out, "GONE  {}: HTTP 410, no longer polled; remove it from the config", title(store, feed))?;
            }
            PollerEvent::FeedSkipped { feed, reason } => {
                pending.remove(&feed);
                tally.skipped += 1;
                writeln!(out, "skip  {}: {}", title(store, feed), sanitize::line(&reason))?;
            }
            PollerEvent::FeedRedirected { feed, to } => {
                let to = sanitize::line(&to);
                writeln!(out, "moved {}: permanently redirected to {to}; update the config", title(store, feed))?;
            }
            PollerEvent::Queued { .. }
            | PollerEvent::Idle
            | PollerEvent::FetchesDone
            | PollerEvent::FullTextFetched { .. }
            | PollerEvent::FullTextFailed { .. }
            | PollerEvent::Discovered { .. }
            | PollerEvent::SearchIndexing
            | PollerEvent::SearchIndexed { .. } => continue,
        }
        out.flush()?;
    }
    Ok(tally)
}

/// The feed's display title as stored after its refresh.
fn title(store: &Store, feed: FeedId) -> String {
    let stored = store.feed_title(feed).ok().flatten();
    sanitize::line(&stored.unwrap_or_else(|| format!("feed {feed}")))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
