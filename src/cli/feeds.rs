//! `tidings feeds [--json]`: the subscriptions with their state.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use crate::config::Config;
use crate::model::FeedInfo;
use crate::sanitize;
use crate::store::Store;

const EXAMPLES: &str = "\
Each line: unread count, title (the feed's address when it has none), language,
URL, the site it belongs to, then the last error or warning if there is one.
JSON lines carry id, url, title, unread, total, last_error, last_fetched and
next_refresh (RFC 3339, null when unknown: never fetched, or automatic refresh
off), and what the feed says of itself: site_url, description, language,
icon, logo, author and generator (null when it does not say).

Examples:
  tidings feeds
  tidings feeds --json | jq -r 'select(.last_error) | .url'
  tidings feeds --json | jq -r 'select(.language == \"fr\") | .title'";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct FeedsArgs {
    /// One JSON object per line
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: &FeedsArgs, config: &Config, config_path: &Path, db: &Path) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(db)?;
    // The database lists what the config said last time tidings ran: catch up.
    store.sync_feeds(&config.sources(config_path))?;
    let feeds = store.feed_infos()?;
    let interval = config.refresh_interval * 60;
    let text = if args.json { json_lines(&feeds, interval) } else { table(&feeds) };
    write_out(&mut std::io::stdout(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// Widest title shown, in columns (a longer one is cut with `…`).
const TITLE_COLUMNS: usize = 40;
/// Widest language shown (`en`, `pt-BR`, `zh-Hant-TW`).
const LANGUAGE_COLUMNS: usize = 10;
/// URLs are padded up to this width so the site links line up (a longer URL
/// is shown whole and pushes its own line's site along).
const URL_COLUMNS: usize = 60;

fn table(feeds: &[FeedInfo]) -> String {
    let column = |text: Option<&str>, most: usize| crate::render::fit(&sanitize::line(text.unwrap_or_default()), most);
    let titles: Vec<String> = feeds.iter().map(|f| column(Some(&f.row.title), TITLE_COLUMNS)).collect();
    let languages: Vec<String> =
        feeds.iter().map(|f| column(f.details.language.as_deref(), LANGUAGE_COLUMNS)).collect();
    let urls: Vec<String> = feeds.iter().map(|f| sanitize::line(&f.row.url)).collect();
    let widest = |texts: &[String]| texts.iter().map(|t| t.width()).max().unwrap_or(0);
    let (title_w, language_w, url_w) = (widest(&titles), widest(&languages), widest(&urls).min(URL_COLUMNS));
    let mut out = String::new();
    for (((feed, title), language), url) in feeds.iter().zip(&titles).zip(&languages).zip(&urls) {
        let mut line = format!("{:>6}  {}", feed.row.unread, padded(title, title_w));
        // No language column when no feed gives one.
        if language_w > 0 {
            line.push_str(&format!("  {}", padded(language, language_w)));
        }
        line.push_str(&format!("  {}", padded(url, url_w)));
        if let Some(site) = &feed.site_url {
            line.push_str(&format!("  site {}", sanitize::line(site)));
        }
        if let Some(error) = &feed.row.last_error {
            line.push_str(&format!("  ! {}", sanitize::line(error)));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `text` followed by spaces up to `width` columns.
fn padded(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

fn json_lines(feeds: &[FeedInfo], interval_secs: u64) -> String {
    let date = |t: Option<i64>| {
        t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    };
    let text = |t: &Option<String>| t.as_deref().map(sanitize::line);
    let mut out = String::new();
    for feed in feeds {
        let (row, details) = (&feed.row, &feed.details);
        let next = row.last_fetched.filter(|_| interval_secs > 0).map(|t| t.saturating_add(interval_secs as i64));
        let value = serde_json::json!({
            "id": row.id,
            "url": sanitize::line(&row.url),
            "title": sanitize::line(&row.title),
            "unread": row.unread,
            "total": row.total,
            "last_error": text(&row.last_error),
            "last_fetched": date(row.last_fetched),
            "next_refresh": date(next),
            "site_url": text(&feed.site_url),
            "description": text(&details.description),
            "language": text(&details.language),
            "icon": text(&details.icon),
            "logo": text(&details.logo),
            "author": text(&details.author),
            "generator": text(&details.generator),
        });
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out
}

/// Writes `text`; a reader that went away (`| head`) is not an error.
pub(super) fn write_out(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
