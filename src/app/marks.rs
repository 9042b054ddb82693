//! Read and star marks: one item at once (shown before the write returns,
//! written at once), bulk marks of a feed, a view or everything, and undo.

use super::{Anchor, App, Effect, HeadlineRequest, Modal, Pane, Question, Status};
use crate::model::{Listing, View};

/// The headline a mark applies to: the article on display while reading,
/// else the selected row. Its position in the window.
fn target(app: &App) -> Option<usize> {
    match (&app.focus, &app.article) {
        (Pane::Article, Some(open)) => app.headlines.position(open.article.id),
        _ => app.headlines.get(app.item_sel).map(|_| app.item_sel),
    }
}

/// Flips the read mark of the headline at position `index` locally and asks for the write.
pub(super) fn set_read(app: &mut App, index: usize, read: bool) -> Vec<Effect> {
    let Some(h) = app.headlines.get_mut(index) else {
        return Vec::new();
    };
    // A hidden item (Hidden view) keeps its marks until it comes back.
    if h.read == read || h.id.0 < 0 {
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

pub(super) fn toggle_read(app: &mut App) -> Vec<Effect> {
    let Some(index) = target(app) else {
        return Vec::new();
    };
    let read = app.headlines.get(index).is_some_and(|h| !h.read);
    set_read(app, index, read)
}

pub(super) fn toggle_star(app: &mut App) -> Vec<Effect> {
    let Some(h) = target(app).and_then(|i| app.headlines.get_mut(i)) else {
        return Vec::new();
    };
    if h.id.0 < 0 {
        app.status = Status::Info("a hidden item: H brings it back".into());
        return Vec::new();
    }
    h.starred = !h.starred;
    let (item, feed, starred) = (h.id, h.feed_id, h.starred);
    if let Some(open) = &mut app.article
        && open.article.id == item
    {
        open.article.starred = starred;
    }
    if let Some(f) = app.feeds.iter_mut().find(|f| f.id == feed) {
        f.starred = if starred { f.starred + 1 } else { f.starred.saturating_sub(1) };
    }
    vec![Effect::SetStarred { item, starred }]
}

/// `A`: the selected feed or view; while searching the current view, the results.
pub(super) fn mark_selected_read(app: &mut App) -> Vec<Effect> {
    let selected = app.selected_view();
    let listing =
        if selected == app.view { Listing { hide_read: false, ..app.listing() } } else { Listing::from(selected) };
    bulk_mark(app, listing)
}

/// `Ctrl-A`: asks first.
pub(super) fn ask_mark_all_read(app: &mut App) -> Vec<Effect> {
    app.modal = Some(Modal::Confirm(Question::MarkAllRead));
    Vec::new()
}

pub(super) fn mark_everything_read(app: &mut App) -> Vec<Effect> {
    bulk_mark(app, Listing::from(View::All))
}

fn bulk_mark(app: &mut App, listing: Listing) -> Vec<Effect> {
    // The rows on screen change at once when they are the ones being marked.
    if listing.view == app.view && (listing.search.is_none() || listing.search == app.search) {
        app.headlines.rows.iter_mut().for_each(|h| h.read = true);
    }
    vec![Effect::MarkRead(listing)]
}

/// A bulk mark is on disk: counts and rows are reloaded.
pub(super) fn marked(app: &mut App, count: usize) -> Vec<Effect> {
    let s = if count == 1 { "" } else { "s" };
    app.status = Status::Info(if count == 0 {
        "nothing to mark read".into()
    } else {
        format!("marked {count} item{s} read (U undoes)")
    });
    reload(app)
}

pub(super) fn undone(app: &mut App, count: Option<usize>) -> Vec<Effect> {
    let Some(count) = count else {
        app.status = Status::Info("nothing to undo".into());
        return Vec::new();
    };
    let s = if count == 1 { "" } else { "s" };
    app.status = Status::Info(format!("undone: {count} item{s} unread again"));
    reload(app)
}

/// The last `tidings rules apply` of a rule was taken back.
pub(super) fn undone_rule(app: &mut App, rule: &str, restored: usize) -> Vec<Effect> {
    let s = if restored == 1 { "" } else { "s" };
    app.status = Status::Info(crate::sanitize::line(&format!("undone rule {rule}: {restored} item{s} as before")));
    reload(app)
}

/// Counts and the list again, keeping the selected item selected.
pub(super) fn reload(app: &App) -> Vec<Effect> {
    let anchor = match app.selected_headline() {
        Some(h) => Anchor::Item { id: h.id, fallback: app.item_sel },
        None => Anchor::Index(app.item_sel),
    };
    vec![Effect::LoadFeeds, Effect::LoadHeadlines(HeadlineRequest { listing: app.listing(), anchor, open: false })]
}
