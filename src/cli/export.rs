//! `tidings export [-o FILE]`: the subscriptions as OPML 2.0, tags as folders.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::opml::{self, ExportFeed};
use crate::config::{Config, edit};
use crate::paths::DB_FILE;
use crate::sanitize;
use crate::store::Store;

const EXAMPLES: &str = "\
Titles are the ones set in the config, else the feeds' own as last fetched.
Command feeds are left out (named on stderr): OPML holds addresses only.

Examples:
  tidings export > subscriptions.opml
  tidings export -o ~/backup/feeds.opml";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ExportArgs {
    /// Write to this file (atomically), not standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub(super) fn run(args: &ExportArgs, config: &Config, config_path: &Path, data_dir: &Path) -> anyhow::Result<ExitCode> {
    // Titles and site addresses from the last fetches, when there is a database.
    let db = data_dir.join(DB_FILE);
    let known: HashMap<String, (Option<String>, Option<String>)> = if db.exists() {
        Store::open(&db)?.feed_meta()?.into_iter().map(|m| (m.url, (m.feed_title, m.site_url))).collect()
    } else {
        HashMap::new()
    };
    let (commands, sources): (Vec<_>, Vec<_>) =
        config.sources(config_path).into_iter().partition(|s| s.command.is_some());
    // OPML has no place for a program to run, and no import should ever run one.
    for source in &commands {
        let name = source.title.as_deref().map_or_else(|| source.url.clone(), |t| format!("{t} ({})", source.url));
        eprintln!("not exported: {}: a command feed (OPML can only hold addresses)", sanitize::line(&name));
    }
    let feeds: Vec<ExportFeed> = sources
        .into_iter()
        .map(|s| {
            let (feed_title, site_url) = known.get(&s.url).cloned().unwrap_or_default();
            ExportFeed { title: s.title.or(feed_title), site_url, tags: s.tags, url: s.url }
        })
        .collect();
    let text = opml::write(&feeds, &chrono::Utc::now().to_rfc2822());
    match &args.output {
        None => print!("{text}"),
        Some(path) => {
            if let Err(e) = edit::write(path, &text, false) {
                return Ok(super::fail(&e.to_string()));
            }
            eprintln!("exported {} feeds to {}", feeds.len(), path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
