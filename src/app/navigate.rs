//! What each user action does to the state.

use super::layout::inner_height;
use super::{
    Action, Anchor, App, Effect, HeadlineRequest, Pane, Status, Window, actions, article_view, feed_info, marks,
    overlays, search, subscriptions, views,
};
use crate::model::View;

/// An action in the reader, no modal in the way.
pub(super) fn action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Up => step(app, -1),
        Action::Down => step(app, 1),
        Action::PageUp => step(app, -(page(app) as isize)),
        Action::PageDown => step(app, page(app) as isize),
        Action::Top => step(app, isize::MIN / 2),
        Action::Bottom => step(app, isize::MAX / 2),
        Action::Open => open(app),
        Action::Back => back(app),
        Action::NextPane => {
            app.focus = match app.focus {
                Pane::Feeds => Pane::Headlines,
                Pane::Headlines if app.article.is_some() => Pane::Article,
                _ => Pane::Feeds,
            };
            Vec::new()
        }
        Action::NextUnread => unread(app, true, true),
        Action::PrevUnread => unread(app, false, true),
        Action::NextItem => next_item(app, 1),
        Action::PrevItem => next_item(app, -1),
        Action::ToggleRead => marks::toggle_read(app),
        Action::ToggleStar => marks::toggle_star(app),
        Action::MarkFeedRead => marks::mark_selected_read(app),
        Action::MarkAllRead => marks::ask_mark_all_read(app),
        Action::Undo => vec![Effect::UndoMark],
        Action::Unhide => views::unhide(app),
        Action::ToggleHideRead => views::toggle_hide_read(app),
        Action::CycleSort => views::cycle_sort(app),
        Action::CycleFeedSort => views::cycle_feed_sort(app),
        Action::Search => search::open_search(app),
        Action::Zen => zen(app),
        Action::RefreshFeed => match app.selected_view() {
            View::Feed(id) => vec![Effect::Refresh(Some(id))],
            _ => vec![Effect::Refresh(None)],
        },
        Action::RefreshAll => vec![Effect::Refresh(None)],
        Action::OpenLink => open_link(app),
        Action::OpenLinkNumber(n) => article_view::open_link(app, usize::from(n)),
        Action::LinkPrompt => article_view::ask_link(app, None),
        Action::ShowLinks => article_view::show_links(app),
        Action::CopyLink => copy_link(app),
        Action::PlayEnclosure => article_view::play(app),
        Action::ToggleFullText => article_view::toggle_full_text(app),
        Action::AddFeed => subscriptions::open_add(app),
        Action::RemoveFeed => subscriptions::open_remove(app),
        Action::EditConfig => vec![Effect::EditConfig],
        Action::Help => overlays::open_help(app),
        Action::Quit => {
            app.quit = true;
            Vec::new()
        }
        Action::FeedInfo => feed_info::open(app),
        Action::PipeArticle => actions::ask_pipe(app),
        Action::SaveArticle => actions::ask_save(app),
        Action::Bookmark => actions::bookmark(app),
        Action::OpenAllUnread => actions::open_all(app),
        Action::OpenReadNext => actions::open_read_next(app),
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

/// Moves the selection (or scrolls the article) of the focused pane.
pub(super) fn step(app: &mut App, delta: isize) -> Vec<Effect> {
    match app.focus {
        Pane::Feeds => {
            let before = app.feed_sel;
            app.feed_sel = moved(app.feed_sel, delta, app.nav.len());
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

/// Points the headline list at the view selected in the left list (a
/// search belongs to the view it was typed in, so it ends).
pub(super) fn show_selected_feed(app: &mut App) -> Vec<Effect> {
    app.view = app.selected_view();
    app.search = None;
    app.item_sel = 0;
    app.item_scroll = 0;
    app.headlines = Window::default();
    // A feed marked `!` says why when it is shown (its error is kept on the feed).
    if let View::Feed(id) = app.view
        && let Some(feed) = app.feed(id)
        && let Some(error) = &feed.last_error
    {
        app.status = Status::Error(format!("{}: {error}", feed.title));
    }
    vec![Effect::LoadHeadlines(HeadlineRequest::top(app.listing()))]
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

fn back(app: &mut App) -> Vec<Effect> {
    if app.focus != Pane::Article && app.search.is_some() {
        return search::clear_search(app);
    }
    app.focus = match app.focus {
        Pane::Article => Pane::Headlines,
        _ => Pane::Feeds,
    };
    app.zen = false;
    let mut effects = super::receive::relayout_article(app);
    effects.extend(app.follow_selection());
    effects
}

/// Opens the selected headline and marks it read (written at once).
pub(super) fn open_selected(app: &mut App) -> Vec<Effect> {
    let Some(h) = app.selected_headline() else {
        return Vec::new();
    };
    let id = h.id;
    let mut effects = vec![Effect::LoadArticle(id)];
    if !h.read {
        effects.extend(marks::set_read(app, app.item_sel, true));
    }
    app.focus = Pane::Article;
    effects
}

/// `J`/`K`: the next or previous headline, opened.
fn next_item(app: &mut App, delta: isize) -> Vec<Effect> {
    let Some(pos) = app.item_sel.checked_add_signed(delta).filter(|p| *p < app.headlines.total) else {
        app.status = Status::Info(if delta > 0 { "last item" } else { "first item" }.into());
        return Vec::new();
    };
    app.item_sel = pos;
    if app.headlines.get(pos).is_none() {
        return vec![Effect::LoadHeadlines(HeadlineRequest {
            listing: app.listing(),
            anchor: Anchor::Index(pos),
            open: true,
        })];
    }
    let mut effects = app.follow_selection();
    effects.extend(open_selected(app));
    effects
}

/// `z`: the article alone; from the lists it opens the selected item.
fn zen(app: &mut App) -> Vec<Effect> {
    app.zen = !app.zen;
    let mut effects = if app.zen && app.focus != Pane::Article { open_selected(app) } else { Vec::new() };
    if app.focus != Pane::Article {
        app.zen = false;
    }
    effects.extend(super::receive::relayout_article(app));
    effects
}

/// The next unread item, opened (`open`) or only selected.
pub(super) fn next_unread(app: &mut App, open: bool) -> Vec<Effect> {
    unread(app, true, open)
}

/// Opens (or selects) the next (or previous) unread item of this view, else
/// moves on to the next feed that has unread items. Rows not loaded are
/// searched by the store.
fn unread(app: &mut App, forward: bool, open: bool) -> Vec<Effect> {
    // While reading, "next" means after the open item; in the list, the
    // selected item itself counts.
    let from = match (app.focus, forward) {
        (Pane::Feeds, true) => 0,
        (Pane::Feeds, false) => usize::MAX,
        (Pane::Headlines, _) => app.item_sel,
        (Pane::Article, true) => app.item_sel + 1,
        (Pane::Article, false) => match app.item_sel.checked_sub(1) {
            Some(from) => from,
            None => return unread_elsewhere(app, 0, false, open),
        },
    };
    let w = &app.headlines;
    let loaded = w.offset..w.offset + w.rows.len();
    let unread = |p: &usize| w.get(*p).is_some_and(|h| !h.read);
    let found = if forward {
        if from >= loaded.start { (from..loaded.end).find(unread) } else { None }
    } else if from < loaded.end {
        (loaded.start..=from).rev().find(unread)
    } else {
        None
    };
    if let Some(pos) = found {
        app.item_sel = pos;
        let mut effects = app.follow_selection();
        if open {
            effects.extend(open_selected(app));
        }
        return effects;
    }
    let anchor = if forward { Anchor::NextUnread { from } } else { Anchor::PrevUnread { from } };
    vec![Effect::LoadHeadlines(HeadlineRequest { listing: app.listing(), anchor, open })]
}

/// "Next unread" found nothing from `from` on in this view: try the next
/// feed with unread items (the previous one going backwards), then the other
/// end of this view. The item found is opened when `open` says so.
pub(super) fn unread_elsewhere(app: &mut App, from: usize, forward: bool, open: bool) -> Vec<Effect> {
    let n = app.nav.len();
    let next = match app.view {
        View::Feed(_) => (1..n)
            .map(|k| if forward { (app.feed_sel + k) % n } else { (app.feed_sel + n - k) % n })
            .find(|&i| matches!(app.nav[i], View::Feed(id) if app.feed(id).is_some_and(|f| f.unread > 0))),
        _ => None,
    };
    let anchor = |from| if forward { Anchor::NextUnread { from } } else { Anchor::PrevUnread { from } };
    if let Some(i) = next {
        app.feed_sel = i;
        app.follow_selection();
        show_selected_feed(app);
        let from = if forward { 0 } else { usize::MAX };
        return vec![Effect::LoadHeadlines(HeadlineRequest { listing: app.listing(), anchor: anchor(from), open })];
    }
    // Wrap around within this view once.
    let wrap = if forward { (from > 0).then_some(0) } else { (from < usize::MAX).then_some(usize::MAX) };
    if let Some(from) = wrap {
        return vec![Effect::LoadHeadlines(HeadlineRequest { listing: app.listing(), anchor: anchor(from), open })];
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

impl App {
    /// Keeps both lists scrolled so their selection is visible, and asks for
    /// more headlines when the visible rows are not all loaded.
    pub(super) fn follow_selection(&mut self) -> Vec<Effect> {
        let (feed_rows, item_rows) = self.list_rows();
        // No blank rows at the bottom while rows above are scrolled away.
        self.feed_scroll =
            scrolled(self.feed_scroll, self.feed_sel, feed_rows).min(self.nav.len().saturating_sub(feed_rows));
        self.item_scroll =
            scrolled(self.item_scroll, self.item_sel, item_rows).min(self.headlines.total.saturating_sub(item_rows));
        if self.headlines.covers(self.item_scroll, self.item_scroll + item_rows) {
            return Vec::new();
        }
        let anchor = Anchor::Index(self.item_sel);
        vec![Effect::LoadHeadlines(HeadlineRequest { listing: self.listing(), anchor, open: false })]
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
