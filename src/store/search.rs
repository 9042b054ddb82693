//! Full-text search (FTS5): what the user typed as FTS syntax. The search
//! itself is a listing like any other (`Listing::search`), paged the same way.

/// The words of `text`: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// Turns what the user typed into an FTS5 query: each word must match as a
/// prefix (so results follow typing), and the user's text is quoted so its
/// punctuation is never FTS syntax.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = words(text).map(term).collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Shortest Latin word matched as a prefix: `s*` would merge the postings of
/// every word starting with s (most of the index) on the first key typed,
/// for results nobody reads. Shorter ones match whole words; CJK runs are
/// single tokens, so they always match as prefixes.
const MIN_PREFIX: usize = 3;

fn term(word: &str) -> String {
    if word.is_ascii() && word.len() < MIN_PREFIX { format!("\"{word}\"") } else { format!("\"{word}\"*") }
}

/// The words of `text` as one phrase whose last word may be a prefix
/// (`"release notes"*`); None when it has no words.
pub(super) fn fts_phrase(text: &str) -> Option<String> {
    let words: Vec<&str> = words(text).collect();
    (!words.is_empty()).then(|| format!("\"{}\"*", words.join(" ")))
}
