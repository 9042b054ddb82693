//! Checks of `[[rules]]` and `[[highlight]]`: queries (a bad regular
//! expression included) at the character that is wrong, actions, the feeds
//! and tags a rule is scoped to.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::reader::string_offset;
use super::{Doc, Problem, mirror, problem};
use crate::config::{feed_key, resolve_feed_url};

#[derive(Deserialize)]
struct Spans {
    #[serde(default)]
    rules: Vec<RuleSpans>,
    #[serde(default)]
    highlight: Vec<HighlightSpans>,
    #[serde(default)]
    feeds: Vec<FeedSpans>,
    /// Only whether there are any: their feeds and folders come from the servers.
    #[serde(default)]
    accounts: Vec<toml::Value>,
}

#[derive(Deserialize)]
struct RuleSpans {
    query: Spanned<String>,
    action: Option<Spanned<String>>,
    tag: Option<Spanned<String>>,
    #[serde(default)]
    feeds: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
struct HighlightSpans {
    query: Spanned<String>,
}

#[derive(Deserialize)]
struct FeedSpans {
    /// Empty for a command source (it has `command` instead).
    #[serde(default)]
    url: String,
    #[serde(default)]
    tags: Vec<String>,
}

pub(super) fn check(
    text: &str,
    doc: &Doc<'_>,
    base_dir: &Path,
    home: Option<&Path>,
    problems: &mut Vec<Problem>,
) -> Result<(), toml::de::Error> {
    // The feeds are read (and their URLs resolved) only for rules to name.
    let spans: Spans = mirror(doc, doc.get_ref().contains_key("rules"))?;
    let resolve = |url: &str| resolve_feed_url(url, base_dir, home).map(|u| feed_key(&u));
    let feeds: Vec<String> =
        spans.feeds.iter().filter(|f| !f.url.is_empty()).filter_map(|f| resolve(&f.url).ok()).collect();
    let has_tag = |tag: &str| spans.feeds.iter().flat_map(|f| &f.tags).any(|t| t.eq_ignore_ascii_case(tag.trim()));
    // An account's subscriptions and folders are known only once it synced:
    // a rule may name them.
    let synced = !spans.accounts.is_empty();
    for rule in &spans.rules {
        check_query(text, &rule.query, "rules", problems);
        check_action(rule, problems);
        for url in &rule.feeds {
            match resolve(url.get_ref()) {
                Err(message) => problems.push(problem(url, message)),
                Ok(key) if !synced && !feeds.contains(&key) => {
                    problems.push(problem(url, format!("rules: \"{}\" is not a feed of this config", url.get_ref())));
                }
                Ok(_) => {}
            }
        }
        for tag in &rule.tags {
            if !synced && !has_tag(tag.get_ref()) {
                problems.push(problem(tag, format!("rules: no feed has the tag \"{}\"", tag.get_ref())));
            }
        }
    }
    for highlight in &spans.highlight {
        check_query(text, &highlight.query, "highlight", problems);
    }
    Ok(())
}

/// The query parses; a mistake is reported at its character in the file.
fn check_query(text: &str, query: &Spanned<String>, section: &str, problems: &mut Vec<Problem>) {
    if query.get_ref().trim().is_empty() {
        problems.push(problem(query, format!("{section}: the query is empty (it would match every item)")));
    } else if let Err(e) = crate::query::parse(query.get_ref()) {
        let offset = string_offset(text, query.span().start, query.get_ref(), e.offset);
        problems.push(Problem { offset, message: format!("{section}: query: {}", e.message) });
    }
}

fn check_action(rule: &RuleSpans, problems: &mut Vec<Problem>) {
    let tag = rule.tag.as_ref();
    if let Some(tag) = tag.filter(|t| t.get_ref().trim().is_empty()) {
        problems.push(problem(tag, "rules: empty tag".into()));
    }
    match (&rule.action, tag) {
        (None, None) => problems.push(problem(
            &rule.query,
            "rules: the rule needs an action (action = \"read\", \"star\" or \"hide\", or tag = \"NAME\")".into(),
        )),
        (Some(action), tag) => match (action.get_ref().trim(), tag) {
            ("read" | "star" | "hide", None) | ("tag", Some(_)) => {}
            ("tag", None) => problems.push(problem(action, "rules: action = \"tag\" needs tag = \"NAME\"".into())),
            ("read" | "star" | "hide", Some(tag)) => problems.push(problem(
                tag,
                format!("rules: a rule does one thing: action = \"{}\" or tag = …, not both", action.get_ref().trim()),
            )),
            (other, _) => problems.push(problem(
                action,
                format!("rules: unknown action \"{other}\" (expected read, star, hide, or tag = \"NAME\")"),
            )),
        },
        (None, Some(_)) => {}
    }
}
