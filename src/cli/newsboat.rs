//! Reading newsboat's data for a move to tidings: its `urls` file (feeds,
//! tags, `"~Custom title"`, query/exec/filter lines) and the items with their
//! read and flag marks in its `cache.db` (opened read-only; newsboat's schema,
//! not ours, so the SQL for it lives here rather than in `store`).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::model::{MarkedItem, ParsedItem};
use crate::sanitize;

/// One meaningful line of `urls`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlsEntry {
    Feed {
        url: String,
        title: Option<String>,
        tags: Vec<String>,
    },
    /// `query:`, `exec:` or `filter:`: not a feed address; the reason says why.
    Unsupported {
        what: String,
        reason: &'static str,
        title: Option<String>,
        tags: Vec<String>,
    },
}

/// The entries of a `urls` file with their line numbers.
pub fn parse_urls(text: &str) -> Vec<(usize, UrlsEntry)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let tokens = tokenize(line);
        let Some((url, rest)) = tokens.split_first() else { continue };
        let title = rest.iter().find_map(|t| t.strip_prefix('~')).map(str::to_owned).filter(|t| !t.is_empty());
        // `!tag` hides a feed in newsboat; tidings shows every feed.
        let tags = rest.iter().filter(|t| !t.starts_with('~') && !t.starts_with('!')).cloned().collect();
        let entry = match unsupported(url) {
            Some(reason) => UrlsEntry::Unsupported { what: url.clone(), reason, title, tags },
            None => UrlsEntry::Feed { url: url.clone(), title, tags },
        };
        out.push((i + 1, entry));
    }
    out
}

fn unsupported(url: &str) -> Option<&'static str> {
    if url.starts_with("query:") {
        Some("a newsboat query feed (a saved search), not a feed address")
    } else if url.starts_with("exec:") {
        Some("runs a command to make the feed; an import never sets up commands (see `command` below)")
    } else if url.starts_with("filter:") {
        Some("pipes the feed through a command; an import never sets up commands (see `filter` below)")
    } else {
        None
    }
}

/// The `[[feeds]]` table that does in tidings what an `exec:CMD` or
/// `filter:CMD:URL` line of newsboat did, for the user to read and copy: an
/// import never writes it. newsboat hands the command to a shell; a plain one
/// becomes its words, one that needs the shell (pipes, variables, quotes,
/// globs) becomes `["sh", "-c", CMD]`.
pub fn command_feed_toml(what: &str, title: Option<&str>, tags: &[String]) -> Option<String> {
    let mut table = toml_edit::Table::new();
    if let Some(command) = what.strip_prefix("exec:") {
        table.insert("command", toml_edit::value(argv_array(command)?));
    } else {
        let (script, url) = what.strip_prefix("filter:")?.split_once(':')?;
        table.insert("url", toml_edit::value(url.trim()));
        table.insert("filter", toml_edit::value(argv_array(script)?));
    }
    if let Some(title) = title {
        table.insert("title", toml_edit::value(title));
    }
    if !tags.is_empty() {
        table.insert("tags", toml_edit::value(tags.iter().map(String::as_str).collect::<toml_edit::Array>()));
    }
    let mut feeds = toml_edit::ArrayOfTables::new();
    feeds.push(table);
    let mut doc = toml_edit::DocumentMut::new();
    doc.insert("feeds", toml_edit::Item::ArrayOfTables(feeds));
    Some(doc.to_string())
}

/// A shell command line as an argument vector; None when it is empty.
fn argv_array(command: &str) -> Option<toml_edit::Array> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let (program, args) = words.split_first()?;
    // `~/` opening the program is expanded by tidings itself; anything else is the shell's.
    let needs_shell = command.contains(|c: char| "|&;<>()$`\\\"'*?[]{}!#=".contains(c))
        || program.strip_prefix("~/").unwrap_or(program).contains('~')
        || args.iter().any(|a| a.contains('~'));
    let argv: Vec<&str> = if needs_shell { vec!["sh", "-c", command.trim()] } else { words };
    Some(argv.into_iter().collect())
}

/// Splits a line as newsboat does: on whitespace, with `"..."` quoting (and
/// `\"`, `\\` inside quotes); an unquoted `#` starts a comment.
fn tokenize(line: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else { break };
        if first == '#' {
            break;
        }
        let mut token = String::new();
        if first == '"' {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => token.extend(chars.next()),
                    '"' => break,
                    c => token.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                token.push(c);
            }
        }
        tokens.push(sanitize::line(&token));
    }
    tokens
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct CacheError {
    pub path: String,
    pub message: String,
}

/// newsboat's cache, open read-only.
pub struct Cache {
    conn: Connection,
    path: PathBuf,
}

impl Cache {
    pub fn open(path: &Path) -> Result<Cache, CacheError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| cache_error(path, &e))?;
        let cache = Cache { conn, path: path.to_path_buf() };
        // Fails early on a file that is not newsboat's cache.
        cache
            .conn
            .prepare("SELECT guid, unread, flags, deleted FROM rss_item LIMIT 0")
            .map_err(|e| cache_error(path, &e))?;
        Ok(cache)
    }

    /// The feed's title and site address as newsboat last fetched them.
    pub fn feed_meta(&self, feed_url: &str) -> Result<(Option<String>, Option<String>), CacheError> {
        let row = self
            .conn
            .query_row("SELECT title, url FROM rss_feed WHERE rssurl = ?1", [feed_url], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .optional()
            .map_err(|e| cache_error(&self.path, &e))?;
        let clean = |s: Option<String>| s.map(|s| sanitize::line(&s)).filter(|s| !s.is_empty());
        Ok(row.map_or((None, None), |(title, site)| (clean(title), clean(site))))
    }

    /// The items newsboat keeps for the feed at `feed_url` (as written in
    /// `urls`), with their marks: read unless unread, starred when flagged.
    /// Guids are the ones tidings' own parser gives the same entries.
    pub fn items(&self, feed_url: &str) -> Result<Vec<MarkedItem>, CacheError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT guid, title, author, url, pubDate, content, unread, flags, deleted
                 FROM rss_item WHERE feedurl = ?1 ORDER BY pubDate DESC, id DESC",
            )
            .map_err(|e| cache_error(&self.path, &e))?;
        let rows = stmt
            .query_map([feed_url], |row| {
                let text = |i: usize| row.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
                let raw_guid = text(0)?;
                let link = sanitize::line(&text(3)?);
                let title = sanitize::line(&text(1)?);
                let author = sanitize::line(&text(2)?);
                let published: Option<i64> = row.get(4)?;
                let content = text(5)?;
                let unread: i64 = row.get::<_, Option<i64>>(6)?.unwrap_or(1);
                let flags = text(7)?;
                let deleted: i64 = row.get::<_, Option<i64>>(8)?.unwrap_or(0);
                let item = ParsedItem {
                    guid: our_guid(&sanitize::line(&raw_guid), &link),
                    title: if title.is_empty() { "(untitled)".to_owned() } else { title },
                    link: (!link.is_empty()).then_some(link),
                    author: (!author.is_empty()).then_some(author),
                    published: published.filter(|p| *p > 0),
                    content: (!content.trim().is_empty()).then(|| sanitize::text(&content)),
                    ..ParsedItem::default()
                };
                // A deleted item was dealt with: it must not come back unread.
                Ok(MarkedItem { item, read: unread == 0 || deleted != 0, starred: !flags.trim().is_empty() })
            })
            .map_err(|e| cache_error(&self.path, &e))?;
        rows.collect::<Result<_, _>>().map_err(|e| cache_error(&self.path, &e))
    }
}

/// newsboat gives an item without a guid the guid `link + pubDate` (the date
/// as the feed wrote it); tidings uses the link alone, so that is undone.
fn our_guid(guid: &str, link: &str) -> String {
    if let Some(date) = guid.strip_prefix(link).filter(|_| !link.is_empty())
        && !date.is_empty()
        && (chrono::DateTime::parse_from_rfc2822(date.trim()).is_ok()
            || chrono::DateTime::parse_from_rfc3339(date.trim()).is_ok())
    {
        return link.to_owned();
    }
    guid.to_owned()
}

fn cache_error(path: &Path, error: &rusqlite::Error) -> CacheError {
    CacheError { path: path.display().to_string(), message: format!("not a readable newsboat cache ({error})") }
}

/// Where newsboat keeps `urls` and `cache.db`: `~/.newsboat` when it exists,
/// else the XDG directories (`$XDG_CONFIG_HOME/newsboat`, `$XDG_DATA_HOME/newsboat`).
pub fn default_paths() -> Option<(PathBuf, PathBuf)> {
    let home = directories::BaseDirs::new()?.home_dir().to_path_buf();
    let dotdir = home.join(".newsboat");
    if dotdir.is_dir() {
        return Some((dotdir.join("urls"), dotdir.join("cache.db")));
    }
    let xdg = |var: &str, default: &str| {
        std::env::var_os(var).filter(|v| !v.is_empty()).map_or_else(|| home.join(default), PathBuf::from)
    };
    Some((
        xdg("XDG_CONFIG_HOME", ".config").join("newsboat/urls"),
        xdg("XDG_DATA_HOME", ".local/share").join("newsboat/cache.db"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_newsboat() {
        assert_eq!(
            tokenize(r#"http://a/ tag "two words" "~A \"T\"" # note"#),
            ["http://a/", "tag", "two words", "~A \"T\""]
        );
        assert_eq!(tokenize("   # comment only"), Vec::<String>::new());
        assert_eq!(tokenize(r#""query:Unread:unread = \"yes\"""#), [r#"query:Unread:unread = "yes""#]);
    }

    #[test]
    fn commands_are_shown_as_tidings_writes_them() {
        let tags = ["scripts".to_owned()];
        assert_eq!(
            command_feed_toml("exec:~/bin/get-feed --site x", Some("X"), &tags).as_deref(),
            Some("[[feeds]]\ncommand = [\"~/bin/get-feed\", \"--site\", \"x\"]\ntitle = \"X\"\ntags = [\"scripts\"]\n")
        );
        assert_eq!(
            command_feed_toml("exec:curl -s https://x.example/ | xsltproc a.xsl -", None, &[]).as_deref(),
            Some("[[feeds]]\ncommand = [\"sh\", \"-c\", \"curl -s https://x.example/ | xsltproc a.xsl -\"]\n")
        );
        assert_eq!(
            command_feed_toml("filter:~/bin/fix.rb:https://a.example/feed", None, &[]).as_deref(),
            Some("[[feeds]]\nurl = \"https://a.example/feed\"\nfilter = [\"~/bin/fix.rb\"]\n")
        );
        assert_eq!(command_feed_toml("query:Unread:unread = \"yes\"", None, &[]), None);
        assert_eq!(command_feed_toml("exec:", None, &[]), None);
    }

    #[test]
    fn made_up_guids_are_undone() {
        let link = "http://x/first";
        assert_eq!(our_guid("http://x/firstThu, 04 Jan 2024 09:00:00 +0000", link), link);
        assert_eq!(our_guid("http://x/first#comments", link), "http://x/first#comments");
        assert_eq!(our_guid("gazette-1", link), "gazette-1");
        assert_eq!(our_guid("abc", ""), "abc");
    }
}
