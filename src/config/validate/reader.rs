//! Checks of the reader-workflow settings: saved views and their queries,
//! `[keys]` (names, key syntax, conflicts), `[layout]` ranges and the
//! notify command. Every problem carries the position of what caused it.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

use super::{Doc, Problem, mirror, problem};
use crate::keymap::{KeyList, Keymap};

#[derive(Deserialize)]
struct Spans {
    #[serde(default)]
    views: Vec<ViewSpans>,
    layout: Option<LayoutSpans>,
    notify_command: Option<Spanned<Vec<Spanned<String>>>>,
    notify_max_titles: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
struct ViewSpans {
    name: Spanned<String>,
    query: Spanned<String>,
}

#[derive(Deserialize)]
struct LayoutSpans {
    feeds_width: Option<Spanned<u16>>,
    headlines_width: Option<Spanned<u16>>,
    stacked_list_height: Option<Spanned<u16>>,
}

/// Most titles a notification may carry.
pub(super) const MAX_NOTIFY_TITLES: usize = 50;

pub(super) fn check(text: &str, doc: &Doc<'_>, problems: &mut Vec<Problem>) -> Result<(), toml::de::Error> {
    let spans: Spans = mirror(doc, false)?;
    check_views(text, &spans.views, problems);
    if let Some(layout) = &spans.layout {
        for (name, value, range) in [
            ("feeds_width", &layout.feeds_width, 10..=60),
            ("headlines_width", &layout.headlines_width, 20..=80),
            ("stacked_list_height", &layout.stacked_list_height, 20..=80),
        ] {
            if let Some(v) = value.as_ref().filter(|v| !range.contains(v.get_ref())) {
                let message = format!(
                    "layout.{name} must be between {} and {} percent, got {}",
                    range.start(),
                    range.end(),
                    v.get_ref()
                );
                problems.push(problem(v, message));
            }
        }
    }
    if let Some(argv) = &spans.notify_command {
        match argv.get_ref().first() {
            None => {
                problems.push(problem(argv, "notify_command is empty (remove it to turn notifications off)".into()))
            }
            Some(program) if program.get_ref().trim().is_empty() => {
                problems.push(problem(program, "notify_command: the program name is empty".into()));
            }
            Some(_) => {}
        }
    }
    if let Some(n) = spans.notify_max_titles.as_ref().filter(|n| !(1..=MAX_NOTIFY_TITLES).contains(n.get_ref())) {
        problems.push(problem(
            n,
            format!("notify_max_titles must be between 1 and {MAX_NOTIFY_TITLES}, got {}", n.get_ref()),
        ));
    }
    check_keys(doc, problems);
    Ok(())
}

fn check_views(text: &str, views: &[ViewSpans], problems: &mut Vec<Problem>) {
    let mut names: HashMap<String, usize> = HashMap::new();
    for view in views {
        let name = view.name.get_ref().trim();
        if name.is_empty() {
            problems.push(problem(&view.name, "view name is empty".into()));
        } else if let Some(first) = names.get(name) {
            let (line, _) = super::line_col(text, *first);
            problems.push(problem(&view.name, format!("duplicate view name \"{name}\" (first on line {line})")));
        } else {
            names.insert(name.to_owned(), view.name.span().start);
        }
        if let Err(e) = crate::query::parse(view.query.get_ref()) {
            let offset = string_offset(text, view.query.span().start, view.query.get_ref(), e.offset);
            problems.push(Problem { offset, message: format!("query: {}", e.message) });
        }
    }
}

/// Byte offset in the file of character `chars` of a string value starting at
/// `start` (its opening quote). Exact for strings without escapes.
pub(super) fn string_offset(text: &str, start: usize, value: &str, chars: usize) -> usize {
    let quotes = if text[start..].starts_with("\"\"\"") || text[start..].starts_with("'''") { 3 } else { 1 };
    start + quotes + value.char_indices().nth(chars).map_or(value.len(), |(i, _)| i)
}

/// `[keys]` through the keymap itself, so the config and the running
/// program agree on every name, key and conflict.
fn check_keys(root: &Doc<'_>, problems: &mut Vec<Problem>) {
    let Some(keys) = root.get_ref().get("keys") else { return };
    let DeValue::Table(table) = keys.get_ref() else { return };
    let mut config: BTreeMap<String, KeyList> = BTreeMap::new();
    // Where each entry's name and each key were written.
    let mut spots: HashMap<String, (usize, Vec<usize>)> = HashMap::new();
    for (name, value) in table {
        let (list, offsets): (Vec<String>, Vec<usize>) = match value.get_ref() {
            DeValue::String(s) => (vec![s.to_string()], vec![value.span().start]),
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::String(s) => Some((s.to_string(), item.span().start)),
                    _ => None,
                })
                .unzip(),
            _ => {
                let message =
                    format!("keys.{}: expected a key like \"q\" or a list like [\"q\", \"Ctrl-c\"]", name.get_ref());
                problems.push(Problem { offset: value.span().start, message });
                continue;
            }
        };
        spots.insert(name.get_ref().to_string(), (name.span().start, offsets));
        config.insert(name.get_ref().to_string(), KeyList::Many(list));
    }
    if let Err(errors) = Keymap::from_config(&config) {
        for e in errors {
            let (name_at, keys_at) = &spots[&e.action];
            let offset = e.index.and_then(|i| keys_at.get(i)).unwrap_or(name_at);
            problems.push(Problem { offset: *offset, message: format!("keys.{}: {}", e.action, e.message) });
        }
    }
}
