//! Small byte scans over documents that are not parsed yet (XML prologs,
//! start tags, HTML heads).

/// Where `needle` first occurs in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Byte range of the quoted value of attribute `name` inside a start tag
/// (`tag` is what follows the element name). A name that is the end of
/// another one (`xmlns:version`, `myversion`) does not count.
pub(crate) fn attribute_value(tag: &[u8], name: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = find(&tag[from..], name) {
        let name_start = from + at;
        from = name_start + name.len();
        if name_start > 0 && !tag[name_start - 1].is_ascii_whitespace() {
            continue;
        }
        let rest = &tag[from..];
        let eq = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        if rest[eq] != b'=' {
            continue;
        }
        let quote_at = eq + 1 + rest[eq + 1..].iter().position(|b| !b.is_ascii_whitespace())?;
        let quote = rest[quote_at];
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let start = from + quote_at + 1;
        let len = tag[start..].iter().position(|b| *b == quote)?;
        return Some((start, start + len));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::attribute_value;

    #[test]
    fn attribute_values() {
        let tag = br#" xmlns:version="a" version = '2.0' encoding="UTF-8""#;
        let value = |name: &[u8]| attribute_value(tag, name).map(|(a, b)| &tag[a..b]);
        assert_eq!(value(b"version"), Some(&b"2.0"[..]));
        assert_eq!(value(b"encoding"), Some(&b"UTF-8"[..]));
        assert_eq!(value(b"standalone"), None);
        assert_eq!(attribute_value(b" version=2", b"version"), None, "unquoted");
    }
}
