//! Checks that need more than types: ranges, URL schemes, duplicates.
//! Runs on a spanned mirror of the config so every problem has a position.

use std::collections::HashMap;
use std::path::Path;

use reqwest::header::{HeaderName, HeaderValue};
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use super::{line_col, resolve_feed_url};

mod accounts;
mod actions;
mod commands;
mod reader;
mod rules;

/// Upper bound of `refresh_interval`: one week, in minutes.
pub(super) const MAX_REFRESH_INTERVAL: u64 = 7 * 24 * 60;
/// Upper bound of `max_concurrent_fetches`.
pub(super) const MAX_CONCURRENT_FETCHES: usize = 64;
/// Upper bound of `keep_days`: a century.
const MAX_KEEP_DAYS: u32 = 36_500;
/// Upper bound of `request_timeout`, `connect_timeout` and `stall_timeout`, in seconds.
pub(super) const MAX_REQUEST_TIMEOUT: u64 = 600;
/// Bounds of `text_width`, in columns.
pub(super) const TEXT_WIDTHS: std::ops::RangeInclusive<u16> = 20..=500;
/// Upper bound of `max_body_size`, in MiB.
pub(super) const MAX_BODY_SIZE: usize = 1024;
/// Upper bound of `max_redirects`.
pub(super) const MAX_REDIRECTS: usize = 20;

/// One validation problem at a byte offset of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub offset: usize,
    pub message: String,
}

/// The same shape as `Config`, with positions. Unknown keys were already
/// rejected by `Config` itself, so this mirror only lists what it checks.
#[derive(Deserialize)]
struct Spans {
    refresh_interval: Option<Spanned<u64>>,
    max_concurrent_fetches: Option<Spanned<usize>>,
    max_fetches_per_host: Option<Spanned<usize>>,
    request_timeout: Option<Spanned<u64>>,
    connect_timeout: Option<Spanned<u64>>,
    stall_timeout: Option<Spanned<u64>>,
    max_body_size: Option<Spanned<usize>>,
    max_redirects: Option<Spanned<usize>>,
    user_agent: Option<Spanned<String>>,
    proxy: Option<Spanned<String>>,
    browser: Option<Spanned<String>>,
    keep_days: Option<Spanned<u32>>,
    player: Option<Spanned<String>>,
    text_width: Option<Spanned<u16>>,
    #[serde(default)]
    feeds: Vec<Spanned<FeedSpans>>,
}

#[derive(Deserialize)]
struct FeedSpans {
    url: Option<Spanned<String>>,
    command: Option<Spanned<Vec<Spanned<String>>>>,
    filter: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    refresh_interval: Option<Spanned<u64>>,
    #[serde(default)]
    headers: std::collections::BTreeMap<Spanned<String>, Spanned<String>>,
}

/// The document as parsed once: each check reads its own mirror of it.
pub(super) type Doc<'i> = Spanned<DeTable<'i>>;

/// All problems of the document `doc` parsed from `text`, in document order (empty when valid).
pub(super) fn check(
    text: &str,
    doc: &Doc<'_>,
    base_dir: &Path,
    home: Option<&Path>,
) -> Result<Vec<Problem>, toml::de::Error> {
    let spans: Spans = mirror(doc, true)?;
    let mut problems = Vec::new();
    check_settings(&spans, &mut problems);
    check_feeds(text, &spans.feeds, base_dir, home, &mut problems);
    reader::check(text, doc, &mut problems)?;
    actions::check(doc, &mut problems)?;
    rules::check(text, doc, base_dir, home, &mut problems)?;
    accounts::check(text, doc, &mut problems)?;
    problems.sort_by_key(|p| p.offset);
    Ok(problems)
}

/// `T` read from the parsed document; without its `[[feeds]]` (thousands of
/// tables in a large config) unless `feeds`, for the checks that read none.
pub(super) fn mirror<'i, T: Deserialize<'i>>(doc: &Doc<'i>, feeds: bool) -> Result<T, toml::de::Error> {
    let table: DeTable<'i> = if feeds {
        doc.get_ref().clone()
    } else {
        doc.get_ref().iter().filter(|(key, _)| key.get_ref() != "feeds").map(|(k, v)| (k.clone(), v.clone())).collect()
    };
    T::deserialize(toml::de::Deserializer::from(Spanned::new(doc.span(), table)))
}

/// A count setting, its key, its bounds and its unit.
type Range<'a> = (&'a Option<Spanned<usize>>, &'a str, usize, usize, &'a str);

fn check_settings(spans: &Spans, problems: &mut Vec<Problem>) {
    if let Some(v) = &spans.refresh_interval {
        check_interval(v, "refresh_interval", problems);
    }
    let ranges: [Range<'_>; 4] = [
        (&spans.max_concurrent_fetches, "max_concurrent_fetches", 1, MAX_CONCURRENT_FETCHES, ""),
        (&spans.max_fetches_per_host, "max_fetches_per_host", 1, MAX_CONCURRENT_FETCHES, ""),
        (&spans.max_body_size, "max_body_size", 1, MAX_BODY_SIZE, " MiB"),
        (&spans.max_redirects, "max_redirects", 0, MAX_REDIRECTS, ""),
    ];
    for (value, key, low, high, unit) in ranges {
        if let Some(v) = value
            && !(low..=high).contains(v.get_ref())
        {
            problems.push(problem(v, format!("{key} must be between {low} and {high}{unit}, got {}", v.get_ref())));
        }
    }
    for (value, key) in [
        (&spans.request_timeout, "request_timeout"),
        (&spans.connect_timeout, "connect_timeout"),
        (&spans.stall_timeout, "stall_timeout"),
    ] {
        if let Some(v) = value
            && !(1..=MAX_REQUEST_TIMEOUT).contains(v.get_ref())
        {
            problems.push(problem(
                v,
                format!("{key} must be between 1 and {MAX_REQUEST_TIMEOUT} seconds, got {}", v.get_ref()),
            ));
        }
    }
    check_programs_and_text(spans, problems);
}

/// Retention, the programs run, the text column, the HTTP identity and proxy.
fn check_programs_and_text(spans: &Spans, problems: &mut Vec<Problem>) {
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
    if let Some(v) = &spans.user_agent
        && (v.get_ref().trim().is_empty() || HeaderValue::from_str(v.get_ref()).is_err())
    {
        problems.push(problem(v, format!("user_agent must be one line of visible text, got {:?}", v.get_ref())));
    }
    if let Some(v) = &spans.proxy {
        let ok = url::Url::parse(v.get_ref()).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
        if !ok {
            problems.push(problem(v, format!("proxy must be an http:// or https:// URL, got \"{}\"", v.get_ref())));
        }
    }
}

fn check_interval(v: &Spanned<u64>, key: &str, problems: &mut Vec<Problem>) {
    if *v.get_ref() > MAX_REFRESH_INTERVAL {
        problems.push(problem(
            v,
            format!(
                "{key} must be at most {MAX_REFRESH_INTERVAL} minutes (7 days; 0 turns it off), got {}",
                v.get_ref()
            ),
        ));
    }
}

fn check_headers(headers: &std::collections::BTreeMap<Spanned<String>, Spanned<String>>, problems: &mut Vec<Problem>) {
    for (name, value) in headers {
        if HeaderName::from_bytes(name.get_ref().as_bytes()).is_err() {
            problems.push(problem(name, format!("invalid header name \"{}\"", name.get_ref())));
        } else if HeaderValue::from_str(value.get_ref()).is_err() {
            problems.push(problem(value, format!("invalid value for header {} (one line of text)", name.get_ref())));
        }
    }
}

fn check_feeds(
    text: &str,
    feeds: &[Spanned<FeedSpans>],
    base_dir: &Path,
    home: Option<&Path>,
    problems: &mut Vec<Problem>,
) {
    // Resolved URL (or command key) -> where it was first seen, to report duplicates.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for table in feeds {
        let feed = table.get_ref();
        match (&feed.url, &feed.command) {
            (Some(url), None) => check_url(text, url, base_dir, home, &mut seen, problems),
            (None, Some(argv)) => commands::check_source(text, argv, &feed.headers, &mut seen, problems),
            (Some(_), Some(argv)) => problems.push(problem(
                argv,
                "a feed has either a url or a command, not both (the command's output is the feed)".to_owned(),
            )),
            (None, None) => problems.push(problem(
                table,
                "a feed needs a url, or a command whose output is the feed (command = [\"program\", \"arg\"])"
                    .to_owned(),
            )),
        }
        if let Some(argv) = &feed.filter {
            commands::check_argv("filter", argv, problems);
        }
        if let Some(v) = &feed.refresh_interval {
            check_interval(v, "refresh_interval", problems);
        }
        check_headers(&feed.headers, problems);
        for tag in &feed.tags {
            if tag.get_ref().trim().is_empty() {
                problems.push(problem(tag, "empty tag".to_owned()));
            }
        }
    }
}

fn check_url(
    text: &str,
    url: &Spanned<String>,
    base_dir: &Path,
    home: Option<&Path>,
    seen: &mut HashMap<String, usize>,
    problems: &mut Vec<Problem>,
) {
    match resolve_feed_url(url.get_ref(), base_dir, home) {
        Err(message) => problems.push(problem(url, message)),
        Ok(resolved) => {
            // Compare parsed forms so `HTTPS://Host/x` and `https://host/x` collide.
            let key = super::feed_key(&resolved);
            if let Some(first) = seen.get(&key) {
                let (line, _) = line_col(text, *first);
                let message = format!("duplicate feed url \"{resolved}\" (first listed on line {line})");
                problems.push(problem(url, message));
            } else {
                seen.insert(key, url.span().start);
            }
        }
    }
}

fn problem<T>(at: &Spanned<T>, message: String) -> Problem {
    Problem { offset: at.span().start, message }
}
