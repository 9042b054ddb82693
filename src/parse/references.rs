//! Character and entity references as readers meet them: numbers in either
//! case of `x`, 128–159 as windows-1252 (as browsers read them), the five
//! XML entities, and every other name kept as written (never expanded).

use std::borrow::Cow;

/// Appends the text a reference (`amp`, `#233`, `#X26`) stands for: numbers
/// in either case of `x`, 128–159 read as windows-1252 (as browsers do, and
/// text pasted from Word relies on), an unknown name kept as written.
pub(super) fn push_reference(name: &str, out: &mut String) {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        out.push(code.filter(|c| *c != 0).map(windows_1252).and_then(char::from_u32).unwrap_or('\u{fffd}'));
        return;
    }
    match name {
        "lt" => out.push('<'),
        "gt" => out.push('>'),
        "amp" => out.push('&'),
        "apos" => out.push('\''),
        "quot" => out.push('"'),
        _ => {
            out.push('&');
            out.push_str(name);
            out.push(';');
        }
    }
}

/// The character browsers show for a reference to 128–159 (WHATWG's table);
/// other numbers, and the five holes of windows-1252, as they are.
fn windows_1252(code: u32) -> u32 {
    const TABLE: [u16; 32] = [
        0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d,
        0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d,
        0x17e, 0x178,
    ];
    match code {
        0x80..=0x9f => u32::from(TABLE[(code - 0x80) as usize]),
        _ => code,
    }
}

/// An attribute value with its references resolved; a `&` that starts no
/// reference is kept.
pub(super) fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let name_len = rest[1..].find(|c: char| !(c.is_alphanumeric() || c == '#' || c == '_' || c == '-' || c == '.'));
        match name_len {
            Some(n) if n > 0 && rest[1 + n..].starts_with(';') => {
                push_reference(&rest[1..1 + n], &mut out);
                rest = &rest[n + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_the_way_browsers_read_them() {
        let reference = |name: &str| {
            let mut out = String::new();
            push_reference(name, &mut out);
            out
        };
        assert_eq!(reference("#X26"), "&");
        assert_eq!(reference("#x26"), "&");
        assert_eq!(reference("#146"), "\u{2019}");
        assert_eq!(reference("#x85"), "\u{2026}");
        assert_eq!(reference("#x9d"), "\u{9d}", "a hole of windows-1252 stays (and is stripped later)");
        assert_eq!(reference("#0"), "\u{fffd}");
        assert_eq!(reference("#xD800"), "\u{fffd}");
        assert_eq!(reference("#99999999999"), "\u{fffd}");
        assert_eq!(reference("nbsp"), "&nbsp;");
        assert_eq!(unescape("a=1&amp;b=2&c&#X41;&bogus;"), "a=1&b=2&cA&bogus;");
    }
}
