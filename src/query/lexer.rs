//! Characters of a query to tokens: words, `key:` heads, values (bare,
//! quoted or `/regex/flags`), parentheses.

use super::QueryError;
use super::pattern::Pattern;

pub(super) struct Lexer {
    chars: Vec<char>,
    pub(super) pos: usize,
}

/// Ends a bare word (a term without a key, or a key).
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '"' | '(' | ')')
}

/// Ends a bare value (after `key:`): a value may hold colons and quotes.
fn ends_value(c: char) -> bool {
    c.is_whitespace() || c == ')'
}

impl Lexer {
    pub(super) fn new(text: &str) -> Lexer {
        Lexer { chars: text.chars().collect(), pos: 0 }
    }

    /// Moves past spaces; the position of the next token, if any.
    pub(super) fn skip_spaces(&mut self) -> Option<usize> {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
        (self.pos < self.chars.len()).then_some(self.pos)
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    pub(super) fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        self.pos += usize::from(hit);
        hit
    }

    /// Whether the next token is the bare word `word` (any case, not a `key:`).
    pub(super) fn at_keyword(&self, word: &str) -> bool {
        self.keyword_end(word).is_some()
    }

    /// `at_keyword`, moving past the word when it is there.
    pub(super) fn eat_keyword(&mut self, word: &str) -> bool {
        let end = self.keyword_end(word);
        if let Some(end) = end {
            self.pos = end;
        }
        end.is_some()
    }

    fn keyword_end(&self, word: &str) -> Option<usize> {
        let end = self.chars[self.pos..].iter().position(|c| ends_word(*c)).map_or(self.chars.len(), |n| self.pos + n);
        let token: String = self.chars[self.pos..end].iter().collect();
        (token.eq_ignore_ascii_case(word) && self.chars.get(end) != Some(&':')).then_some(end)
    }

    /// Characters up to a space, a colon, a quote or a parenthesis.
    pub(super) fn bare(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|c| !ends_word(c)) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    /// A quoted string, or characters up to a space or a closing parenthesis.
    pub(super) fn value(&mut self) -> Result<String, QueryError> {
        let start = self.pos;
        if !self.eat('"') {
            while self.peek().is_some_and(|c| !ends_value(c)) {
                self.pos += 1;
            }
            return Ok(self.chars[start..self.pos].iter().collect());
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

    /// `/pattern/flags` (the lexer is on the first slash): `\/` stands for a
    /// slash in the pattern; the only flag is `i`.
    pub(super) fn pattern(&mut self) -> Result<Pattern, QueryError> {
        let start = self.pos;
        self.pos += 1;
        let mut source = String::new();
        loop {
            match self.peek() {
                None => return Err(QueryError { offset: start, message: "unclosed regular expression".into() }),
                Some('/') => break,
                Some('\\') if self.chars.get(self.pos + 1) == Some(&'/') => {
                    source.push('/');
                    self.pos += 2;
                }
                Some('\\') => {
                    source.push('\\');
                    source.extend(self.chars.get(self.pos + 1));
                    self.pos += 2;
                }
                Some(c) => {
                    source.push(c);
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        let mut ignore_case = false;
        while let Some(c) = self.peek().filter(|c| !ends_value(*c)) {
            if c != 'i' {
                let message = format!("unknown regular expression flag `{c}` (the only flag is i)");
                return Err(QueryError { offset: self.pos, message });
            }
            ignore_case = true;
            self.pos += 1;
        }
        if source.is_empty() {
            return Err(QueryError { offset: start, message: "empty regular expression".into() });
        }
        let pattern = Pattern { source, ignore_case };
        // The pattern starts after the slash: errors point into it.
        pattern.compile().map_err(|message| QueryError { offset: start + 1, message })?;
        Ok(pattern)
    }
}
