//! The query language of saved views (`[[views]]` in the config):
//!
//! ```text
//! tag:rust unread -title:"release notes" newer:7d
//! ```
//!
//! Terms are separated by spaces and must all hold. `-` negates a term.
//! `tag:NAME`, `feed:TEXT` (part of the feed's title), `title:WORD`,
//! `author:WORD`, `newer:7d` (`h`, `d`, `w`), `unread`, `starred`, and free
//! words (searched in titles, authors and bodies). A value with spaces is
//! written in double quotes. The store compiles a `Filter` to SQL with bound
//! parameters; nothing the user writes becomes SQL text.

use std::fmt;

/// A parsed query: every term must hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Filter {
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    pub negated: bool,
    pub kind: TermKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// Items of feeds with this tag.
    Tag(String),
    /// Items of feeds whose title contains this text (case-insensitive).
    Feed(String),
    Unread,
    Starred,
    /// Words (a phrase) in the title.
    Title(String),
    /// Words in the author.
    Author(String),
    /// Words anywhere: title, author or body.
    Words(String),
    /// Dated within this many seconds before now.
    Newer(i64),
}

/// A mistake in a query, at a character offset of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 0-based, in characters.
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

/// The syntax, for the help overlay: (form, meaning).
pub const HELP: &[(&str, &str)] = &[
    ("words", "in title, author or text (\"a phrase\"; prefixes match)"),
    ("title: author:", "title:async in the title, author:zoe in the author"),
    ("tag: feed:", "tag:rust; feed:lwn (part of the feed's title)"),
    ("unread starred", "unread items; starred items"),
    ("newer:7d", "dated within 7 days (h, d or w)"),
    ("-term", "not: -tag:news, -unread, -\"a phrase\""),
];

/// The keys a `key:value` term may use, for messages.
const KEYS: &str = "tag:, feed:, title:, author:, newer:";

/// Parses `text`; an empty query matches everything.
pub fn parse(text: &str) -> Result<Filter, QueryError> {
    let mut terms = Vec::new();
    let mut rest = Lexer { chars: text.chars().collect(), pos: 0 };
    while let Some(start) = rest.skip_spaces() {
        let negated = rest.eat('-');
        let word_start = rest.pos;
        let head = rest.bare();
        let kind = if rest.eat(':') {
            let value = rest.value()?;
            term_for_key(&head, value, word_start)?
        } else if head.is_empty() {
            // A quoted phrase (or a lone `-`).
            let value = rest.value()?;
            TermKind::Words(value)
        } else {
            match head.to_lowercase().as_str() {
                "unread" => TermKind::Unread,
                "starred" => TermKind::Starred,
                _ => TermKind::Words(head),
            }
        };
        if matches!(&kind, TermKind::Words(w) if w.trim().is_empty()) {
            return Err(QueryError { offset: start, message: "empty term".into() });
        }
        terms.push(Term { negated, kind });
    }
    Ok(Filter { terms })
}

fn term_for_key(key: &str, value: String, at: usize) -> Result<TermKind, QueryError> {
    let empty = |what: &str| QueryError { offset: at, message: format!("{what} needs a value") };
    if value.trim().is_empty() {
        return Err(empty(&format!("{key}:")));
    }
    Ok(match key.to_lowercase().as_str() {
        "tag" => TermKind::Tag(value),
        "feed" => TermKind::Feed(value),
        "title" => TermKind::Title(value),
        "author" => TermKind::Author(value),
        "newer" => TermKind::Newer(duration(&value).ok_or_else(|| QueryError {
            offset: at,
            message: format!("newer: takes a number and h, d or w, like newer:7d (got \"{value}\")"),
        })?),
        _ => return Err(QueryError { offset: at, message: format!("unknown filter `{key}:` (expected {KEYS})") }),
    })
}

/// `36h`, `7d`, `2w` in seconds.
fn duration(text: &str) -> Option<i64> {
    let unit = text.chars().last()?;
    let n: i64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    let secs = match unit.to_ascii_lowercase() {
        'h' => 3600,
        'd' => 86_400,
        'w' => 7 * 86_400,
        _ => return None,
    };
    n.checked_mul(secs).filter(|s| *s > 0)
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
}

impl Lexer {
    /// Moves past spaces; the position of the next term, if any.
    fn skip_spaces(&mut self) -> Option<usize> {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
        (self.pos < self.chars.len()).then_some(self.pos)
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.chars.get(self.pos) == Some(&c);
        self.pos += usize::from(hit);
        hit
    }

    /// Characters up to a space, a colon or a quote.
    fn bare(&mut self) -> String {
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| !c.is_whitespace() && *c != ':' && *c != '"') {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    /// A quoted string or characters up to a space.
    fn value(&mut self) -> Result<String, QueryError> {
        let start = self.pos;
        if !self.eat('"') {
            let end =
                self.chars[start..].iter().position(|c| c.is_whitespace()).map_or(self.chars.len(), |n| start + n);
            self.pos = end;
            return Ok(self.chars[start..end].iter().collect());
        }
        match self.chars[self.pos..].iter().position(|c| *c == '"') {
            Some(n) => {
                let value = self.chars[self.pos..self.pos + n].iter().collect();
                self.pos += n + 1;
                Ok(value)
            }
            None => Err(QueryError { offset: start, message: "unclosed quote".into() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(negated: bool, kind: TermKind) -> Term {
        Term { negated, kind }
    }

    #[test]
    fn every_kind_of_term() {
        let f = parse("tag:rust unread -starred feed:LWN title:\"release notes\" author:zoë newer:7d async").unwrap();
        assert_eq!(
            f.terms,
            vec![
                term(false, TermKind::Tag("rust".into())),
                term(false, TermKind::Unread),
                term(true, TermKind::Starred),
                term(false, TermKind::Feed("LWN".into())),
                term(false, TermKind::Title("release notes".into())),
                term(false, TermKind::Author("zoë".into())),
                term(false, TermKind::Newer(7 * 86_400)),
                term(false, TermKind::Words("async".into())),
            ]
        );
    }

    #[test]
    fn negation_phrases_and_case() {
        let f = parse("  -tag:news \"machine learning\" -\"crypto\" UNREAD Tag:x  ").unwrap();
        assert_eq!(
            f.terms,
            vec![
                term(true, TermKind::Tag("news".into())),
                term(false, TermKind::Words("machine learning".into())),
                term(true, TermKind::Words("crypto".into())),
                term(false, TermKind::Unread),
                term(false, TermKind::Tag("x".into())),
            ]
        );
        assert_eq!(parse("").unwrap(), Filter::default());
        assert_eq!(parse("newer:36h").unwrap().terms[0].kind, TermKind::Newer(36 * 3600));
        assert_eq!(parse("newer:2w").unwrap().terms[0].kind, TermKind::Newer(14 * 86_400));
    }

    #[test]
    fn mistakes_have_positions() {
        let err = |q: &str| parse(q).unwrap_err();
        assert_eq!(
            err("unread tga:rust"),
            QueryError {
                offset: 7,
                message: "unknown filter `tga:` (expected tag:, feed:, title:, author:, newer:)".into()
            }
        );
        assert_eq!(err("title:\"open").offset, 6);
        assert_eq!(err("title:\"open").message, "unclosed quote");
        assert_eq!(err("tag: x").message, "tag: needs a value");
        assert!(err("newer:7y").message.starts_with("newer: takes a number"), "{}", err("newer:7y").message);
        assert!(parse("newer:0d").is_err());
        assert!(parse("newer:99999999999999999d").is_err(), "overflow is an error");
        assert_eq!(err("a - b").message, "empty term");
        assert_eq!(err("tag:x \"\"").offset, 6);
        assert_eq!(
            err("x tga:y").to_string(),
            "unknown filter `tga:` (expected tag:, feed:, title:, author:, newer:) (at character 3)"
        );
    }
}
