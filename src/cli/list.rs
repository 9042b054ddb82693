//! `tidings list`: item ids with titles, or JSON lines, for scripts.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use crate::sanitize;
use crate::store::{ItemFilter, ItemRow, Store};

const EXAMPLES: &str = "\
Each line: the item's id, a tab, its title. JSON fields: id, feed, feed_id,
title, link, published, read, starred. Exit status: 0 some items listed,
1 nothing matched, 2 config error.

Examples:
  tidings list --unread                    unread items, newest first
  tidings list --starred --feed LWN        starred items of one feed
  tidings list --tag rust --search async   search the feeds tagged rust
  tidings list --unread --json | jq -r .link";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ListArgs {
    /// One JSON object per line (fields below)
    #[arg(long)]
    pub json: bool,
    /// Only unread items
    #[arg(long)]
    pub unread: bool,
    /// Only starred items
    #[arg(long)]
    pub starred: bool,
    /// Only the items of this feed (its title, URL or id)
    #[arg(long, value_name = "NAME")]
    pub feed: Option<String>,
    /// Only the items of feeds with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only items containing these words (any accent or case)
    #[arg(long, value_name = "WORDS")]
    pub search: Option<String>,
}

/// Prints the matching items, newest first; exit 1 when none matched.
pub(super) fn run(args: &ListArgs, db: &Path, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(db)?;
    // A refresh leaves the search index to be caught up later; a search
    // here must see every stored item.
    if args.search.is_some() && store.search_index_behind()? {
        store.index_all_pending()?;
    }
    let filter = ItemFilter {
        unread: args.unread,
        starred: args.starred,
        feed: args.feed.clone(),
        tag: args.tag.clone(),
        search: args.search.clone(),
    };
    let items = store.items(&filter)?;
    let mut text = String::new();
    for item in &items {
        if args.json {
            text.push_str(&json(item).to_string());
        } else {
            text.push_str(&format!("{}\t{}", item.id, sanitize::line(&item.title)));
        }
        text.push('\n');
    }
    write_out(out, &text)?;
    Ok(if items.is_empty() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Writes `text`; a reader that went away (`| head`) is not an error.
pub(super) fn write_out(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn json(item: &ItemRow) -> serde_json::Value {
    let published = item
        .published
        .and_then(|p| chrono::DateTime::from_timestamp(p, 0))
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    serde_json::json!({
        "id": item.id,
        "feed": sanitize::line(&item.feed),
        "feed_id": item.feed_id,
        "title": sanitize::line(&item.title),
        "link": item.link.as_deref().map(sanitize::line),
        "published": published,
        "read": item.read,
        "starred": item.starred,
    })
}
