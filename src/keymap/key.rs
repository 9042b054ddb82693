//! One key press as the keymap sees it, how the config writes it
//! (`j`, `Enter`, `Ctrl-a`, `Alt-x`, `g g`) and how the help shows it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key with its modifiers (Shift is folded into the character for letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Names of keys that are not one character, as the config writes them.
const NAMED: [(&str, KeyCode); 15] = [
    ("space", KeyCode::Char(' ')),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
];

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, mods: KeyModifiers::NONE }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
    }

    /// Normalises a terminal key event: Shift on a character is already in the
    /// character itself, so it is dropped to make `G` match however it arrives;
    /// Ctrl with a letter is the same key whatever its case.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = ev.code;
        if let KeyCode::Char(c) = code {
            mods.remove(KeyModifiers::SHIFT);
            if mods.contains(KeyModifiers::CONTROL) {
                code = KeyCode::Char(c.to_ascii_lowercase());
            }
        }
        if code == KeyCode::BackTab {
            mods.remove(KeyModifiers::SHIFT);
        }
        Key { code, mods }
    }

    /// Parses one key: `j`, `G`, `?`, `Enter`, `Ctrl-a`, `Alt-x`, `Shift-Tab`, `F5`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text;
        let mut mods = KeyModifiers::NONE;
        loop {
            let lower = rest.to_ascii_lowercase();
            let cut = ["ctrl-", "c-", "alt-", "a-", "m-", "shift-", "s-"].into_iter().find(|p| {
                // `c-` alone or `-` alone is a key, not a prefix.
                lower.starts_with(p) && rest.len() > p.len()
            });
            let Some(prefix) = cut else { break };
            mods |= match prefix {
                "ctrl-" | "c-" => KeyModifiers::CONTROL,
                "alt-" | "a-" | "m-" => KeyModifiers::ALT,
                _ => KeyModifiers::SHIFT,
            };
            rest = &rest[prefix.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => named(rest).ok_or_else(|| format!("unknown key \"{text}\""))?,
        };
        let mut key = Key { code, mods };
        // Shift-Tab is how terminals send BackTab; Shift with a character is the character.
        if key.code == KeyCode::Tab && mods.contains(KeyModifiers::SHIFT) {
            key.code = KeyCode::BackTab;
        }
        if let KeyCode::Char(c) = key.code
            && mods.contains(KeyModifiers::SHIFT)
        {
            key.code = KeyCode::Char(c.to_ascii_uppercase());
        }
        Ok(Key::from_event(&KeyEvent::new(key.code, key.mods)))
    }

    /// How the key is written in the help: `j`, `Enter`, `Ctrl-C`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            // Ctrl-C, as people write it, though the terminal sends 'c'.
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PageUp".into(),
            KeyCode::PageDown => "PageDown".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        label + &base
    }
}

fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=12).contains(n)) {
        return Some(KeyCode::F(n));
    }
    let alias = match lower.as_str() {
        "return" => "enter",
        "escape" => "esc",
        "pgup" => "pageup",
        "pgdn" | "pgdown" => "pagedown",
        "del" => "delete",
        "end" => return Some(KeyCode::End),
        other => other,
    };
    NAMED.iter().find(|(n, _)| *n == alias).map(|(_, code)| *code)
}

/// Parses a sequence: keys separated by spaces (`g g`, `Ctrl-x Ctrl-s`).
pub fn parse_sequence(text: &str) -> Result<Vec<Key>, String> {
    let keys: Vec<Key> = text.split_whitespace().map(Key::parse).collect::<Result<_, _>>()?;
    if keys.is_empty() {
        return Err("empty key".into());
    }
    Ok(keys)
}

/// `g g`, `Ctrl-A`.
pub fn sequence_label(keys: &[Key]) -> String {
    keys.iter().map(Key::label).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_label() {
        let table = [
            ("j", Key::ch('j'), "j"),
            ("G", Key::ch('G'), "G"),
            ("?", Key::ch('?'), "?"),
            ("-", Key::ch('-'), "-"),
            ("Space", Key::ch(' '), "Space"),
            ("enter", Key::plain(KeyCode::Enter), "Enter"),
            ("Ctrl-a", Key::ctrl('a'), "Ctrl-A"),
            ("C-A", Key::ctrl('a'), "Ctrl-A"),
            ("Alt-x", Key { code: KeyCode::Char('x'), mods: KeyModifiers::ALT }, "Alt-x"),
            ("Shift-g", Key::ch('G'), "G"),
            ("Shift-Tab", Key::plain(KeyCode::BackTab), "Shift-Tab"),
            ("PgDn", Key::plain(KeyCode::PageDown), "PageDown"),
            ("F5", Key::plain(KeyCode::F(5)), "F5"),
            ("End", Key::plain(KeyCode::End), "End"),
        ];
        for (text, key, label) in table {
            assert_eq!(Key::parse(text), Ok(key), "{text}");
            assert_eq!(key.label(), label, "{text}");
        }
        assert_eq!(Key::parse("Ctrl-"), Err("unknown key \"Ctrl-\"".into()));
        assert!(Key::parse("Hyper-x").is_err());
        assert!(Key::parse("F13").is_err());
        assert_eq!(parse_sequence("g  g"), Ok(vec![Key::ch('g'), Key::ch('g')]));
        assert_eq!(sequence_label(&parse_sequence("Ctrl-x Ctrl-s").unwrap()), "Ctrl-X Ctrl-S");
        assert!(parse_sequence("  ").is_err());
    }

    #[test]
    fn events_are_normalised() {
        let ev = |code, mods| Key::from_event(&KeyEvent::new(code, mods));
        assert_eq!(ev(KeyCode::Char('G'), KeyModifiers::SHIFT), Key::ch('G'));
        assert_eq!(ev(KeyCode::Char('A'), KeyModifiers::CONTROL | KeyModifiers::SHIFT), Key::ctrl('a'));
        assert_eq!(ev(KeyCode::BackTab, KeyModifiers::SHIFT), Key::plain(KeyCode::BackTab));
    }
}
