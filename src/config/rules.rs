//! `[[rules]]` (act on items as they arrive) and `[[highlight]]` (colour the
//! headlines a query matches). Parsed here; checked with positions in
//! `validate::rules`.

use std::path::Path;

use serde::Deserialize;

use super::theme::Style;
use super::{Config, base_dir, feed_key, home_dir, resolve_feed_url};
use crate::model::{Rule, RuleAction};
use crate::query::Filter;

/// One `[[rules]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    pub query: String,
    /// `read`, `star` or `hide` (or `tag`, with `tag = "NAME"`).
    #[serde(default)]
    pub action: Option<String>,
    /// Gives matching items this tag.
    #[serde(default)]
    pub tag: Option<String>,
    /// Only items of these feeds (their `url` as written in `[[feeds]]`).
    #[serde(default)]
    pub feeds: Vec<String>,
    /// Only items of feeds with one of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl RuleConfig {
    /// What the rule does; None when the entry is invalid (validation says why).
    pub fn action(&self) -> Option<RuleAction> {
        let tag = self.tag.as_deref().map(str::trim).filter(|t| !t.is_empty());
        match (self.action.as_deref().map(str::trim), tag) {
            (Some("read"), None) => Some(RuleAction::Read),
            (Some("star"), None) => Some(RuleAction::Star),
            (Some("hide"), None) => Some(RuleAction::Hide),
            (Some("tag") | None, Some(tag)) => Some(RuleAction::Tag(tag.to_owned())),
            _ => None,
        }
    }
}

/// One `[[highlight]]` entry: headlines the query matches take the style.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightConfig {
    pub query: String,
    pub style: Style,
}

impl Config {
    /// The rules in config order, feed URLs resolved as `[[feeds]]` are
    /// (validation has checked each entry; an invalid one is left out).
    pub fn rules_for(&self, config_path: &Path) -> Vec<Rule> {
        let base = base_dir(config_path);
        let home = home_dir();
        self.rules
            .iter()
            .filter_map(|r| {
                let filter = crate::query::parse(&r.query).ok()?;
                let feeds = r
                    .feeds
                    .iter()
                    .map(|url| {
                        let wanted = feed_key(&resolve_feed_url(url, &base, home.as_deref()).unwrap_or_default());
                        // The URL as the feed list stores it (the config's spelling).
                        self.sources(config_path)
                            .into_iter()
                            .map(|s| s.url)
                            .find(|u| feed_key(u) == wanted)
                            .unwrap_or_else(|| url.trim().to_owned())
                    })
                    .collect();
                Some(Rule {
                    query: r.query.trim().to_owned(),
                    filter,
                    action: r.action()?,
                    feeds,
                    tags: r.tags.clone(),
                })
            })
            .collect()
    }

    /// The highlight queries in config order.
    pub fn highlight_filters(&self) -> Vec<Filter> {
        self.highlight.iter().map(|h| crate::query::parse(&h.query).unwrap_or_default()).collect()
    }

    /// The highlight styles in config order (colours dropped under `NO_COLOR`).
    pub fn highlight_styles(&self, no_color: bool) -> Vec<ratatui::style::Style> {
        self.highlight.iter().map(|h| h.style.to_style(no_color)).collect()
    }
}
