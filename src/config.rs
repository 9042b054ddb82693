//! The TOML config: loading, validation and error messages with file:line:col.

mod accounts;
pub mod actions;
pub mod edit;
mod error;
mod rules;
mod settings;
pub mod theme;
mod validate;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use url::Url;

use crate::keymap::KeyList;
use crate::model::{FeedSource, SavedView, Sort};
pub use accounts::{AccountConfig, AccountKind, DEFAULT_SYNC_INTERVAL, PasswordSource, is_loopback};
pub use actions::{PipeFormat, SaveFormat};
use error::{line_col, toml_error};
pub use rules::{HighlightConfig, RuleConfig};
pub use settings::{FeedSort, LayoutConfig, TextAlign, TextColumn, ViewConfig};
pub use theme::{Theme, ThemeConfig};

/// A config problem, displayed as `<path>:<line>:<col>: <message>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

/// The whole config file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Minutes between automatic refreshes; 0 disables them.
    pub refresh_interval: u64,
    /// Refresh every feed when the TUI starts.
    pub refresh_on_start: bool,
    /// How many feeds are fetched at once.
    pub max_concurrent_fetches: usize,
    /// How many feeds of one host are fetched at once.
    pub max_fetches_per_host: usize,
    /// Seconds one request may take in all, redirects included.
    pub request_timeout: u64,
    /// Seconds to wait for a connection.
    pub connect_timeout: u64,
    /// Seconds without a byte from the server before giving up.
    pub stall_timeout: u64,
    /// Largest feed accepted, in MiB, after decompression.
    pub max_body_size: usize,
    /// Redirects followed per request.
    pub max_redirects: usize,
    /// Let `Cache-Control`, `Expires`, RSS `ttl` and `sy:updatePeriod` lengthen refresh intervals.
    pub use_server_intervals: bool,
    /// User-Agent header; the default names tidings and its repository.
    pub user_agent: Option<String>,
    /// Proxy URL for every request; unset uses HTTP_PROXY/HTTPS_PROXY/NO_PROXY.
    pub proxy: Option<String>,
    /// Program that opens links (`xdg-open` / `open` when unset).
    pub browser: Option<String>,
    /// Days read items are kept; 0 keeps them forever.
    pub keep_days: u32,
    /// Items kept per feed, newest first; 0 means no limit.
    pub max_items_per_feed: u32,
    /// Retention never removes unread items unless this is false.
    pub keep_unread: bool,
    /// Program that plays enclosures (the link opener when unset).
    pub player: Option<String>,
    /// Longest line of article text, in columns.
    pub text_width: u16,
    /// Where the article text sits in a wider pane.
    pub text_align: TextAlign,
    /// Order of headlines (the `S` key switches it).
    pub sort: Sort,
    /// Order of the feed list (the `F` key switches it).
    pub feed_sort: FeedSort,
    /// Clicks and the wheel; off leaves the mouse to the terminal (text selection).
    pub mouse: bool,
    /// Argument vector run after a background refresh that found new items.
    pub notify_command: Option<Vec<String>>,
    /// How many new titles `notify_command` is given at most.
    pub notify_max_titles: usize,
    /// Argument vector `|` proposes (edited or replaced at the prompt).
    pub pipe_command: Option<Vec<String>>,
    /// What `|` writes to the command: the text, the HTML or the link.
    pub pipe_format: PipeFormat,
    /// After a piped command, wait for a key so its output can be read.
    pub pipe_wait: bool,
    /// Directory `w` proposes; unset: the download directory, else home.
    pub save_dir: Option<String>,
    /// How `w` writes when the file name has no `.md` or `.txt`.
    pub save_format: SaveFormat,
    /// Argument vector run by `b` with `{url}`, `{title}` and `{feed}` replaced.
    pub bookmark_command: Option<Vec<String>>,
    /// `O` asks before opening more items than this in the browser.
    pub max_browser_tabs: usize,
    pub layout: LayoutConfig,
    /// Saved queries, listed under the built-in views.
    pub views: Vec<ViewConfig>,
    /// Action name → keys, replacing that action's default keys.
    pub keys: BTreeMap<String, KeyList>,
    pub theme: ThemeConfig,
    pub feeds: Vec<FeedConfig>,
    /// Rules applied to new items as they arrive, in order.
    pub rules: Vec<RuleConfig>,
    /// Headline colours by query; the first that matches wins.
    pub highlight: Vec<HighlightConfig>,
    /// Feed servers to sync with (`[[accounts]]`).
    pub accounts: Vec<AccountConfig>,
}

/// One `[[feeds]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// Where the feed is; empty for a command source.
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Fetch each new item's web page and show its main content.
    #[serde(default)]
    pub full_text: bool,
    /// Minutes between automatic refreshes of this feed; 0 never; unset: the global one.
    #[serde(default)]
    pub refresh_interval: Option<u64>,
    /// Extra request headers, e.g. `Authorization`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A command source: this argument vector is run and its output is the feed (instead of `url`).
    #[serde(default)]
    pub command: Option<Vec<String>>,
    /// An argument vector the fetched bytes are piped through before they are read.
    #[serde(default)]
    pub filter: Option<Vec<String>>,
}

impl FeedConfig {
    /// What names this entry in the file: the key of its command, or its `url` as written.
    pub fn identity(&self) -> String {
        match &self.command {
            Some(argv) => crate::model::command_key(argv),
            None => self.url.clone(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            refresh_interval: 30,
            refresh_on_start: true,
            max_concurrent_fetches: 16,
            max_fetches_per_host: 2,
            request_timeout: 30,
            connect_timeout: 10,
            stall_timeout: 15,
            max_body_size: 20,
            max_redirects: 5,
            use_server_intervals: true,
            user_agent: None,
            proxy: None,
            browser: None,
            keep_days: 0,
            max_items_per_feed: 0,
            keep_unread: true,
            player: None,
            text_width: TextColumn::default().text_width,
            text_align: TextColumn::default().align,
            sort: Sort::Newest,
            feed_sort: FeedSort::Config,
            mouse: true,
            notify_command: None,
            notify_max_titles: 5,
            pipe_command: None,
            pipe_format: PipeFormat::Text,
            pipe_wait: true,
            save_dir: None,
            save_format: SaveFormat::Markdown,
            bookmark_command: None,
            max_browser_tabs: 10,
            layout: LayoutConfig::default(),
            views: Vec::new(),
            keys: BTreeMap::new(),
            theme: ThemeConfig::default(),
            feeds: Vec::new(),
            rules: Vec::new(),
            highlight: Vec::new(),
            accounts: Vec::new(),
        }
    }
}

impl Config {
    /// The retention policy the settings describe (starred items are always kept).
    pub fn retention(&self) -> crate::model::Retention {
        crate::model::Retention {
            keep_days: self.keep_days,
            max_items_per_feed: self.max_items_per_feed,
            keep_unread: self.keep_unread,
        }
    }

    /// Reads, parses and validates the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let bytes =
            std::fs::read(path).map_err(|e| ConfigError::new(path, 1, 1, format!("cannot read the config: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            // The prefix up to the bad byte is valid UTF-8 by definition.
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, column) = line_col(&prefix, valid);
            ConfigError::new(path, line, column, "the file is not valid UTF-8".to_owned())
        })?;
        Config::parse(&text, path)
    }

    /// Parses and validates `text` as if read from `path` (for messages and
    /// for resolving relative feed paths).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        // Parsed once: the config and each validation read the same document.
        let doc = toml::de::DeTable::parse(text).map_err(|e| toml_error(text, path, &e))?;
        let config: Config = validate::mirror(&doc, true).map_err(|e| toml_error(text, path, &e))?;
        let problems = validate::check(text, &doc, &base_dir(path), home_dir().as_deref())
            .map_err(|e| toml_error(text, path, &e))?;
        match problems.split_first() {
            None => Ok(config),
            Some((first, rest)) => {
                let (line, column) = line_col(text, first.offset);
                // Later problems carry their own position inside the one-line message.
                let mut message = first.message.clone();
                for p in rest {
                    let (l, c) = line_col(text, p.offset);
                    message.push_str(&format!("; {l}:{c}: {}", p.message));
                }
                Err(ConfigError::new(path, line, column, message))
            }
        }
    }

    /// The feeds with their URLs made absolute: a relative path or `file://`
    /// URL is resolved against the directory of `config_path`.
    ///
    /// `http(s)://` and `file://` URLs are kept as written (trimmed); a path
    /// (absolute, `~/...` or relative to the config's directory) becomes a
    /// `file://` URL. A URL that cannot be resolved (only possible when the
    /// config skipped validation) is passed on trimmed, so its fetch fails
    /// visibly instead of the feed vanishing.
    pub fn sources(&self, config_path: &Path) -> Vec<FeedSource> {
        let base = base_dir(config_path);
        let home = home_dir();
        let program = |argv: &Vec<String>| resolve_program(argv, &base, home.as_deref());
        self.feeds
            .iter()
            .map(|feed| FeedSource {
                url: match &feed.command {
                    Some(argv) => crate::model::command_key(argv),
                    None => resolve_feed_url(&feed.url, &base, home.as_deref())
                        .unwrap_or_else(|_| feed.url.trim().to_owned()),
                },
                title: feed.title.clone(),
                tags: feed.tags.clone(),
                full_text: feed.full_text,
                refresh_interval: feed.refresh_interval,
                headers: feed.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                command: feed.command.as_ref().map(program),
                filter: feed.filter.as_ref().map(program),
            })
            .collect()
    }
}

impl Config {
    /// The `[[views]]` entries as views (validation has checked their queries).
    pub fn saved_views(&self) -> Vec<SavedView> {
        self.views.iter().filter_map(ViewConfig::saved_view).collect()
    }

    /// The reading settings the article pane uses.
    pub fn text_column(&self) -> TextColumn {
        TextColumn { text_width: self.text_width, align: self.text_align }
    }

    /// Whether a feed with this (resolved) URL is configured already; URLs
    /// are compared in their parsed form, as duplicate validation does.
    pub fn has_feed(&self, config_path: &Path, url: &str) -> bool {
        let key = feed_key(url);
        self.sources(config_path).iter().any(|s| feed_key(&s.url) == key)
    }
}

/// The form two feed URLs are compared in: `HTTPS://Host/x` equals `https://host/x`.
/// A command source's key is compared as it is.
pub fn feed_key(url: &str) -> String {
    if crate::model::is_command_key(url) {
        return url.to_owned();
    }
    Url::parse(url.trim()).map_or_else(|_| url.trim().to_owned(), String::from)
}

/// A command's argument vector with its program found as a path in the
/// config would be: `~/bin/x` in the home directory, `scripts/x` beside the
/// config file. A bare name (`my-scraper`) is looked up in `PATH` when run;
/// the arguments are passed as they are.
pub fn resolve_program(argv: &[String], base_dir: &Path, home: Option<&Path>) -> Vec<String> {
    let mut resolved = argv.to_vec();
    if let Some(program) = resolved.first_mut() {
        let path = match (program.strip_prefix("~/"), home) {
            (Some(rest), Some(home)) => Some(home.join(rest)),
            _ if program.contains('/') && Path::new(program.as_str()).is_relative() => {
                let joined = base_dir.join(program.as_str());
                Some(normalize(&std::path::absolute(&joined).unwrap_or(joined)))
            }
            _ => None,
        };
        if let Some(path) = path {
            *program = path.display().to_string();
        }
    }
    resolved
}

impl ConfigError {
    fn new(path: &Path, line: usize, column: usize, message: String) -> ConfigError {
        ConfigError { path: path.to_path_buf(), line, column, message }
    }
}

/// Resolves one `url` value of the config to an absolute URL, or says in one
/// line why it cannot. `home` expands a leading `~/`; `base_dir` anchors
/// relative paths (the directory of the config file).
pub fn resolve_feed_url(raw: &str, base_dir: &Path, home: Option<&Path>) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("feed url is empty".to_owned());
    }
    match Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https" | "file") => Ok(raw.to_owned()),
        // `C:\feeds\x.xml` parses as scheme `c`: it is a path.
        Ok(url) if cfg!(windows) && url.scheme().len() == 1 => path_to_url(raw, base_dir, home),
        Ok(url) => Err(format!(
            "unsupported URL scheme `{}` in \"{raw}\" (expected http, https, file or a path)",
            url.scheme()
        )),
        Err(url::ParseError::RelativeUrlWithoutBase) => path_to_url(raw, base_dir, home),
        Err(e) => Err(format!("invalid URL \"{raw}\": {e}")),
    }
}

fn path_to_url(raw: &str, base_dir: &Path, home: Option<&Path>) -> Result<String, String> {
    let expanded = if raw == "~" || raw.starts_with("~/") {
        let home = home.ok_or_else(|| format!("cannot expand \"{raw}\": no home directory"))?;
        home.join(raw.trim_start_matches('~').trim_start_matches('/'))
    } else {
        PathBuf::from(raw)
    };
    let joined = base_dir.join(expanded);
    let absolute = std::path::absolute(&joined).map_err(|e| format!("cannot make \"{raw}\" an absolute path: {e}"))?;
    Url::from_file_path(normalize(&absolute))
        .map(String::from)
        .map_err(|()| format!("cannot turn \"{raw}\" into a file URL"))
}

/// Removes `.` and resolves `..` lexically, so the same file always gets the
/// same URL (duplicate detection and the store key depend on it).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn base_dir(config_path: &Path) -> PathBuf {
    config_path.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf())
}
