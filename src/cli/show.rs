//! `tidings show`: one article rendered as plain text, for pipes and pagers.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::article::{self, Source};
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::model::ItemId;
use crate::store::Store;

const EXAMPLES: &str = "\
Exit status: 0 printed, 1 no such item or its page failed, 2 config error.

Examples:
  tidings show 42                       item 42 as text
  tidings show 42 --width 72 | less     in a pager, 72 columns
  tidings show 42 --full-text           the whole article from its page";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ShowArgs {
    /// The item's id (see `tidings list`)
    pub id: ItemId,
    /// Wrap at this many columns [default: text_width]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(10..=1000))]
    pub width: Option<u16>,
    /// The full article from its web page (fetched once)
    #[arg(long)]
    pub full_text: bool,
}

/// Prints the article; exit 1 when there is no such item or its page fails.
pub(super) fn run(args: &ShowArgs, config: &Config, db: &Path, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let store = Store::open(db)?;
    let Some(mut article) = store.article(args.id)? else {
        eprintln!("tidings: no item with id {}", args.id);
        return Ok(ExitCode::FAILURE);
    };
    let source = if args.full_text { Source::FullText } else { Source::Feed };
    if args.full_text && article.full_text.is_none() {
        match fetch_full_text(&store, args.id, article.link.as_deref(), config) {
            Ok(html) => article.full_text = Some(html),
            Err(e) => {
                eprintln!("tidings: full text of item {}: {}", args.id, crate::sanitize::line(&format!("{e:#}")));
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    let width = args.width.unwrap_or(config.text_width);
    let rendered = article::render(&article, source, usize::from(width), crate::clock::local_offset());
    super::list::write_out(out, &article::plain_text(&rendered.lines))?;
    Ok(ExitCode::SUCCESS)
}

/// Fetches, extracts and stores the item's full text, as `f` does in the TUI.
fn fetch_full_text(store: &Store, id: ItemId, link: Option<&str>, config: &Config) -> anyhow::Result<String> {
    let link = link.ok_or(crate::readability::FullTextError::NoLink)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let fetcher = Fetcher::with_options(crate::poller::fetch_options(config))?;
    let html = runtime.block_on(crate::readability::fetch(&fetcher, link))?;
    let now = chrono::Utc::now().timestamp();
    store.set_full_text(id, &html, now).context("cannot store the full text")?;
    Ok(html)
}
