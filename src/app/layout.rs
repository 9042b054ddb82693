//! Pure geometry shared by draw and update (page sizes, article width, mouse
//! hit-testing).
//!
//! Wide screens show three columns. Narrower than `stacked_below` columns,
//! panes stack: the left list above the headlines while browsing (the one
//! with focus larger), the headlines above the article while reading. Zen
//! shows the article alone.

use ratatui::layout::Rect;

use super::{Action, App, OpenArticle, Pane};
use crate::config::LayoutConfig;

/// Where each pane goes; a pane not shown in this layout is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub feeds: Option<Rect>,
    pub headlines: Option<Rect>,
    pub article: Option<Rect>,
    pub status: Rect,
}

/// Below this many rows a stacked layout shows only the focused pane.
const MIN_STACKED_HEIGHT: u16 = 12;

pub fn layout(area: Rect, focus: Pane, zen: bool, cfg: &LayoutConfig) -> Panes {
    let main_h = area.height.saturating_sub(1);
    let status = Rect::new(area.x, area.y + main_h, area.width, area.height.min(1));
    let main = Rect::new(area.x, area.y, area.width, main_h);
    let none = Panes { feeds: None, headlines: None, article: None, status };
    if zen && focus == Pane::Article {
        return Panes { article: Some(main), ..none };
    }
    if area.width >= cfg.stacked_below {
        let feeds_w = percent(area.width, cfg.feeds_width).max(12).min(area.width / 2);
        let (feeds, rest) = split_columns(main, feeds_w);
        let (headlines, article) = split_columns(rest, percent(rest.width, cfg.headlines_width));
        return Panes { feeds: Some(feeds), headlines: Some(headlines), article: Some(article), status };
    }
    let (top, bottom) =
        if focus == Pane::Article { (Pane::Headlines, Pane::Article) } else { (Pane::Feeds, Pane::Headlines) };
    if main_h < MIN_STACKED_HEIGHT {
        let only = if focus == Pane::Feeds { Pane::Feeds } else { bottom };
        return with(none, only, main);
    }
    // The focused pane takes the larger share; the list above the article stays small.
    let share = if focus == Pane::Feeds { 100 - cfg.stacked_list_height.min(100) } else { cfg.stacked_list_height };
    let top_h = percent(main_h, share).clamp(4, main_h - 4);
    let (top_rect, bottom_rect) = split_rows(main, top_h);
    with(with(none, top, top_rect), bottom, bottom_rect)
}

fn with(mut panes: Panes, pane: Pane, rect: Rect) -> Panes {
    match pane {
        Pane::Feeds => panes.feeds = Some(rect),
        Pane::Headlines => panes.headlines = Some(rect),
        Pane::Article => panes.article = Some(rect),
    }
    panes
}

fn percent(total: u16, pct: u16) -> u16 {
    (u32::from(total) * u32::from(pct.min(100)) / 100) as u16
}

fn split_columns(r: Rect, left: u16) -> (Rect, Rect) {
    let left = left.min(r.width);
    (Rect::new(r.x, r.y, left, r.height), Rect::new(r.x + left, r.y, r.width - left, r.height))
}

fn split_rows(r: Rect, top: u16) -> (Rect, Rect) {
    let top = top.min(r.height);
    (Rect::new(r.x, r.y, r.width, top), Rect::new(r.x, r.y + top, r.width, r.height - top))
}

/// Rows of content inside a bordered pane.
pub fn inner_height(r: Rect) -> usize {
    r.height.saturating_sub(2) as usize
}

/// Room for text inside the article pane: borders and a one-column margin
/// on each side removed.
pub fn text_room(article: Rect) -> u16 {
    article.width.saturating_sub(4).max(1)
}

/// Width the article text is wrapped to: the room in the pane, capped at
/// `max` (the `text_width` setting) for comfortable reading.
pub fn text_width(article: Rect, max: u16) -> u16 {
    text_room(article).min(max.max(1))
}

/// The row of a bordered list pane under screen row `y`, if it is inside.
pub fn list_row(pane: Rect, x: u16, y: u16) -> Option<usize> {
    let inside = x > pane.x && x + 1 < pane.x + pane.width && y > pane.y && y + 1 < pane.y + pane.height;
    inside.then(|| usize::from(y - pane.y - 1))
}

pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}

/// What the state needs of the geometry without drawing: where the panes
/// are, how many rows each shows, the article's text width, the overlays' sizes.
impl App {
    /// Rows the left list and the headline list show.
    pub fn list_rows(&self) -> (usize, usize) {
        let panes = self.panes();
        let rows = |r: Option<ratatui::layout::Rect>| r.map_or(1, inner_height).max(1);
        (rows(panes.feeds), rows(panes.headlines))
    }

    /// Where each pane is on this screen.
    pub fn panes(&self) -> Panes {
        self.panes_with_focus(self.focus)
    }

    fn panes_with_focus(&self, focus: Pane) -> Panes {
        let area = ratatui::layout::Rect::new(0, 0, self.width, self.height);
        layout(area, focus, self.zen, &self.layout)
    }

    /// Rows of text the article pane shows (in the layout where it is visible).
    pub fn article_rows(&self) -> usize {
        self.panes_with_focus(Pane::Article).article.map_or(1, inner_height).max(1)
    }

    /// Lines of the help overlay: every action, then the search syntax.
    pub fn help_len(&self) -> usize {
        Action::ALL.len() + 1 + crate::query::HELP.len()
    }

    /// Rows the help overlay shows at once.
    pub fn help_rows(&self) -> usize {
        self.help_len().min(usize::from(self.height).saturating_sub(2)).max(1)
    }

    /// Rows the link list overlay shows at once.
    pub fn links_rows(&self) -> usize {
        usize::from(self.height).saturating_sub(4).max(1)
    }

    /// Largest useful article scroll: the last page is a full page.
    pub fn max_article_scroll(&self) -> usize {
        self.article.as_ref().map_or(0, |open| open.lines().len().saturating_sub(self.article_rows()))
    }

    /// Width the article text is wrapped to in the current layout.
    pub fn article_text_width(&self) -> u16 {
        // The narrow layout shows the article full-width when it has focus.
        let panes = self.panes_with_focus(Pane::Article);
        panes.article.map_or(1, |r| text_width(r, self.text_column.text_width))
    }

    /// The open article, if the current layout shows it.
    pub fn visible_article(&self) -> Option<&OpenArticle> {
        self.panes().article.and(self.article.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> LayoutConfig {
        LayoutConfig::default()
    }

    #[test]
    fn wide_has_three_columns() {
        let p = layout(Rect::new(0, 0, 120, 40), Pane::Feeds, false, &cfg());
        let (f, h, a) = (p.feeds.unwrap(), p.headlines.unwrap(), p.article.unwrap());
        assert_eq!((f.width, h.width, a.width), (24, 43, 53));
        assert_eq!(p.status, Rect::new(0, 39, 120, 1));
        let custom = LayoutConfig { feeds_width: 30, headlines_width: 50, ..cfg() };
        let p = layout(Rect::new(0, 0, 120, 40), Pane::Feeds, false, &custom);
        assert_eq!((p.feeds.unwrap().width, p.headlines.unwrap().width, p.article.unwrap().width), (36, 42, 42));
    }

    #[test]
    fn narrow_screens_stack() {
        let p = layout(Rect::new(0, 0, 80, 24), Pane::Headlines, false, &cfg());
        assert_eq!(p.feeds, Some(Rect::new(0, 0, 80, 8)));
        assert_eq!(p.headlines, Some(Rect::new(0, 8, 80, 15)));
        assert_eq!(p.article, None);
        let p = layout(Rect::new(0, 0, 80, 24), Pane::Feeds, false, &cfg());
        assert_eq!(p.feeds, Some(Rect::new(0, 0, 80, 14)), "the focused list is the larger");
        let p = layout(Rect::new(0, 0, 80, 24), Pane::Article, false, &cfg());
        assert_eq!(p.headlines, Some(Rect::new(0, 0, 80, 8)));
        assert_eq!(p.article, Some(Rect::new(0, 8, 80, 15)));
        assert_eq!(p.feeds, None);
        // Too short to stack: the focused pane alone.
        let p = layout(Rect::new(0, 0, 60, 10), Pane::Article, false, &cfg());
        assert_eq!((p.article, p.headlines), (Some(Rect::new(0, 0, 60, 9)), None));
    }

    #[test]
    fn zen_gives_the_article_everything() {
        for width in [60, 200] {
            let p = layout(Rect::new(0, 0, width, 30), Pane::Article, true, &cfg());
            assert_eq!((p.feeds, p.headlines, p.article), (None, None, Some(Rect::new(0, 0, width, 29))));
        }
        let p = layout(Rect::new(0, 0, 120, 30), Pane::Headlines, true, &cfg());
        assert!(p.feeds.is_some(), "zen only applies while reading");
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (5, 2), (99, 3), (100, 3), (30, 12)] {
            for focus in [Pane::Feeds, Pane::Headlines, Pane::Article] {
                for zen in [false, true] {
                    let _ = layout(Rect::new(0, 0, w, h), focus, zen, &cfg());
                    let _ = layout(Rect::new(0, 0, w, h), focus, zen, &LayoutConfig { stacked_below: 0, ..cfg() });
                }
            }
        }
    }

    #[test]
    fn list_rows_exclude_borders() {
        let r = Rect::new(10, 5, 20, 6);
        assert_eq!(list_row(r, 11, 6), Some(0));
        assert_eq!(list_row(r, 11, 9), Some(3));
        assert_eq!(list_row(r, 10, 6), None, "left border");
        assert_eq!(list_row(r, 11, 10), None, "bottom border");
    }
}
