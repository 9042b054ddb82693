//! The query language of saved views (`[[views]]`), rules and highlights:
//!
//! ```text
//! tag:rust unread -title:"release notes" newer:7d
//! (feed:lwn or tag:kernel) -title:/^\[?sponsored/i older:2d
//! ```
//!
//! Terms are separated by spaces and must all hold; `or` between terms makes
//! either side enough (it binds looser than the spaces: `a b or c` is
//! `(a b) or c`), parentheses group, `and` may be written and means nothing
//! more than a space. `-` negates a term or a group.
//! `tag:NAME` (a tag of the item's feed or of the item), `feed:TEXT` (part of
//! the feed's title), `title:WORD`, `author:WORD`, `content:WORD` (the body),
//! `link:TEXT` (part of the link), `newer:7d` and `older:7d` (`h`, `d`, `w`),
//! `unread`, `starred`, and free words (searched in titles, authors and
//! bodies). A value with spaces is written in double quotes. `title:`,
//! `author:`, `content:`, `link:` and `feed:` also take a regular expression
//! between slashes, `/…/i` ignoring case (`\/` is a slash in it). The store
//! compiles a `Filter` to SQL with bound parameters; nothing the user writes
//! becomes SQL text.

mod lexer;
mod pattern;

use std::fmt;

use lexer::Lexer;
pub use pattern::{MAX_PATTERN, Pattern, compile as compile_regex};

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
    /// Items of feeds with this tag, and items with this tag.
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
    /// Dated more than this many seconds before now.
    Older(i64),
    /// Links containing this text (case-insensitive).
    Link(String),
    /// Words in the body.
    Content(String),
    /// A regular expression over one field.
    Regex(Field, Pattern),
    /// At least one of these holds (`a or b`, a negated group).
    Any(Vec<Filter>),
}

/// What a regular expression is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Author,
    /// The body as text, without its markup.
    Content,
    Link,
    /// The feed's display title.
    Feed,
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
    ("content: link:", "content:rust in the body; link:youtube.com in the link"),
    ("tag: feed:", "tag:rust (feed or item tag); feed:lwn (part of the feed's title)"),
    ("unread starred", "unread items; starred items"),
    ("newer:7d older:7d", "dated within / before the last 7 days (h, d or w)"),
    ("title:/re/i", "regular expression (also author: content: link: feed:)"),
    ("a or (b c)", "either side; parentheses group; spaces mean and"),
    ("-term", "not: -tag:news, -unread, -\"a phrase\", -(a or b)"),
];

/// The keys a `key:value` term may use, for messages.
const KEYS: &str = "tag:, feed:, title:, author:, content:, link:, newer:, older:";

/// How deep parentheses may nest.
const MAX_DEPTH: usize = 16;

/// Parses `text`; an empty query matches everything.
pub fn parse(text: &str) -> Result<Filter, QueryError> {
    let mut parser = Parser { lex: Lexer::new(text), depth: 0 };
    let filter = parser.alternatives()?;
    match parser.lex.skip_spaces() {
        Some(at) => Err(QueryError { offset: at, message: "`)` without a `(` before it".into() }),
        None => Ok(filter),
    }
}

struct Parser {
    lex: Lexer,
    depth: usize,
}

impl Parser {
    /// Conjunctions separated by `or`, up to the end or a `)`.
    fn alternatives(&mut self) -> Result<Filter, QueryError> {
        let mut alternatives = Vec::new();
        loop {
            let at = self.lex.skip_spaces().unwrap_or(self.lex.pos);
            let terms = self.conjunction()?;
            let or_next = self.lex.skip_spaces().is_some() && self.lex.eat_keyword("or");
            if terms.is_empty() && (or_next || !alternatives.is_empty()) {
                return Err(QueryError { offset: at, message: "`or` needs a term on each side".into() });
            }
            alternatives.push(Filter { terms });
            if !or_next {
                break;
            }
        }
        Ok(match alternatives.len() {
            1 => alternatives.pop().unwrap_or_default(),
            _ => Filter { terms: vec![Term { negated: false, kind: TermKind::Any(alternatives) }] },
        })
    }

    /// Terms up to the end, a `)` or an `or`.
    fn conjunction(&mut self) -> Result<Vec<Term>, QueryError> {
        let mut terms = Vec::new();
        while let Some(start) = self.lex.skip_spaces() {
            if self.lex.peek() == Some(')') || self.lex.at_keyword("or") {
                break;
            }
            if self.lex.eat_keyword("and") {
                continue;
            }
            self.term(start, &mut terms)?;
        }
        Ok(terms)
    }

    /// One term (or a group's terms) into `terms`.
    fn term(&mut self, start: usize, terms: &mut Vec<Term>) -> Result<(), QueryError> {
        let negated = self.lex.eat('-');
        if self.lex.eat('(') {
            return self.group(start, negated, terms);
        }
        let word_start = self.lex.pos;
        let head = self.lex.bare();
        let kind = if self.lex.eat(':') {
            self.keyed(&head, word_start)?
        } else if head.is_empty() {
            // A quoted phrase (or a lone `-`).
            TermKind::Words(self.lex.value()?)
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
        Ok(())
    }

    /// `( … )`, the lexer past the `(`: its terms join the conjunction, or
    /// become one term when negated or when they are alternatives.
    fn group(&mut self, start: usize, negated: bool, terms: &mut Vec<Term>) -> Result<(), QueryError> {
        if self.depth == MAX_DEPTH {
            return Err(QueryError { offset: start, message: format!("parentheses nested deeper than {MAX_DEPTH}") });
        }
        self.depth += 1;
        let inner = self.alternatives()?;
        self.depth -= 1;
        self.lex.skip_spaces();
        if !self.lex.eat(')') {
            return Err(QueryError { offset: start, message: "`(` without a `)` after it".into() });
        }
        if inner.terms.is_empty() {
            return Err(QueryError { offset: start, message: "empty parentheses".into() });
        }
        if !negated {
            terms.extend(inner.terms);
            return Ok(());
        }
        let kind = match <[Term; 1]>::try_from(inner.terms) {
            Ok([Term { negated: false, kind: TermKind::Any(alternatives) }]) => TermKind::Any(alternatives),
            Ok([single]) => TermKind::Any(vec![Filter { terms: vec![single] }]),
            Err(terms) => TermKind::Any(vec![Filter { terms }]),
        };
        terms.push(Term { negated: true, kind });
        Ok(())
    }

    /// The value of `key:` (the lexer past the colon).
    fn keyed(&mut self, key: &str, at: usize) -> Result<TermKind, QueryError> {
        let key = key.to_lowercase();
        let field = match key.as_str() {
            "title" => Some(Field::Title),
            "author" => Some(Field::Author),
            "content" => Some(Field::Content),
            "link" => Some(Field::Link),
            "feed" => Some(Field::Feed),
            _ => None,
        };
        if let Some(field) = field
            && self.lex.peek() == Some('/')
        {
            return Ok(TermKind::Regex(field, self.lex.pattern()?));
        }
        let value = self.lex.value()?;
        term_for_key(&key, value, at)
    }
}

fn term_for_key(key: &str, value: String, at: usize) -> Result<TermKind, QueryError> {
    let empty = |what: &str| QueryError { offset: at, message: format!("{what} needs a value") };
    if value.trim().is_empty() {
        return Err(empty(&format!("{key}:")));
    }
    let age = |value: &str| {
        duration(value).ok_or_else(|| QueryError {
            offset: at,
            message: format!("{key}: takes a number and h, d or w, like {key}:7d (got \"{value}\")"),
        })
    };
    Ok(match key {
        "tag" => TermKind::Tag(value),
        "feed" => TermKind::Feed(value),
        "title" => TermKind::Title(value),
        "author" => TermKind::Author(value),
        "content" => TermKind::Content(value),
        "link" => TermKind::Link(value),
        "newer" => TermKind::Newer(age(&value)?),
        "older" => TermKind::Older(age(&value)?),
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
                message:
                    "unknown filter `tga:` (expected tag:, feed:, title:, author:, content:, link:, newer:, older:)"
                        .into()
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
            "unknown filter `tga:` (expected tag:, feed:, title:, author:, content:, link:, newer:, older:) (at character 3)"
        );
    }
}
