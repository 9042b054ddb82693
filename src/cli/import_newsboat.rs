//! `tidings import-newsboat`: newsboat's feeds, tags and titles into the
//! config, and the read and flag marks of its articles into the database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::newsboat::{self, UrlsEntry};
use crate::cli::subscribe::{Candidate, Plan, Verdict};
use crate::config::{edit, feed_key};
use crate::model::FeedId;
use crate::paths::DB_FILE;
use crate::store::Store;

const EXAMPLES: &str = "\
Feeds keep their tags and \"~titles\"; query lines are skipped, exec and filter
lines are shown as tidings' `command`/`filter` for you to add. Every article
newsboat has is stored with its marks (read stays read, flagged becomes
starred), so old articles do not come back unread.
Exit status: 0 imported, 1 some entries refused or invalid, 2 files not found
or config error.

Examples:
  tidings import-newsboat                 from ~/.newsboat or the XDG dirs
  tidings import-newsboat --dry-run       show what would be imported
  tidings import-newsboat --urls ~/nb/urls --cache ~/nb/cache.db";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ImportNewsboatArgs {
    /// newsboat's urls [default: ~/.newsboat/urls, or XDG]
    #[arg(long, value_name = "PATH")]
    pub urls: Option<PathBuf>,
    /// newsboat's cache [default: ~/.newsboat/cache.db, or XDG]
    #[arg(long, value_name = "PATH")]
    pub cache: Option<PathBuf>,
    /// Report what would be imported without changing anything
    #[arg(long)]
    pub dry_run: bool,
}

pub(super) fn run(
    args: &ImportNewsboatArgs,
    config_path: &Path,
    data_dir: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let defaults = newsboat::default_paths();
    let Some(urls_path) = args.urls.clone().or_else(|| defaults.as_ref().map(|d| d.0.clone())) else {
        return Ok(super::fail("cannot find a home directory; pass --urls PATH"));
    };
    let text = match std::fs::read_to_string(&urls_path) {
        Ok(t) => t,
        Err(e) => return Ok(super::fail(&format!("{}: {e} (pass --urls PATH)", urls_path.display()))),
    };
    let cache_path = args.cache.clone().or_else(|| defaults.map(|d| d.1));
    let cache = match &cache_path {
        Some(path) if path.exists() => match newsboat::Cache::open(path) {
            Ok(c) => Some(c),
            Err(e) => return Ok(super::fail(&e.to_string())),
        },
        Some(path) if args.cache.is_some() => return Ok(super::fail(&format!("{}: no such file", path.display()))),
        _ => None,
    };
    let list_dir = urls_path.parent().map(Path::to_path_buf).unwrap_or_default();
    let dry_run = args.dry_run;
    let result = edit::update(config_path, |config, text_now| {
        let plan = plan(&text, config, config_path, &list_dir);
        let feeds = plan.feeds_to_add();
        if dry_run || feeds.is_empty() {
            return Ok((None, plan));
        }
        Ok((Some(edit::add_feeds(text_now, &feeds, config_path)?), plan))
    });
    let (plan, config) = match result {
        Ok(r) => r,
        Err(e) => return Ok(super::fail(&e.to_string())),
    };
    let code = super::import::finish(&plan, &urls_path.display().to_string(), dry_run)?;
    match (&cache, dry_run) {
        (None, _) => println!("no newsboat cache found: feeds imported without their articles' read state"),
        (Some(_), true) => println!("(dry run: no marks imported)"),
        (Some(cache), false) => {
            let Some(data_dir) = data_dir else {
                return Ok(super::fail("cannot find a home directory for the data; pass --data-dir DIR"));
            };
            std::fs::create_dir_all(&data_dir)?;
            let mut store = Store::open(&data_dir.join(DB_FILE))?;
            let sources = config.sources(config_path);
            let ids: HashMap<String, FeedId> =
                store.sync_feeds(&sources)?.into_iter().zip(&sources).map(|(id, s)| (feed_key(&s.url), id)).collect();
            import_marks(&plan, cache, &mut store, &ids)?;
        }
    }
    print_command_feeds(&plan, config_path);
    Ok(code)
}

/// The urls file's entries checked against the config.
fn plan(text: &str, config: &crate::config::Config, config_path: &Path, list_dir: &Path) -> Plan {
    let mut candidates = Vec::new();
    let mut unsupported = Vec::new();
    for (line, entry) in newsboat::parse_urls(text) {
        let origin = format!("line {line}");
        match entry {
            UrlsEntry::Feed { url, title, tags } => candidates.push(Candidate { url, title, tags, origin }),
            UrlsEntry::Unsupported { what, reason, title, tags } => {
                unsupported.push((Candidate { url: what, title, tags, origin }, reason));
            }
        }
    }
    let mut plan = Plan::new(candidates, config, config_path, list_dir);
    for (candidate, reason) in unsupported {
        plan.push(candidate, Verdict::Skipped(reason.to_owned()));
    }
    plan
}

/// The `exec:` and `filter:` lines written the way tidings' config says them,
/// for the user to check and copy: commands come from the user's own hand only.
fn print_command_feeds(plan: &Plan, config_path: &Path) {
    let tables: Vec<String> = plan
        .entries
        .iter()
        .filter(|e| matches!(e.verdict, Verdict::Skipped(_)))
        .filter_map(|e| {
            let c = &e.candidate;
            let table = newsboat::command_feed_toml(&c.url, c.title.as_deref(), &c.tags)?;
            Some(format!("# newsboat's {}\n{table}", c.origin))
        })
        .collect();
    if tables.is_empty() {
        return;
    }
    println!(
        "\nnewsboat ran commands for {} of its feeds; an import never sets one up. To keep them, read each\n\
         command and add it to {} yourself (see `command` and `filter` in config.example.toml):\n",
        tables.len(),
        config_path.display()
    );
    println!("{}", tables.join("\n"));
}

/// Stores newsboat's articles of every imported (or already subscribed) feed with their marks.
fn import_marks(
    plan: &Plan,
    cache: &newsboat::Cache,
    store: &mut Store,
    ids: &HashMap<String, FeedId>,
) -> anyhow::Result<()> {
    let now = chrono::Utc::now().timestamp();
    let (mut items, mut unread, mut starred, mut new_items) = (0, 0, 0, 0);
    for entry in &plan.entries {
        let url = match &entry.verdict {
            Verdict::Add(url) => url.clone(),
            Verdict::Subscribed => entry.candidate.url.trim().to_owned(),
            _ => continue,
        };
        let Some(&feed) = ids.get(&feed_key(&url)) else { continue };
        let (title, site) = cache.feed_meta(entry.candidate.url.trim())?;
        store.import_feed_meta(feed, title.as_deref(), site.as_deref())?;
        let marked = cache.items(entry.candidate.url.trim())?;
        let report = store.import_marked(feed, &marked, now)?;
        items += marked.len();
        unread += marked.iter().filter(|m| !m.read).count();
        starred += marked.iter().filter(|m| m.starred).count();
        new_items += report.new_items;
    }
    println!(
        "articles: {items} from newsboat's cache ({new_items} new here), {} read, {unread} unread, {starred} flagged (now starred)",
        items - unread
    );
    Ok(())
}
