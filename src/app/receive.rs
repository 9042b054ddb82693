//! What arriving data and poller events do to the state.

use super::layout::text_width;
use super::navigate::{next_unread_elsewhere, open_selected, show_selected_feed};
use super::{Action, Anchor, App, Effect, OpenArticle, Query, Refresh, Status, Window};
use crate::article;
use crate::model::{Article, FeedRow, View};
use crate::poller::PollerEvent;

pub(super) fn poller(app: &mut App, event: PollerEvent) -> Vec<Effect> {
    match event {
        PollerEvent::Queued { feeds } => {
            if !app.is_refreshing() {
                app.refresh = Refresh::default();
            }
            app.refresh.total += feeds.len();
            Vec::new()
        }
        PollerEvent::FeedUpdated { feed, new_items } => {
            app.refresh.done += 1;
            app.refresh.new_items += new_items;
            let mut effects = vec![Effect::LoadFeeds];
            if new_items > 0 && (app.view == View::All || app.view == View::Feed(feed)) {
                // New rows shift positions: reload around the selected item so it stays selected.
                let anchor = match app.selected_headline() {
                    Some(h) => Anchor::Item { id: h.id, fallback: app.item_sel },
                    None => Anchor::Index(app.item_sel),
                };
                effects.push(Effect::LoadHeadlines(Query { view: app.view, anchor, open: false }));
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
        PollerEvent::Pruned { items } => {
            // Rows vanished: counts and the list (around the selection) change.
            let anchor = match app.selected_headline() {
                Some(h) => Anchor::Item { id: h.id, fallback: app.item_sel },
                None => Anchor::Index(app.item_sel),
            };
            app.status = Status::Info(format!("retention removed {items} old items"));
            vec![Effect::LoadFeeds, Effect::LoadHeadlines(Query { view: app.view, anchor, open: false })]
        }
        PollerEvent::Idle => {
            let r = std::mem::take(&mut app.refresh);
            if r.total > 0 && r.failed == 0 {
                let s = if r.total == 1 { "" } else { "s" };
                app.status = Status::Info(format!("refreshed {} feed{s}, {} new items", r.total, r.new_items));
            }
            // A failure stays in the status line until something else happens.
            Vec::new()
        }
    }
}

pub(super) fn feeds(app: &mut App, rows: Vec<FeedRow>) -> Vec<Effect> {
    let selected = app.selected_view();
    app.feeds = rows;
    app.feed_sel = match selected {
        View::All => 0,
        View::Feed(id) => match app.feeds.iter().position(|f| f.id == id) {
            Some(i) => i + 1,
            None => app.feed_sel.min(app.feeds.len()),
        },
    };
    app.follow_selection();
    if app.selected_view() != app.view {
        // The feed on display is gone (config changed): show what is selected now.
        return show_selected_feed(app);
    }
    Vec::new()
}

/// A window of headlines arrived: select what the query's anchor resolved to.
pub(super) fn headlines(app: &mut App, query: Query, window: Window, selected: Option<usize>) -> Vec<Effect> {
    if query.view != app.view {
        return Vec::new(); // an answer to a view the user has already left
    }
    app.headlines = window;
    let Some(pos) = selected else {
        // Only "next unread" resolves to nothing.
        let from = match query.anchor {
            Anchor::NextUnread { from } => from,
            _ => 0,
        };
        return next_unread_elsewhere(app, from);
    };
    app.item_sel = pos.min(app.headlines.total.saturating_sub(1));
    let mut effects = app.follow_selection();
    if query.open {
        effects.extend(open_selected(app));
    }
    effects
}

pub(super) fn article(app: &mut App, article: Article) -> Vec<Effect> {
    let width = article_width(app);
    let scroll = match &app.article {
        Some(open) if open.article.id == article.id => open.scroll,
        _ => 0,
    };
    let lines = article::render(&article, width as usize, app.utc_offset);
    app.article = Some(OpenArticle { article, lines, width, scroll });
    clamp_scroll(app);
    Vec::new()
}

/// Re-wraps the article after a resize.
pub(super) fn relayout_article(app: &mut App) {
    let width = article_width(app);
    if let Some(open) = &mut app.article
        && open.width != width
    {
        open.lines = article::render(&open.article, width as usize, app.utc_offset);
        open.width = width;
    }
    clamp_scroll(app);
    let max = Action::ALL.len().saturating_sub(app.help_rows());
    app.help_scroll = app.help_scroll.min(max);
}

fn clamp_scroll(app: &mut App) {
    let max = app.max_article_scroll();
    if let Some(open) = &mut app.article {
        open.scroll = open.scroll.min(max);
    }
}

fn article_width(app: &App) -> u16 {
    // The narrow layout shows the article full-width when it has focus.
    let panes = super::layout::layout(ratatui::layout::Rect::new(0, 0, app.width, app.height), super::Pane::Article);
    panes.article.map_or(1, text_width)
}
