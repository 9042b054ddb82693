//! Feeds in every encoding the issue lists parse to the right title text:
//! BOMs, UTF-16/32, legacy charsets from the prolog or the HTTP header,
//! mislabeled documents and invalid bytes. The documents are built here.

use encoding_rs::Encoding;
use tidings::parse::parse_document;

const URL: &str = "https://feeds.example/feed.xml";

/// An RSS document with this prolog encoding (None: no declaration).
fn rss(declared: Option<&str>, title: &str, item: &str) -> String {
    let prolog = match declared {
        Some(label) => format!("<?xml version=\"1.0\" encoding=\"{label}\"?>\n"),
        None => String::new(),
    };
    format!(
        "{prolog}<rss version=\"2.0\"><channel><title>{title}</title><link>https://feeds.example/</link>\
         <description>{item} - {item}. {item}!</description>\
         <item><title>{item}</title><guid>1</guid><description>{item} {item} {item}</description></item></channel></rss>"
    )
}

/// (feed title, first item title) of the bytes.
fn titles(bytes: &[u8], charset: Option<&str>) -> (String, String) {
    let feed = parse_document(bytes, charset, URL).unwrap_or_else(|e| panic!("{e}"));
    (feed.title.expect("a title"), feed.items[0].title.clone())
}

fn legacy(label: &str, text: &str) -> Vec<u8> {
    let encoding = Encoding::for_label(label.as_bytes()).expect(label);
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{label} can encode the sample");
    bytes.into_owned()
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom.then_some(0xfeff).into_iter().chain(text.encode_utf16());
    for unit in units {
        out.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

fn utf32(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for c in std::iter::once('\u{feff}').chain(text.chars()) {
        let c = c as u32;
        out.extend_from_slice(&if big_endian { c.to_be_bytes() } else { c.to_le_bytes() });
    }
    out
}

fn expect(bytes: &[u8], charset: Option<&str>, title: &str, item: &str) {
    assert_eq!(titles(bytes, charset), (title.to_owned(), item.to_owned()), "charset {charset:?}");
}

#[test]
fn utf8_with_a_bom() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(rss(Some("UTF-8"), "Café", "L’été « chaud »").as_bytes());
    expect(&bytes, None, "Café", "L’été « chaud »");
}

#[test]
fn utf16_and_utf32_in_both_byte_orders() {
    let doc = rss(Some("UTF-16"), "日本のニュース", "桜が咲いた 🌸");
    for big_endian in [false, true] {
        expect(&utf16(&doc, big_endian, true), None, "日本のニュース", "桜が咲いた 🌸");
        expect(&utf16(&doc, big_endian, false), None, "日本のニュース", "桜が咲いた 🌸");
        let doc32 = doc.replace("UTF-16", "UTF-32");
        expect(&utf32(&doc32, big_endian), None, "日本のニュース", "桜が咲いた 🌸");
    }
}

#[test]
fn legacy_charsets_declared_in_the_prolog() {
    let cases = [
        ("ISO-8859-1", "Le Monde à la une", "Crème brûlée"),
        ("windows-1252", "“Quoted” news", "Price: 5 € — ‘ok’"),
        ("windows-1251", "Новости дня", "Привет, мир"),
        ("KOI8-R", "Новости дня", "Привет, мир"),
        ("Shift_JIS", "日本のニュース", "東京で桜が満開"),
        ("GB2312", "新闻", "今天的天气很好"),
        ("Big5", "新聞", "今天的天氣很好"),
    ];
    for (label, title, item) in cases {
        expect(&legacy(label, &rss(Some(label), title, item)), None, title, item);
    }
}

#[test]
fn the_http_charset_wins_over_the_prolog() {
    let bytes = legacy("windows-1251", &rss(Some("ISO-8859-1"), "Новости дня", "Привет, мир"));
    expect(&bytes, Some("windows-1251"), "Новости дня", "Привет, мир");
    let koi = legacy("KOI8-R", &rss(None, "Новости дня", "Привет, мир"));
    expect(&koi, Some("koi8-r"), "Новости дня", "Привет, мир");
}

#[test]
fn mislabeled_documents_are_read_as_what_they_are() {
    // Valid UTF-8 declared (and served) as Latin-1.
    let utf8 = rss(Some("ISO-8859-1"), "Café crème", "L’été à Paris");
    expect(utf8.as_bytes(), Some("iso-8859-1"), "Café crème", "L’été à Paris");
    // Latin-1 bytes declared as UTF-8.
    let latin1 = legacy("ISO-8859-1", &rss(Some("UTF-8"), "Café crème", "Crème brûlée à gogo"));
    expect(&latin1, Some("utf-8"), "Café crème", "Crème brûlée à gogo");
}

#[test]
fn unlabeled_legacy_bytes_are_detected() {
    let text = "Сегодня в Москве прошла большая встреча, где обсуждали новости и планы на будущее";
    let bytes = legacy("windows-1251", &rss(None, "Новости дня", text));
    expect(&bytes, None, "Новости дня", text);
}

#[test]
fn one_bad_byte_costs_one_character_not_the_feed() {
    let doc = rss(Some("UTF-8"), "Café", "L’été « chaud » à Paris");
    let mut bytes = doc.into_bytes();
    let at = bytes.windows(13).position(|w| w == b"Paris</title>").expect("item title");
    bytes.insert(at, 0xff);
    let (title, item) = titles(&bytes, None);
    assert_eq!(title, "Café");
    assert_eq!(item, "L’été « chaud » à \u{fffd}Paris");
}
