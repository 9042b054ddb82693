//! Feed bytes to text before parsing (the readers take the text as it is and
//! pay no heed to the declaration's `encoding`), whatever the server and the
//! document claim: BOMs, UTF-16/32, legacy charsets from the HTTP `Content-Type` or
//! the XML prolog, mislabeled documents, and invalid sequences (replaced by
//! U+FFFD, so one bad byte never loses a whole feed).
//!
//! Order of trust: a BOM, then the byte pattern of UTF-16/32, then valid
//! UTF-8 (real legacy text is almost never valid UTF-8 by accident, so a
//! Latin-1 label on UTF-8 bytes is a mislabel), then the labels (HTTP first,
//! as RFC 7303 says, then the prolog), then a detector for unlabeled bytes.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::scan::{attribute_value, find};

/// How far into the document the XML declaration is looked for.
const PROLOG_BYTES: usize = 1024;

/// The text of the document, decoded as described in the module docs.
pub(crate) fn decode<'a>(bytes: &'a [u8], charset: Option<&str>) -> Cow<'a, str> {
    // Before the BOM sniffing: FF FE 00 00 would pass for UTF-16's BOM.
    if let Some(text) = utf32(bytes) {
        return Cow::Owned(text);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Cow::Owned(encoding.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned());
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Cow::Owned(encoding.decode_without_bom_handling(bytes).0.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let encoding = labelled(bytes, charset).unwrap_or_else(|| guess(bytes));
    Cow::Owned(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

/// The encoding the labels name, if they name a usable one. A UTF-8 label on
/// bytes that are not UTF-8 is believed only when the bytes look mostly like
/// UTF-8 with a few bad sequences; otherwise the label is a mislabel.
fn labelled(bytes: &[u8], charset: Option<&str>) -> Option<&'static Encoding> {
    let prolog = declared_label(bytes);
    let label = charset.map(str::trim).filter(|c| !c.is_empty()).or(prolog.as_deref())?;
    let encoding = Encoding::for_label(label.as_bytes())?;
    // UTF-16 labels on bytes without the UTF-16 pattern (already checked) are wrong.
    if encoding == UTF_16LE || encoding == UTF_16BE || encoding == encoding_rs::REPLACEMENT {
        return None;
    }
    if encoding == UTF_8 && !mostly_utf8(bytes) {
        return None;
    }
    Some(encoding)
}

/// Unlabeled (or mislabeled) legacy bytes: ask the detector.
fn guess(bytes: &[u8]) -> &'static Encoding {
    if mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// More valid multi-byte UTF-8 sequences than invalid bytes: UTF-8 with damage.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    valid > invalid
}

/// UTF-32 by BOM or by the byte pattern of `<`; encoding_rs has no UTF-32.
fn utf32(bytes: &[u8]) -> Option<String> {
    let (big_endian, body) = match bytes {
        [0, 0, 0xfe, 0xff, rest @ ..] => (true, rest),
        [0xff, 0xfe, 0, 0, rest @ ..] => (false, rest),
        [0, 0, 0, b'<', ..] => (true, bytes),
        [b'<', 0, 0, 0, ..] => (false, bytes),
        _ => return None,
    };
    let text = body
        .chunks(4)
        .map(|c| {
            let mut word = [0u8; 4];
            word[..c.len()].copy_from_slice(c);
            let code = if big_endian { u32::from_be_bytes(word) } else { u32::from_le_bytes(word) };
            if c.len() == 4 { char::from_u32(code).unwrap_or('\u{fffd}') } else { '\u{fffd}' }
        })
        .collect();
    Some(text)
}

/// UTF-16 without a BOM, recognised by `<` followed or preceded by a zero byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes {
        [b'<', 0, c, 0, ..] if *c != 0 => Some(UTF_16LE),
        [0, b'<', 0, c, ..] if *c != 0 => Some(UTF_16BE),
        _ => None,
    }
}

/// The `encoding` of the XML declaration at the start of the document.
fn declared_label(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(PROLOG_BYTES)];
    let start = find(head, b"<?xml")?;
    let end = start + find(&head[start..], b"?>")?;
    let decl = &head[start..end];
    let (value_start, value_end) = attribute_value(decl, b"encoding")?;
    let value = std::str::from_utf8(&decl[value_start..value_end]).ok()?;
    Some(value.trim().to_owned())
}

/// The `charset` parameter of a `Content-Type` value.
pub(crate) fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_parameter() {
        assert_eq!(charset_of("application/rss+xml; charset=\"ISO-8859-1\""), Some("ISO-8859-1"));
        assert_eq!(charset_of("text/xml;Charset=koi8-r"), Some("koi8-r"));
        assert_eq!(charset_of("text/xml"), None);
    }

    #[test]
    fn the_declared_label() {
        assert_eq!(declared_label(b"<?xml version='1.0' encoding='Shift_JIS'?><rss/>").as_deref(), Some("Shift_JIS"));
        assert!(matches!(decode(b"<?xml version=\"1.0\"?><rss/>", None), Cow::Borrowed(_)), "UTF-8 is not copied");
    }

    #[test]
    fn damaged_utf8_stays_utf8() {
        let mut bytes = "<t>été – « oui »</t>".to_owned().into_bytes();
        bytes.insert(8, 0xff);
        assert!(mostly_utf8(&bytes));
        assert!(decode(&bytes, Some("utf-8")).contains("\u{fffd}"));
        assert!(decode(&bytes, None).contains("« oui »"));
    }
}
