//! What each user action does to the state.

use super::layout::inner_height;
use super::{Action, App, Effect, Pane, Status};
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
            if app.feed_sel != before {
                return show_selected_feed(app);
            }
        }
        Pane::Headlines => app.item_sel = moved(app.item_sel, delta, app.headlines.len()),
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
fn show_selected_feed(app: &mut App) -> Vec<Effect> {
    app.view = app.selected_view();
    app.item_sel = 0;
    vec![Effect::LoadHeadlines(app.view)]
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

/// Flips the read mark of headline `index` locally and asks for the write.
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
        (Pane::Article, Some(open)) => app.headlines.iter().position(|h| h.id == open.article.id),
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
        app.headlines.iter_mut().for_each(|h| h.read = true);
    }
    for f in app.feeds.iter_mut().filter(|f| view == View::All || view == View::Feed(f.id)) {
        f.unread = 0;
    }
    vec![Effect::MarkViewRead(view), Effect::LoadFeeds]
}

/// Opens the next unread item of this view, else moves to the next feed that
/// has unread items and opens its first.
fn next_unread(app: &mut App) -> Vec<Effect> {
    // While reading, "next" means after the open item; in the list, the
    // selected item itself counts.
    let start = match app.focus {
        Pane::Feeds => 0,
        Pane::Headlines => app.item_sel,
        Pane::Article => app.item_sel + 1,
    };
    if let Some(offset) = app.headlines.iter().skip(start).position(|h| !h.read) {
        app.item_sel = start + offset;
        return open_selected(app);
    }
    let n = app.feeds.len();
    let from = app.feed_sel; // 0 is "All items": the search starts at the first feed.
    let next = (0..n).map(|k| (from + k) % n).find(|&i| i + 1 != app.feed_sel && app.feeds[i].unread > 0);
    match next {
        Some(i) => {
            app.feed_sel = i + 1;
            app.pending_unread = true;
            show_selected_feed(app)
        }
        None => match app.headlines.iter().position(|h| !h.read) {
            // Only this view has unread items left, above the selection.
            Some(index) => {
                app.item_sel = index;
                open_selected(app)
            }
            None => {
                app.status = Status::Info("no unread items".into());
                Vec::new()
            }
        },
    }
}

fn open_link(app: &mut App) -> Vec<Effect> {
    let item = match (&app.focus, &app.article) {
        (Pane::Article, Some(open)) => Some(open.article.id),
        _ => app.selected_headline().map(|h| h.id),
    };
    item.map(Effect::OpenItemLink).into_iter().collect()
}

impl App {
    /// Called by `receive` once the headlines of a feed chosen by "next unread" arrive.
    pub(super) fn take_pending_unread(&mut self) -> bool {
        std::mem::take(&mut self.pending_unread)
    }
}
