//! Inline text as HTML lays it out: runs of ASCII whitespace collapse to one
//! space, leading and trailing spaces of a line vanish, `<br>` breaks.
//! NBSP and other Unicode spaces are kept as written (they do not collapse).

use ratatui::style::Style;

use super::doc::Run;

/// Collects the runs of one paragraph (or heading, cell, caption...).
#[derive(Debug, Default)]
pub(super) struct Inline {
    runs: Vec<Run>,
    /// Whitespace seen since the last character, not written yet.
    space: bool,
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

impl Inline {
    /// Text from the document, whitespace collapsed.
    pub(super) fn text(&mut self, s: &str, style: Style) {
        for piece in s.split(is_html_space) {
            if piece.is_empty() {
                self.space = true;
                continue;
            }
            self.word(piece, style);
            self.space = true;
        }
        // `split` yields a last piece after the last separator; a text that
        // does not end in whitespace must not leave a pending space.
        if !s.ends_with(is_html_space) {
            self.space = false;
        }
    }

    /// Text kept verbatim (inside `<pre>`): newlines break, spaces stay.
    pub(super) fn verbatim(&mut self, s: &str, style: Style) {
        self.flush_space();
        self.push(s, style);
    }

    /// A word that takes the pending space before it (link markers, image labels).
    pub(super) fn word(&mut self, s: &str, style: Style) {
        self.flush_space();
        self.push(s, style);
    }

    /// Whitespace between two things, collapsed with any other.
    pub(super) fn space(&mut self) {
        self.space = true;
    }

    pub(super) fn hard_break(&mut self) {
        self.space = false;
        self.push("\n", Style::new());
    }

    /// Nothing but whitespace and breaks so far.
    pub(super) fn is_blank(&self) -> bool {
        self.runs.iter().all(|r| r.text.trim().is_empty())
    }

    /// The runs collected, with trailing breaks and spaces removed; empty when blank.
    pub(super) fn take(&mut self) -> Vec<Run> {
        self.space = false;
        if self.is_blank() {
            self.runs.clear();
            return Vec::new();
        }
        let mut runs = std::mem::take(&mut self.runs);
        while let Some(last) = runs.last_mut() {
            let kept = last.text.trim_end_matches([' ', '\n']).len();
            last.text.truncate(kept);
            if !last.text.is_empty() {
                break;
            }
            runs.pop();
        }
        runs
    }

    /// Writes the pending space unless the line is still empty.
    fn flush_space(&mut self) {
        if !std::mem::take(&mut self.space) {
            return;
        }
        if let Some(last) = self.runs.last_mut()
            && !last.text.ends_with(['\n', ' '])
        {
            // The space goes with the text before it, so a link's underline
            // does not reach into the space that precedes it.
            last.text.push(' ');
        }
    }

    fn push(&mut self, s: &str, style: Style) {
        match self.runs.last_mut() {
            Some(last) if last.style == style => last.text.push_str(s),
            _ => self.runs.push(Run { text: s.to_owned(), style }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::doc::plain;

    fn collect(parts: &[&str]) -> String {
        let mut inline = Inline::default();
        for p in parts {
            inline.text(p, Style::new());
        }
        plain(&inline.take())
    }

    #[test]
    fn collapses_like_html() {
        assert_eq!(collect(&["  a \n\t b  ", " c", "d "]), "a b cd");
        assert_eq!(collect(&["\u{a0}kept\u{a0}\u{a0}nbsp "]), "\u{a0}kept\u{a0}\u{a0}nbsp");
        assert_eq!(collect(&["   ", "\n"]), "");
    }

    #[test]
    fn breaks_drop_surrounding_spaces() {
        let mut inline = Inline::default();
        inline.text("one ", Style::new());
        inline.hard_break();
        inline.text(" two", Style::new());
        inline.hard_break();
        assert_eq!(plain(&inline.take()), "one\ntwo");
    }
}
