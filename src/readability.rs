//! Full-text articles: the item's web page, reduced to its main content by a
//! readability implementation (dom_smoothie, a port of Mozilla's readability.js).
//!
//! The page is fetched with the feeds' own `Fetcher`, so it has the same time
//! and size limits; extraction is CPU work and runs on a blocking thread.

use crate::fetch::{FetchError, Fetcher};
use crate::sanitize;

/// Pages with more elements than this are not worth the CPU (readability is
/// quadratic in places); real articles stay far below it.
const MAX_ELEMENTS: usize = 20_000;

#[derive(Debug, thiserror::Error)]
pub(crate) enum FullTextError {
    #[error("this item has no link to fetch")]
    NoLink,
    #[error("only http and https pages can be fetched")]
    NotHttp,
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("no article found on the page")]
    NotReadable,
}

/// Fetches `url` and extracts its main content as sanitised HTML.
pub(crate) async fn fetch(fetcher: &Fetcher, url: &str) -> Result<String, FullTextError> {
    let parsed = url::Url::parse(url).map_err(|_| FullTextError::NotHttp)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FullTextError::NotHttp);
    }
    let bytes = fetcher.fetch(url).await?;
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || extract(&bytes, &url)).await.unwrap_or(Err(FullTextError::NotReadable))
}

/// The main content of an HTML page as sanitised HTML, links made absolute
/// against `url`.
pub(crate) fn extract(bytes: &[u8], url: &str) -> Result<String, FullTextError> {
    let html = decode(bytes);
    let config = dom_smoothie::Config { max_elements_to_parse: MAX_ELEMENTS, ..Default::default() };
    let mut readability =
        dom_smoothie::Readability::new(html, Some(url), Some(config)).map_err(|_| FullTextError::NotReadable)?;
    let article = readability.parse().map_err(|_| FullTextError::NotReadable)?;
    let content = sanitize::text(&article.content);
    if article.text_content.trim().is_empty() {
        return Err(FullTextError::NotReadable);
    }
    Ok(content)
}

/// The page's text: a BOM wins, then valid UTF-8, then a `<meta charset>`
/// near the top, then windows-1252 (what browsers assume).
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let encoding = meta_charset(&bytes[..bytes.len().min(2048)]).unwrap_or(encoding_rs::WINDOWS_1252);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding named by `charset=` in the head of a page, if any.
fn meta_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let name: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    encoding_rs::Encoding::for_label(name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_pages_declare() {
        assert_eq!(decode(b"caf\xc3\xa9"), "café");
        assert_eq!(decode(b"<meta charset=\"iso-8859-1\">caf\xe9"), "<meta charset=\"iso-8859-1\">café");
        assert_eq!(decode(b"\xef\xbb\xbfbom"), "bom");
        assert_eq!(decode(b"no meta \xe9"), "no meta é");
    }
}
