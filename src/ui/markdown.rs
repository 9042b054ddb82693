//! An article as Markdown, for `w`. Written from the parse the article pane
//! shows (`article::prepare`), so the text, the link numbers and the list of
//! links match the screen: a link is `[text](url)`, an image `![alt](url)`,
//! emphasis and code keep their marks, and the numbered links end the file.
//! Only http, https and mailto links stay links; others are shown as code.

use ratatui::style::{Modifier, Style};

use crate::article::doc::{Block, Def, ListItem, Run, Table};
use crate::article::{self, Link, LinkKind, Source, styles};
use crate::model::Article;
use crate::sanitize;

/// The whole file: title, the item's fields, the body, enclosures, links.
pub(super) fn document(article: &Article, source: Source, utc_offset: i32) -> String {
    let doc = article::prepare(article, source);
    // The pane's numbering: the body's links, then enclosures not among them.
    let rendered = article::layout(article, &doc, source, 80, utc_offset);
    let links = &rendered.links;
    let mut out = format!("# {}\n\n", escape(&sanitize::line(&article.title)));
    let mut field = |name: &str, value: String| out.push_str(&format!("- {name}: {value}\n"));
    field("Feed", escape(&sanitize::line(&article.feed_title)));
    if let Some(author) = article.author.as_deref().map(sanitize::line).filter(|a| !a.is_empty()) {
        field("Author", escape(&author));
    }
    field("Date", article::format_date(article.date, utc_offset));
    if let Some(link) = article.link.as_deref().map(sanitize::line).filter(|l| !l.is_empty()) {
        field("Link", autolink(&link));
    }
    let body = blocks(&doc.blocks, links, false);
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
        out.push('\n');
    }
    if !rendered.enclosures.is_empty() {
        out.push_str("\n## Enclosures\n\n");
        for (enclosure, n) in article.enclosures.iter().zip(&rendered.enclosures) {
            let mime = enclosure.mime.as_deref().map(sanitize::line).filter(|m| !m.is_empty());
            let mut what = vec![mime.unwrap_or_else(|| "unknown type".to_owned())];
            what.extend(enclosure.length.filter(|l| *l > 0).map(article::human_size));
            let url = links.get(n - 1).map_or_else(String::new, destination);
            out.push_str(&format!("- {} {url}\n", escape(&what.join(", "))));
        }
    }
    if !links.is_empty() {
        out.push_str("\n## Links\n\n");
        for (i, link) in links.iter().enumerate() {
            let note = match link.kind {
                LinkKind::Link => String::new(),
                kind => format!(" ({})", kind.label()),
            };
            out.push_str(&format!("{}. {}{note}\n", i + 1, destination(link)));
        }
    }
    out
}

/// `<url>` when it may be followed, else the URL as code.
fn destination(link: &Link) -> String {
    if link.openable { autolink(&link.url) } else { code(&link.url) }
}

fn autolink(url: &str) -> String {
    if article::is_openable(url) { format!("<{}>", url.replace(['<', '>', ' '], "")) } else { code(url) }
}

/// Blocks apart by a blank line (`tight`: by a line break, in a list item).
fn blocks(list: &[Block], links: &[Link], tight: bool) -> String {
    let parts: Vec<String> = list.iter().map(|b| block(b, links)).filter(|p| !p.is_empty()).collect();
    parts.join(if tight { "\n" } else { "\n\n" })
}

fn block(b: &Block, links: &[Link]) -> String {
    match b {
        Block::Para(runs) | Block::Caption(runs) => inline(runs, links),
        // The title is the one `#`: the body's headings go one level down.
        Block::Heading(level, runs) => {
            let marks = "#".repeat(usize::from(*level).clamp(1, 5) + 1);
            // The pane shows headings bold; Markdown says so by the marks.
            let runs: Vec<Run> = runs
                .iter()
                .map(|r| Run { text: r.text.clone(), style: r.style.remove_modifier(Modifier::BOLD) })
                .collect();
            format!("{marks} {}", inline(&runs, links).replace("\\\n", " "))
        }
        Block::Pre(runs) => {
            let text = article::doc::plain(runs);
            let fence = "`".repeat(longest_run(&text, '`').max(2) + 1);
            format!("{fence}\n{text}\n{fence}")
        }
        Block::List(items) => list(items, links),
        Block::Quote(inner) => prefixed(&blocks(inner, links, false), "> ", ">"),
        Block::Rule => "---".to_owned(),
        Block::Table(table) => pipe_table(table, links),
        Block::Defs(defs) => {
            let parts: Vec<String> = defs
                .iter()
                .map(|d| match d {
                    Def::Term(runs) => inline(runs, links),
                    Def::Desc(desc) => prefixed(&blocks(desc, links, false), ": ", "  "),
                })
                .collect();
            parts.join("\n")
        }
    }
}

fn list(items: &[ListItem], links: &[Link]) -> String {
    let loose = items.iter().any(|i| i.blocks.iter().filter(|b| matches!(b, Block::Para(_))).count() > 1);
    let parts: Vec<String> = items
        .iter()
        .map(|item| {
            let marker = if item.marker.ends_with('.') { format!("{} ", item.marker) } else { "- ".to_owned() };
            let body = blocks(&item.blocks, links, !loose);
            let pad = " ".repeat(marker.len());
            let mut lines = body.lines();
            let first = format!("{marker}{}", lines.next().unwrap_or(""));
            std::iter::once(first)
                .chain(lines.map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") }))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    parts.join(if loose { "\n\n" } else { "\n" })
}

/// Every line of `text` behind `first` on the first line and `rest` on the others
/// (for quotes both are the quote mark, empty lines included).
fn prefixed(text: &str, first: &str, rest: &str) -> String {
    let quote = first.trim_end() == rest;
    text.lines()
        .enumerate()
        .map(|(i, l)| match (i, quote, l.is_empty()) {
            (_, true, true) => rest.to_owned(),
            (_, true, false) => format!("{first}{l}"),
            (0, false, _) => format!("{first}{l}"),
            (_, false, true) => String::new(),
            (_, false, false) => format!("{rest}{l}"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn pipe_table(table: &Table, links: &[Link]) -> String {
    let columns = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    if columns == 0 {
        return String::new();
    }
    let row = |cells: &[Vec<Run>]| {
        let mut texts: Vec<String> =
            cells.iter().map(|c| inline(c, links).replace("\\\n", " ").replace('|', "\\|")).collect();
        texts.resize(columns, String::new());
        format!("| {} |", texts.join(" | "))
    };
    // Markdown tables need a header row: the first row is it.
    let mut lines = vec![row(&table.rows[0].cells), format!("|{}", " --- |".repeat(columns))];
    lines.extend(table.rows[1..].iter().map(|r| row(&r.cells)));
    let caption = inline(&table.caption, links);
    if !caption.is_empty() {
        lines.insert(0, format!("{caption}\n"));
    }
    lines.join("\n")
}

/// A piece of a paragraph: text in a style, or something a marker numbered.
enum Piece {
    Text(String, Style),
    Link(Vec<(String, Style)>, usize),
    Media(String, LinkKind, usize),
}

/// The runs of a paragraph as Markdown. The renderer writes a link as its
/// text (underlined) followed by the marker `⁠[n]`, and an image or other
/// media as an italic `[image: alt]` label followed by its marker: each
/// marker turns what it follows into a link.
fn inline(runs: &[Run], links: &[Link]) -> String {
    let mut pieces: Vec<Piece> = Vec::new();
    for run in runs {
        match markers(run) {
            Some(numbers) => {
                for n in numbers {
                    attach(&mut pieces, n, links);
                }
                // The space after a link is written after its marker.
                if run.text.ends_with(' ') {
                    pieces.push(Piece::Text(" ".into(), Style::new()));
                }
            }
            None => pieces.push(Piece::Text(run.text.replace('\u{200b}', ""), run.style)),
        }
    }
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text, style) => out.push_str(&emphasis(&text, style)),
            Piece::Link(parts, n) => {
                let text: String = parts.iter().map(|(t, s)| emphasis(t, *s)).collect();
                out.push_str(&linked(text.trim(), n, links));
            }
            Piece::Media(label, kind, n) => match (kind, links.get(n - 1)) {
                (LinkKind::Image, Some(link)) if link.openable => {
                    let alt = label.trim_start_matches("[image").trim_start_matches(':').trim_end_matches(']');
                    out.push_str(&format!("![{}]({})", escape(alt.trim()), in_parens(&link.url)));
                }
                _ => out.push_str(&linked(&escape(&label), n, links)),
            },
        }
    }
    out
}

/// The link numbers of a marker run (`⁠[3]`, or several glued together).
fn markers(run: &Run) -> Option<Vec<usize>> {
    if run.style != styles::link_marker() {
        return None;
    }
    let numbers: Option<Vec<usize>> = run
        .text
        .split('\u{2060}')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
        .collect();
    numbers.filter(|n| !n.is_empty())
}

/// Marker `n` makes a link of the pieces before it: the underlined text of
/// an anchor, or the label of an image or other media.
fn attach(pieces: &mut Vec<Piece>, n: usize, links: &[Link]) {
    let kind = links.get(n.wrapping_sub(1)).map_or(LinkKind::Link, |l| l.kind);
    if kind != LinkKind::Link && kind != LinkKind::Enclosure {
        if let Some(Piece::Text(text, style)) = pieces.last_mut()
            && style.add_modifier.contains(Modifier::ITALIC)
            && let Some(at) = text.rfind('[')
        {
            let label = text.split_off(at);
            if text.is_empty() {
                pieces.pop();
            }
            pieces.push(Piece::Media(label, kind, n));
        }
        return;
    }
    let start = pieces
        .iter()
        .rposition(|p| !matches!(p, Piece::Text(_, s) if s.add_modifier.contains(Modifier::UNDERLINED)))
        .map_or(0, |i| i + 1);
    let parts: Vec<(String, Style)> = pieces
        .drain(start..)
        .filter_map(|p| match p {
            Piece::Text(text, style) => Some((text, style.remove_modifier(Modifier::UNDERLINED))),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        // An image inside the anchor, say: the marker's own link after it.
        pieces.push(Piece::Link(vec![(format!("[{n}]"), Style::new())], n));
    } else {
        let trailing = parts.last().is_some_and(|(t, _)| t.ends_with(' '));
        pieces.push(Piece::Link(parts, n));
        if trailing {
            pieces.push(Piece::Text(" ".into(), Style::new()));
        }
    }
}

/// `[text](url)` when link `n` may be followed; else the text alone.
fn linked(text: &str, n: usize, links: &[Link]) -> String {
    match links.get(n.wrapping_sub(1)) {
        Some(link) if link.openable && !text.is_empty() => format!("[{text}]({})", in_parens(&link.url)),
        Some(link) if link.openable => format!("<{}>", link.url),
        _ => text.to_owned(),
    }
}

/// A URL safe between `(` and `)`.
fn in_parens(url: &str) -> String {
    url.replace(' ', "%20").replace('(', "%28").replace(')', "%29").replace('<', "%3C").replace('>', "%3E")
}

/// `text` escaped, inside the marks of `style` (spaces kept outside them);
/// code as a code span.
fn emphasis(text: &str, style: Style) -> String {
    let core = text.trim_matches([' ', '\n']);
    if core.is_empty() {
        return breaks(text);
    }
    let start = text.find(core).unwrap_or(0);
    let (before, after) = (&text[..start], &text[start + core.len()..]);
    let marked = if style.fg.is_some() && style.fg == styles::code().fg {
        code(core)
    } else {
        let mut marks = String::new();
        if style.add_modifier.contains(Modifier::BOLD) {
            marks.push_str("**");
        }
        if style.add_modifier.contains(Modifier::ITALIC) {
            marks.push('*');
        }
        if style.add_modifier.contains(Modifier::CROSSED_OUT) {
            marks.push_str("~~");
        }
        let closing: String = marks.chars().rev().collect();
        format!("{marks}{}{closing}", breaks(&escape(core)))
    };
    format!("{}{marked}{}", breaks(before), breaks(after))
}

/// Hard line breaks as Markdown writes them.
fn breaks(text: &str) -> String {
    text.replace('\n', "\\\n")
}

/// A code span long enough for the backticks inside.
fn code(text: &str) -> String {
    let ticks = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// Text that Markdown must not read as syntax: its punctuation escaped, and
/// what would start a heading, list or quote at the start of a line.
fn escape(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            for c in line.chars() {
                if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|') {
                    out.push('\\');
                }
                out.push(c);
            }
            block_start_escaped(out)
        })
        .collect();
    lines.join("\n")
}

/// `#`, `-`, `+`, `=` or `1.` at the start of a line, escaped.
fn block_start_escaped(line: String) -> String {
    let trimmed = line.trim_start();
    let digits = trimmed.len() - trimmed.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after_digits = &trimmed[digits..];
    if trimmed.starts_with(['#', '-', '+', '=']) {
        let at = line.len() - trimmed.len();
        format!("{}\\{}", &line[..at], &line[at..])
    } else if digits > 0 && after_digits.starts_with(['.', ')']) {
        let at = line.len() - after_digits.len();
        format!("{}\\{}", &line[..at], &line[at..])
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_in_text_is_escaped() {
        assert_eq!(escape("a *b* [c](d) <e> 1_2 `f`"), r"a \*b\* \[c\](d) \<e\> 1\_2 \`f\`");
        assert_eq!(
            escape("# not a heading\n- nor a list\n2024. a year"),
            "\\# not a heading\n\\- nor a list\n2024\\. a year"
        );
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(in_parens("https://e.example/a (b)"), "https://e.example/a%20%28b%29");
    }

    #[test]
    fn emphasis_keeps_spaces_outside_its_marks() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        assert_eq!(emphasis("gras ", bold), "**gras** ");
        assert_eq!(emphasis(" both ", bold.add_modifier(Modifier::ITALIC)), " ***both*** ");
        assert_eq!(emphasis("x()", styles::code()), "`x()`");
        assert_eq!(emphasis("   ", bold), "   ");
    }
}
