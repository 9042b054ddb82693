//! `tidings import FILE.opml`: subscribe to the feeds of another reader's export.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::opml::{self, MAX_OPML_BYTES};
use crate::cli::subscribe::{Candidate, Plan, Verdict};
use crate::config::edit;

const EXAMPLES: &str = "\
Feeds already subscribed to are skipped; entries that are not http(s) URLs or
plain local files in your home (exec:, filter:, |command, system files) are
refused. Exit status: 0 all imported or already there, 1 some entries refused
or invalid (the others are imported), 2 not OPML or the config is broken.

Examples:
  tidings import feedly.opml                  folders become tags
  tidings import subs.opml --dry-run          show what would be added
  tidings import subs.opml --tag imported     tag every imported feed";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ImportArgs {
    /// OPML file (Feedly, Inoreader, NetNewsWire, Miniflux, FreshRSS...)
    pub file: std::path::PathBuf,
    /// Extra tag for every imported feed (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Report what would be added without changing the config
    #[arg(long)]
    pub dry_run: bool,
}

pub(super) fn run(args: &ImportArgs, config_path: &Path) -> anyhow::Result<ExitCode> {
    let bytes = match read_bounded(&args.file) {
        Ok(b) => b,
        Err(message) => return Ok(super::fail(&message)),
    };
    let doc = match opml::parse(&bytes) {
        Ok(doc) => doc,
        Err(e) => return Ok(super::fail(&format!("{}: {e}", args.file.display()))),
    };
    let mut candidates: Vec<Candidate> = doc
        .feeds
        .into_iter()
        .map(|o| Candidate { url: o.url, title: o.title, tags: o.tags, origin: format!("line {}", o.line) })
        .collect();
    for c in &mut candidates {
        for tag in &args.tags {
            if !c.tags.contains(tag) {
                c.tags.push(tag.clone());
            }
        }
    }
    let list_dir = args.file.parent().map(Path::to_path_buf).unwrap_or_default();
    let dry_run = args.dry_run;
    let result = edit::update(config_path, |config, text| {
        let mut plan = Plan::new(candidates, config, config_path, &list_dir);
        for u in &doc.unusable {
            let candidate =
                Candidate { url: u.name.clone(), title: None, tags: Vec::new(), origin: format!("line {}", u.line) };
            plan.push(candidate, Verdict::Invalid(u.reason.clone()));
        }
        let feeds = plan.feeds_to_add();
        if dry_run || feeds.is_empty() {
            return Ok((None, plan));
        }
        Ok((Some(edit::add_feeds(text, &feeds, config_path)?), plan))
    });
    match result {
        Ok((plan, _)) => finish(&plan, &args.file.display().to_string(), dry_run),
        Err(e) => Ok(super::fail(&e.to_string())),
    }
}

/// Prints the report; status 1 when something was refused or invalid.
pub(super) fn finish(plan: &Plan, name: &str, dry_run: bool) -> anyhow::Result<ExitCode> {
    plan.report(name, dry_run, &mut std::io::stdout(), &mut std::io::stderr())?;
    let c = plan.counts();
    Ok(if c.refused + c.invalid > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_OPML_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() > MAX_OPML_BYTES {
        return Err(format!("{}: {}", path.display(), opml::OpmlError::TooLarge));
    }
    Ok(bytes)
}
