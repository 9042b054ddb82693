//! What `tidings refresh` prints: the same events, four ways (`Report`).
//! Text lists feeds in config order once the refresh is over; JSON gives
//! each feed as it finishes. Every text that came from a feed or a server
//! is sanitised, and URLs lose their passwords.

use std::collections::HashMap;
use std::io::Write;

use crate::fetch::redacted;
use crate::model::{FeedId, Progress};
use crate::poller::{FeedList, PollerEvent};
use crate::sanitize;
use crate::store::Store;

/// How a refresh is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Every feed as a line (`ok    Title: 2 new`), then a summary line.
    Lines,
    /// A terminal `width` columns wide: one progress line rewritten in place,
    /// then the feeds with new items, errors or notices (all with
    /// `verbose`) and a summary line.
    Live { verbose: bool, width: u16 },
    /// One JSON object per feed as it finishes, then a summary object.
    Json,
    /// Failures only, no summary: silent when all is well (cron).
    Quiet,
}

/// How one feed's refresh ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Stored { new_items: usize },
    Unchanged,
    Failed(String),
    Gone,
    Skipped(String),
}

impl Outcome {
    fn status(&self) -> &'static str {
        match self {
            Outcome::Stored { .. } => "ok",
            Outcome::Unchanged => "unchanged",
            Outcome::Failed(_) => "failed",
            Outcome::Gone => "gone",
            Outcome::Skipped(_) => "skipped",
        }
    }

    fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_) | Outcome::Gone)
    }
}

#[derive(Debug, Default)]
struct FeedResult {
    outcome: Option<Outcome>,
    moved_to: Option<String>,
}

/// One feed's JSON line, its keys in this order.
#[derive(serde::Serialize)]
struct FeedLine {
    #[serde(rename = "type")]
    kind: &'static str,
    id: FeedId,
    title: String,
    url: Option<String>,
    /// ok, unchanged, failed, gone or skipped.
    status: &'static str,
    new_items: usize,
    error: Option<String>,
    moved_to: Option<String>,
}

/// The last JSON line.
#[derive(serde::Serialize)]
struct SummaryLine {
    #[serde(rename = "type")]
    kind: &'static str,
    feeds: usize,
    ok: usize,
    failed: usize,
    skipped: usize,
    new_items: usize,
    removed_items: usize,
}

/// Follows one refresh and prints it.
pub(super) struct Reporter<'a> {
    report: Report,
    store: &'a Store,
    out: &'a mut dyn Write,
    /// The feeds in config order, with their URL (or command key).
    order: Vec<(FeedId, String)>,
    results: HashMap<FeedId, FeedResult>,
    progress: Progress,
    skipped: usize,
    pruned: usize,
}

impl<'a> Reporter<'a> {
    pub(super) fn new(report: Report, store: &'a Store, feeds: &FeedList, out: &'a mut dyn Write) -> Reporter<'a> {
        let order: Vec<(FeedId, String)> = feeds.iter().map(|f| (f.id, f.url.clone())).collect();
        let progress = Progress { total: order.len(), ..Progress::default() };
        Reporter { report, store, out, order, results: HashMap::new(), progress, skipped: 0, pruned: 0 }
    }

    pub(super) fn start(&mut self) -> std::io::Result<()> {
        self.draw_progress()
    }

    /// Whether every feed has its outcome.
    pub(super) fn all_done(&self) -> bool {
        self.progress.done >= self.progress.total
    }

    pub(super) fn event(&mut self, event: PollerEvent) -> std::io::Result<()> {
        let (feed, outcome) = match event {
            PollerEvent::FeedRedirected { feed, to } => {
                self.results.entry(feed).or_default().moved_to = Some(sanitize::line(&redacted(&to)));
                return Ok(());
            }
            PollerEvent::Pruned { items } => {
                self.pruned += items;
                return Ok(());
            }
            PollerEvent::FeedUpdated { feed, new_items } => (feed, Outcome::Stored { new_items }),
            PollerEvent::FeedUnchanged { feed } => (feed, Outcome::Unchanged),
            PollerEvent::FeedFailed { feed, error } => (feed, Outcome::Failed(error.to_string())),
            PollerEvent::FeedGone { feed } => (feed, Outcome::Gone),
            PollerEvent::FeedSkipped { feed, reason } => (feed, Outcome::Skipped(sanitize::line(&reason))),
            _ => return Ok(()),
        };
        self.finished(feed, outcome)
    }

    fn finished(&mut self, feed: FeedId, outcome: Outcome) -> std::io::Result<()> {
        self.progress.done += 1;
        match &outcome {
            Outcome::Stored { new_items } => self.progress.new_items += new_items,
            Outcome::Skipped(_) => self.skipped += 1,
            o if o.is_failure() => self.progress.failed += 1,
            _ => {}
        }
        self.results.entry(feed).or_default().outcome = Some(outcome);
        if self.report == Report::Json {
            let line = self.feed_json(feed);
            writeln!(self.out, "{line}")?;
            self.out.flush()?;
        }
        self.draw_progress()
    }

    /// The refresh broke off: leave the terminal on a clean line.
    pub(super) fn abandon(&mut self) {
        let _ = self.clear_progress();
    }

    /// Prints what is printed at the end; true when every feed succeeded.
    pub(super) fn finish(mut self) -> anyhow::Result<bool> {
        self.clear_progress()?;
        let all_ok = self.progress.failed == 0 && self.skipped == 0;
        if self.report == Report::Json {
            let summary = SummaryLine {
                kind: "summary",
                feeds: self.progress.total,
                ok: self.ok(),
                failed: self.progress.failed,
                skipped: self.skipped,
                new_items: self.progress.new_items,
                removed_items: self.pruned,
            };
            writeln!(self.out, "{}", serde_json::to_string(&summary)?)?;
            self.out.flush()?;
            return Ok(all_ok);
        }
        for (feed, _) in &self.order {
            for line in self.feed_lines(*feed) {
                writeln!(self.out, "{line}")?;
            }
        }
        if self.report != Report::Quiet {
            if self.pruned > 0 {
                writeln!(self.out, "retention removed {} old items", self.pruned)?;
            }
            writeln!(self.out, "{}", self.summary())?;
        }
        self.out.flush()?;
        Ok(all_ok)
    }

    fn ok(&self) -> usize {
        self.results.values().filter(|r| matches!(r.outcome, Some(Outcome::Stored { .. } | Outcome::Unchanged))).count()
    }

    fn summary(&self) -> String {
        let total = self.progress.total;
        let skipped = if self.skipped > 0 { format!(", {} skipped", self.skipped) } else { String::new() };
        format!(
            "refreshed {total} {}: {} ok, {} failed{skipped}, {} new {}",
            plural(total, "feed", "feeds"),
            self.ok(),
            self.progress.failed,
            self.progress.new_items,
            plural(self.progress.new_items, "item", "items"),
        )
    }

    /// The feed's lines as this report shows them (none when it is not listed).
    fn feed_lines(&self, feed: FeedId) -> Vec<String> {
        let Some(result) = self.results.get(&feed) else { return Vec::new() };
        let Some(outcome) = &result.outcome else { return Vec::new() };
        let listed = match self.report {
            Report::Lines | Report::Live { verbose: true, .. } => true,
            Report::Live { verbose: false, .. } => {
                result.moved_to.is_some() || !matches!(outcome, Outcome::Stored { new_items: 0 } | Outcome::Unchanged)
            }
            Report::Quiet => outcome.is_failure(),
            Report::Json => false,
        };
        if !listed {
            return Vec::new();
        }
        let title = self.title(feed);
        let mut lines = Vec::new();
        if let Some(to) = result.moved_to.as_ref().filter(|_| self.report != Report::Quiet) {
            lines.push(format!("moved {title}: permanently redirected to {to}; update the config"));
        }
        lines.push(match outcome {
            Outcome::Stored { new_items } => format!("ok    {title}: {new_items} new"),
            Outcome::Unchanged => format!("ok    {title}: unchanged"),
            Outcome::Failed(error) => format!("FAIL  {title}: {error}"),
            Outcome::Gone => format!("GONE  {title}: HTTP 410, no longer polled; remove it from the config"),
            Outcome::Skipped(reason) => format!("skip  {title}: {reason}"),
        });
        lines
    }

    fn feed_json(&self, feed: FeedId) -> String {
        let result = self.results.get(&feed);
        let outcome = result.and_then(|r| r.outcome.as_ref());
        let error = match outcome {
            Some(Outcome::Failed(error)) => Some(error.clone()),
            Some(Outcome::Gone) => Some("HTTP 410, no longer polled; remove it from the config".to_owned()),
            Some(Outcome::Skipped(reason)) => Some(reason.clone()),
            _ => None,
        };
        let line = FeedLine {
            kind: "feed",
            id: feed,
            title: self.title(feed),
            url: self.order.iter().find(|(id, _)| *id == feed).map(|(_, url)| sanitize::line(&redacted(url))),
            status: outcome.map_or("unknown", Outcome::status),
            new_items: match outcome {
                Some(Outcome::Stored { new_items }) => *new_items,
                _ => 0,
            },
            error,
            moved_to: result.and_then(|r| r.moved_to.clone()),
        };
        serde_json::to_string(&line).unwrap_or_default()
    }

    /// The feed's display title as stored after its refresh.
    fn title(&self, feed: FeedId) -> String {
        let stored = self.store.feed_title(feed).ok().flatten();
        sanitize::line(&stored.unwrap_or_else(|| format!("feed {feed}")))
    }

    fn draw_progress(&mut self) -> std::io::Result<()> {
        let Report::Live { width, .. } = self.report else { return Ok(()) };
        // One column short of the edge, so the terminal never wraps it.
        let line: String = self.progress.to_string().chars().take(usize::from(width).saturating_sub(1)).collect();
        write!(self.out, "\r\x1b[2K{line}")?;
        self.out.flush()
    }

    fn clear_progress(&mut self) -> std::io::Result<()> {
        if matches!(self.report, Report::Live { .. }) {
            write!(self.out, "\r\x1b[2K")?;
        }
        Ok(())
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
