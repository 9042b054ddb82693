//! The query language as tables: what each text parses to, and where each
//! mistake is reported.

use tidings::query::{Field, Filter, Pattern, Term, TermKind, parse};

fn t(kind: TermKind) -> Term {
    Term { negated: false, kind }
}

fn not(kind: TermKind) -> Term {
    Term { negated: true, kind }
}

fn all(terms: Vec<Term>) -> Filter {
    Filter { terms }
}

fn any(alternatives: Vec<Vec<Term>>) -> TermKind {
    TermKind::Any(alternatives.into_iter().map(all).collect())
}

fn re(field: Field, source: &str, ignore_case: bool) -> TermKind {
    TermKind::Regex(field, Pattern { source: source.into(), ignore_case })
}

fn words(w: &str) -> TermKind {
    TermKind::Words(w.into())
}

#[test]
fn what_queries_parse_to() {
    use TermKind::*;
    let table: Vec<(&str, Vec<Term>)> = vec![
        ("title:/^Sponsored/", vec![t(re(Field::Title, "^Sponsored", false))]),
        ("author:/bot$/i", vec![t(re(Field::Author, "bot$", true))]),
        ("-content:/free (trial|shipping)/i", vec![not(re(Field::Content, "free (trial|shipping)", true))]),
        ("link:/^https:\\/\\/youtu/", vec![t(re(Field::Link, "^https://youtu", false))]),
        ("feed:/^(lwn|hn)$/i", vec![t(re(Field::Feed, "^(lwn|hn)$", true))]),
        ("title:/a b/ x", vec![t(re(Field::Title, "a b", false)), t(words("x"))]),
        ("older:2d newer:1w", vec![t(Older(2 * 86_400)), t(Newer(7 * 86_400))]),
        (
            "link:youtube.com content:\"async closures\"",
            vec![t(Link("youtube.com".into())), t(Content("async closures".into()))],
        ),
        ("a or b", vec![t(any(vec![vec![t(words("a"))], vec![t(words("b"))]]))]),
        ("a b OR c", vec![t(any(vec![vec![t(words("a")), t(words("b"))], vec![t(words("c"))]]))]),
        ("(a or b) c", vec![t(any(vec![vec![t(words("a"))], vec![t(words("b"))]])), t(words("c"))]),
        ("(a b) c", vec![t(words("a")), t(words("b")), t(words("c"))]),
        ("a and b", vec![t(words("a")), t(words("b"))]),
        ("-(a or tag:x)", vec![not(any(vec![vec![t(words("a"))], vec![t(Tag("x".into()))]]))]),
        ("-(a b)", vec![not(any(vec![vec![t(words("a")), t(words("b"))]]))]),
        ("-(a)", vec![not(any(vec![vec![t(words("a"))]]))]),
        (
            "unread (feed:lwn or (tag:kernel -starred))",
            vec![t(Unread), t(any(vec![vec![t(Feed("lwn".into()))], vec![t(Tag("kernel".into())), not(Starred)]]))],
        ),
        ("\"or\" orange", vec![t(words("or")), t(words("orange"))]),
        ("tag:rust", vec![t(Tag("rust".into()))]),
    ];
    for (text, want) in table {
        assert_eq!(parse(text).unwrap_or_else(|e| panic!("{text}: {e}")).terms, want, "{text}");
    }
}

#[test]
fn where_mistakes_are_reported() {
    let table: &[(&str, usize, &str)] = &[
        ("title:/(unclosed/", 7, "invalid regular expression: unclosed group"),
        ("x author:/a/q", 12, "unknown regular expression flag `q` (the only flag is i)"),
        ("title:/abc", 6, "unclosed regular expression"),
        ("title://", 6, "empty regular expression"),
        ("(a or b", 0, "`(` without a `)` after it"),
        ("a or b)", 6, "`)` without a `(` before it"),
        ("a or", 4, "`or` needs a term on each side"),
        ("or a", 0, "`or` needs a term on each side"),
        ("a () b", 2, "empty parentheses"),
        ("older:3y", 0, "older: takes a number and h, d or w, like older:7d (got \"3y\")"),
        ("link:", 0, "link: needs a value"),
        ("title:(x)", 8, "`)` without a `(` before it"),
    ];
    for (text, offset, message) in table {
        let err = parse(text).err().unwrap_or_else(|| panic!("{text} parses"));
        assert_eq!((err.offset, err.message.as_str()), (*offset, *message), "{text}");
    }
    let deep = "(".repeat(40) + "a" + &")".repeat(40);
    assert!(parse(&deep).unwrap_err().message.starts_with("parentheses nested deeper"));
    let huge = format!("title:/{}/", "a".repeat(tidings::query::MAX_PATTERN + 1));
    assert!(parse(&huge).unwrap_err().message.contains("longer than"));
    // A pattern within the length that would compile to a huge program.
    assert_eq!(parse("title:/\\w{1000}\\w{1000}/").unwrap_err().message, "regular expression too large");
}
