//! `tidings feeds [--json]`: the subscriptions with their state.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use crate::config::Config;
use crate::model::FeedRow;
use crate::sanitize;
use crate::store::Store;

const EXAMPLES: &str = "\
Each line: unread count, title, URL, then the last error if the last fetch
failed. JSON lines carry id, url, title, unread, total, last_error,
last_fetched and next_refresh (RFC 3339, null when unknown: never fetched, or
automatic refresh off).

Examples:
  tidings feeds
  tidings feeds --json | jq -r 'select(.last_error) | .url'";

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
    let rows = store.feeds()?;
    let interval = config.refresh_interval * 60;
    let text = if args.json { json_lines(&rows, interval) } else { table(&rows) };
    write_out(&mut std::io::stdout(), &text)?;
    Ok(ExitCode::SUCCESS)
}

fn table(rows: &[FeedRow]) -> String {
    let titles: Vec<String> = rows.iter().map(|r| crate::render::fit(&sanitize::line(&r.title), 40)).collect();
    let width = titles.iter().map(|t| t.width()).max().unwrap_or(0);
    let mut out = String::new();
    for (row, title) in rows.iter().zip(titles) {
        let pad = " ".repeat(width - title.width());
        out.push_str(&format!("{:>6}  {title}{pad}  {}", row.unread, sanitize::line(&row.url)));
        if let Some(error) = &row.last_error {
            out.push_str(&format!("  ! {}", sanitize::line(error)));
        }
        out.push('\n');
    }
    out
}

fn json_lines(rows: &[FeedRow], interval_secs: u64) -> String {
    let date = |t: Option<i64>| {
        t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    };
    let mut out = String::new();
    for row in rows {
        let next = row.last_fetched.filter(|_| interval_secs > 0).map(|t| t.saturating_add(interval_secs as i64));
        let value = serde_json::json!({
            "id": row.id,
            "url": sanitize::line(&row.url),
            "title": sanitize::line(&row.title),
            "unread": row.unread,
            "total": row.total,
            "last_error": row.last_error.as_deref().map(sanitize::line),
            "last_fetched": date(row.last_fetched),
            "next_refresh": date(next),
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
