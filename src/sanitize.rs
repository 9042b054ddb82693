//! Removes what must never reach the terminal from feed text: C0/C1 controls,
//! escape sequences, bidi overrides and isolates.
//!
//! Escape sequences are removed whole (introducer, parameters and final byte),
//! so no `[31m` or `]0;title` residue is left behind. An unterminated string
//! sequence (OSC, DCS, ...) loses only its introducer: the rest is inert text
//! once the ESC is gone, and swallowing a whole article for one stray byte
//! would be worse.

/// A one-line field (title, author): controls removed, whitespace collapsed, trimmed.
pub fn line(s: &str) -> String {
    let cleaned = clean(s, false);
    let mut out = String::with_capacity(cleaned.len());
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A multi-line text: controls removed except newline; tabs become spaces.
pub fn text(s: &str) -> String {
    clean(s, true)
}

fn clean(s: &str, multiline: bool) -> String {
    let newline = if multiline { '\n' } else { ' ' };
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    // Text is copied in runs; only the characters that may need handling are
    // looked at one by one (this runs over every article of every feed).
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = skip_plain_ascii(bytes, i);
        if i >= bytes.len() {
            break;
        }
        if !maybe_special(bytes[i]) {
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else { break };
        let after = i + c.len_utf8();
        if !is_special(c) {
            i = after;
            continue;
        }
        out.push_str(&s[run_start..i]);
        let mut rest = &s[after..];
        match c {
            '\u{1b}' => rest = skip_escape(rest),
            // C1 forms of CSI, DCS, SOS, OSC, PM and APC.
            '\u{9b}' => rest = skip_csi(rest),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => rest = skip_string(rest),
            '\n' | '\u{2028}' | '\u{2029}' => out.push(newline),
            // CRLF is one line break; a lone CR is one too (old Mac text).
            '\r' if rest.starts_with('\n') => {}
            '\r' => out.push(newline),
            '\t' => out.push(' '),
            _ => {} // forbidden: dropped
        }
        i = s.len() - rest.len();
        run_start = i;
    }
    out.push_str(&s[run_start..]);
    out
}

/// The first index from `i` on that is not printable ASCII, eight bytes at a
/// time (most feed text is long runs of plain ASCII).
fn skip_plain_ascii(bytes: &[u8], mut i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const SPACE: u64 = 0x2020_2020_2020_2020;
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(word) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let control = w.wrapping_sub(SPACE) & !w & HIGH; // a byte below 0x20
        let del = (w ^ (0x7f * ONES)).wrapping_sub(ONES) & !(w ^ (0x7f * ONES)) & HIGH; // a 0x7f byte
        if (w & HIGH) | control | del != 0 {
            break;
        }
        i += 8;
    }
    i
}

/// Bytes that start a character `is_special` may accept: ASCII controls,
/// and the UTF-8 lead bytes of C1 controls (C2), U+061C (D8), the
/// U+2000 block (E2) and U+FEFF/U+FFF9.. (EF).
fn maybe_special(b: u8) -> bool {
    b < 0x20 || b == 0x7f || matches!(b, 0xc2 | 0xd8 | 0xe2 | 0xef)
}

/// Characters `clean` does not copy as they are.
fn is_special(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}') || is_forbidden(c)
}

/// Controls (C0, DEL, C1), bidi embeddings, overrides, isolates and marks,
/// the BOM and interlinear annotation marks: invisible characters that can
/// reorder or hide what the user sees.
fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// `rest` follows an ESC: skips the rest of the sequence.
fn skip_escape(rest: &str) -> &str {
    match rest.chars().next() {
        Some('[') => skip_csi(&rest[1..]),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&rest[1..]),
        // nF sequences such as `ESC ( B`: intermediates, then one final byte.
        Some(' '..='/') => {
            let after = rest.trim_start_matches(|c| matches!(c, ' '..='/'));
            skip_final(after, '0'..='~')
        }
        Some('0'..='~') => &rest[1..],
        // A lone ESC, or one before a control or non-ASCII character: drop the ESC only.
        _ => rest,
    }
}

/// `rest` follows a CSI: parameter and intermediate bytes, then a final byte.
fn skip_csi(rest: &str) -> &str {
    let after = rest.trim_start_matches(|c| matches!(c, '0'..='?' | ' '..='/'));
    skip_final(after, '@'..='~')
}

fn skip_final(rest: &str, finals: std::ops::RangeInclusive<char>) -> &str {
    match rest.chars().next() {
        Some(c) if finals.contains(&c) => &rest[c.len_utf8()..],
        _ => rest,
    }
}

/// `rest` follows a string introducer (OSC, DCS, ...): skips to after the
/// terminator (BEL, `ESC \` or C1 ST), or nothing when there is none.
fn skip_string(rest: &str) -> &str {
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return &rest[i + c.len_utf8()..],
            '\u{1b}' if matches!(chars.peek(), Some((_, '\\'))) => return &rest[i + 2..],
            _ => {}
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::{line, text};

    #[test]
    fn controls_are_found_at_every_offset_of_a_long_run() {
        for bad in ['\u{0}', '\u{1}', '\u{1f}', '\u{7f}', '\u{85}', '\u{202e}'] {
            for at in 0..24 {
                let mut input = "abcdefghijklmnopqrstuvw".to_owned();
                input.insert(at, bad);
                assert_eq!(text(&input), "abcdefghijklmnopqrstuvw", "{bad:?} at {at}");
            }
        }
        assert_eq!(text("~~~~~~~~ !~~~~~~~~"), "~~~~~~~~ !~~~~~~~~", "0x7e and 0x20 are printable");
    }

    #[test]
    fn line_table() {
        let cases = [
            ("plain title", "plain title"),
            ("  padded\t title \n", "padded title"),
            ("multi\nline\r\ntitle", "multi line title"),
            ("nbsp\u{a0}\u{a0}here", "nbsp here"),
            ("bell\u{7} and nul\0", "bell and nul"),
            ("red \u{1b}[31mtext\u{1b}[0m", "red text"),
            ("csi \u{1b}[1;2;3 q done", "csi done"),
            ("title \u{1b}]0;pwned\u{7}after", "title after"),
            ("osc st \u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\", "osc st link"),
            ("osc52 \u{1b}]52;c;ZWNobw==\u{7}!", "osc52 !"),
            ("dcs \u{1b}Pq#0;2;0;0;0\u{1b}\\x", "dcs x"),
            ("charset \u{1b}(Bok", "charset ok"),
            ("keypad \u{1b}=on", "keypad on"),
            ("c1 \u{9b}31mcsi\u{9d}0;t\u{9c}end", "c1 csiend"),
            ("c1 lone \u{85}\u{8d}x", "c1 lone x"),
            ("del\u{7f}eted", "deleted"),
            ("bidi \u{202e}evil\u{202c} \u{2066}iso\u{2069}", "bidi evil iso"),
            ("marks \u{200e}\u{200f}\u{61c}x", "marks x"),
            ("\u{feff}bom", "bom"),
            ("lone esc\u{1b}", "lone esc"),
            ("esc before é \u{1b}é", "esc before é é"),
            ("unterminated \u{1b}]0;rest", "unterminated 0;rest"),
            ("unfinished csi \u{1b}[12", "unfinished csi"),
            ("L’été « Ça va » 日本 🎉", "L’été « Ça va » 日本 🎉"),
            ("zwj 👩\u{200d}💻", "zwj 👩\u{200d}💻"),
            ("", ""),
            ("\u{1b}[2J\u{1b}[H", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(line(input), expected, "line({input:?})");
        }
    }

    #[test]
    fn text_table() {
        let cases = [
            ("a\nb", "a\nb"),
            ("a\r\nb\rc", "a\nb\nc"),
            ("tab\there", "tab here"),
            ("keep  spaces ", "keep  spaces "),
            ("para\u{2029}next", "para\nnext"),
            ("<p>\u{1b}[5mblink\u{1b}[0m</p>\n", "<p>blink</p>\n"),
            ("\u{1b}]0;x\u{1b}\\body\u{7}", "body"),
            ("vt\u{b}ff\u{c}", "vtff"),
        ];
        for (input, expected) in cases {
            assert_eq!(text(input), expected, "text({input:?})");
        }
    }

    #[test]
    fn nothing_dangerous_survives_any_mix() {
        let nasty: String = (0u32..0x300)
            .chain(0x2000..0x2070)
            .chain([0xfeff, 0xfff9, 0xfffa, 0xfffb])
            .filter_map(char::from_u32)
            .collect();
        for out in [line(&nasty), text(&nasty)] {
            assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
            assert!(!out.contains(['\u{202e}', '\u{2066}', '\u{200f}', '\u{feff}']));
        }
    }
}
