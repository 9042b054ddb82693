//! `tidings sync [--account NAME]`: one round with each account's server,
//! no TUI: push the queued marks, pull what changed.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use tokio::sync::mpsc;

use crate::account_sync::{self, SyncCmd, SyncEvent, SyncReport, SyncSettings};
use crate::config::Config;
use crate::paths;
use crate::sanitize;
use crate::store::Store;

const EXAMPLES: &str = "\
Exit status: 0 every account synced, 1 some account failed (its line says
why; the marks it could not push stay queued), 2 config or usage error.

Examples:
  tidings sync
  tidings sync --account home && tidings list --unread";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct SyncArgs {
    /// Only this account (its name in the config)
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
}

pub(super) fn run(args: &SyncArgs, config: &Config, config_path: &Path, data_dir: &Path) -> anyhow::Result<ExitCode> {
    let accounts = account_sync::accounts(config, config_path);
    if accounts.is_empty() {
        println!("no [[accounts]] in {}", config_path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let wanted: Vec<String> = match &args.account {
        Some(name) if !accounts.iter().any(|a| a.name == *name) => {
            let names: Vec<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
            return Ok(super::fail(&format!("no account named {name} (accounts: {})", names.join(", "))));
        }
        Some(name) => vec![name.clone()],
        None => accounts.iter().map(|a| a.name.clone()).collect(),
    };
    let mut task = Running::start(config, config_path, data_dir, accounts)?;
    task.send(SyncCmd::Sync { account: args.account.clone(), full: false })?;
    let all_ok = report(&wanted, &mut task.events, &mut std::io::stdout());
    task.stop();
    Ok(if all_ok? { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The sync task on a runtime of its own, for one command.
struct Running {
    runtime: tokio::runtime::Runtime,
    cmds: mpsc::UnboundedSender<SyncCmd>,
    events: mpsc::UnboundedReceiver<SyncEvent>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    fn start(
        config: &Config,
        config_path: &Path,
        data_dir: &Path,
        accounts: Vec<account_sync::SyncAccount>,
    ) -> anyhow::Result<Running> {
        let mut store = Store::open(&data_dir.join(paths::DB_FILE))?;
        // Pulled items go through the rules, as refreshed ones do.
        store.set_rules(config.rules_for(config_path));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        let settings = SyncSettings { sync_on_start: false, ..SyncSettings::from_config(config) };
        let (cmds, cmd_rx) = mpsc::unbounded_channel();
        let (event_tx, events) = mpsc::unbounded_channel();
        let task = {
            let _inside = runtime.enter();
            account_sync::spawn(settings, accounts, store, cmd_rx, event_tx)
        };
        Ok(Running { runtime, cmds, events, task })
    }

    fn send(&self, cmd: SyncCmd) -> anyhow::Result<()> {
        self.cmds.send(cmd).context("the sync task has stopped")
    }

    /// Waits for the event `pick` takes, then stops the task.
    fn answer<T>(mut self, pick: impl Fn(SyncEvent) -> Option<T>) -> Option<T> {
        let found = loop {
            match self.events.blocking_recv() {
                Some(event) => {
                    if let Some(found) = pick(event) {
                        break Some(found);
                    }
                }
                None => break None,
            }
        };
        self.stop();
        found
    }

    fn stop(self) {
        let _ = self.cmds.send(SyncCmd::Shutdown);
        if let Err(error) = self.runtime.block_on(self.task) {
            tracing::warn!(%error, "sync task ended abnormally");
        }
    }
}

/// The account named `name`, or the exit of a command that named no account of the config.
fn account_named(config: &Config, config_path: &Path, name: &str) -> Result<account_sync::SyncAccount, ExitCode> {
    let accounts = account_sync::accounts(config, config_path);
    let names: Vec<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
    let message = format!("no account named {name} (accounts: {})", names.join(", "));
    accounts.iter().find(|a| a.name == name).cloned().ok_or_else(|| super::fail(&message))
}

/// The account named `name` if its API can `verb` (subscribe, unsubscribe).
fn account_that_can(
    config: &Config,
    config_path: &Path,
    name: &str,
    verb: &str,
) -> Result<account_sync::SyncAccount, ExitCode> {
    let account = account_named(config, config_path, name)?;
    if !account.can_subscribe() {
        let message = format!("{name} is a Fever account: the Fever API cannot {verb}; {verb} on the server itself");
        return Err(super::add::failed(&message));
    }
    Ok(account)
}

/// `tidings add --account NAME URL`: subscribes on the account's server,
/// then pulls the new feed's items.
pub(super) fn subscribe(
    name: &str,
    url: &str,
    config: &Config,
    config_path: &Path,
    data_dir: &Path,
) -> anyhow::Result<ExitCode> {
    let account = match account_that_can(config, config_path, name, "subscribe") {
        Ok(account) => account,
        Err(code) => return Ok(code),
    };
    let task = Running::start(config, config_path, data_dir, vec![account])?;
    task.send(SyncCmd::Subscribe { account: name.to_owned(), url: url.to_owned() })?;
    let result = task.answer(|event| match event {
        SyncEvent::Subscribed { result, .. } => Some(result),
        _ => None,
    });
    Ok(match result {
        Some(Ok(())) => {
            println!("{}: subscribed to {}", sanitize::line(name), sanitize::line(url));
            ExitCode::SUCCESS
        }
        Some(Err(error)) => super::add::failed(&format!("{name}: cannot subscribe to {url}: {error}")),
        None => super::add::failed("the sync task stopped"),
    })
}

/// `tidings remove --account NAME FEED`: unsubscribes an account feed
/// (by its title or URL) on the server; its items stay.
pub(super) fn unsubscribe(
    name: &str,
    feed: &str,
    config: &Config,
    config_path: &Path,
    data_dir: &Path,
) -> anyhow::Result<ExitCode> {
    let account = match account_that_can(config, config_path, name, "unsubscribe") {
        Ok(account) => account,
        Err(code) => return Ok(code),
    };
    let wanted = feed.trim();
    let rows = Store::open(&data_dir.join(paths::DB_FILE))?.feeds()?;
    let found: Vec<_> = rows
        .iter()
        .filter(|r| r.account.as_deref() == Some(name))
        .filter(|r| r.url == wanted || r.title.trim().eq_ignore_ascii_case(wanted))
        .collect();
    let [row] = found.as_slice() else {
        let what = if found.is_empty() { "no feed" } else { "several feeds" };
        return Ok(super::add::failed(&format!("{what} of account {name} match {wanted}")));
    };
    let (id, url) = (row.id, row.url.clone());
    let task = Running::start(config, config_path, data_dir, vec![account])?;
    task.send(SyncCmd::Unsubscribe { feed: id })?;
    let result = task.answer(|event| match event {
        SyncEvent::Unsubscribed { result, .. } => Some(result),
        _ => None,
    });
    Ok(match result {
        Some(Ok(())) => {
            println!("{}: removed {} (its items stay in the database)", sanitize::line(name), sanitize::line(&url));
            ExitCode::SUCCESS
        }
        Some(Err(error)) => super::add::failed(&format!("{name}: cannot unsubscribe {url}: {error}")),
        None => super::add::failed("the sync task stopped"),
    })
}

/// Prints one line per account as each finishes; true when all went through.
fn report(
    wanted: &[String],
    events: &mut mpsc::UnboundedReceiver<SyncEvent>,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let mut left: HashSet<&str> = wanted.iter().map(String::as_str).collect();
    let progress = std::io::stderr().is_terminal();
    let mut all_ok = true;
    while !left.is_empty() {
        let Some(event) = events.blocking_recv() else { break };
        match event {
            SyncEvent::Progress { account, items } if progress => {
                eprint!("\r{}: {items} items…", sanitize::line(&account));
            }
            SyncEvent::Synced { account, report } if left.remove(account.as_str()) => {
                clear_progress(progress);
                writeln!(out, "{}: {}", sanitize::line(&account), summary(&report))?;
            }
            SyncEvent::Failed { account, error, waiting } if left.remove(account.as_str()) => {
                clear_progress(progress);
                all_ok = false;
                let queued = if waiting > 0 { format!(" ({})", waiting_line(waiting)) } else { String::new() };
                writeln!(out, "{}: {}{queued}", sanitize::line(&account), sanitize::line(&error.to_string()))?;
            }
            _ => {}
        }
    }
    Ok(all_ok && left.is_empty())
}

fn clear_progress(progress: bool) {
    if progress {
        eprint!("\r\x1b[K");
    }
}

/// `3 changes waiting`.
pub(super) fn waiting_line(waiting: usize) -> String {
    format!("{waiting} {} waiting", if waiting == 1 { "change" } else { "changes" })
}

fn summary(r: &SyncReport) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let mut line = format!(
        "synced: {} new item{}, {} mark{} pushed, {} item{} changed elsewhere",
        r.new_items,
        s(r.new_items),
        r.pushed,
        s(r.pushed),
        r.changed,
        s(r.changed)
    );
    if r.waiting > 0 {
        line.push_str(&format!("; {}", waiting_line(r.waiting)));
    }
    line
}
