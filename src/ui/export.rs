//! An item as other programs and files get it, for `|` and `w`: the text
//! the pane shows, its HTML, its link, or Markdown (`markdown`).

use crate::article::{self, Source};
use crate::config::{PipeFormat, SaveFormat};
use crate::model::Article;

/// The text `asked` for; None: the full text when there is one, as opening the item shows.
pub(super) fn source_of(article: &Article, asked: Option<Source>) -> Source {
    asked.unwrap_or(if article.full_text.is_some() { Source::FullText } else { Source::Feed })
}

/// The article as the pane lays it out at `width`, as plain text.
pub(super) fn text(article: &Article, source: Source, width: u16, utc_offset: i32) -> String {
    let rendered = article::render(article, source, usize::from(width), utc_offset);
    // The word joiners that keep `[3]` on its word's line, and break hints, are not text.
    article::plain_text(&rendered.lines).replace(['\u{2060}', '\u{200b}'], "")
}

/// What `|` writes to the command.
pub(super) fn piped(
    article: &Article,
    source: Source,
    format: PipeFormat,
    width: u16,
    utc_offset: i32,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        PipeFormat::Text => text(article, source, width, utc_offset).into_bytes(),
        PipeFormat::Html => {
            let body = match source {
                Source::Feed => article.content.as_deref(),
                Source::FullText => article.full_text.as_deref().or(article.content.as_deref()),
            };
            body.filter(|b| !b.trim().is_empty())
                .ok_or_else(|| anyhow::anyhow!("this item has no text to pipe"))?
                .into()
        }
        PipeFormat::Url => {
            let link = article.link.as_deref().map(str::trim).filter(|l| !l.is_empty());
            format!("{}\n", link.ok_or_else(|| anyhow::anyhow!("this item has no link to pipe"))?).into_bytes()
        }
    })
}

/// What `w` writes to the file.
pub(super) fn saved(article: &Article, source: Source, format: SaveFormat, width: u16, utc_offset: i32) -> String {
    match format {
        SaveFormat::Markdown => super::markdown::document(article, source, utc_offset),
        SaveFormat::Text => text(article, source, width, utc_offset),
    }
}
