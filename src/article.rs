//! An item laid out as styled terminal lines: a header (title, feed, author,
//! date, link), the body rendered from HTML by our own renderer over the
//! html5ever DOM, the enclosures, and the numbered list of links.
//!
//! Two steps, so a resize costs only the second: `prepare` parses the body
//! (the costly part, done once per article off the UI thread) and `layout`
//! wraps it for a width. Every string is sanitised on the way in.

pub mod doc;
mod dom;
mod inline;
mod lines;
mod links;
mod lists;
mod script;
pub mod styles;
mod table;
pub mod wrap;

use chrono::{DateTime, FixedOffset};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub use doc::{Doc, Link, LinkKind};
pub use links::is_openable;

use crate::html_text;
use crate::model::{Article, Enclosure, ItemId};
use crate::sanitize;
use doc::{Block, Run};

/// Which text of the item is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Source {
    /// What the feed carries.
    #[default]
    Feed,
    /// The main content of the item's web page.
    FullText,
}

/// An article laid out for one width.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub id: ItemId,
    pub source: Source,
    pub width: u16,
    pub lines: Vec<Line<'static>>,
    /// Link `n` is `links[n - 1]`.
    pub links: Vec<Link>,
    /// Link numbers of the enclosures, in feed order.
    pub enclosures: Vec<usize>,
}

/// Parses the body of `article` as `source` shows it.
pub fn prepare(article: &Article, source: Source) -> Doc {
    let body = match source {
        Source::Feed => article.content.as_deref(),
        Source::FullText => article.full_text.as_deref(),
    };
    let base = article.base.as_deref().or(article.link.as_deref());
    match body.filter(|b| !b.trim().is_empty()) {
        Some(b) if html_text::looks_like_html(b) => dom::parse(b, base),
        Some(b) => plain(b),
        None => Doc::default(),
    }
}

/// Lays out `article` (its body already prepared) for `width` columns,
/// dates in `utc_offset`.
pub fn layout(article: &Article, doc: &Doc, source: Source, width: usize, utc_offset: i32) -> Rendered {
    let width = width.max(10);
    let mut lines = header(article, source, width, utc_offset);
    if doc.blocks.is_empty() {
        let hint = match source {
            Source::Feed => "(this item has no text: press f to fetch the article, o to open its link)",
            Source::FullText => "(no text was found on the page: press f for the feed's text)",
        };
        lines.extend(wrap::wrap(&[Run { text: hint.into(), style: styles::dim() }], width));
    } else {
        lines.extend(lines::blocks(&doc.blocks, width, false));
    }
    let mut links = doc.links.clone();
    let enclosures = enclosures(&article.enclosures, &mut links, width, &mut lines);
    link_list(&links, width, &mut lines);
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    Rendered { id: article.id, source, width, lines, links, enclosures }
}

/// `prepare` then `layout`.
pub fn render(article: &Article, source: Source, width: usize, utc_offset: i32) -> Rendered {
    layout(article, &prepare(article, source), source, width, utc_offset)
}

/// The rendered lines as plain text (for `tidings show`), trailing spaces trimmed.
pub fn plain_text(lines: &[Line<'_>]) -> String {
    let mut out = String::new();
    for line in lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

fn header(article: &Article, source: Source, width: usize, utc_offset: i32) -> Vec<Line<'static>> {
    let title = Run { text: sanitize::line(&article.title), style: Style::new().add_modifier(Modifier::BOLD) };
    let mut lines = wrap::wrap(&[title], width);
    lines.push(Line::default());
    let mut field = |name: &str, value: String| {
        let label = format!("{name:<7} ");
        let value = wrap::wrap(&[Run { text: value, style: Style::new() }], width.saturating_sub(label.len()));
        lines.extend(lines::hanging(&label, styles::dim(), value));
    };
    field("Feed", sanitize::line(&article.feed_title));
    if let Some(author) = article.author.as_deref().map(sanitize::line).filter(|a| !a.is_empty()) {
        field("Author", author);
    }
    field("Date", format_date(article.date, utc_offset));
    if let Some(link) = article.link.as_deref().map(sanitize::line).filter(|l| !l.is_empty()) {
        field("Link", link);
    }
    if source == Source::FullText {
        field("Text", "the article from its web page (f shows the feed's text)".to_owned());
    }
    lines.push(Line::default());
    lines
}

/// Lists the enclosures with type and size; they take link numbers after the body's.
fn enclosures(list: &[Enclosure], links: &mut Vec<Link>, width: usize, out: &mut Vec<Line<'static>>) -> Vec<usize> {
    let mut numbers = Vec::new();
    for enclosure in list {
        let url = sanitize::line(&enclosure.url);
        let n = match links.iter().position(|l| l.url == url) {
            Some(i) => i + 1,
            None => {
                links.push(Link { openable: is_openable(&url), url, kind: LinkKind::Enclosure });
                links.len()
            }
        };
        numbers.push(n);
    }
    if numbers.is_empty() {
        return numbers;
    }
    out.push(Line::default());
    out.push(Line::from(vec![
        Span::styled("Enclosures", Style::new().add_modifier(Modifier::BOLD)),
        Span::styled(" (e plays one)", styles::dim()),
    ]));
    for (enclosure, n) in list.iter().zip(&numbers) {
        let mime = enclosure.mime.as_deref().map(sanitize::line).filter(|m| !m.is_empty());
        let mut what = vec![mime.unwrap_or_else(|| "unknown type".to_owned())];
        what.extend(enclosure.length.filter(|l| *l > 0).map(human_size));
        let runs = [
            Run { text: format!("{} ", what.join(", ")), style: Style::new() },
            Run { text: links[n - 1].url.clone(), style: styles::dim() },
        ];
        let marker = format!("[{n}] ");
        out.extend(lines::hanging(&marker, styles::link_marker(), wrap::wrap(&runs, width - marker.len())));
    }
    numbers
}

/// The numbered list of links that ends the article.
fn link_list(links: &[Link], width: usize, out: &mut Vec<Line<'static>>) {
    if links.is_empty() {
        return;
    }
    out.push(Line::default());
    out.push(Line::styled("Links", Style::new().add_modifier(Modifier::BOLD)));
    let number_w = links.len().to_string().len() + 2;
    for (i, link) in links.iter().enumerate() {
        let marker = format!("{:>number_w$} ", format!("[{}]", i + 1));
        let mut runs = vec![Run { text: link.url.clone(), style: Style::new() }];
        let note = match (link.openable, link.kind) {
            (false, _) => Some(" (not opened: only http, https and mailto links are)".to_owned()),
            (true, LinkKind::Link) => None,
            (true, kind) => Some(format!(" ({})", kind.label())),
        };
        runs.extend(note.map(|text| Run { text, style: styles::dim() }));
        let lines = wrap::wrap(&runs, width.saturating_sub(marker.len()));
        out.extend(lines::hanging(&marker, styles::link_marker(), lines));
    }
}

/// Plain text as paragraphs: blank lines separate them, newlines break lines.
fn plain(text: &str) -> Doc {
    let text = sanitize::text(text);
    let blocks = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block::Para(vec![Run { text: p.to_owned(), style: Style::new() }]))
        .collect();
    Doc { blocks, links: Vec::new() }
}

/// `Tue 28 Jan 2025 08:14` in the given offset.
pub fn format_date(unix: i64, utc_offset: i32) -> String {
    local_date(unix, utc_offset, "%a %d %b %Y %H:%M").unwrap_or_else(|| "unknown date".into())
}

/// `unix` formatted in the zone `utc_offset` seconds east of UTC; None when out of range.
pub fn local_date(unix: i64, utc_offset: i32, format: &str) -> Option<String> {
    let tz = FixedOffset::east_opt(utc_offset).or(FixedOffset::east_opt(0))?;
    DateTime::from_timestamp(unix, 0).map(|t| t.with_timezone(&tz).format(format).to_string())
}

/// `24.3 MB`, `512 KB`, `900 bytes` (decimal units, as players show them).
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} KB", bytes / 1_000),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests;
