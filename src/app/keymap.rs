//! Keys to actions. A pure table so it can be tested and shown in the help.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// One key with its modifiers (Shift is folded into the character for letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

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
    /// character itself, so it is dropped to make `G` match however it arrives.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(ev.code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
        }
        Key { code: ev.code, mods }
    }

    /// How the key is written in the help: `j`, `Enter`, `Ctrl-c`.
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
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PageUp".into(),
            KeyCode::PageDown => "PageDown".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
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

/// The bindings in force: an ordered list so the help shows them as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Action::*;
        use KeyCode as K;
        let bindings = vec![
            (Key::ch('k'), Up),
            (Key::plain(K::Up), Up),
            (Key::ch('j'), Down),
            (Key::plain(K::Down), Down),
            (Key::ch('g'), Top),
            (Key::plain(K::Home), Top),
            (Key::ch('G'), Bottom),
            (Key::plain(K::End), Bottom),
            (Key::ch(' '), PageDown),
            (Key::plain(K::PageDown), PageDown),
            (Key::plain(K::PageUp), PageUp),
            (Key::plain(K::Enter), Open),
            (Key::ch('l'), Open),
            (Key::plain(K::Right), Open),
            (Key::ch('h'), Back),
            (Key::plain(K::Esc), Back),
            (Key::plain(K::Left), Back),
            (Key::plain(K::Tab), NextPane),
            (Key::ch('n'), NextUnread),
            (Key::ch('m'), ToggleRead),
            (Key::ch('A'), MarkFeedRead),
            (Key::ch('r'), RefreshFeed),
            (Key::ch('R'), RefreshAll),
            (Key::ch('o'), OpenLink),
            (Key::ch('1'), OpenLinkNumber(1)),
            (Key::ch('2'), OpenLinkNumber(2)),
            (Key::ch('3'), OpenLinkNumber(3)),
            (Key::ch('4'), OpenLinkNumber(4)),
            (Key::ch('5'), OpenLinkNumber(5)),
            (Key::ch('6'), OpenLinkNumber(6)),
            (Key::ch('7'), OpenLinkNumber(7)),
            (Key::ch('8'), OpenLinkNumber(8)),
            (Key::ch('9'), OpenLinkNumber(9)),
            (Key::ch('#'), LinkPrompt),
            (Key::ch('L'), ShowLinks),
            (Key::ch('y'), CopyLink),
            (Key::ch('e'), PlayEnclosure),
            (Key::ch('f'), ToggleFullText),
            (Key::ch('a'), AddFeed),
            (Key::ch('d'), RemoveFeed),
            (Key::ch('E'), EditConfig),
            (Key::ch('?'), Help),
            (Key::ch('q'), Quit),
            (Key::ctrl('c'), Quit),
        ];
        Keymap { bindings }
    }
}

impl Keymap {
    /// The action bound to a key press, if any. Releases and repeats of other
    /// kinds are ignored (Windows reports both press and release).
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        if ev.kind != KeyEventKind::Press {
            return None;
        }
        let key = Key::from_event(ev);
        self.bindings.iter().find(|(k, _)| *k == key).map(|(_, a)| *a)
    }

    /// (keys, description) for every action, as the help overlay and the
    /// README list them.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        Action::ALL
            .iter()
            .map(|a| {
                let keys: Vec<String> = match a {
                    // Nine keys, one row: `1–9`.
                    Action::OpenLinkNumber(_) => {
                        let digits: Vec<String> = self
                            .bindings
                            .iter()
                            .filter(|(_, b)| matches!(b, Action::OpenLinkNumber(_)))
                            .map(|(k, _)| k.label())
                            .collect();
                        match (digits.first(), digits.last()) {
                            (Some(first), Some(last)) if digits.len() > 1 => vec![format!("{first}–{last}")],
                            _ => digits,
                        }
                    }
                    _ => self.keys_for(*a).iter().map(|k| k.label()).collect(),
                };
                (keys.join(" "), a.description())
            })
            .collect()
    }

    /// Keys bound to `action`, in binding order.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.bindings.iter().filter(|(_, a)| *a == action).map(|(k, _)| *k).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn default_bindings() {
        let km = Keymap::default();
        let table = [
            (press(KeyCode::Char('j'), KeyModifiers::NONE), Some(Action::Down)),
            (press(KeyCode::Down, KeyModifiers::NONE), Some(Action::Down)),
            (press(KeyCode::Char('G'), KeyModifiers::SHIFT), Some(Action::Bottom)),
            (press(KeyCode::Char('G'), KeyModifiers::NONE), Some(Action::Bottom)),
            (press(KeyCode::Char('c'), KeyModifiers::CONTROL), Some(Action::Quit)),
            (press(KeyCode::Char('c'), KeyModifiers::NONE), None),
            (press(KeyCode::Char(' '), KeyModifiers::NONE), Some(Action::PageDown)),
            (press(KeyCode::Esc, KeyModifiers::NONE), Some(Action::Back)),
            (press(KeyCode::Char('x'), KeyModifiers::NONE), None),
        ];
        for (ev, want) in table {
            assert_eq!(km.action(&ev), want, "{ev:?}");
        }
    }

    #[test]
    fn releases_are_ignored() {
        let mut ev = press(KeyCode::Char('q'), KeyModifiers::NONE);
        ev.kind = KeyEventKind::Release;
        assert_eq!(Keymap::default().action(&ev), None);
    }

    #[test]
    fn every_action_has_a_key() {
        let km = Keymap::default();
        for a in Action::ALL {
            assert!(!km.keys_for(a).is_empty(), "{a:?} has no key");
        }
    }
}
