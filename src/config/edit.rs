//! Changing the config file the way a person would: `[[feeds]]` tables are
//! added or removed through toml_edit, so every comment, the order and the
//! formatting of everything else stay as the user wrote them. The previous
//! file is kept as `<name>.bak` and the new one replaces it atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::{Config, ConfigError, FeedConfig};

/// What a config written from scratch (by `tidings add` or an import) starts with.
pub const NEW_FILE_HEADER: &str = "\
# tidings configuration: every setting has a default; see config.example.toml for them all
# (in the source, or https://github.com/tidings-rs/tidings/blob/main/config.example.toml).
# Settings go at the top, before the first [[feeds]].
# Feeds, one [[feeds]] table each: url (required), title and tags (optional).
";

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The file as it is (or as it would be) does not validate.
    #[error(transparent)]
    Invalid(#[from] ConfigError),
    #[error("{path}: `feeds` is neither [[feeds]] tables nor an array; edit it by hand")]
    Shape { path: String },
    #[error("cannot write {path}: {message}")]
    Io { path: String, message: String },
}

/// Reads the config at `path` (a missing file counts as empty), checks it,
/// applies `edit` to its text, checks the result and writes it with a backup.
/// `edit` returns the new text (None: nothing to change) and a value passed on.
/// Returns that value and the config now in force.
pub fn update<T>(
    path: &Path,
    edit: impl FnOnce(&Config, &str) -> Result<(Option<String>, T), EditError>,
) -> Result<(T, Config), EditError> {
    let exists = path.exists();
    let (config, text) = if exists {
        let config = Config::load(path)?;
        (config, std::fs::read_to_string(path).map_err(|e| io_error(path, &e))?)
    } else {
        (Config::default(), String::new())
    };
    let (new_text, value) = edit(&config, &text)?;
    let Some(new_text) = new_text else {
        return Ok((value, config));
    };
    // Never leave a file tidings itself would refuse.
    let new_config = Config::parse(&new_text, path)?;
    write(path, &new_text, exists)?;
    Ok((value, new_config))
}

/// `text` with `feeds` appended as `[[feeds]]` tables (or inline tables when
/// the file writes `feeds = [...]`).
pub fn add_feeds(text: &str, feeds: &[FeedConfig], path: &Path) -> Result<String, EditError> {
    let mut doc = parse(text, path)?;
    let fresh = text.trim().is_empty();
    if fresh && !feeds.is_empty() {
        doc.decor_mut().set_prefix(NEW_FILE_HEADER);
    }
    match doc.get_mut("feeds") {
        None => {
            let mut tables = ArrayOfTables::new();
            for (i, feed) in feeds.iter().enumerate() {
                tables.push(feed_table(feed, i == 0 && fresh));
            }
            doc.insert("feeds", Item::ArrayOfTables(tables));
        }
        Some(Item::ArrayOfTables(tables)) => feeds.iter().for_each(|f| tables.push(feed_table(f, false))),
        Some(Item::Value(Value::Array(array))) => feeds.iter().for_each(|f| array.push(feed_inline(f))),
        Some(_) => return Err(EditError::Shape { path: path.display().to_string() }),
    }
    Ok(doc.to_string())
}

/// `text` without the feeds whose identity (`url` value as written, or the
/// key of their `command`: `FeedConfig::identity`) `matches`; also how many
/// went. The comment paragraph glued to a removed `[[feeds]]` goes with it;
/// comments separated from it by a blank line stay.
pub fn remove_feeds(text: &str, path: &Path, matches: impl Fn(&str) -> bool) -> Result<(String, usize), EditError> {
    let mut doc = parse(text, path)?;
    let table_matches = |table: &Table| {
        let value = |key: &str| table.get(key).and_then(Item::as_value);
        identity(value("url"), value("command")).is_some_and(|id| matches(&id))
    };
    // With no settings above it, the first table's comments head the file.
    let file_header_first = !doc.iter().any(|(_, item)| item.is_value());
    let removed = match doc.get_mut("feeds") {
        None => 0,
        Some(Item::ArrayOfTables(tables)) => {
            let mut removed = 0;
            let mut kept_comments = String::new();
            let mut i = 0;
            while i < tables.len() {
                let table = tables.get_mut(i).expect("index in range");
                if !table_matches(table) {
                    if !kept_comments.is_empty() {
                        prepend_prefix(table, &std::mem::take(&mut kept_comments));
                    }
                    i += 1;
                    continue;
                }
                if i == 0 && file_header_first {
                    kept_comments.push_str(table.decor().prefix().and_then(|p| p.as_str()).unwrap_or_default());
                } else {
                    kept_comments.push_str(&detached_comments(table));
                }
                tables.remove(i);
                removed += 1;
            }
            if !kept_comments.is_empty() {
                // Nothing after the removed feeds to carry them: keep them at the end.
                let trailing = doc.trailing().as_str().unwrap_or_default().to_owned();
                doc.set_trailing(format!("{kept_comments}{trailing}"));
            }
            removed
        }
        Some(Item::Value(Value::Array(array))) => {
            let before = array.len();
            array.retain(|v| {
                !v.as_inline_table()
                    .and_then(|t| identity(t.get("url"), t.get("command")))
                    .is_some_and(|id| matches(&id))
            });
            before - array.len()
        }
        Some(_) => return Err(EditError::Shape { path: path.display().to_string() }),
    };
    // A blank line left at the very top by a removed first table is noise.
    Ok((doc.to_string().trim_start_matches('\n').to_owned(), removed))
}

/// A feed table's identity, as `FeedConfig::identity` gives it.
fn identity(url: Option<&Value>, command: Option<&Value>) -> Option<String> {
    if let Some(words) = command.and_then(Value::as_array) {
        let argv: Option<Vec<String>> = words.iter().map(|w| w.as_str().map(str::to_owned)).collect();
        return argv.map(|argv| crate::model::command_key(&argv));
    }
    url.and_then(Value::as_str).map(str::to_owned)
}

fn parse(text: &str, path: &Path) -> Result<DocumentMut, EditError> {
    text.parse::<DocumentMut>().map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, column) = super::line_col(text, offset);
        let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
        EditError::Invalid(ConfigError::new(path, line, column, message))
    })
}

fn feed_table(feed: &FeedConfig, first_in_file: bool) -> Table {
    let mut table = Table::new();
    table.insert("url", toml_edit::value(feed.url.as_str()));
    if let Some(title) = &feed.title {
        table.insert("title", toml_edit::value(title.as_str()));
    }
    if !feed.tags.is_empty() {
        table.insert("tags", toml_edit::value(Array::from_iter(feed.tags.iter().map(String::as_str))));
    }
    if feed.full_text {
        table.insert("full_text", toml_edit::value(true));
    }
    // A blank line before each table, as people write them.
    table.decor_mut().set_prefix(if first_in_file { "" } else { "\n" });
    table
}

fn feed_inline(feed: &FeedConfig) -> InlineTable {
    let mut table = InlineTable::new();
    table.insert("url", feed.url.as_str().into());
    if let Some(title) = &feed.title {
        table.insert("title", title.as_str().into());
    }
    if !feed.tags.is_empty() {
        table.insert("tags", Value::Array(Array::from_iter(feed.tags.iter().map(String::as_str))));
    }
    if feed.full_text {
        table.insert("full_text", true.into());
    }
    table
}

/// The part of the table's leading comments that is separated from its header
/// by a blank line: it introduced what follows, not this feed.
fn detached_comments(table: &Table) -> String {
    let prefix = table.decor().prefix().and_then(|p| p.as_str()).unwrap_or_default();
    match prefix.trim_end_matches([' ', '\t']).rfind("\n\n") {
        Some(end) => prefix[..end + 1].to_owned(),
        None => String::new(),
    }
}

fn prepend_prefix(table: &mut Table, text: &str) {
    let prefix = table.decor().prefix().and_then(|p| p.as_str()).unwrap_or_default().to_owned();
    // Keep one blank line between the carried paragraph and the table's own.
    let glue = if prefix.starts_with('\n') { "" } else { "\n" };
    table.decor_mut().set_prefix(format!("{text}{glue}{prefix}"));
}

/// Writes `text` to `path`: the previous file becomes `<name>.bak`, and the
/// new content goes to a temporary file in the same directory that is then
/// renamed over the old one, so a crash leaves either file, never half of one.
/// A symlinked config (dotfiles) is written through to its target.
pub fn write(path: &Path, text: &str, backup: bool) -> Result<(), EditError> {
    let target = if backup { std::fs::canonicalize(path).map_err(|e| io_error(path, &e))? } else { path.to_path_buf() };
    let dir = target.parent().map(Path::to_path_buf).unwrap_or_default();
    if !dir.as_os_str().is_empty() {
        std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
    }
    if backup {
        let bak = backup_path(&target);
        std::fs::copy(&target, &bak).map_err(|e| io_error(&bak, &e))?;
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        if backup {
            file.set_permissions(std::fs::metadata(&target)?.permissions())?;
        }
        file.sync_all()?;
        std::fs::rename(&temp, &target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(io_error(&target, &e));
    }
    Ok(())
}

/// `config.toml` -> `config.toml.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn io_error(path: &Path, error: &std::io::Error) -> EditError {
    EditError::Io { path: path.display().to_string(), message: error.to_string() }
}
