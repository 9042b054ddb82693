//! Regular expressions of queries, evaluated by SQLite: the SQL function
//! `tidings_regex(pattern, text)` (registered on every connection), so a
//! listing, a rule or a highlight with `title:/…/` pages and counts like any
//! other. The pattern (with `(?i)` for `/…/i`) is compiled once per
//! statement within `query`'s size limits; a pattern that does not compile
//! (validation rejects those) is an error of the statement, never a panic.

use std::sync::Arc;

use regex::Regex;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

/// Makes `tidings_regex` available to this connection's statements.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("tidings_regex", 2, flags, |ctx| {
        let regex: Arc<Regex> = ctx.get_or_create_aux(0, |pattern| match pattern {
            ValueRef::Text(bytes) => crate::query::compile_regex(&String::from_utf8_lossy(bytes), false),
            _ => Err("tidings_regex: the pattern is not text".to_owned()),
        })?;
        Ok(match ctx.get_raw(1) {
            ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => regex.is_match(text),
                Err(_) => regex.is_match(&String::from_utf8_lossy(bytes)),
            },
            _ => false,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::register;

    #[test]
    fn matches_in_sql_and_fails_cleanly() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let is_match = |pattern: &str, text: Option<&str>| -> rusqlite::Result<bool> {
            conn.query_row("SELECT tidings_regex(?1, ?2)", rusqlite::params![pattern, text], |r| r.get(0))
        };
        assert!(is_match("^Sponsored", Some("Sponsored: buy")).unwrap());
        assert!(!is_match("^Sponsored", Some("Not sponsored")).unwrap());
        assert!(is_match("(?i)bot$", Some("newsBOT")).unwrap());
        assert!(!is_match("bot$", Some("newsBOT")).unwrap());
        assert!(!is_match("x", None).unwrap());
        assert!(is_match("(unclosed", Some("x")).is_err());
    }
}
