//! An item laid out as styled terminal lines: a header (title, feed, author,
//! date, link) and the body rendered from HTML by html2text, wrapped by
//! display width. Every string is sanitised on the way out.

use chrono::{DateTime, FixedOffset};
use html2text::render::RichAnnotation;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::model::Article;
use crate::sanitize;

/// Lays out `article` for a text `width` (in columns), dates in `utc_offset`.
pub fn render(article: &Article, width: usize, utc_offset: i32) -> Vec<Line<'static>> {
    let width = width.max(10);
    let mut lines = Vec::new();
    let title_style = Style::new().add_modifier(Modifier::BOLD);
    for l in wrap(&sanitize::line(&article.title), width) {
        lines.push(Line::from(Span::styled(l, title_style)));
    }
    lines.push(Line::default());
    let label = Style::new().add_modifier(Modifier::DIM);
    let mut field = |name: &str, value: String| {
        let prefix = format!("{name:<7} ");
        for (i, l) in wrap(&value, width.saturating_sub(prefix.width()).max(1)).into_iter().enumerate() {
            let head = if i == 0 { prefix.clone() } else { " ".repeat(prefix.width()) };
            lines.push(Line::from(vec![Span::styled(head, label), Span::raw(l)]));
        }
    };
    field("Feed", sanitize::line(&article.feed_title));
    if let Some(author) = article.author.as_deref().map(sanitize::line).filter(|a| !a.is_empty()) {
        field("Author", author);
    }
    field("Date", format_date(article.date, utc_offset));
    if let Some(link) = article.link.as_deref().map(sanitize::line).filter(|l| !l.is_empty()) {
        field("Link", link);
    }
    lines.push(Line::default());
    match article.content.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(content) => lines.extend(body(content, width)),
        None => lines.push(Line::styled("(this item has no text: press o to open its link)", label)),
    }
    lines
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

/// The body: HTML through html2text, or plain text kept line by line.
fn body(content: &str, width: usize) -> Vec<Line<'static>> {
    let html = if looks_like_html(content) { content.to_string() } else { plain_to_html(content) };
    match html2text::config::rich().lines_from_read(html.as_bytes(), width) {
        Ok(tagged) => tagged
            .into_iter()
            .map(|line| {
                let spans: Vec<Span<'static>> = line
                    .tagged_strings()
                    .map(|ts| Span::styled(sanitize::text(&ts.s).replace('\n', " "), style_for(&ts.tag)))
                    .collect();
                Line::from(spans)
            })
            .collect(),
        Err(_) => wrap(&sanitize::text(content), width).into_iter().map(Line::from).collect(),
    }
}

fn style_for(tags: &[RichAnnotation]) -> Style {
    tags.iter().fold(Style::new(), |style, tag| match tag {
        RichAnnotation::Strong => style.add_modifier(Modifier::BOLD),
        RichAnnotation::Emphasis => style.add_modifier(Modifier::ITALIC),
        RichAnnotation::Strikeout => style.add_modifier(Modifier::CROSSED_OUT),
        RichAnnotation::Link(_) => style.add_modifier(Modifier::UNDERLINED),
        RichAnnotation::Code | RichAnnotation::Preformat(_) => style.add_modifier(Modifier::DIM),
        RichAnnotation::Image(_) => style.add_modifier(Modifier::ITALIC),
        _ => style,
    })
}

/// Feeds put plain text and HTML in the same fields; a tag means HTML.
fn looks_like_html(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        || s.contains("&amp;")
        || s.contains("&#")
}

fn plain_to_html(s: &str) -> String {
    let escaped = s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    escaped.split("\n\n").map(|para| format!("<p>{}</p>", para.replace('\n', "<br>"))).collect()
}

/// Greedy word wrap by display width; words longer than a line are cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let sep = usize::from(!current.is_empty());
        if current.width() + sep + word.width() <= width {
            if sep == 1 {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        for ch in word.chars() {
            if current.width() + unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) > width {
                lines.push(std::mem::take(&mut current));
            }
            current.push(ch);
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_by_display_width() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        // CJK characters take two columns each.
        assert_eq!(wrap("日本語のテキスト", 6), vec!["日本語", "のテキ", "スト"]);
        assert_eq!(wrap("", 5), vec![""]);
    }

    #[test]
    fn dates_use_the_offset() {
        assert_eq!(format_date(1_738_052_040, 0), "Tue 28 Jan 2025 08:14");
        assert_eq!(format_date(1_738_052_040, 3600), "Tue 28 Jan 2025 09:14");
    }

    #[test]
    fn plain_text_keeps_paragraphs() {
        let lines: Vec<String> = body("one\n\ntwo & 3 < 4", 40).iter().map(|l| l.to_string()).collect();
        assert!(lines.contains(&"one".to_string()), "{lines:?}");
        assert!(lines.contains(&"two & 3 < 4".to_string()), "{lines:?}");
    }
}
