//! Checks that need more than types: ranges, URL schemes, duplicates.
//! Runs on a spanned mirror of the config so every problem has a position.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{line_col, resolve_feed_url};

/// Upper bound of `refresh_interval`: one week, in minutes.
pub const MAX_REFRESH_INTERVAL: u64 = 7 * 24 * 60;
/// Upper bound of `max_concurrent_fetches`.
pub const MAX_CONCURRENT_FETCHES: usize = 64;
/// Upper bound of `keep_days`: a century.
const MAX_KEEP_DAYS: u32 = 36_500;
/// Upper bound of `request_timeout`, in seconds.
pub const MAX_REQUEST_TIMEOUT: u64 = 600;
/// Bounds of `text_width`, in columns.
pub const TEXT_WIDTHS: std::ops::RangeInclusive<u16> = 20..=500;

/// One validation problem at a byte offset of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
}

/// The same shape as `Config`, with positions. Unknown keys were already
/// rejected by `Config` itself, so this mirror only lists what it checks.
#[derive(Deserialize)]
struct Spans {
    refresh_interval: Option<Spanned<u64>>,
    max_concurrent_fetches: Option<Spanned<usize>>,
    request_timeout: Option<Spanned<u64>>,
    browser: Option<Spanned<String>>,
    keep_days: Option<Spanned<u32>>,
    player: Option<Spanned<String>>,
    text_width: Option<Spanned<u16>>,
    #[serde(default)]
    feeds: Vec<FeedSpans>,
}

#[derive(Deserialize)]
struct FeedSpans {
    url: Spanned<String>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
}

/// All problems of the document, in document order (empty when valid).
pub fn check(text: &str, base_dir: &Path, home: Option<&Path>) -> Result<Vec<Problem>, toml::de::Error> {
    let spans: Spans = toml::from_str(text)?;
    let mut problems = Vec::new();
    check_settings(&spans, &mut problems);
    check_feeds(text, &spans.feeds, base_dir, home, &mut problems);
    problems.sort_by_key(|p| p.offset);
    Ok(problems)
}

fn check_settings(spans: &Spans, problems: &mut Vec<Problem>) {
    if let Some(v) = &spans.refresh_interval
        && *v.get_ref() > MAX_REFRESH_INTERVAL
    {
        problems.push(problem(
            v,
            format!(
                "refresh_interval must be at most {MAX_REFRESH_INTERVAL} minutes (7 days; 0 turns it off), got {}",
                v.get_ref()
            ),
        ));
    }
    if let Some(v) = &spans.max_concurrent_fetches
        && !(1..=MAX_CONCURRENT_FETCHES).contains(v.get_ref())
    {
        problems.push(problem(
            v,
            format!("max_concurrent_fetches must be between 1 and {MAX_CONCURRENT_FETCHES}, got {}", v.get_ref()),
        ));
    }
    if let Some(v) = &spans.request_timeout
        && !(1..=MAX_REQUEST_TIMEOUT).contains(v.get_ref())
    {
        problems.push(problem(
            v,
            format!("request_timeout must be between 1 and {MAX_REQUEST_TIMEOUT} seconds, got {}", v.get_ref()),
        ));
    }
    if let Some(v) = &spans.keep_days
        && *v.get_ref() > MAX_KEEP_DAYS
    {
        problems.push(problem(
            v,
            format!("keep_days must be at most {MAX_KEEP_DAYS} (0 keeps items forever), got {}", v.get_ref()),
        ));
    }
    if let Some(v) = &spans.browser
        && v.get_ref().trim().is_empty()
    {
        problems.push(problem(v, "browser is empty (remove the key to use the system opener)".to_owned()));
    }
    if let Some(v) = &spans.player
        && v.get_ref().trim().is_empty()
    {
        problems.push(problem(v, "player is empty (remove the key to use the link opener)".to_owned()));
    }
    if let Some(v) = &spans.text_width
        && !TEXT_WIDTHS.contains(v.get_ref())
    {
        let (min, max) = (TEXT_WIDTHS.start(), TEXT_WIDTHS.end());
        problems.push(problem(v, format!("text_width must be between {min} and {max} columns, got {}", v.get_ref())));
    }
}

fn check_feeds(text: &str, feeds: &[FeedSpans], base_dir: &Path, home: Option<&Path>, problems: &mut Vec<Problem>) {
    // Resolved URL -> where it was first seen, to report duplicates.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for feed in feeds {
        match resolve_feed_url(feed.url.get_ref(), base_dir, home) {
            Err(message) => problems.push(problem(&feed.url, message)),
            Ok(url) => {
                // Compare parsed forms so `HTTPS://Host/x` and `https://host/x` collide.
                let key = super::feed_key(&url);
                if let Some(first) = seen.get(&key) {
                    let (line, _) = line_col(text, *first);
                    let message = format!("duplicate feed url \"{url}\" (first listed on line {line})");
                    problems.push(problem(&feed.url, message));
                } else {
                    seen.insert(key, feed.url.span().start);
                }
            }
        }
        for tag in &feed.tags {
            if tag.get_ref().trim().is_empty() {
                problems.push(problem(tag, "empty tag".to_owned()));
            }
        }
    }
}

fn problem<T>(at: &Spanned<T>, message: String) -> Problem {
    Problem { offset: at.span().start, message }
}
