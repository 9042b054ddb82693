//! What the poller is given: its settings from the config, and the feeds it
//! may fetch with their own interval, headers and full-text choice.

use std::path::Path;
use std::time::Duration;

use crate::config::Config;
use crate::fetch::{FetchOptions, Proxies};
use crate::model::{FeedId, FeedSource, Retention};
use crate::store::{Store, StoreError};

/// Knobs from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollerSettings {
    pub max_concurrent_fetches: usize,
    pub max_fetches_per_host: usize,
    pub fetch: FetchOptions,
    /// Default interval of automatic refreshes; None: none (feeds may override).
    pub refresh_interval: Option<Duration>,
    /// Let server and feed hints lengthen intervals.
    pub use_server_intervals: bool,
    /// Queue every due feed as soon as the task starts.
    pub refresh_on_start: bool,
    /// Applied after each refresh.
    pub retention: Retention,
    /// Index stored items for search at start and after each refresh. A
    /// one-shot `tidings refresh` leaves it to the next long-lived run (or
    /// search), rather than make every cron run wait for it.
    pub index_search: bool,
}

impl Default for PollerSettings {
    fn default() -> Self {
        PollerSettings::from_config(&Config::default())
    }
}

impl PollerSettings {
    pub fn from_config(config: &Config) -> PollerSettings {
        PollerSettings {
            max_concurrent_fetches: config.max_concurrent_fetches,
            max_fetches_per_host: config.max_fetches_per_host,
            fetch: fetch_options(config),
            refresh_interval: minutes(config.refresh_interval),
            use_server_intervals: config.use_server_intervals,
            refresh_on_start: config.refresh_on_start,
            retention: config.retention(),
            index_search: true,
        }
    }
}

/// How feeds and pages are fetched, from the config (and the environment's proxies).
pub fn fetch_options(config: &Config) -> FetchOptions {
    let defaults = FetchOptions::default();
    FetchOptions {
        timeout: Duration::from_secs(config.request_timeout),
        connect_timeout: Duration::from_secs(config.connect_timeout),
        stall_timeout: Duration::from_secs(config.stall_timeout),
        max_body: config.max_body_size.saturating_mul(1024 * 1024),
        max_redirects: config.max_redirects,
        user_agent: config.user_agent.clone().unwrap_or(defaults.user_agent),
        proxies: Proxies::from_env(config.proxy.as_deref()),
    }
}

/// One feed as the poller sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollFeed {
    pub id: FeedId,
    /// The URL of the config (a remembered redirect is in the fetch state).
    pub url: String,
    /// Automatic refresh interval; None: never (set from the feed's or the global setting).
    pub interval: Option<Duration>,
    pub headers: Vec<(String, String)>,
    /// Fetch the full text of new items from their pages during refresh.
    pub full_text: bool,
    /// A command source's program and arguments: run instead of fetching `url`.
    pub command: Option<Vec<String>>,
    /// A program the fetched bytes go through before they are read.
    pub filter: Option<Vec<String>>,
}

/// The configured feeds the poller may fetch.
pub type FeedList = Vec<PollFeed>;

/// The config's feeds, made the store's feed list (new ones added, order and
/// titles updated), as the poller fetches them; `default` is the interval of
/// feeds without their own.
pub fn configured_feeds(
    store: &mut Store,
    config: &Config,
    config_path: &Path,
    default: Option<Duration>,
) -> Result<FeedList, StoreError> {
    let sources = config.sources(config_path);
    let ids = store.sync_feeds(&sources)?;
    Ok(feed_list(&ids, &sources, default))
}

/// Pairs store ids with their sources; a feed's own `refresh_interval` wins over `default`.
pub fn feed_list(ids: &[FeedId], sources: &[FeedSource], default: Option<Duration>) -> FeedList {
    ids.iter()
        .zip(sources)
        .map(|(id, source)| PollFeed {
            id: *id,
            url: source.url.clone(),
            interval: source.refresh_interval.map_or(default, minutes),
            headers: source.headers.clone(),
            full_text: source.full_text,
            command: source.command.clone(),
            filter: source.filter.clone(),
        })
        .collect()
}

/// A setting in minutes as an interval; 0 is none.
pub fn minutes(m: u64) -> Option<Duration> {
    (m > 0).then(|| Duration::from_secs(m * 60))
}
