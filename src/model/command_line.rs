//! A feed's command as one line: the store key of a command source and the
//! form messages show. Arguments are quoted the POSIX shell way only where
//! they need it, so the line reads like what one would type, and two
//! different argument vectors never give the same line.

/// What a command source's key starts with; no feed URL can (the config
/// refuses the scheme in `url`).
pub const COMMAND_PREFIX: &str = "command:";

/// The store key of the command source running `argv`: `command:` and the
/// quoted argument vector, e.g. `command:my-scraper --site 'a b'`.
pub fn command_key(argv: &[String]) -> String {
    format!("{COMMAND_PREFIX}{}", quoted(argv))
}

/// Whether a feed key (a stored feed URL) is a command source's.
pub fn is_command_key(key: &str) -> bool {
    key.starts_with(COMMAND_PREFIX)
}

/// The arguments joined by spaces, each quoted when it is empty or holds
/// anything but letters, digits and `_@%+=:,./-`.
pub fn quoted(argv: &[String]) -> String {
    argv.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ")
}

fn quote(arg: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-~".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) {
        return arg.to_owned();
    }
    format!("'{}'", arg.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn plain_arguments_stay_plain_and_others_are_quoted() {
        assert_eq!(command_key(&argv(&["my-scraper", "--site", "x"])), "command:my-scraper --site x");
        assert_eq!(quoted(&argv(&["sh", "-c", "a | b", ""])), "sh -c 'a | b' ''");
        assert_eq!(quoted(&argv(&["it's"])), r"'it'\''s'");
        assert!(is_command_key("command:x") && !is_command_key("https://x.example/"));
    }

    #[test]
    fn different_vectors_never_share_a_key() {
        let pairs =
            [(argv(&["a b"]), argv(&["a", "b"])), (argv(&["a", ""]), argv(&["a"])), (argv(&["'"]), argv(&["''"]))];
        for (one, other) in pairs {
            assert_ne!(command_key(&one), command_key(&other), "{one:?} / {other:?}");
        }
    }
}
