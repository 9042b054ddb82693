//! The left list (built-in views, tags, saved views, feeds) and the choices
//! that shape a listing: hide read, headline order, feed order.

use super::marks::reload;
use super::{App, Effect, Pane, Status};
use crate::config::FeedSort;
use crate::model::{FeedRow, View};

/// What a row of the left list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavEntry {
    pub label: String,
    /// Unread items (starred items for Starred); None when not counted.
    pub count: Option<u32>,
    /// A view rather than a feed.
    pub is_view: bool,
    /// The feed's last fetch failed.
    pub failed: bool,
}

impl App {
    /// Rebuilds the left list after feeds, their order or hide-read changed,
    /// keeping the selection on the same view when it is still listed.
    pub fn rebuild_nav(&mut self) {
        let selected = self.selected_view();
        let mut nav = vec![View::All, View::Unread, View::Starred];
        let mut tags: Vec<&String> = Vec::new();
        for tag in self.feeds.iter().flat_map(|f| &f.tags) {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        nav.extend(tags.into_iter().map(|t| View::Tag(t.clone())));
        nav.extend(self.saved_views.iter().cloned().map(View::Saved));
        if self.hidden_view {
            nav.push(View::Hidden);
        }
        // Hiding read feeds never hides the one in use.
        let keep = |f: &FeedRow| {
            !self.hide_read || f.unread > 0 || View::Feed(f.id) == selected || View::Feed(f.id) == self.view
        };
        let mut feeds: Vec<&FeedRow> = self.feeds.iter().filter(|f| keep(f)).collect();
        match self.feed_sort {
            FeedSort::Config => {}
            FeedSort::Name => feeds.sort_by_cached_key(|f| f.title.to_lowercase()),
            FeedSort::Unread => feeds.sort_by_key(|f| std::cmp::Reverse(f.unread)),
        }
        nav.extend(feeds.into_iter().map(|f| View::Feed(f.id)));
        self.feed_sel = nav.iter().position(|v| *v == selected).unwrap_or(self.feed_sel.min(nav.len() - 1));
        self.nav = nav;
    }

    /// Label and count of a view, for the left list and the headline title.
    pub fn nav_entry(&self, view: &View) -> NavEntry {
        let entry = |label: String, count: Option<u32>| NavEntry { label, count, is_view: true, failed: false };
        let unread_with =
            |tag: &str| self.feeds.iter().filter(|f| f.tags.iter().any(|t| t == tag)).map(|f| f.unread).sum();
        match view {
            View::All => entry("All items".into(), Some(self.total_unread())),
            View::Unread => entry("Unread".into(), Some(self.total_unread())),
            View::Starred => entry("Starred".into(), Some(self.feeds.iter().map(|f| f.starred).sum())),
            View::Tag(tag) => entry(format!("#{tag}"), Some(unread_with(tag))),
            View::Saved(saved) => entry(format!("» {}", saved.name), None),
            View::Hidden => entry("Hidden".into(), None),
            View::Feed(id) => match self.feed(*id) {
                Some(f) => NavEntry {
                    label: listed_name(f),
                    count: Some(f.unread),
                    is_view: false,
                    failed: f.last_error.is_some(),
                },
                None => NavEntry { label: "Headlines".into(), count: None, is_view: false, failed: false },
            },
        }
    }
}

pub(super) fn toggle_hide_read(app: &mut App) -> Vec<Effect> {
    app.hide_read = !app.hide_read;
    app.rebuild_nav();
    app.follow_selection();
    app.status =
        Status::Info(if app.hide_read { "showing unread items only" } else { "showing read items too" }.into());
    let mut effects = vec![Effect::SaveHideRead(app.hide_read)];
    effects.extend(reload(app).into_iter().filter(|e| *e != Effect::LoadFeeds));
    effects
}

pub(super) fn cycle_sort(app: &mut App) -> Vec<Effect> {
    app.sort = app.sort.next();
    app.status = Status::Info(format!("headlines {}", app.sort.label()));
    reload(app).into_iter().filter(|e| *e != Effect::LoadFeeds).collect()
}

pub(super) fn cycle_feed_sort(app: &mut App) -> Vec<Effect> {
    app.feed_sort = app.feed_sort.next();
    app.rebuild_nav();
    app.follow_selection();
    app.status = Status::Info(format!("feeds {}", app.feed_sort.label()));
    Vec::new()
}

/// A feed's name in the left list: its title, else its address (without
/// `https://` or `file://`, which only take room from a narrow pane).
fn listed_name(feed: &FeedRow) -> String {
    if feed.title != feed.url {
        return feed.title.clone();
    }
    let bare = ["https://", "http://", "file://"].iter().find_map(|scheme| feed.url.strip_prefix(scheme));
    bare.filter(|b| !b.is_empty()).unwrap_or(&feed.url).to_owned()
}

/// `H` in the Hidden view: the selected item comes back among the others.
pub(super) fn unhide(app: &mut App) -> Vec<Effect> {
    if app.view != View::Hidden {
        app.status = Status::Info("unhide works in the Hidden view".into());
        return Vec::new();
    }
    let item = match (&app.focus, &app.article) {
        (Pane::Article, Some(open)) => Some(open.article.id),
        _ => app.selected_headline().map(|h| h.id),
    };
    match item {
        Some(id) => vec![Effect::Unhide(id)],
        None => Vec::new(),
    }
}

pub(super) fn unhidden(app: &mut App, count: usize) -> Vec<Effect> {
    app.status = Status::Info(match count {
        0 => "nothing to unhide".into(),
        1 => "unhidden: the item is back in its feed".into(),
        n => format!("unhidden: {n} items are back in their feeds"),
    });
    reload(app)
}
