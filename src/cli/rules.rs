//! `tidings rules apply`: the config's `[[rules]]` over the items already
//! stored (rules otherwise act on new items only), and what `tidings check`
//! says of each rule.

use std::io::Write;
use std::path::Path;

use clap::{Args, Subcommand};

use crate::config::Config;
use crate::model::{RuleAction, RuleMatches};
use crate::sanitize;
use crate::store::Store;

#[derive(Debug, Args)]
#[command(after_help = "\
Rules act on new items as they arrive; `apply` runs them, in config order, over
what is stored already (the configured feeds). Each rule that changed something
can be taken back with U in the reader, like a bulk mark; hidden items are
listed in the Hidden view, where H brings one back.

Examples:
  tidings rules apply --dry-run
  tidings rules apply")]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Apply the rules to the stored items (--dry-run: only count)
    #[command(after_help = "\
Examples:
  tidings rules apply --dry-run   what each rule would change
  tidings rules apply             apply them (U in the reader undoes the last)")]
    Apply {
        /// Count what each rule would do; change nothing
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs `rules apply`; false when the config has no rules.
pub(super) fn run(
    args: &RulesArgs,
    config: &Config,
    config_path: &Path,
    db: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let RulesCommand::Apply { dry_run } = args.command;
    let rules = config.rules_for(config_path);
    if rules.is_empty() {
        writeln!(out, "no [[rules]] in {}", config_path.display())?;
        return Ok(false);
    }
    let mut store = Store::open(db)?;
    let results = store.apply_rules(&rules, dry_run)?;
    let mut changed = 0;
    for (n, result) in results.iter().enumerate() {
        changed += result.changes;
        writeln!(out, "{}", line(n + 1, result, if dry_run { Tense::Would } else { Tense::Did }))?;
    }
    let s = if changed == 1 { "" } else { "s" };
    if dry_run {
        writeln!(out, "dry run: {changed} item{s} would change; nothing was written")?;
    } else {
        writeln!(out, "{changed} item{s} changed (U in the reader undoes the last rule's)")?;
    }
    Ok(true)
}

/// What `tidings check` prints of each rule: its matches among the stored items.
pub(super) fn report(config: &Config, config_path: &Path, db: &Path) -> anyhow::Result<Vec<String>> {
    let rules = config.rules_for(config_path);
    if rules.is_empty() || !db.is_file() {
        return Ok(Vec::new());
    }
    // Word terms are answered by the search index, which a refresh from the
    // command line leaves to the reader: it catches up first.
    let mut store = Store::open(db)?;
    store.index_all_pending()?;
    let results = store.rule_matches(&rules)?;
    Ok(results.iter().enumerate().map(|(n, r)| line(n + 1, r, Tense::Could)).collect())
}

enum Tense {
    /// `tidings check`: matches, and what `rules apply` would change.
    Could,
    Would,
    Did,
}

fn line(n: usize, result: &RuleMatches, tense: Tense) -> String {
    let verb = match &result.rule.action {
        RuleAction::Read => "mark read",
        RuleAction::Star => "star",
        RuleAction::Hide => "hide",
        RuleAction::Tag(_) => "tag",
    };
    let s = |k: usize| if k == 1 { "" } else { "s" };
    let (m, c) = (result.matched, result.changes);
    let what = match tense {
        Tense::Could => format!("matches {m} stored item{}; `tidings rules apply` would {verb} {c}", s(m)),
        Tense::Would => format!("matches {m} stored item{}; would {verb} {c}", s(m)),
        Tense::Did => format!("matched {m} stored item{}; {verb}: {c} changed", s(m)),
    };
    let hidden = if result.hidden > 0 { format!("; {} hidden so far", result.hidden) } else { String::new() };
    sanitize::line(&format!("rule {n} ({}): {what}{hidden}", result.rule.label()))
}
