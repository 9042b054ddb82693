//! Deciding which feeds from elsewhere (an OPML file, newsboat's `urls`)
//! become subscriptions: what is safe to fetch, what is already there, and the
//! report the user reads.
//!
//! Lists from elsewhere are not trusted: newsboat once ran commands found in
//! an OPML file (newsboat#3400). Only `http(s)` URLs and plain files inside
//! the home directory (or beside the list) are taken; `exec:`, `filter:`,
//! `|command`, other schemes and system files are refused and reported.

use std::io::Write;
use std::path::{Path, PathBuf};

use url::Url;

use crate::config::{Config, FeedConfig, feed_key};
use crate::sanitize;

/// A feed found in a list, before any check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub url: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
    /// Where it was found, for the report: `line 12`.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Will be subscribed to, with this URL (a local path made absolute).
    Add(String),
    /// Already in the config.
    Subscribed,
    /// Listed again in the same file: its tags went to the first listing.
    Repeat,
    /// Not supported here, and expected (a newsboat query feed).
    Skipped(String),
    /// Unsafe: never imported.
    Refused(String),
    /// Broken entry.
    Invalid(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub candidate: Candidate,
    pub verdict: Verdict,
}

/// Every candidate with its verdict, in list order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub entries: Vec<Entry>,
}

/// How many entries got each verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub subscribed: usize,
    pub skipped: usize,
    pub refused: usize,
    pub invalid: usize,
}

impl Plan {
    /// Checks `candidates` against the config at `config_path`; local paths
    /// are resolved against `list_dir`, the directory of the list.
    pub fn new(candidates: Vec<Candidate>, config: &Config, config_path: &Path, list_dir: &Path) -> Plan {
        let home = home_dir();
        let mut plan = Plan::default();
        let mut seen = std::collections::HashSet::new();
        for candidate in candidates {
            let verdict = match check_url(&candidate.url, list_dir, home.as_deref()) {
                Err(verdict) => verdict,
                Ok(url) if !seen.insert(feed_key(&url)) => {
                    plan.merge_into_first(&url, &candidate);
                    Verdict::Repeat
                }
                Ok(url) if config.has_feed(config_path, &url) => Verdict::Subscribed,
                Ok(url) => Verdict::Add(url),
            };
            plan.entries.push(Entry { candidate, verdict });
        }
        plan
    }

    /// A feed listed again: its tags (and a title, if the first had none) go
    /// to the first listing, when that one is to be added.
    fn merge_into_first(&mut self, url: &str, again: &Candidate) {
        let key = feed_key(url);
        let first = self.entries.iter_mut().find(|e| matches!(&e.verdict, Verdict::Add(u) if feed_key(u) == key));
        if let Some(first) = first {
            for tag in &again.tags {
                if !first.candidate.tags.contains(tag) {
                    first.candidate.tags.push(tag.clone());
                }
            }
            first.candidate.title = first.candidate.title.take().or(again.title.clone());
        }
    }

    /// Adds an entry decided elsewhere (a line of another format).
    pub fn push(&mut self, candidate: Candidate, verdict: Verdict) {
        self.entries.push(Entry { candidate, verdict });
    }

    /// The `[[feeds]]` entries to write.
    pub fn feeds_to_add(&self) -> Vec<FeedConfig> {
        self.entries
            .iter()
            .filter_map(|e| match &e.verdict {
                Verdict::Add(url) => Some(FeedConfig {
                    url: url.clone(),
                    title: e.candidate.title.clone().filter(|t| !t.trim().is_empty()),
                    tags: e.candidate.tags.iter().filter(|t| !t.trim().is_empty()).cloned().collect(),
                    ..FeedConfig::default()
                }),
                _ => None,
            })
            .collect()
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for e in &self.entries {
            match e.verdict {
                Verdict::Add(_) => c.added += 1,
                Verdict::Subscribed => c.subscribed += 1,
                Verdict::Repeat => {}
                Verdict::Skipped(_) => c.skipped += 1,
                Verdict::Refused(_) => c.refused += 1,
                Verdict::Invalid(_) => c.invalid += 1,
            }
        }
        c
    }

    /// One line per entry (problems to `err`), then a summary line to `out`.
    pub fn report(&self, name: &str, dry_run: bool, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<()> {
        for e in &self.entries {
            let c = &e.candidate;
            let url = sanitize::line(&c.url);
            match &e.verdict {
                Verdict::Add(url) => {
                    let title = c.title.as_deref().map(|t| format!(" \"{}\"", sanitize::line(t))).unwrap_or_default();
                    let tags = if c.tags.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", sanitize::line(&c.tags.join(", ")))
                    };
                    writeln!(out, "added    {}{title}{tags}", sanitize::line(url))?;
                }
                Verdict::Subscribed => writeln!(out, "skipped  {url}: already subscribed")?,
                Verdict::Repeat => {}
                Verdict::Skipped(why) => writeln!(out, "skipped  {}: {url}: {why}", c.origin)?,
                Verdict::Refused(why) => writeln!(err, "refused  {}: {url}: {why}", c.origin)?,
                Verdict::Invalid(why) => writeln!(err, "invalid  {}: {url}: {why}", c.origin)?,
            }
        }
        let c = self.counts();
        let verb = if dry_run { "would add" } else { "added" };
        writeln!(
            out,
            "{}: {} {verb}, {} already subscribed, {} skipped (not feeds), {} refused, {} invalid",
            sanitize::line(name),
            c.added,
            c.subscribed,
            c.skipped,
            c.refused,
            c.invalid
        )
    }
}

/// The URL to subscribe to, or why not. `http(s)` URLs are kept as written;
/// a local file (path, `~/path` or `file://`) must be a plain file inside the
/// home directory or `list_dir`, and becomes an absolute path.
pub fn check_url(raw: &str, list_dir: &Path, home: Option<&Path>) -> Result<String, Verdict> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Verdict::Invalid("no URL".to_owned()));
    }
    if raw.starts_with('|') {
        return Err(Verdict::Refused("a shell command; commands are never imported".to_owned()));
    }
    if raw.chars().any(char::is_control) {
        return Err(Verdict::Invalid("control characters in the URL".to_owned()));
    }
    match Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => match url.host_str() {
            Some(host) if !host.is_empty() => Ok(raw.to_owned()),
            _ => Err(Verdict::Invalid("no host in the URL".to_owned())),
        },
        Ok(url) if url.scheme() == "file" => match url.to_file_path() {
            Ok(path) => local_file(&path, list_dir, home),
            Err(()) => Err(Verdict::Invalid("not a local file URL".to_owned())),
        },
        Ok(url) if matches!(url.scheme(), "exec" | "filter") => {
            Err(Verdict::Refused(format!("`{}:` runs a command; commands are never imported", url.scheme())))
        }
        // `C:\feeds\x.xml` parses as scheme `c`.
        Ok(url) if cfg!(windows) && url.scheme().len() == 1 => local_file(Path::new(raw), list_dir, home),
        Ok(url) => Err(Verdict::Refused(format!(
            "unsupported scheme `{}:` (only http, https or a local file)",
            sanitize::line(url.scheme())
        ))),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let path = match (raw.strip_prefix("~/"), home) {
                (Some(rest), Some(home)) => home.join(rest),
                _ => list_dir.join(raw),
            };
            local_file(&path, list_dir, home)
        }
        Err(e) => Err(Verdict::Invalid(format!("not a URL: {e}"))),
    }
}

fn local_file(path: &Path, list_dir: &Path, home: Option<&Path>) -> Result<String, Verdict> {
    // The real path: a symlink in the home directory may point anywhere.
    let real = std::fs::canonicalize(path).map_err(|_| Verdict::Invalid("no such local file".to_owned()))?;
    let inside = |dir: &Path| std::fs::canonicalize(dir).is_ok_and(|d| real.starts_with(d));
    if !home.is_some_and(inside) && !inside(list_dir) {
        return Err(Verdict::Refused("a local file outside your home directory".to_owned()));
    }
    if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) {
        return Err(Verdict::Refused("not a plain file".to_owned()));
    }
    Ok(real.display().to_string())
}

fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
}
