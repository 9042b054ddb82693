//! Geometry the state needs without drawing: where the panes are, how many
//! rows each shows, the article's text width, the overlays' sizes.

use super::layout::{self, Panes};
use super::{Action, App, OpenArticle, Pane};

impl App {
    /// Rows the left list and the headline list show.
    pub fn list_rows(&self) -> (usize, usize) {
        let panes = self.panes();
        let rows = |r: Option<ratatui::layout::Rect>| r.map_or(1, layout::inner_height).max(1);
        (rows(panes.feeds), rows(panes.headlines))
    }

    /// Where each pane is on this screen.
    pub fn panes(&self) -> Panes {
        self.panes_with_focus(self.focus)
    }

    fn panes_with_focus(&self, focus: Pane) -> Panes {
        let area = ratatui::layout::Rect::new(0, 0, self.width, self.height);
        layout::layout(area, focus, self.zen, &self.layout)
    }

    /// Rows of text the article pane shows (in the layout where it is visible).
    pub fn article_rows(&self) -> usize {
        self.panes_with_focus(Pane::Article).article.map_or(1, layout::inner_height).max(1)
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
        panes.article.map_or(1, |r| layout::text_width(r, self.reading.text_width))
    }

    /// The open article, if the current layout shows it.
    pub fn visible_article(&self) -> Option<&OpenArticle> {
        self.panes().article.and(self.article.as_ref())
    }
}
