//! Pure geometry shared by draw and update (page sizes, article width).

use ratatui::layout::Rect;

use super::Pane;

/// Where each pane goes; a pane that does not fit this size is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub feeds: Option<Rect>,
    pub headlines: Option<Rect>,
    pub article: Option<Rect>,
    pub status: Rect,
}

/// Below this width the three columns do not fit: the article takes the whole
/// screen while it has focus, otherwise feeds and headlines share it.
pub const WIDE: u16 = 100;

pub fn layout(area: Rect, focus: Pane) -> Panes {
    let main_h = area.height.saturating_sub(1);
    let status = Rect::new(area.x, area.y + main_h, area.width, area.height.min(1));
    let main = Rect::new(area.x, area.y, area.width, main_h);
    if area.width >= WIDE {
        let feeds_w = (area.width / 5).clamp(20, 32);
        let rest = area.width - feeds_w;
        let heads_w = rest * 45 / 100;
        let (feeds, rest_rect) = split(main, feeds_w);
        let (headlines, article) = split(rest_rect, heads_w);
        return Panes { feeds: Some(feeds), headlines: Some(headlines), article: Some(article), status };
    }
    if focus == Pane::Article {
        return Panes { feeds: None, headlines: None, article: Some(main), status };
    }
    let feeds_w = (area.width / 3).clamp(16, 28).min(area.width);
    let (feeds, headlines) = split(main, feeds_w);
    Panes { feeds: Some(feeds), headlines: Some(headlines), article: None, status }
}

fn split(r: Rect, left: u16) -> (Rect, Rect) {
    let left = left.min(r.width);
    (Rect::new(r.x, r.y, left, r.height), Rect::new(r.x + left, r.y, r.width - left, r.height))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_has_three_columns() {
        let p = layout(Rect::new(0, 0, 120, 40), Pane::Feeds);
        let (f, h, a) = (p.feeds.unwrap(), p.headlines.unwrap(), p.article.unwrap());
        assert_eq!(f.width + h.width + a.width, 120);
        assert_eq!(p.status, Rect::new(0, 39, 120, 1));
        assert!(a.width >= 50, "{a:?}");
    }

    #[test]
    fn narrow_article_takes_the_screen() {
        let p = layout(Rect::new(0, 0, 60, 15), Pane::Article);
        assert_eq!(p.article, Some(Rect::new(0, 0, 60, 14)));
        assert_eq!(p.feeds, None);
        let p = layout(Rect::new(0, 0, 60, 15), Pane::Headlines);
        assert_eq!(p.article, None);
        assert_eq!(p.feeds.unwrap().width + p.headlines.unwrap().width, 60);
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (5, 2), (99, 3)] {
            for focus in [Pane::Feeds, Pane::Headlines, Pane::Article] {
                let _ = layout(Rect::new(0, 0, w, h), focus);
            }
        }
    }
}
