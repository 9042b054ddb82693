//! `tidings refresh`: one fetch of every feed without the TUI.
//!
//! The poller runs on a small runtime of its own; this thread waits for its
//! events, reads titles through a second connection and reports them the
//! way `Report` says: a live progress line on a terminal, JSON lines for
//! programs, failures only for cron.

mod report;

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use tokio::sync::mpsc;

use crate::config::Config;
use crate::paths;
use crate::poller::{self, FeedList, FetcherStart, PollerCmd, PollerEvent, PollerSettings};
use crate::store::Store;
pub use report::Report;
use report::Reporter;

const EXAMPLES: &str = "\
On a terminal: one live progress line, then the feeds with new items or errors
and a summary. Piped, or with --json: one JSON object per feed as it finishes,
then a summary object ({\"type\": \"feed\" | \"summary\", ...}).

Examples:
  tidings refresh
  tidings refresh --quiet                        for cron: failures only
  tidings refresh --json | jq -r 'select(.status == \"failed\") | .title'";

#[derive(Debug, Clone, Default, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct RefreshArgs {
    /// List every feed, unchanged ones too
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print only failures, for cron (same exit status)
    #[arg(short, long, conflicts_with = "json")]
    pub quiet: bool,
    /// Machine-readable JSON lines, even on a terminal
    #[arg(long)]
    pub json: bool,
}

impl RefreshArgs {
    /// The report these options ask for, on a terminal or not; `width` is the terminal's.
    pub fn report(&self, terminal: Option<u16>) -> Report {
        match (self.quiet, self.json, terminal) {
            (true, ..) => Report::Quiet,
            (_, true, _) | (_, _, None) => Report::Json,
            (.., Some(width)) => Report::Live { verbose: self.verbose, width },
        }
    }
}

/// Fetches every configured feed once (except those gone or that the server
/// or a failure backoff keeps waiting), writing one line per feed (title and
/// new items, or the error) and a summary to `out`. Returns true when every
/// feed succeeded.
pub fn refresh(config: &Config, config_path: &Path, data_dir: &Path, out: &mut dyn Write) -> anyhow::Result<bool> {
    refresh_with(config, config_path, data_dir, Report::Lines, out)
}

/// `refresh`, reported as `report` says.
pub fn refresh_with(
    config: &Config,
    config_path: &Path,
    data_dir: &Path,
    report: Report,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    std::fs::create_dir_all(data_dir).with_context(|| format!("cannot create {}", data_dir.display()))?;
    let db = data_dir.join(paths::DB_FILE);
    let settings = PollerSettings {
        refresh_interval: None,
        refresh_on_start: false,
        index_search: false,
        ..PollerSettings::from_config(config)
    };
    // Built while the database opens (the system's certificates take a while).
    let client = FetcherStart::new(settings.fetch.clone());
    let mut store = Store::open(&db)?;
    // A one-shot refresh has no timer: per-feed intervals do not matter here.
    let feeds: FeedList = poller::configured_feeds(&mut store, config, config_path, None)?;
    if feeds.is_empty() {
        if report != Report::Quiet {
            writeln!(out, "no feeds configured in {}", config_path.display())?;
        }
        return Ok(true);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (cmds, cmd_rx) = mpsc::unbounded_channel();
    let (event_tx, mut events) = mpsc::unbounded_channel();
    let mut reporter = Reporter::new(report, &store, &feeds, out);
    cmds.send(PollerCmd::RefreshAll).context("cannot start the refresh")?;
    let task = {
        let _inside = runtime.enter();
        let mut poller_store = Store::open(&db)?;
        poller_store.set_rules(config.rules_for(config_path));
        poller::spawn_with_client(client, settings, feeds, poller_store, cmd_rx, event_tx)
    };
    let followed = follow(&mut reporter, &mut events);
    // Closing the command channel ends the poller.
    drop(cmds);
    if let Err(error) = runtime.block_on(task) {
        tracing::warn!(%error, "poller task ended abnormally");
    }
    followed?;
    reporter.finish()
}

/// Hands events to the reporter until every feed is done.
fn follow(reporter: &mut Reporter<'_>, events: &mut mpsc::UnboundedReceiver<PollerEvent>) -> anyhow::Result<()> {
    reporter.start()?;
    loop {
        let Some(event) = events.blocking_recv() else {
            reporter.abandon();
            anyhow::bail!("the refresh stopped before every feed was fetched");
        };
        // FetchesDone (or Idle) after the last feed also means retention has run;
        // the search index is caught up by whoever searches next.
        if matches!(event, PollerEvent::FetchesDone | PollerEvent::Idle) && reporter.all_done() {
            return Ok(());
        }
        reporter.event(event)?;
    }
}
