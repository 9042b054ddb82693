//! The text the search index sees: item bodies without their markup. Tag and
//! attribute names are not words of the article (searching `strong` or `href`
//! must not match every item), and indexing them costs most of a refresh.
//! Registered on every connection that writes as the SQL function
//! `tidings_text(html)`, which the index's update trigger and its catch-up
//! (`search_index`) call.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

/// Makes `tidings_text` available to this connection's statements and triggers.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("tidings_text", 1, flags, |ctx| {
        let html: Option<String> = ctx.get(0)?;
        Ok(html.map(|h| text_of(&h)))
    })
}

/// `html` as plain words: tags, comments, scripts and styles dropped, the
/// common entities decoded. Not a renderer: it only has to find the words.
/// Public as `store::search_text` for the benches.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find(['<', '&']) {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('&') {
            let (text, used) = entity(rest);
            out.push_str(text.as_deref().unwrap_or("&"));
            rest = &rest[used..];
            continue;
        }
        // Skipped blocks: their text is not the article's.
        let skip_to = if rest.starts_with("<!--") {
            Some("-->")
        } else if starts_with_ignore_case(rest, "<script") {
            Some("</script>")
        } else if starts_with_ignore_case(rest, "<style") {
            Some("</style>")
        } else {
            None
        };
        let end = match skip_to {
            Some(close) => find_ignore_case(rest, close).map(|i| i + close.len()),
            None => rest.find('>').map(|i| i + 1),
        };
        // Tags separate words (`a<br>b` is two words).
        out.push(' ');
        rest = match end {
            Some(end) => &rest[end..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The text of the entity at the start of `s` (which starts with `&`) and the
/// bytes it takes; None when it is not one we know (the `&` stays as is).
fn entity(s: &str) -> (Option<String>, usize) {
    // Bytes, not chars: the 12th byte may fall inside a letter (`&nbsp;brûlée`).
    let Some(semi) = s.as_bytes()[..s.len().min(12)].iter().position(|&b| b == b';') else { return (None, 1) };
    let name = &s[1..semi];
    let text = match name {
        "amp" => Some("&".to_owned()),
        "lt" => Some("<".to_owned()),
        "gt" => Some(">".to_owned()),
        "quot" => Some("\"".to_owned()),
        "apos" | "#39" => Some("'".to_owned()),
        "nbsp" => Some(" ".to_owned()),
        _ if name.starts_with('#') => {
            let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => name[1..].parse().ok(),
            };
            code.and_then(char::from_u32).map(String::from)
        }
        // The HTML named entities (`&eacute;`...), as the parser knows them.
        _ => html5ever::data::NAMED_ENTITIES
            .get(&s[1..=semi])
            .map(|&(a, b)| [a, b].into_iter().filter(|&c| c != 0).filter_map(char::from_u32).collect()),
    };
    match text {
        Some(text) => (Some(text), semi + 1),
        None => (None, 1),
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn find_ignore_case(s: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (s.as_bytes(), needle.as_bytes());
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::text_of;

    #[test]
    fn words_without_markup() {
        let html = "<p class=\"x\">L’IA <strong>g&eacute;n&#233;rative</strong>&nbsp;&amp; co<br>next</p>\
                    <script>var href = 1;</script><style>p{}</style><!-- note -->end &unknown; &";
        let text = text_of(html);
        for word in ["L’IA", "générative", "& co", "next", "end", "&unknown;"] {
            assert!(text.contains(word), "{word} in {text:?}");
        }
        for markup in ["class", "strong", "href", "script", "note", "<", ">"] {
            assert!(!text.contains(markup), "{markup} in {text:?}");
        }
        assert_eq!(text_of("a<b"), "a ");
        assert_eq!(text_of("<p"), " ");
    }
}
