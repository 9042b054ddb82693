//! The one line of text every prompt types into: the search, a feed's
//! address, a link or enclosure number, a command, a path. Characters append
//! (up to a maximum, through an optional filter), Backspace erases the last
//! one, Ctrl-W the last word (or path component), Ctrl-U clears the line;
//! Enter submits, Esc or Ctrl-C cancels. No cursor moves.

use crossterm::event::{KeyCode, KeyModifiers};

use crate::keymap::Key;

/// The characters a line takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// Any printable character.
    Text,
    /// ASCII digits only.
    Digits,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputLine {
    text: String,
    /// Longest text taken, in characters (a paste of a whole page is cut).
    max: usize,
    accept: Accept,
}

/// What a key did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// A character typed or erased, or the line cleared.
    Edited,
    /// Enter.
    Submit,
    /// Esc or Ctrl-C.
    Cancel,
    /// A key the line has no use for (an arrow, a refused character).
    Ignored,
}

impl InputLine {
    /// A line holding as much of `text` as it accepts.
    pub fn new(text: &str, max: usize, accept: Accept) -> InputLine {
        let mut line = InputLine { text: String::new(), max, accept };
        for c in text.chars() {
            line.push(c);
        }
        line
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn edit(&mut self, key: Key) -> Edit {
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        if cancels(key) {
            return Edit::Cancel;
        }
        match key.code {
            KeyCode::Enter => Edit::Submit,
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                Edit::Edited
            }
            KeyCode::Backspace => {
                self.text.pop();
                Edit::Edited
            }
            KeyCode::Char('w') if ctrl => {
                let word_end = |c: char| c.is_whitespace() || c == '/';
                let kept = self.text.trim_end_matches(word_end).trim_end_matches(|c| !word_end(c)).len();
                self.text.truncate(kept);
                Edit::Edited
            }
            KeyCode::Char(c) if !ctrl && self.push(c) => Edit::Edited,
            _ => Edit::Ignored,
        }
    }

    /// Appends `c` if the line takes it; whether it did.
    fn push(&mut self, c: char) -> bool {
        let fits = !c.is_control() && self.text.chars().count() < self.max;
        let taken = fits
            && match self.accept {
                Accept::Text => true,
                Accept::Digits => c.is_ascii_digit(),
            };
        if taken {
            self.text.push(c);
        }
        taken
    }
}

/// Esc or Ctrl-C: the key that closes a modal without acting.
pub(super) fn cancels(key: Key) -> bool {
    key.code == KeyCode::Esc || (key.code == KeyCode::Char('c') && key.mods.contains(KeyModifiers::CONTROL))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(line: &mut InputLine, keys: &[Key]) -> Vec<Edit> {
        keys.iter().map(|k| line.edit(*k)).collect()
    }

    #[test]
    fn digits_only_up_to_the_maximum() {
        let mut line = InputLine::new("", 3, Accept::Digits);
        let edits = typed(&mut line, &[Key::ch('1'), Key::ch('x'), Key::ch('2'), Key::ch('3'), Key::ch('4')]);
        assert_eq!(edits, [Edit::Edited, Edit::Ignored, Edit::Edited, Edit::Edited, Edit::Ignored]);
        assert_eq!(line.text(), "123");
    }

    #[test]
    fn erases_clears_submits_and_cancels() {
        let mut line = InputLine::new("ab", 10, Accept::Text);
        line.edit(Key::plain(KeyCode::Backspace));
        assert_eq!(line.text(), "a");
        assert_eq!(line.edit(Key::ctrl('x')), Edit::Ignored, "a Ctrl key is not text");
        line.edit(Key::ctrl('u'));
        assert_eq!(line.text(), "");
        let mut line = InputLine::new("~/Downloads/Un titre.md", 100, Accept::Text);
        line.edit(Key::ctrl('w'));
        assert_eq!(line.text(), "~/Downloads/Un ");
        line.edit(Key::ctrl('w'));
        assert_eq!(line.text(), "~/Downloads/");
        line.edit(Key::ctrl('w'));
        assert_eq!(line.text(), "~/");
        line.edit(Key::ctrl('w'));
        line.edit(Key::ctrl('w'));
        assert_eq!(line.text(), "");
        assert_eq!(line.edit(Key::plain(KeyCode::Enter)), Edit::Submit);
        assert_eq!(line.edit(Key::plain(KeyCode::Esc)), Edit::Cancel);
        assert_eq!(line.edit(Key::ctrl('c')), Edit::Cancel);
        assert_eq!(line.edit(Key::plain(KeyCode::Up)), Edit::Ignored);
    }
}
