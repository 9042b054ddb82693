//! Regular expressions of queries (`title:/^Sponsored/`): bounded in size
//! so a pattern from the config cannot take the memory or the time of every
//! item it is tested on.

use regex::{Regex, RegexBuilder};

/// Longest pattern accepted, in bytes.
pub const MAX_PATTERN: usize = 1_000;
/// Compiled program size limit (the `regex` crate's default is 10 MiB).
const SIZE_LIMIT: usize = 1 << 20;
/// Lazy DFA cache per regex.
const DFA_SIZE_LIMIT: usize = 1 << 20;

/// A regular expression as written: the pattern and its one flag.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    pub source: String,
    /// `/…/i`: letters match without case.
    pub ignore_case: bool,
}

impl Pattern {
    /// The compiled expression; `Err` is one line saying why it is not one.
    pub fn compile(&self) -> Result<Regex, String> {
        compile(&self.source, self.ignore_case)
    }

    /// The pattern with its flag as one string (`(?i)` prefix), the form the
    /// store passes to its SQL function.
    pub fn with_flags(&self) -> String {
        if self.ignore_case { format!("(?i){}", self.source) } else { self.source.clone() }
    }
}

/// Compiles `source` within the size limits.
pub fn compile(source: &str, ignore_case: bool) -> Result<Regex, String> {
    if source.len() > MAX_PATTERN {
        return Err(format!("regular expression longer than {MAX_PATTERN} bytes"));
    }
    RegexBuilder::new(source)
        .case_insensitive(ignore_case)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| describe(&e))
}

/// The `regex` crate's message, which draws the pattern over several lines,
/// as one line.
fn describe(error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(_) => "regular expression too large".into(),
        regex::Error::Syntax(text) => {
            let reason = text.lines().rev().find_map(|l| l.strip_prefix("error: ")).unwrap_or(text.as_str());
            format!("invalid regular expression: {reason}")
        }
        other => format!("invalid regular expression: {other}"),
    }
}
