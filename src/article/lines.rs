//! Blocks to lines at a width: paragraphs apart by a blank line, lists with
//! hanging markers, quotes behind a gutter, `pre` clipped rather than wrapped.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::doc::{Block, Def, ListItem, Run};
use super::styles;
use super::table;
use super::wrap::{self, width as text_width};

/// Below this many columns nested blocks stop indenting: text squeezed into
/// a sliver reads worse than text that is not indented.
const MIN_INNER: usize = 12;

/// Lays out `blocks`; `tight` drops the blank line between them (list items).
pub(super) fn blocks(blocks: &[Block], width: usize, tight: bool) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 && !tight {
            out.push(Line::default());
        }
        block(b, width, &mut out);
    }
    out
}

fn block(b: &Block, width: usize, out: &mut Vec<Line<'static>>) {
    match b {
        Block::Para(runs) => out.extend(wrap::wrap(runs, width)),
        Block::Heading(level, runs) => {
            let marker = format!("{} ", "#".repeat(usize::from(*level).clamp(1, 6)));
            out.extend(hanging(&marker, styles::gutter(), wrap::wrap(runs, inner(width, &marker))));
        }
        Block::Pre(runs) => pre(runs, width, out),
        Block::List(items) => list(items, width, out),
        Block::Quote(inner_blocks) => {
            let gutter = Span::styled("│ ", styles::gutter());
            let lines = blocks(inner_blocks, inner(width, "│ "), false);
            out.extend(lines.into_iter().map(|l| prefixed(gutter.clone(), l)));
        }
        Block::Rule => out.push(Line::styled("─".repeat(width.min(72)), styles::gutter())),
        Block::Table(t) => table::layout(t, width, out),
        Block::Defs(defs) => {
            for (i, def) in defs.iter().enumerate() {
                match def {
                    Def::Term(runs) => {
                        if i > 0 {
                            out.push(Line::default());
                        }
                        out.extend(wrap::wrap(runs, width));
                    }
                    Def::Desc(desc) => {
                        let lines = blocks(desc, inner(width, "    "), false);
                        out.extend(hanging("    ", Style::new(), lines));
                    }
                }
            }
        }
        Block::Caption(runs) => out.extend(wrap::wrap(runs, width)),
    }
}

fn list(items: &[ListItem], width: usize, out: &mut Vec<Line<'static>>) {
    let marker_w = items.iter().map(|i| text_width(&i.marker)).max().unwrap_or(0);
    let numbered = items.iter().any(|i| i.marker.ends_with('.'));
    // Blank lines between items only when an item holds several paragraphs.
    let loose = items.iter().any(|i| i.blocks.iter().filter(|b| matches!(b, Block::Para(_))).count() > 1);
    for (n, item) in items.iter().enumerate() {
        if n > 0 && loose {
            out.push(Line::default());
        }
        let pad = marker_w - text_width(&item.marker);
        // Numbers line up on their dot, bullets on the left.
        let marker = if numbered {
            format!("{}{} ", " ".repeat(pad), item.marker)
        } else {
            format!("{}{} ", item.marker, " ".repeat(pad))
        };
        let lines = blocks(&item.blocks, inner(width, &marker), !loose);
        let lines = if lines.is_empty() { vec![Line::default()] } else { lines };
        out.extend(hanging(&marker, styles::gutter(), lines));
    }
}

/// `pre` lines as written; a line wider than the text is clipped with `…`
/// (reflowing code or ASCII art makes it unreadable).
fn pre(runs: &[Run], width: usize, out: &mut Vec<Line<'static>>) {
    let mut lines = vec![Vec::new()];
    for run in runs {
        for (i, part) in run.text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            if !part.is_empty() {
                lines.last_mut().expect("never empty").push(Run { text: part.to_owned(), style: run.style });
            }
        }
    }
    for line in lines {
        let wrapped = wrap::wrap(&clip(&line, width), usize::MAX);
        out.extend(wrapped);
    }
}

/// `line` cut to `width` columns, the cut marked with `…`.
fn clip(line: &[Run], width: usize) -> Vec<Run> {
    use unicode_segmentation::UnicodeSegmentation;
    let total: usize = line.iter().map(|r| text_width(&r.text)).sum();
    if total <= width {
        return line.to_vec();
    }
    let mut out = Vec::new();
    let mut used = 0;
    let room = width.saturating_sub(1);
    'runs: for run in line {
        let mut text = String::new();
        for g in run.text.graphemes(true) {
            let w = text_width(g);
            if used + w > room {
                out.push(Run { text, style: run.style });
                break 'runs;
            }
            used += w;
            text.push_str(g);
        }
        out.push(Run { text, style: run.style });
    }
    out.push(Run { text: "…".into(), style: styles::gutter() });
    out
}

/// Width left for content after a prefix, unless that leaves too little.
fn inner(width: usize, prefix: &str) -> usize {
    let w = width.saturating_sub(text_width(prefix));
    if w < MIN_INNER { width } else { w }
}

/// `first` before the first line, as many spaces before the others.
pub(super) fn hanging(first: &str, style: Style, lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
    let blank = " ".repeat(text_width(first));
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let head = if i == 0 { Span::styled(first.to_owned(), style) } else { Span::raw(blank.clone()) };
            prefixed(head, l)
        })
        .collect()
}

fn prefixed(head: Span<'static>, mut line: Line<'static>) -> Line<'static> {
    line.spans.insert(0, head);
    line
}

/// `runs` with `modifier` added to each.
pub(super) fn with_modifier(runs: &[Run], modifier: Modifier) -> Vec<Run> {
    runs.iter().map(|r| Run { text: r.text.clone(), style: r.style.add_modifier(modifier) }).collect()
}
