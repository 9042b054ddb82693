//! The command line: argument definitions (also used for help, completions
//! and the man page) and dispatch to the TUI or a subcommand.

mod accounts;
mod add;
mod completions;
mod db;
mod export;
mod feeds;
mod import;
mod import_newsboat;
mod list;
pub mod man;
mod mark;
pub mod newsboat;
pub mod opml;
pub mod refresh;
mod remove;
mod rules;
mod show;
pub mod subscribe;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::fetch::redacted;
use crate::model::FeedNotice;
use crate::store::Store;
use crate::{paths, sanitize, ui};

/// The top-level help: the commands in two columns so that it all fits in
/// 80×24 (a test checks that every command is named here).
const HELP_TEMPLATE: &str = "\
{about-with-newline}{usage-heading} {usage}

Commands (tidings <command> --help for each one's options and examples):
  check      validate the config         add              subscribe to a feed
  refresh    fetch every feed, no TUI    remove           unsubscribe a feed
  sync       sync the accounts, no TUI   accounts         sync state, queue
  list       item ids and titles         import           feeds of an OPML file
  show       print an article            export           the feeds as OPML
  mark       mark read, unread, starred  import-newsboat  move from newsboat
  feeds      feeds, unread, errors       completions      shell completions
  db vacuum  give deleted space back     man              the manual page (roff)
  rules apply  the [[rules]] over stored items
Options:
{options}{after-help}";

const EXAMPLES: &str = "\
Exit status: 0 ok, 1 some feed failed or nothing matched, 2 usage/config error.
Environment: TIDINGS_CONFIG, TIDINGS_DATA_DIR (the defaults above), TIDINGS_LOG.

Examples:
  tidings --config config.example.toml      read the bundled example feeds";

/// A fast terminal feed reader for RSS, Atom and JSON Feed.
#[derive(Debug, Parser)]
#[command(name = "tidings", version, after_help = EXAMPLES, help_template = HELP_TEMPLATE)]
#[command(disable_help_subcommand = true, max_term_width = 80)]
pub struct Cli {
    /// Config file [default: ~/.config/tidings/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Database and log [default: ~/.local/share/tidings]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Validate the config and exit (same as `tidings check`)
    #[arg(long, hide = true)]
    pub check_config: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the config file and exit: 0 when valid, 2 when not
    #[command(after_help = "\
Also prints what the database learned that the config should: feeds that moved
permanently, feeds that are gone.

Examples:
  tidings check
  tidings check --config config.example.toml")]
    Check,
    /// Fetch every feed once, no TUI: exit 1 when some failed or waited
    Refresh(refresh::RefreshArgs),
    /// Database maintenance
    #[command(
        subcommand,
        after_help = "\
Examples:
  tidings db vacuum"
    )]
    Db(DbCommand),
    /// Print an article as plain text (for pipes and pagers)
    Show(show::ShowArgs),
    /// Print item ids and titles, newest first: exit 1 when nothing matched
    List(list::ListArgs),
    /// Subscribe to a feed, or to the feed a web page names
    Add(add::AddArgs),
    /// Unsubscribe from a feed (its articles stay in the database)
    Remove(remove::RemoveArgs),
    /// Subscribe to the feeds of an OPML file (folders become tags)
    Import(import::ImportArgs),
    /// Write the subscriptions as OPML 2.0 (tags become folders)
    Export(export::ExportArgs),
    /// Import newsboat's feeds and the read/flagged state of its articles
    ImportNewsboat(import_newsboat::ImportNewsboatArgs),
    /// Mark items read, unread, starred or not starred
    Mark(mark::MarkArgs),
    /// List the feeds with unread counts, errors and next refresh
    Feeds(feeds::FeedsArgs),
    /// Print a shell completion script
    Completions(completions::CompletionsArgs),
    /// Sync with the accounts' servers once, no TUI: exit 1 when one failed
    Sync(sync::SyncArgs),
    /// List the accounts with their last sync, last error and marks waiting
    Accounts(accounts::AccountsArgs),
    /// Print the manual page (roff), made from these same definitions
    #[command(after_help = "\
Examples:
  tidings man | man -l -
  tidings man > ~/.local/share/man/man1/tidings.1")]
    Man,
    /// Apply the config's [[rules]] to the items already stored
    Rules(rules::RulesArgs),
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Give the space of deleted items back to the system
    #[command(after_help = "\
Deleted items (retention) leave free pages in the file; this gives them back
in short steps, so a reader open meanwhile stays usable (a database made by
an older tidings is rewritten once instead), and prints the size before and
after.

Examples:
  tidings db vacuum
  tidings db vacuum --data-dir ~/backup/tidings")]
    Vacuum,
}

/// Exit status for a config or usage problem (clap uses 2 for usage too).
pub const EXIT_CONFIG: u8 = 2;

/// Runs what the arguments ask for; the error case is printed by `main`.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(config_path) = paths::config_path(cli.config.clone()) else {
        return Ok(fail("cannot find a home directory for the config; pass --config PATH"));
    };
    let command = if cli.check_config { Some(Command::Check) } else { cli.command };
    // Commands that work on the config file itself (and may create it).
    let command = match command {
        Some(Command::Completions(args)) => return completions::run(&args),
        Some(Command::Man) => return man::run(&mut std::io::stdout()),
        Some(Command::Add(args)) if args.account.is_none() => return add::run(&args, &config_path),
        Some(Command::Remove(args)) if args.account.is_none() => return remove::run(&args, &config_path),
        Some(Command::Import(args)) => return import::run(&args, &config_path),
        Some(Command::ImportNewsboat(args)) => {
            return import_newsboat::run(&args, &config_path, paths::data_dir(cli.data_dir));
        }
        other => other,
    };
    if !config_path.exists() {
        return match command {
            None => welcome(&config_path, cli.data_dir),
            Some(_) => Ok(fail(&format!("{}: no such config file", config_path.display()))),
        };
    }
    let config = match Config::load(&config_path) {
        Ok(c) => c,
        Err(e) => return Ok(fail(&e.to_string())),
    };
    if let Some(Command::Check) = command {
        let accounts = match config.accounts.len() {
            0 => String::new(),
            n => format!(", {n} {}", if n == 1 { "account" } else { "accounts" }),
        };
        println!("{}: ok, {} feeds{accounts}", config_path.display(), config.feeds.len());
        for line in config.secret_warnings(&config_path) {
            println!("{line}");
        }
        for line in rule_lines(&config, &config_path, cli.data_dir.clone()) {
            println!("{line}");
        }
        for line in notices(cli.data_dir) {
            println!("{line}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(data_dir) = paths::data_dir(cli.data_dir) else {
        return Ok(fail("cannot find a home directory for the data; pass --data-dir DIR"));
    };
    // A data directory we cannot use is a setup problem, reported before the
    // terminal is touched, like a config error.
    if let Err(e) = usable_data_dir(&data_dir) {
        return Ok(fail(&format!("data directory {}: {e}", data_dir.display())));
    }
    let _log = init_log(&data_dir);
    with_data(command, &config, &config_path, &data_dir)
}

/// The commands that read the database, and the reader itself.
fn with_data(
    command: Option<Command>,
    config: &Config,
    config_path: &Path,
    data_dir: &Path,
) -> anyhow::Result<ExitCode> {
    let db = data_dir.join(paths::DB_FILE);
    let out = &mut std::io::stdout();
    match command {
        Some(Command::Db(DbCommand::Vacuum)) => db::vacuum(data_dir),
        Some(Command::Show(args)) => show::run(&args, config, &db, out),
        Some(Command::List(args)) => list::run(&args, &db, out),
        Some(Command::Export(args)) => export::run(&args, config, config_path, data_dir),
        Some(Command::Mark(args)) => mark::run(&args, &db),
        Some(Command::Feeds(args)) => feeds::run(&args, config, config_path, &db),
        Some(Command::Rules(args)) => {
            let had_rules = rules::run(&args, config, config_path, &db, out)?;
            Ok(if had_rules { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Some(Command::Sync(args)) => sync::run(&args, config, config_path, data_dir),
        Some(Command::Accounts(args)) => accounts::run(&args, config, &db),
        Some(Command::Add(args)) => {
            let account = args.account.as_deref().unwrap_or_default();
            sync::subscribe(account, &args.url, config, config_path, data_dir)
        }
        Some(Command::Remove(args)) => {
            let account = args.account.as_deref().unwrap_or_default();
            sync::unsubscribe(account, &args.feed, config, config_path, data_dir)
        }
        Some(Command::Refresh(args)) => {
            let report = args.report(terminal_width());
            let all_ok = refresh::refresh_with(config, config_path, data_dir, report, out)?;
            Ok(if all_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        _ => ui::run(config, config_path, data_dir).map(|_| ExitCode::SUCCESS),
    }
}

/// The width of the terminal standard output is, if it is one.
fn terminal_width() -> Option<u16> {
    use std::io::IsTerminal;
    std::io::stdout()
        .is_terminal()
        .then(|| crossterm::terminal::size().map_or(80, |(cols, _)| if cols == 0 { 80 } else { cols }))
}

/// No config yet and no command: the welcome screen. The data directory is
/// checked, and the log started, only once it has created the config.
fn welcome(config_path: &Path, data_dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let Some(data_dir) = paths::data_dir(data_dir) else {
        return Ok(fail("cannot find a home directory for the data; pass --data-dir DIR"));
    };
    let ready = || {
        usable_data_dir(&data_dir).with_context(|| format!("data directory {}", data_dir.display()))?;
        Ok(init_log(&data_dir))
    };
    ui::run_welcome(config_path, &data_dir, ready).map(|()| ExitCode::SUCCESS)
}

/// Creates the data directory if needed and checks that files can be made in it.
fn usable_data_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // One name per process: two instances starting at once must not remove each other's probe.
    let probe = dir.join(format!(".tidings-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(probe)
}

/// Each rule's matches among the stored items; nothing without a database.
fn rule_lines(config: &Config, config_path: &Path, data_dir: Option<PathBuf>) -> Vec<String> {
    let Some(db) = paths::data_dir(data_dir).map(|d| d.join(paths::DB_FILE)) else { return Vec::new() };
    rules::report(config, config_path, &db).unwrap_or_else(|error| {
        tracing::debug!(%error, "no rule report");
        vec![format!("rules: cannot read the database: {}", sanitize::line(&format!("{error:#}")))]
    })
}

/// What the database remembers that the config should learn: permanent
/// redirects and feeds gone. Read only; nothing when there is no database.
fn notices(data_dir: Option<PathBuf>) -> Vec<String> {
    let Some(db) = paths::data_dir(data_dir).map(|d| d.join(paths::DB_FILE)).filter(|p| p.is_file()) else {
        return Vec::new();
    };
    let found = Store::open_read_only(&db).and_then(|store| store.notices());
    let notices = match found {
        Ok(notices) => notices,
        Err(error) => {
            tracing::debug!(%error, "no notices");
            return Vec::new();
        }
    };
    let line = |n: &FeedNotice| match (&n.moved_to, n.gone_at) {
        (_, Some(_)) => format!("note: {} is gone (HTTP 410) and no longer polled; remove it from the config", n.url),
        (Some(to), None) => format!("note: {} moved permanently to {}; update the config", n.url, redacted(to)),
        (None, None) => String::new(),
    };
    notices.iter().map(|n| sanitize::line(&line(n))).collect()
}

/// Prints `tidings: <message>` and gives the config/usage exit status.
pub fn fail(message: &str) -> ExitCode {
    eprintln!("tidings: {message}");
    ExitCode::from(EXIT_CONFIG)
}

/// Logs go to a file in the data dir, never to the terminal under the TUI.
/// `TIDINGS_LOG` sets the level (error, warn, info, debug, trace; default info).
fn init_log(data_dir: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let level = std::env::var("TIDINGS_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let file = tracing_appender::rolling::never(data_dir, paths::LOG_FILE);
    let (writer, guard) = tracing_appender::non_blocking(file);
    tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_max_level(level).try_init().ok()?;
    paths::set_log_file(data_dir.join(paths::LOG_FILE));
    Some(guard)
}
