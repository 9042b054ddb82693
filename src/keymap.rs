//! Key sequences to actions. A pure table, built from the defaults and the
//! config's `[keys]`, so it can be tested and shown in the help. A leaf:
//! the config checks its `[keys]` through it, the app looks keys up in it.

mod action;
mod key;

use std::collections::BTreeMap;

use crossterm::event::KeyCode;
use serde::Deserialize;

pub use action::Action;
pub use key::{Key, parse_sequence, sequence_label};

/// The keys of one `[keys]` entry: `quit = "q"` or `quit = ["q", "Ctrl-c"]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged, expecting = "expected a key like \"q\" or a list like [\"q\", \"Ctrl-c\"]")]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn keys(&self) -> &[String] {
        match self {
            KeyList::One(key) => std::slice::from_ref(key),
            KeyList::Many(keys) => keys,
        }
    }
}

/// The bindings in force: an ordered list so the help shows them as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(Vec<Key>, Action)>,
}

/// What the keys typed so far mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The start of a longer binding: wait for the next key.
    Pending,
    Unbound,
}

/// A `[keys]` entry the keymap cannot take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    /// The entry's action name as written.
    pub action: String,
    /// Which key of the entry's list; None for the name itself.
    pub index: Option<usize>,
    pub message: String,
}

fn defaults() -> Vec<(Vec<Key>, Action)> {
    use Action::*;
    use KeyCode as K;
    let one = |k: Key, a: Action| (vec![k], a);
    vec![
        one(Key::ch('k'), Up),
        one(Key::plain(K::Up), Up),
        one(Key::ch('j'), Down),
        one(Key::plain(K::Down), Down),
        (vec![Key::ch('g'), Key::ch('g')], Top),
        one(Key::plain(K::Home), Top),
        one(Key::ch('G'), Bottom),
        one(Key::plain(K::End), Bottom),
        one(Key::ch(' '), PageDown),
        one(Key::plain(K::PageDown), PageDown),
        one(Key::plain(K::PageUp), PageUp),
        one(Key::plain(K::Enter), Open),
        one(Key::ch('l'), Open),
        one(Key::plain(K::Right), Open),
        one(Key::ch('h'), Back),
        one(Key::plain(K::Esc), Back),
        one(Key::plain(K::Left), Back),
        one(Key::plain(K::Tab), NextPane),
        one(Key::ch('n'), NextUnread),
        one(Key::ch('N'), PrevUnread),
        one(Key::ch('J'), NextItem),
        one(Key::ch('K'), PrevItem),
        one(Key::ch('m'), ToggleRead),
        one(Key::ch('s'), ToggleStar),
        one(Key::ch('A'), MarkFeedRead),
        one(Key::ctrl('a'), MarkAllRead),
        one(Key::ch('U'), Undo),
        one(Key::ch('u'), ToggleHideRead),
        one(Key::ch('S'), CycleSort),
        one(Key::ch('F'), CycleFeedSort),
        one(Key::ch('/'), Search),
        one(Key::ch('z'), Zen),
        one(Key::ch('r'), RefreshFeed),
        one(Key::ch('R'), RefreshAll),
        one(Key::ch('o'), OpenLink),
        // OpenReadNext has no default key: `[keys] open_read_next = "..."`.
        one(Key::ch('O'), OpenAllUnread),
        one(Key::ch('1'), OpenLinkNumber(1)),
        one(Key::ch('2'), OpenLinkNumber(2)),
        one(Key::ch('3'), OpenLinkNumber(3)),
        one(Key::ch('4'), OpenLinkNumber(4)),
        one(Key::ch('5'), OpenLinkNumber(5)),
        one(Key::ch('6'), OpenLinkNumber(6)),
        one(Key::ch('7'), OpenLinkNumber(7)),
        one(Key::ch('8'), OpenLinkNumber(8)),
        one(Key::ch('9'), OpenLinkNumber(9)),
        one(Key::ch('#'), LinkPrompt),
        one(Key::ch('L'), ShowLinks),
        one(Key::ch('y'), CopyLink),
        one(Key::ch('e'), PlayEnclosure),
        one(Key::ch('f'), ToggleFullText),
        one(Key::ch('|'), PipeArticle),
        one(Key::ch('w'), SaveArticle),
        one(Key::ch('b'), Bookmark),
        one(Key::ch('a'), AddFeed),
        one(Key::ch('d'), RemoveFeed),
        one(Key::ch('E'), EditConfig),
        one(Key::ch('?'), Help),
        one(Key::ch('q'), Quit),
        one(Key::ctrl('c'), Quit),
        one(Key::ch('i'), FeedInfo),
        one(Key::ch('H'), Unhide),
    ]
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap { bindings: defaults() }
    }
}

impl Keymap {
    /// The defaults with each `[keys]` entry replacing its action's keys
    /// (an empty list unbinds it). Unknown names, unreadable keys and keys
    /// bound twice (or one a prefix of another) are errors, all reported.
    pub fn from_config(keys: &BTreeMap<String, KeyList>) -> Result<Keymap, Vec<KeyError>> {
        let mut errors = Vec::new();
        let mut user: Vec<(Vec<Key>, Action, usize, &str)> = Vec::new();
        for (name, list) in keys {
            let Some(action) = Action::from_name(name) else {
                let message =
                    format!("unknown action `{name}` in [keys] (the names are listed in config.example.toml)");
                errors.push(KeyError { action: name.clone(), index: None, message });
                continue;
            };
            for (i, text) in list.keys().iter().enumerate() {
                match parse_sequence(text) {
                    Ok(seq) => user.push((seq, action, i, name)),
                    Err(message) => errors.push(KeyError { action: name.clone(), index: Some(i), message }),
                }
            }
        }
        let rebound = |a: Action| keys.contains_key(a.name());
        let mut bindings: Vec<(Vec<Key>, Action)> = defaults().into_iter().filter(|(_, a)| !rebound(*a)).collect();
        for (seq, action, i, name) in user {
            let clash = bindings.iter().find(|(k, a)| *a != action && (k.starts_with(&seq) || seq.starts_with(k)));
            if let Some((other, other_action)) = clash {
                let message = conflict(&seq, other, *other_action, rebound(*other_action));
                errors.push(KeyError { action: name.to_owned(), index: Some(i), message });
            } else if !bindings.iter().any(|(k, a)| *k == seq && *a == action) {
                bindings.push((seq, action));
            }
        }
        // User bindings go next to the defaults of the same action, for the help.
        bindings.sort_by_key(|(_, a)| help_position(*a));
        if errors.is_empty() { Ok(Keymap { bindings }) } else { Err(errors) }
    }

    /// What `keys` (typed in this order) mean.
    pub fn lookup(&self, keys: &[Key]) -> Lookup {
        if let Some((_, action)) = self.bindings.iter().find(|(k, _)| k == keys) {
            return Lookup::Action(*action);
        }
        if self.bindings.iter().any(|(k, _)| k.len() > keys.len() && k.starts_with(keys)) {
            return Lookup::Pending;
        }
        Lookup::Unbound
    }

    /// (key labels, description) for every action, as the help overlay and
    /// the README list them.
    pub fn help_rows(&self) -> Vec<(Vec<String>, &'static str)> {
        Action::ALL
            .iter()
            .map(|a| match a {
                // Nine keys, one row: `1–9`.
                Action::OpenLinkNumber(_) => {
                    let digits: Vec<String> = self
                        .bindings
                        .iter()
                        .filter(|(_, b)| matches!(b, Action::OpenLinkNumber(_)))
                        .map(|(k, _)| sequence_label(k))
                        .collect();
                    let keys = match (digits.first(), digits.last()) {
                        (Some(first), Some(last)) if digits.len() > 1 => vec![format!("{first}–{last}")],
                        _ => digits,
                    };
                    (keys, a.description())
                }
                _ => (self.keys_for(*a).iter().map(|k| sequence_label(k)).collect(), a.description()),
            })
            .collect()
    }

    /// Key sequences bound to `action`, in binding order.
    pub fn keys_for(&self, action: Action) -> Vec<Vec<Key>> {
        self.bindings.iter().filter(|(_, a)| *a == action).map(|(k, _)| k.clone()).collect()
    }
}

/// Where an action's row is in the help; the nine link numbers share one.
fn help_position(action: Action) -> Option<usize> {
    let action = if let Action::OpenLinkNumber(_) = action { Action::OpenLinkNumber(1) } else { action };
    Action::ALL.iter().position(|x| *x == action)
}

fn conflict(seq: &[Key], other: &[Key], other_action: Action, rebound: bool) -> String {
    let (seq_l, other_l) = (sequence_label(seq), sequence_label(other));
    let what = if seq == other {
        format!("`{seq_l}` is already bound to {}", other_action.name())
    } else {
        format!("`{seq_l}` and `{other_l}` ({}) start alike, so one could never be typed", other_action.name())
    };
    if rebound { what } else { format!("{what}; rebind or unbind it: {} = []", other_action.name()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(entries: &[(&str, &[&str])]) -> BTreeMap<String, KeyList> {
        entries
            .iter()
            .map(|(name, keys)| (name.to_string(), KeyList::Many(keys.iter().map(|k| k.to_string()).collect())))
            .collect()
    }

    fn seq(text: &str) -> Vec<Key> {
        parse_sequence(text).unwrap()
    }

    #[test]
    fn default_bindings() {
        let km = Keymap::default();
        let table = [
            ("j", Lookup::Action(Action::Down)),
            ("Down", Lookup::Action(Action::Down)),
            ("G", Lookup::Action(Action::Bottom)),
            ("g", Lookup::Pending),
            ("g g", Lookup::Action(Action::Top)),
            ("g j", Lookup::Unbound),
            ("Ctrl-c", Lookup::Action(Action::Quit)),
            ("Ctrl-a", Lookup::Action(Action::MarkAllRead)),
            ("c", Lookup::Unbound),
            ("Space", Lookup::Action(Action::PageDown)),
            ("/", Lookup::Action(Action::Search)),
            ("x", Lookup::Unbound),
        ];
        for (keys, want) in table {
            assert_eq!(km.lookup(&seq(keys)), want, "{keys}");
        }
    }

    #[test]
    fn every_action_has_a_key_and_no_key_two_actions() {
        let km = Keymap::default();
        for a in Action::ALL {
            // The one action left for users to bind.
            let unbound = a == Action::OpenReadNext;
            assert_eq!(km.keys_for(a).is_empty(), unbound, "{a:?}");
        }
        assert_eq!(Keymap::from_config(&BTreeMap::new()), Ok(km));
        // No default is another's key or the start of it.
        let defaults = defaults();
        for (i, (keys, action)) in defaults.iter().enumerate() {
            for (other, other_action) in &defaults[i + 1..] {
                let clash = other.starts_with(keys) || keys.starts_with(other);
                assert!(!clash, "{action:?} and {other_action:?} share {}", sequence_label(keys));
            }
        }
    }

    #[test]
    fn the_article_actions_are_bound_and_rebindable() {
        let km = Keymap::default();
        let table = [
            ("|", Action::PipeArticle),
            ("w", Action::SaveArticle),
            ("b", Action::Bookmark),
            ("O", Action::OpenAllUnread),
        ];
        for (keys, action) in table {
            assert_eq!(km.lookup(&seq(keys)), Lookup::Action(action), "{keys}");
        }
        let km = Keymap::from_config(&config(&[("open_read_next", &["Ctrl-o"]), ("pipe", &["P"])])).unwrap();
        assert_eq!(km.lookup(&seq("Ctrl-o")), Lookup::Action(Action::OpenReadNext));
        assert_eq!(km.lookup(&seq("P")), Lookup::Action(Action::PipeArticle));
        assert_eq!(km.lookup(&seq("|")), Lookup::Unbound);
    }

    #[test]
    fn config_replaces_an_actions_keys() {
        let km = Keymap::from_config(&config(&[("quit", &["x", "Ctrl-q"]), ("top", &["Home"]), ("zen", &[])])).unwrap();
        assert_eq!(km.lookup(&seq("x")), Lookup::Action(Action::Quit));
        assert_eq!(km.lookup(&seq("Ctrl-q")), Lookup::Action(Action::Quit));
        assert_eq!(km.lookup(&seq("q")), Lookup::Unbound, "the default is replaced");
        assert_eq!(km.lookup(&seq("g")), Lookup::Unbound, "g g went with top's defaults");
        assert_eq!(km.lookup(&seq("z")), Lookup::Unbound, "an empty list unbinds");
        assert_eq!(km.help_rows()[41], (vec!["x".to_string(), "Ctrl-Q".to_string()], "quit"));
        // Sequences of the user's own, with Alt.
        let km = Keymap::from_config(&config(&[("search", &["Alt-s", "g /"])])).unwrap();
        assert_eq!(km.lookup(&seq("g")), Lookup::Pending);
        assert_eq!(km.lookup(&seq("g /")), Lookup::Action(Action::Search));
        assert_eq!(km.lookup(&seq("Alt-s")), Lookup::Action(Action::Search));
    }

    #[test]
    fn conflicts_and_unknown_names_are_errors() {
        let errors = Keymap::from_config(&config(&[
            ("search", &["n"]),
            ("jump", &["x"]),
            ("zen", &["g"]),
            ("star", &["Hyper-s"]),
            ("help", &["Ctrl-x"]),
            ("mark_all_read", &["Ctrl-x"]),
        ]))
        .unwrap_err();
        let messages: Vec<(&str, Option<usize>, &str)> =
            errors.iter().map(|e| (e.action.as_str(), e.index, e.message.as_str())).collect();
        assert_eq!(
            messages,
            vec![
                ("jump", None, "unknown action `jump` in [keys] (the names are listed in config.example.toml)"),
                ("star", None, "unknown action `star` in [keys] (the names are listed in config.example.toml)"),
                ("mark_all_read", Some(0), "`Ctrl-X` is already bound to help"),
                ("search", Some(0), "`n` is already bound to next_unread; rebind or unbind it: next_unread = []"),
                (
                    "zen",
                    Some(0),
                    "`g` and `g g` (top) start alike, so one could never be typed; rebind or unbind it: top = []"
                ),
            ]
        );
        // Bad key text is reported with its index.
        let errors = Keymap::from_config(&config(&[("quit", &["q", "Hyper-q"])])).unwrap_err();
        assert_eq!(
            errors,
            vec![KeyError { action: "quit".into(), index: Some(1), message: "unknown key \"Hyper-q\"".into() }]
        );
    }
}
