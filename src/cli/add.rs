//! `tidings add URL`: subscribe to a feed, or find the feeds of a web page.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::config::edit;
use crate::config::{Config, FeedConfig};
use crate::discover;
use crate::fetch::Fetcher;
use crate::model::Found;
use crate::parse::parse_feed;
use crate::sanitize;

const EXAMPLES: &str = "\
Exit status: 0 subscribed (or already), 1 no feed found or the page offers
several and none was picked, 2 config or usage error.

Examples:
  tidings add https://blog.rust-lang.org/feed.xml   a feed
  tidings add lwn.net --tag linux                   a site: its feed is found
  tidings add https://example.com --pick 2          the page's second feed
  tidings add ~/feeds/local.xml --title \"My notes\"  a local file";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct AddArgs {
    /// Feed URL, web page whose feeds to find, or local feed file
    pub url: String,
    /// Title shown instead of the feed's own
    #[arg(long)]
    pub title: Option<String>,
    /// Tag for the feed (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Take the page's Nth feed (1-based) without asking
    #[arg(long, value_name = "N")]
    pub pick: Option<usize>,
    /// Subscribe on this account's server, not in the config
    #[arg(long, value_name = "NAME", conflicts_with_all = ["title", "tags", "pick"])]
    pub account: Option<String>,
}

pub(super) fn run(args: &AddArgs, config_path: &Path) -> anyhow::Result<ExitCode> {
    let config = match load_if_present(config_path) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let url = match local_feed(&args.url) {
        Some(Ok(path)) => path,
        Some(Err(message)) => return Ok(failed(&message)),
        None => {
            let found = match find(&args.url, &config) {
                Ok(found) => found,
                Err(message) => return Ok(failed(&message)),
            };
            match choose(&found, args.pick)? {
                Some(f) => f.url.clone(),
                None => return Ok(ExitCode::FAILURE),
            }
        }
    };
    if config.has_feed(config_path, &url) {
        println!("already subscribed to {}", sanitize::line(&url));
        return Ok(ExitCode::SUCCESS);
    }
    let feed = FeedConfig {
        url: url.clone(),
        title: args.title.clone(),
        tags: args.tags.clone(),
        full_text: false,
        ..FeedConfig::default()
    };
    let result = edit::update(config_path, |_, text| Ok((Some(edit::add_feeds(text, &[feed], config_path)?), ())));
    match result {
        Ok(_) => {
            println!("subscribed to {} in {}", sanitize::line(&url), config_path.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(super::fail(&e.to_string())),
    }
}

/// The config in force, or the default when the file does not exist yet (it
/// will be created); a broken file stops here with status 2.
pub(super) fn load_if_present(config_path: &Path) -> Result<Config, ExitCode> {
    if !config_path.exists() {
        return Ok(Config::default());
    }
    Config::load(config_path).map_err(|e| super::fail(&e.to_string()))
}

/// A local file given as a path: Some(absolute path) when it reads as a feed.
fn local_feed(arg: &str) -> Option<Result<String, String>> {
    let path = Path::new(arg.strip_prefix("file://").unwrap_or(arg));
    if !path.is_file() {
        return None;
    }
    let absolute = std::fs::canonicalize(path).map_err(|e| format!("{arg}: {e}"));
    Some(absolute.and_then(|p| {
        let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let url = url::Url::from_file_path(&p).map(String::from).unwrap_or_default();
        parse_feed(&bytes, &url).map_err(|e| format!("{}: {e}", p.display()))?;
        Ok(p.display().to_string())
    }))
}

/// Runs discovery on a small runtime of its own.
fn find(input: &str, config: &Config) -> Result<Vec<Found>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let fetcher = Fetcher::with_options(crate::poller::fetch_options(config)).map_err(|e| e.to_string())?;
    runtime.block_on(discover::discover(&fetcher, input)).map_err(|e| e.to_string())
}

/// The only feed, the `--pick`ed one, or the one the user types at a prompt.
/// None (after saying why) when several were found and none chosen.
fn choose(found: &[Found], pick: Option<usize>) -> anyhow::Result<Option<&Found>> {
    if let Some(n) = pick {
        return Ok(match found.get(n.wrapping_sub(1)) {
            Some(f) => Some(f),
            None => {
                eprintln!("tidings: --pick {n}: only {} feeds found", found.len());
                list(found, &mut std::io::stderr())?;
                None
            }
        });
    }
    if found.len() == 1 {
        return Ok(found.first());
    }
    let mut err = std::io::stderr();
    writeln!(err, "this page offers {} feeds:", found.len())?;
    list(found, &mut err)?;
    if !std::io::stdin().is_terminal() {
        writeln!(err, "tidings: choose one with --pick N")?;
        return Ok(None);
    }
    write!(err, "subscribe to which one? [1-{}, Enter for none] ", found.len())?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(answer.trim().parse::<usize>().ok().and_then(|n| found.get(n.wrapping_sub(1))))
}

fn list(found: &[Found], out: &mut dyn Write) -> std::io::Result<()> {
    for (i, f) in found.iter().enumerate() {
        writeln!(out, "  {}. {}", i + 1, sanitize::line(&f.label()))?;
    }
    Ok(())
}

/// Prints `tidings: <message>` and gives status 1.
pub(super) fn failed(message: &str) -> ExitCode {
    eprintln!("tidings: {}", sanitize::line(message));
    ExitCode::FAILURE
}
