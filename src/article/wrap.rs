//! Styled runs to lines of at most `width` display columns.
//!
//! Break opportunities come from the Unicode line breaking algorithm (UAX #14,
//! so CJK breaks between ideographs, NBSP glues, soft hyphens and zero-width
//! spaces offer a break); widths are measured per grapheme cluster, so emoji
//! ZWJ sequences, flags and combining marks count as the terminal shows them.
//! Right-to-left text is left in logical order: the terminal owns bidi.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::doc::Run;

const SOFT_HYPHEN: char = '\u{ad}';

/// Break hints that are never shown: soft hyphen, zero-width space, word joiner.
fn is_invisible(c: char) -> bool {
    matches!(c, SOFT_HYPHEN | '\u{200b}' | '\u{2060}')
}

/// Display width of `s` as the terminal shows it.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

fn grapheme_width(g: &str) -> usize {
    if g.chars().all(is_invisible) { 0 } else { g.width() }
}

/// Runs laid out in lines; `\n` in a run forces a break.
pub fn wrap(runs: &[Run], width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    let mut styles = Vec::with_capacity(runs.len());
    let mut end = 0;
    for run in runs {
        end += run.text.len();
        styles.push((end, run.style));
    }
    let mut out = Lines { text: &text, styles: &styles, lines: Vec::new() };
    let mut start = 0;
    for piece in text.split('\n') {
        out.paragraph(start, start + piece.len(), width);
        start += piece.len() + 1;
    }
    out.lines
}

struct Lines<'a> {
    text: &'a str,
    /// (end byte, style) of each run, in order.
    styles: &'a [(usize, Style)],
    lines: Vec<Line<'static>>,
}

impl Lines<'_> {
    /// Greedy fill of `text[from..to]`, which holds no hard break.
    fn paragraph(&mut self, from: usize, to: usize, max: usize) {
        let piece = &self.text[from..to];
        let before = self.lines.len();
        let mut line_start = from;
        // End of the line's content (its trailing spaces excluded), and its width.
        let mut line_end = from;
        let mut used = 0;
        let mut seg_start = from;
        for (at, kind) in linebreaks(piece) {
            let seg_end = from + at;
            if seg_end == seg_start && kind != BreakOpportunity::Mandatory {
                continue;
            }
            let seg = &self.text[seg_start..seg_end];
            let content = seg.trim_end_matches(' ');
            let (content_w, full_w) = (width(content), width(seg));
            if line_end > line_start && used + content_w > max {
                self.emit(line_start, line_end);
                (line_start, line_end, used) = (seg_start, seg_start, 0);
            }
            if content_w > max {
                // A word longer than the line: cut it by grapheme.
                let (rest_start, rest_w) = self.cut(seg_start, seg_start + content.len(), max);
                (line_start, line_end, used) = (rest_start, seg_start + content.len(), rest_w);
                used += full_w - content_w;
            } else {
                line_end = if content.is_empty() { line_end } else { seg_start + content.len() };
                used += full_w;
            }
            seg_start = seg_end;
        }
        if line_end > line_start || self.lines.len() == before {
            self.emit(line_start, line_end);
        }
    }

    /// Emits full-width chunks of `text[from..to]`; returns where the last,
    /// partial chunk starts and its width.
    fn cut(&mut self, from: usize, to: usize, max: usize) -> (usize, usize) {
        let mut start = from;
        let mut used = 0;
        for (i, g) in self.text[from..to].grapheme_indices(true) {
            let w = grapheme_width(g);
            if used + w > max && used > 0 {
                self.emit(start, from + i);
                start = from + i;
                used = 0;
            }
            used += w;
        }
        (start, used)
    }

    /// One line made of `text[from..to]` in the runs' styles.
    fn emit(&mut self, from: usize, to: usize) {
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut pos = from;
        let first = self.styles.partition_point(|(end, _)| *end <= from);
        for &(end, style) in &self.styles[first..] {
            if pos >= to {
                break;
            }
            let stop = end.min(to);
            let shown: String = self.text[pos..stop].chars().filter(|c| !is_invisible(*c)).collect();
            if !shown.is_empty() {
                spans.push(Span::styled(shown, style));
            }
            pos = stop;
        }
        // A line broken at a soft hyphen shows the hyphen.
        if self.text[..to].ends_with(SOFT_HYPHEN) {
            let style = spans.last().map_or_else(Style::new, |s| s.style);
            spans.push(Span::styled("-", style));
        }
        self.lines.push(Line::from(spans));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, w: usize) -> Vec<String> {
        wrap(&[Run { text: text.to_owned(), style: Style::new() }], w).iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn greedy_by_display_width() {
        assert_eq!(lines("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(lines("aa bb cc", 8), ["aa bb cc"]);
        assert_eq!(lines("", 5), [""]);
        assert_eq!(lines("one\ntwo", 10), ["one", "two"]);
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn cjk_counts_two_columns_and_breaks_between_ideographs() {
        assert_eq!(lines("日本語のテキスト", 6), ["日本語", "のテキ", "スト"]);
        // A wide character never straddles the edge: 5 columns hold two.
        assert_eq!(lines("日本語", 5), ["日本", "語"]);
    }

    #[test]
    fn emoji_sequences_stay_whole() {
        let family = "👩\u{200d}👩\u{200d}👧";
        assert_eq!(width(family), 2);
        assert_eq!(lines(&format!("{family}{family}{family}"), 4), [format!("{family}{family}"), family.to_owned()]);
        assert_eq!(width("🇫🇷"), 2);
        assert_eq!(width("e\u{301}te\u{301}"), 3, "combining accents take no column");
    }

    #[test]
    fn nbsp_glues_and_guillemets_stay_with_their_word() {
        assert_eq!(lines("dit «\u{a0}oui\u{a0}» hier", 9), ["dit", "«\u{a0}oui\u{a0}»", "hier"]);
    }

    #[test]
    fn soft_hyphens_and_zero_width_spaces_break_invisibly() {
        assert_eq!(lines("extra\u{ad}ordinary", 20), ["extraordinary"]);
        assert_eq!(lines("extra\u{ad}ordinary", 8), ["extra-", "ordinary"]);
        assert_eq!(lines("long\u{200b}word", 6), ["long", "word"]);
        assert_eq!(width("a\u{ad}b\u{200b}c"), 3);
    }

    #[test]
    fn styles_follow_the_text_across_breaks() {
        let runs = [
            Run { text: "plain ".into(), style: Style::new() },
            Run { text: "bold words".into(), style: Style::new().bold() },
        ];
        let out = wrap(&runs, 10);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].spans[1].content, "bold");
        assert_eq!(out[1].spans[0].content, "words");
        assert_eq!(out[1].spans[0].style, Style::new().bold());
    }
}
