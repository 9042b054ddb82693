//! Property tests: whatever bytes a feed sends, sanitised text carries no
//! control, escape or bidi-override character to the terminal.

use proptest::prelude::*;
use tidings::sanitize;

/// Characters no terminal should receive from feed text.
fn dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{80}'..='\u{9f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || c == '\u{200e}'
        || c == '\u{200f}'
        || c == '\u{feff}'
}

/// Strings rich in what attacks terminals: escapes, C1, bidi, newlines.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]0;title\u{7}".to_string()),
        Just("\u{1b}]8;;http://x\u{1b}\\".to_string()),
        Just("\u{1b}P1$r\u{1b}\\".to_string()),
        Just("\u{9b}31m".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{2066}".to_string()),
        Just("\r\n\t".to_string()),
        Just("\u{1b}".to_string()),
        "[a-zé日本 ]{0,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn line_is_one_clean_line(s in hostile()) {
        let out = sanitize::line(&s);
        prop_assert!(!out.chars().any(|c| dangerous(c) || c == '\n'), "{out:?}");
        prop_assert_eq!(out.trim(), out.as_str());
        prop_assert!(!out.contains("  "), "whitespace collapsed: {out:?}");
    }

    #[test]
    fn text_keeps_newlines_only(s in hostile()) {
        let out = sanitize::text(&s);
        prop_assert!(!out.chars().any(dangerous), "{out:?}");
    }

    #[test]
    fn sanitising_twice_changes_nothing(s in hostile()) {
        let once = sanitize::line(&s);
        prop_assert_eq!(sanitize::line(&once), once.clone());
        let once = sanitize::text(&s);
        prop_assert_eq!(sanitize::text(&once), once);
    }

    #[test]
    fn arbitrary_bytes_as_text(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let s = String::from_utf8_lossy(&bytes);
        prop_assert!(!sanitize::text(&s).chars().any(dangerous));
    }
}
