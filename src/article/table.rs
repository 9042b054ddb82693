//! Tables: collected from the DOM as rows of one-paragraph cells, laid out
//! in aligned columns when they fit the width, with wrapped cells when their
//! longest words fit, else one row per paragraph ("Header: value · ...").

use dom_query::NodeRef;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::doc::{Row, Run, Table, plain};
use super::dom::{Walker, is_named};
use super::lines::with_modifier;
use super::styles;
use super::wrap::{self, width as text_width};

const SEP: &str = " │ ";
/// Bound on the work a hostile table can ask for.
const MAX_COLUMNS: usize = 64;

impl Walker {
    pub(super) fn table(&mut self, node: &NodeRef, depth: usize) -> Table {
        let mut table = Table::default();
        self.rows(node, depth, false, &mut table);
        table
    }

    fn rows(&mut self, node: &NodeRef, depth: usize, head: bool, table: &mut Table) {
        for child in node.children_it(false) {
            if is_named(&child, "tr") {
                let row = self.row(&child, depth + 1, head);
                if !row.cells.is_empty() {
                    table.rows.push(row);
                }
            } else if is_named(&child, "caption") {
                table.caption = self.runs_of(&child, depth + 1);
            } else if ["thead", "tbody", "tfoot"].iter().any(|n| is_named(&child, n)) {
                self.rows(&child, depth + 1, head || is_named(&child, "thead"), table);
            }
        }
    }

    fn row(&mut self, tr: &NodeRef, depth: usize, head: bool) -> Row {
        let mut row = Row { header: head, cells: Vec::new() };
        let mut all_th = true;
        for cell in tr.children_it(false) {
            let th = is_named(&cell, "th");
            if !th && !is_named(&cell, "td") {
                continue;
            }
            all_th &= th;
            let runs = self.runs_of(&cell, depth + 1);
            let span: usize = cell.attr("colspan").and_then(|v| v.trim().parse().ok()).unwrap_or(1);
            row.cells.push(if th { with_modifier(&runs, Modifier::BOLD) } else { runs });
            for _ in 1..span.clamp(1, MAX_COLUMNS) {
                row.cells.push(Vec::new());
            }
        }
        row.header |= all_th && !row.cells.is_empty();
        row.cells.truncate(MAX_COLUMNS);
        row
    }
}

pub(super) fn layout(table: &Table, width: usize, out: &mut Vec<Line<'static>>) {
    if !table.caption.is_empty() {
        out.extend(wrap::wrap(&with_modifier(&table.caption, Modifier::ITALIC), width));
    }
    let columns = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    if columns == 0 {
        return;
    }
    let natural = column_widths(table, columns, |runs| text_width(&plain(runs)));
    let least = column_widths(table, columns, longest_word);
    let seps = text_width(SEP) * (columns - 1);
    if natural.iter().sum::<usize>() + seps <= width {
        grid(table, &natural, out);
    } else if least.iter().sum::<usize>() + seps <= width {
        grid(table, &share(&least, &natural, width - seps), out);
    } else {
        degraded(table, width, out);
    }
}

fn column_widths(table: &Table, columns: usize, measure: impl Fn(&[Run]) -> usize) -> Vec<usize> {
    let mut widths = vec![0; columns];
    for row in &table.rows {
        for (w, cell) in widths.iter_mut().zip(&row.cells) {
            *w = (*w).max(measure(cell));
        }
    }
    widths
}

fn longest_word(runs: &[Run]) -> usize {
    plain(runs).split_whitespace().map(text_width).max().unwrap_or(0)
}

/// Each column gets its longest word, and the room left is shared in
/// proportion to how much more each would take.
fn share(least: &[usize], natural: &[usize], room: usize) -> Vec<usize> {
    let spare = room - least.iter().sum::<usize>();
    let wants: Vec<usize> = least.iter().zip(natural).map(|(l, n)| n - l).collect();
    let total: usize = wants.iter().sum::<usize>().max(1);
    least.iter().zip(&wants).map(|(l, w)| l + spare * w / total).collect()
}

fn grid(table: &Table, widths: &[usize], out: &mut Vec<Line<'static>>) {
    for (i, row) in table.rows.iter().enumerate() {
        let cells: Vec<Vec<Line<'static>>> = widths
            .iter()
            .enumerate()
            .map(|(c, w)| row.cells.get(c).map_or_else(Vec::new, |cell| wrap::wrap(cell, (*w).max(1))))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for y in 0..height {
            let mut spans = Vec::new();
            for (c, (lines, w)) in cells.iter().zip(widths).enumerate() {
                if c > 0 {
                    spans.push(Span::styled(SEP, styles::gutter()));
                }
                let line = lines.get(y).cloned().unwrap_or_default();
                let pad = w.saturating_sub(line.width());
                let numeric = row.cells.get(c).is_some_and(|cell| is_number(&plain(cell)));
                if numeric {
                    spans.push(Span::raw(" ".repeat(pad)));
                }
                spans.extend(line.spans);
                // The last column needs no padding.
                if !numeric && c + 1 < widths.len() {
                    spans.push(Span::raw(" ".repeat(pad)));
                }
            }
            out.push(Line::from(spans));
        }
        let next_is_body = table.rows.get(i + 1).is_some_and(|r| !r.header);
        if row.header && next_is_body {
            let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            out.push(Line::styled(rule.join("─┼─"), styles::gutter()));
        }
    }
}

/// Too wide for columns: each row becomes a paragraph, its cells labelled
/// with the header row when there is one.
fn degraded(table: &Table, width: usize, out: &mut Vec<Line<'static>>) {
    let header: Option<Vec<String>> =
        table.rows.first().filter(|r| r.header).map(|r| r.cells.iter().map(|c| plain(c)).collect());
    for row in table.rows.iter().skip(usize::from(header.is_some())) {
        let mut runs: Vec<Run> = Vec::new();
        for (c, cell) in row.cells.iter().enumerate().filter(|(_, cell)| !cell.is_empty()) {
            if !runs.is_empty() {
                runs.push(Run { text: " · ".into(), style: styles::gutter() });
            }
            if let Some(label) = header.as_ref().and_then(|h| h.get(c)).filter(|l| !l.is_empty()) {
                // NBSP: a label never ends a line apart from its value.
                runs.push(Run { text: format!("{label}:\u{a0}"), style: styles::gutter() });
            }
            runs.extend(cell.iter().cloned());
        }
        if !runs.is_empty() {
            out.extend(wrap::wrap(&runs, width));
        }
    }
}

fn is_number(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || ",.%+-− $€£".contains(c))
}
