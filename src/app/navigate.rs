//! What each user action does to the state.

use super::layout::inner_height;
use super::reading::{self, PromptKind};
use super::{Action, Anchor, App, Effect, Pane, Query, Status, Window};
use crate::model::View;

pub(super) fn action(app: &mut App, action: Action) -> Vec<Effect> {
    if app.welcome.is_some() {
        match action {
            Action::Quit => app.quit = true,
            Action::Help => app.help = !app.help,
            Action::Back => app.help = false,
            _ => {}
        }
        return Vec::new();
    }
    if app.links.is_some() {
        return links_overlay(app, action);
    }
    if app.help {
        let max = Action::ALL.len().saturating_sub(app.help_rows());
        let scroll = |delta: isize| app.help_scroll.saturating_add_signed(delta).min(max);
        app.help_scroll = match action {
            Action::Up => scroll(-1),
            Action::Down => scroll(1),
            Action::PageUp | Action::Top => 0,
            Action::PageDown | Action::Bottom => max,
            _ => app.help_scroll,
        };
        match action {
            Action::Quit => app.quit = true,
            Action::Help | Action::Back => app.help = false,
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Up => step(app, -1),
        Action::Down => step(app, 1),
        Action::PageUp => step(app, -(page(app) as isize)),
        Action::PageDown => step(app, page(app) as isize),
        Action::Top => step(app, isize::MIN / 2),
        Action::Bottom => step(app, isize::MAX / 2),
        Action::Open => open(app),
        Action::Back => {
            app.focus = match app.focus {
                Pane::Article => Pane::Headlines,
                _ => Pane::Feeds,
            };
            Vec::new()
        }
        Action::NextPane => {
            app.focus = match app.focus {
                Pane::Feeds => Pane::Headlines,
                Pane::Headlines if app.article.is_some() => Pane::Article,
                _ => Pane::Feeds,
            };
            Vec::new()
        }
        Action::NextUnread => next_unread(app),
        Action::ToggleRead => toggle_read(app),
        Action::MarkFeedRead => mark_view_read(app),
        Action::RefreshFeed => match app.selected_view() {
            View::All => vec![Effect::Refresh(None)],
            View::Feed(id) => vec![Effect::Refresh(Some(id))],
        },
        Action::RefreshAll => vec![Effect::Refresh(None)],
        Action::OpenLink => open_link(app),
        Action::OpenLinkNumber(n) => reading::open_link(app, usize::from(n)),
        Action::LinkPrompt => reading::ask(app, PromptKind::Link),
        Action::ShowLinks => reading::toggle_links(app),
        Action::CopyLink => copy_link(app),
        Action::PlayEnclosure => reading::play(app),
        Action::ToggleFullText => reading::toggle_full_text(app),
        Action::AddFeed => super::dialog::open_add(app),
        Action::RemoveFeed => super::dialog::open_remove(app),
        Action::EditConfig => vec![Effect::EditConfig],
        Action::Help => {
            app.help = true;
            app.help_scroll = 0;
            Vec::new()
        }
        Action::Quit => {
            app.quit = true;
            Vec::new()
        }
    }
}

/// Rows one page moves in the focused pane.
fn page(app: &App) -> usize {
    let panes = app.panes();
    let rect = match app.focus {
        Pane::Feeds => panes.feeds,
        Pane::Headlines => panes.headlines,
        Pane::Article => panes.article,
    };
    let rows = rect.map_or(1, inner_height);
    // Keep one line of context when paging through text.
    if app.focus == Pane::Article { rows.saturating_sub(1).max(1) } else { rows.max(1) }
}

fn moved(current: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    current.saturating_add_signed(delta).min(len - 1)
}

fn step(app: &mut App, delta: isize) -> Vec<Effect> {
    match app.focus {
        Pane::Feeds => {
            let before = app.feed_sel;
            app.feed_sel = moved(app.feed_sel, delta, app.feeds.len() + 1);
            app.follow_selection();
            if app.feed_sel != before {
                return show_selected_feed(app);
            }
        }
        Pane::Headlines => {
            app.item_sel = moved(app.item_sel, delta, app.headlines.total);
            return app.follow_selection();
        }
        Pane::Article => {
            let max = app.max_article_scroll();
            if let Some(open) = &mut app.article {
                open.scroll = open.scroll.saturating_add_signed(delta).min(max);
            }
        }
    }
    Vec::new()
}

/// Points the headline list at the feed selected in the feed list.
pub(super) fn show_selected_feed(app: &mut App) -> Vec<Effect> {
    app.view = app.selected_view();
    app.item_sel = 0;
    app.item_scroll = 0;
    app.headlines = Window::default();
    vec![Effect::LoadHeadlines(Query::top(app.view))]
}

fn open(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Pane::Feeds => {
            app.focus = Pane::Headlines;
            Vec::new()
        }
        Pane::Headlines => open_selected(app),
        Pane::Article => Vec::new(),
    }
}

/// Opens the selected headline and marks it read (written at once).
pub(super) fn open_selected(app: &mut App) -> Vec<Effect> {
    let Some(h) = app.selected_headline() else {
        return Vec::new();
    };
    let id = h.id;
    let mut effects = vec![Effect::LoadArticle(id)];
    if !h.read {
        effects.extend(set_read(app, app.item_sel, true));
    }
    app.focus = Pane::Article;
    effects
}

/// Flips the read mark of the headline at position `index` locally and asks for the write.
fn set_read(app: &mut App, index: usize, read: bool) -> Vec<Effect> {
    let Some(h) = app.headlines.get_mut(index) else {
        return Vec::new();
    };
    if h.read == read {
        return Vec::new();
    }
    h.read = read;
    let (item, feed) = (h.id, h.feed_id);
    if let Some(open) = &mut app.article
        && open.article.id == item
    {
        open.article.read = read;
    }
    if let Some(f) = app.feeds.iter_mut().find(|f| f.id == feed) {
        f.unread = if read { f.unread.saturating_sub(1) } else { f.unread + 1 };
    }
    vec![Effect::SetRead { item, read }]
}

fn toggle_read(app: &mut App) -> Vec<Effect> {
    // In the article pane the mark applies to the article on display.
    let index = match (&app.focus, &app.article) {
        (Pane::Article, Some(open)) => app.headlines.position(open.article.id),
        _ => Some(app.item_sel),
    };
    let Some(index) = index else {
        return Vec::new();
    };
    match app.headlines.get(index) {
        Some(h) => {
            let read = !h.read;
            set_read(app, index, read)
        }
        None => Vec::new(),
    }
}

fn mark_view_read(app: &mut App) -> Vec<Effect> {
    let view = app.selected_view();
    if view == app.view {
        app.headlines.rows.iter_mut().for_each(|h| h.read = true);
    }
    for f in app.feeds.iter_mut().filter(|f| view == View::All || view == View::Feed(f.id)) {
        f.unread = 0;
    }
    vec![Effect::MarkViewRead(view), Effect::LoadFeeds]
}

/// Opens the next unread item of this view, else moves to the next feed that
/// has unread items and opens its first. Rows not loaded are searched by the store.
fn next_unread(app: &mut App) -> Vec<Effect> {
    // While reading, "next" means after the open item; in the list, the
    // selected item itself counts.
    let from = match app.focus {
        Pane::Feeds => 0,
        Pane::Headlines => app.item_sel,
        Pane::Article => app.item_sel + 1,
    };
    let w = &app.headlines;
    if from >= w.offset
        && let Some(pos) = (from..w.offset + w.rows.len()).find(|&p| w.get(p).is_some_and(|h| !h.read))
    {
        app.item_sel = pos;
        let mut effects = app.follow_selection();
        effects.extend(open_selected(app));
        return effects;
    }
    vec![Effect::LoadHeadlines(Query { view: app.view, anchor: Anchor::NextUnread { from }, open: true })]
}

/// "Next unread" found nothing at or after `from` in this view: try the next
/// feed with unread items, then the top of this view.
pub(super) fn next_unread_elsewhere(app: &mut App, from: usize) -> Vec<Effect> {
    let n = app.feeds.len();
    let next = match app.view {
        View::All => None,
        // feed_sel is 1-based for feeds, so it is also the index of the next one.
        View::Feed(_) => {
            (0..n).map(|k| (app.feed_sel + k) % n).find(|&i| i + 1 != app.feed_sel && app.feeds[i].unread > 0)
        }
    };
    if let Some(i) = next {
        app.feed_sel = i + 1;
        app.follow_selection();
        let mut effects = show_selected_feed(app);
        effects[0] =
            Effect::LoadHeadlines(Query { view: app.view, anchor: Anchor::NextUnread { from: 0 }, open: true });
        return effects;
    }
    if from > 0 {
        let anchor = Anchor::NextUnread { from: 0 };
        return vec![Effect::LoadHeadlines(Query { view: app.view, anchor, open: true })];
    }
    app.status = Status::Info("no unread items".into());
    Vec::new()
}

/// The item `o` and `y` act on: the article when reading it, else the selected headline.
fn current_item(app: &App) -> Option<crate::model::ItemId> {
    match (&app.focus, &app.article) {
        (Pane::Article, Some(open)) => Some(open.article.id),
        _ => app.selected_headline().map(|h| h.id),
    }
}

fn open_link(app: &mut App) -> Vec<Effect> {
    current_item(app).map(Effect::OpenItemLink).into_iter().collect()
}

fn copy_link(app: &mut App) -> Vec<Effect> {
    current_item(app).map(Effect::CopyItemLink).into_iter().collect()
}

/// Keys while the link list is shown: scroll, open by number, close.
fn links_overlay(app: &mut App, action: Action) -> Vec<Effect> {
    let total = app.visible_article().and_then(|o| o.rendered.as_ref()).map_or(0, |r| r.links.len());
    let max = total.saturating_sub(app.links_rows());
    let scroll = app.links.unwrap_or(0);
    let moved = |delta: isize| Some(scroll.saturating_add_signed(delta).min(max));
    app.links = match action {
        Action::Up => moved(-1),
        Action::Down => moved(1),
        Action::PageUp | Action::Top => Some(0),
        Action::PageDown | Action::Bottom => Some(max),
        Action::ShowLinks | Action::Back => None,
        _ => app.links,
    };
    match action {
        Action::OpenLinkNumber(n) => reading::open_link(app, usize::from(n)),
        Action::LinkPrompt => reading::ask(app, PromptKind::Link),
        Action::Quit => {
            app.quit = true;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

impl App {
    /// Keeps both lists scrolled so their selection is visible, and asks for
    /// more headlines when the visible rows are not all loaded.
    pub(super) fn follow_selection(&mut self) -> Vec<Effect> {
        let (feed_rows, item_rows) = self.list_rows();
        self.feed_scroll = scrolled(self.feed_scroll, self.feed_sel, feed_rows);
        self.item_scroll = scrolled(self.item_scroll, self.item_sel, item_rows);
        if self.headlines.covers(self.item_scroll, self.item_scroll + item_rows) {
            return Vec::new();
        }
        let anchor = Anchor::Index(self.item_sel);
        vec![Effect::LoadHeadlines(Query { view: self.view, anchor, open: false })]
    }
}

/// The first visible row that keeps `selected` in view, moving as little as possible.
fn scrolled(scroll: usize, selected: usize, rows: usize) -> usize {
    if selected < scroll {
        selected
    } else if selected >= scroll + rows {
        selected + 1 - rows
    } else {
        scroll
    }
}
