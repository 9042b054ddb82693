//! Turning toml errors and byte offsets into one-line, positioned messages.

use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ConfigError;

pub(super) fn toml_error(text: &str, path: &Path, error: &toml::de::Error) -> ConfigError {
    let offset = error.span().map_or(0, |span| span.start);
    let (line, column) = line_col(text, offset);
    let mut message = one_line(error.message())
        .replace("expected u64", "expected a non-negative integer")
        .replace("expected usize", "expected a non-negative integer");
    // serde's type errors do not say which key they are about; the span does.
    if message.starts_with("invalid ")
        && let Some(key) = key_at(text, offset)
    {
        if key == "feeds" && message.ends_with("expected a sequence") {
            message.push_str(" (write each feed as a [[feeds]] table)");
        }
        if matches!(key.as_str(), "feeds.command" | "feeds.filter") {
            message.push_str(" (an argument vector, run without a shell: [\"program\", \"arg\", ...])");
        }
        message = format!("{key}: {message}");
    }
    if message == "duplicate key"
        && let Some(key) = error.span().and_then(|span| text.get(span))
    {
        message = format!("duplicate key `{}`", key.trim());
    }
    ConfigError { path: path.to_path_buf(), line, column, message }
}

/// Some toml messages span lines; ours are always one.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based line and character column of a byte offset.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// Dotted path (`feeds.tags`) of the value that starts at `offset`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let root = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    find_in_table(root.get_ref(), offset, &mut path).then(|| path.join("."))
}

fn find_in_table(table: &DeTable<'_>, offset: usize, path: &mut Vec<String>) -> bool {
    for (key, value) in table {
        path.push(key.get_ref().to_string());
        if value.span().start == offset || find_in_value(value, offset, path) {
            return true;
        }
        path.pop();
    }
    false
}

fn find_in_value(value: &Spanned<DeValue<'_>>, offset: usize, path: &mut Vec<String>) -> bool {
    match value.get_ref() {
        DeValue::Table(table) => find_in_table(table, offset, path),
        DeValue::Array(items) => {
            items.iter().any(|item| item.span().start == offset || find_in_value(item, offset, path))
        }
        _ => false,
    }
}
