//! The TOML config: loading, validation and error messages with file:line:col.
//! STUB: signatures are the contract; bodies are being written.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::FeedSource;

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
    /// Seconds one request may take in all.
    pub request_timeout: u64,
    /// Program that opens links (`xdg-open` / `open` when unset).
    pub browser: Option<String>,
    pub feeds: Vec<FeedConfig>,
}

/// One `[[feeds]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            refresh_interval: 30,
            refresh_on_start: true,
            max_concurrent_fetches: 8,
            request_timeout: 20,
            browser: None,
            feeds: Vec::new(),
        }
    }
}

impl Config {
    /// Reads, parses and validates the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let _ = path;
        todo!()
    }

    /// Parses and validates `text` as if read from `path` (for messages and
    /// for resolving relative feed paths).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let _ = (text, path);
        todo!()
    }

    /// The feeds with their URLs made absolute: a relative path or `file://`
    /// URL is resolved against the directory of `config_path`.
    pub fn sources(&self, config_path: &Path) -> Vec<FeedSource> {
        let _ = config_path;
        todo!()
    }
}
