//! `tidings remove URL|TITLE`: unsubscribe (the feed's items stay in the database).

use std::path::Path;
use std::process::ExitCode;

use crate::config::{self, edit};
use crate::sanitize;

const EXAMPLES: &str = "\
Exit status: 0 removed, 1 no feed matched or the server said no, 2 config error.

Examples:
  tidings remove https://lwn.net/headlines/rss      by URL
  tidings remove \"Rust Blog\"                        by the title in the config
  tidings remove --account home \"Tech Daily\"        on the account's server";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct RemoveArgs {
    /// The feed's URL as configured, or its title in the config
    pub feed: String,
    /// Unsubscribe the account's feed on its server
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
}

pub(super) fn run(args: &RemoveArgs, config_path: &Path) -> anyhow::Result<ExitCode> {
    if !config_path.exists() {
        return Ok(super::fail(&format!("{}: no such config file", config_path.display())));
    }
    let wanted = args.feed.trim();
    let result = edit::update(config_path, |config, text| {
        let sources = config.sources(config_path);
        // The identities (raw `url` values, command keys) of the feeds that match, by URL, key or title.
        let urls: Vec<String> = config
            .feeds
            .iter()
            .zip(&sources)
            .filter(|(raw, source)| {
                config::feed_key(&source.url) == config::feed_key(wanted)
                    || raw.url.trim() == wanted
                    || raw.title.as_deref().is_some_and(|t| t.trim().eq_ignore_ascii_case(wanted))
            })
            .map(|(raw, _)| raw.identity())
            .collect();
        if urls.is_empty() {
            return Ok((None, urls));
        }
        let (text, _) = edit::remove_feeds(text, config_path, |url| urls.iter().any(|u| u == url))?;
        Ok((Some(text), urls))
    });
    match result {
        Ok((urls, _)) if urls.is_empty() => {
            Ok(super::add::failed(&format!("no feed in {} matches {wanted}", config_path.display())))
        }
        Ok((urls, _)) => {
            for url in urls {
                println!("removed {}", sanitize::line(&url));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(super::fail(&e.to_string())),
    }
}
