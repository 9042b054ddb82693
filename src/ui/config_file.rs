//! The config file while the UI runs: noticing that it changed (a stat per
//! second: it follows symlinks and editors that replace the file, and costs
//! nothing when idle), reloading it, and the edits `a` and `d` ask for.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::config::edit::{self, EditError};
use crate::config::{Config, ConfigError, FeedConfig, feed_key};

/// What identifies a version of the file cheaply.
type Stamp = Option<(SystemTime, u64)>;

pub struct ConfigFile {
    path: PathBuf,
    stamp: Stamp,
}

impl ConfigFile {
    /// The file at `path`, as loaded just now.
    pub fn new(path: &Path) -> ConfigFile {
        ConfigFile { path: path.to_path_buf(), stamp: stamp(path) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True once after each change of the file by someone else.
    pub fn changed(&mut self) -> bool {
        let now = stamp(&self.path);
        if now == self.stamp {
            return false;
        }
        self.stamp = now;
        true
    }

    pub fn load(&mut self) -> Result<Config, ConfigError> {
        self.stamp = stamp(&self.path);
        Config::load(&self.path)
    }

    /// Subscribes to `url`; false (and nothing written) when it already is.
    pub fn add_feed(&mut self, url: &str) -> Result<(bool, Config), EditError> {
        let path = self.path.clone();
        let result = edit::update(&path, |config, text| {
            if config.has_feed(&path, url) {
                return Ok((None, false));
            }
            let feed = FeedConfig {
                url: url.to_owned(),
                title: None,
                tags: Vec::new(),
                full_text: false,
                ..FeedConfig::default()
            };
            Ok((Some(edit::add_feeds(text, &[feed], &path)?), true))
        });
        self.stamp = stamp(&self.path);
        result
    }

    /// Removes the entries whose resolved URL is `url`; how many went.
    pub fn remove_feed(&mut self, url: &str) -> Result<(usize, Config), EditError> {
        let path = self.path.clone();
        let key = feed_key(url);
        let result = edit::update(&path, |config, text| {
            let raw: Vec<String> = config
                .feeds
                .iter()
                .zip(config.sources(&path))
                .filter(|(_, source)| feed_key(&source.url) == key)
                .map(|(feed, _)| feed.identity())
                .collect();
            if raw.is_empty() {
                return Ok((None, 0));
            }
            let (text, removed) = edit::remove_feeds(text, &path, |u| raw.iter().any(|r| r == u))?;
            Ok((Some(text), removed))
        });
        self.stamp = stamp(&self.path);
        result
    }
}

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}
