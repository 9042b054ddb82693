//! What arriving data and poller events do to the state.

use super::navigate::{open_selected, show_selected_feed, unread_elsewhere};
use super::{Anchor, App, Effect, OpenArticle, Query, Refresh, Status, Window};
use crate::article;
use crate::model::{Article, FeedId, FeedRow, View};
use crate::poller::PollerEvent;

pub(super) fn poller(app: &mut App, event: PollerEvent) -> Vec<Effect> {
    match event {
        PollerEvent::Queued { feeds } => {
            if !app.is_refreshing() {
                app.refresh = Refresh::default();
            }
            // Whether anyone asked decides if a notification follows.
            app.refresh.manual |= std::mem::take(&mut app.refresh_asked);
            app.refresh.total += feeds.len();
            Vec::new()
        }
        PollerEvent::FeedUpdated { feed, new_items, removed } => {
            app.refresh.done += 1;
            app.refresh.new_items += new_items;
            let mut effects = vec![Effect::LoadFeeds];
            if (new_items > 0 || removed > 0) && shows_feed(app, feed) {
                // New rows shift positions: reload around the selected item so it stays selected.
                let anchor = match app.selected_headline() {
                    Some(h) => Anchor::Item { id: h.id, fallback: app.item_sel },
                    None => Anchor::Index(app.item_sel),
                };
                effects.push(Effect::LoadHeadlines(Query { listing: app.listing(), anchor, open: false }));
            }
            effects
        }
        PollerEvent::FeedFailed { feed, error } => {
            app.refresh.done += 1;
            app.refresh.failed += 1;
            let name = app.feed(feed).map_or_else(|| format!("feed {feed}"), |f| f.title.clone());
            app.status = Status::Error(format!("{name}: {error}"));
            vec![Effect::LoadFeeds]
        }
        PollerEvent::Idle => {
            let r = std::mem::take(&mut app.refresh);
            if r.total > 0 && r.failed == 0 {
                let s = if r.total == 1 { "" } else { "s" };
                app.status = Status::Info(format!("refreshed {} feed{s}, {} new items", r.total, r.new_items));
            }
            // A failure stays in the status line until something else happens.
            if app.notify && !r.manual && r.new_items > 0 {
                return vec![Effect::Notify { new_items: r.new_items }];
            }
            Vec::new()
        }
    }
}

/// Whether the listing on screen may contain items of `feed`.
fn shows_feed(app: &App, feed: FeedId) -> bool {
    match &app.view {
        View::Feed(id) => *id == feed,
        View::Tag(tag) => app.feed(feed).is_none_or(|f| f.tags.contains(tag)),
        _ => true,
    }
}

pub(super) fn feeds(app: &mut App, rows: Vec<FeedRow>) -> Vec<Effect> {
    app.feeds = rows;
    app.rebuild_nav();
    app.follow_selection();
    if app.selected_view() != app.view {
        // The view on display is gone (config changed): show what is selected now.
        return show_selected_feed(app);
    }
    Vec::new()
}

/// A window of headlines arrived: select what the query's anchor resolved to.
pub(super) fn headlines(app: &mut App, query: Query, window: Window, selected: Option<usize>) -> Vec<Effect> {
    if query.listing != app.listing() {
        return Vec::new(); // an answer to a listing the user has already left
    }
    app.headlines = window;
    let Some(pos) = selected else {
        // Only "next/previous unread" resolves to nothing.
        return match query.anchor {
            Anchor::NextUnread { from } => unread_elsewhere(app, from, true),
            Anchor::PrevUnread { from } => unread_elsewhere(app, from, false),
            _ => unread_elsewhere(app, 0, true),
        };
    };
    app.item_sel = pos.min(app.headlines.total.saturating_sub(1));
    let mut effects = app.follow_selection();
    if query.open {
        effects.extend(open_selected(app));
    }
    effects
}

pub(super) fn article(app: &mut App, article: Article) -> Vec<Effect> {
    let width = app.article_width();
    let scroll = match &app.article {
        Some(open) if open.article.id == article.id => open.scroll,
        _ => 0,
    };
    let lines = article::render(&article, width as usize, app.utc_offset);
    app.article = Some(OpenArticle { article, lines, width, scroll });
    clamp_scroll(app);
    Vec::new()
}

/// Re-wraps the article after a resize or a layout change.
pub(super) fn relayout_article(app: &mut App) {
    let width = app.article_width();
    if let Some(open) = &mut app.article
        && open.width != width
    {
        open.lines = article::render(&open.article, width as usize, app.utc_offset);
        open.width = width;
    }
    clamp_scroll(app);
    let max = app.help_len().saturating_sub(app.help_rows());
    app.help_scroll = app.help_scroll.min(max);
}

fn clamp_scroll(app: &mut App) {
    let max = app.max_article_scroll();
    if let Some(open) = &mut app.article {
        open.scroll = open.scroll.min(max);
    }
}
