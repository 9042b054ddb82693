//! What arriving data and poller events do to the state.

use std::sync::Arc;

use super::navigate::{open_selected, show_selected_feed, unread_elsewhere};
use super::{Anchor, App, Effect, HeadlineRequest, OpenArticle, Refresh, Status, Window, article_view};
use crate::article::{Rendered, Source};
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
        PollerEvent::FeedUpdated { feed, new_items } => {
            app.refresh.done += 1;
            app.refresh.new_items += new_items;
            let mut effects = vec![Effect::LoadFeeds];
            if new_items > 0 && shows_feed(app, feed) {
                effects.push(Effect::LoadHeadlines(keep_selection(app)));
            }
            effects
        }
        PollerEvent::FeedUnchanged { feed } => {
            app.refresh.done += 1;
            // Only a cleared error changes what the feed list shows.
            if app.feed(feed).is_some_and(|f| f.last_error.is_some()) { vec![Effect::LoadFeeds] } else { Vec::new() }
        }
        PollerEvent::FeedFailed { feed, error } => {
            let line = format!("{}: {error}", feed_name(app, feed));
            failed(app, line)
        }
        PollerEvent::FeedGone { feed } => {
            let name = feed_name(app, feed);
            failed(app, format!("{name} is gone (HTTP 410): no longer polled; remove it from the config"))
        }
        PollerEvent::Pruned { items } => {
            // Rows vanished: counts and the list (around the selection) change.
            app.status = Status::Info(format!("retention removed {items} old items"));
            vec![Effect::LoadFeeds, Effect::LoadHeadlines(keep_selection(app))]
        }
        PollerEvent::FullTextFetched { item } => full_text_fetched(app, item),
        PollerEvent::FullTextFailed { item, error } => {
            if app.fetching_full_text == Some(item) {
                app.fetching_full_text = None;
            }
            app.status = Status::Error(format!("full text: {error}"));
            Vec::new()
        }
        PollerEvent::Discovered { input, result } => super::subscriptions::discovered(app, input, result),
        other => progress(app, other),
    }
}

/// The feed's refresh ended in an error: counted, said, and the list shows its `!`.
fn failed(app: &mut App, line: String) -> Vec<Effect> {
    app.refresh.done += 1;
    app.refresh.failed += 1;
    app.status = Status::Error(line);
    vec![Effect::LoadFeeds]
}

/// The full text of an item arrived: shown at once if it is the article on display.
fn full_text_fetched(app: &mut App, item: crate::model::ItemId) -> Vec<Effect> {
    if app.fetching_full_text == Some(item) {
        app.fetching_full_text = None;
        app.status = Status::None;
    }
    match &app.article {
        Some(open) if open.article.id == item => {
            app.full_text_arrived = Some(item);
            vec![Effect::LoadArticle(item)]
        }
        _ => Vec::new(),
    }
}

/// Events about the refresh as a whole: moves, skips, the search index, the end.
fn progress(app: &mut App, event: PollerEvent) -> Vec<Effect> {
    match event {
        PollerEvent::FeedRedirected { feed, to } => {
            app.refresh.moved += 1;
            let name = feed_name(app, feed);
            app.status = Status::Info(format!("{name} moved permanently to {to}; update the config"));
            Vec::new()
        }
        PollerEvent::FeedSkipped { feed, reason } => {
            app.refresh.skipped += 1;
            app.status = Status::Info(format!("{} not refreshed: {reason}", feed_name(app, feed)));
            Vec::new()
        }
        PollerEvent::SearchIndexing => {
            app.search_indexing = true;
            Vec::new()
        }
        PollerEvent::SearchIndexed { .. } => index_caught_up(app),
        // New items were stored: the index catch-up follows, then `Idle`.
        PollerEvent::FetchesDone if app.refresh.new_items > 0 => {
            app.search_indexing = true;
            round_over(app)
        }
        PollerEvent::Idle if app.search_indexing => {
            let mut effects = index_caught_up(app);
            effects.extend(round_over(app));
            effects
        }
        PollerEvent::FetchesDone | PollerEvent::Idle => round_over(app),
        // Handled by `poller`.
        _ => Vec::new(),
    }
}

impl App {
    /// Whether the headline list depends on the search index (a search, or
    /// a saved view, whose query may hold words).
    pub fn lists_by_search(&self) -> bool {
        self.search.is_some() || matches!(self.view, View::Saved(_))
    }

    /// Whether stored items may be missing from search results: a refresh is
    /// storing new ones, or they are being indexed (which follows it).
    pub fn search_catching_up(&self) -> bool {
        self.search_indexing || (self.is_refreshing() && self.refresh.new_items > 0)
    }
}

/// Results found nothing of the new items until now.
fn index_caught_up(app: &mut App) -> Vec<Effect> {
    app.search_indexing = false;
    if app.lists_by_search() { vec![Effect::LoadFeeds, Effect::LoadHeadlines(keep_selection(app))] } else { Vec::new() }
}

/// The summary of a busy spell. It comes with the first of `FetchesDone` and
/// `Idle`; the second finds nothing to sum.
fn round_over(app: &mut App) -> Vec<Effect> {
    let r = std::mem::take(&mut app.refresh);
    if r.total > 0 && r.failed == 0 {
        app.status = Status::Info(summary(&r));
    }
    // A failure stays in the status line until something else happens.
    if app.notify && !r.manual && r.new_items > 0 {
        return vec![Effect::Notify { new_items: r.new_items }];
    }
    Vec::new()
}

/// Whether the listing on screen may contain items of `feed`.
fn shows_feed(app: &App, feed: FeedId) -> bool {
    match &app.view {
        View::Feed(id) => *id == feed,
        View::Tag(tag) => app.feed(feed).is_none_or(|f| f.tags.contains(tag)),
        _ => true,
    }
}

/// Reloads the headlines around the selected item: new rows shift positions,
/// and the selection stays on the item it was on.
pub(super) fn keep_selection(app: &App) -> HeadlineRequest {
    let anchor = match app.selected_headline() {
        Some(h) => Anchor::Item { id: h.id, fallback: app.item_sel },
        None => Anchor::Index(app.item_sel),
    };
    HeadlineRequest { listing: app.listing(), anchor, open: false }
}

/// `refreshed 5 feeds, 3 new items; 1 moved permanently (see tidings check); 1 skipped`.
fn summary(r: &Refresh) -> String {
    let s = if r.total == 1 { "" } else { "s" };
    let mut text = format!("refreshed {} feed{s}, {} new items", r.total, r.new_items);
    if r.moved > 0 {
        text.push_str(&format!("; {} moved permanently (see tidings check)", r.moved));
    }
    if r.skipped > 0 {
        text.push_str(&format!("; {} skipped (asked to wait or gone)", r.skipped));
    }
    text
}

fn feed_name(app: &App, feed: FeedId) -> String {
    app.feed(feed).map_or_else(|| format!("feed {feed}"), |f| f.title.clone())
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
pub(super) fn headlines(app: &mut App, query: HeadlineRequest, window: Window, selected: Option<usize>) -> Vec<Effect> {
    if query.listing != app.listing() {
        return Vec::new(); // an answer to a listing the user has already left
    }
    app.headlines = window;
    let Some(pos) = selected else {
        // Only "next/previous unread" resolves to nothing.
        return match query.anchor {
            Anchor::NextUnread { from } => unread_elsewhere(app, from, true, query.open),
            Anchor::PrevUnread { from } => unread_elsewhere(app, from, false, query.open),
            _ => unread_elsewhere(app, 0, true, true),
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
    let wanted = app.full_text_arrived == Some(article.id);
    let source = match &app.article {
        _ if wanted && article.full_text.is_some() => Source::FullText,
        Some(open) if open.article.id == article.id && (open.source == Source::Feed || article.full_text.is_some()) => {
            open.source
        }
        // A full text fetched earlier (by `f` or the feed's `full_text` setting) is what the reader wants.
        _ if article.full_text.is_some() => Source::FullText,
        _ => Source::Feed,
    };
    if wanted {
        app.full_text_arrived = None;
    }
    let (scroll, rendered) = match app.article.take() {
        Some(open) if open.article.id == article.id => (open.scroll, open.rendered),
        _ => (0, None),
    };
    app.article = Some(OpenArticle { article, source, rendered, scroll });
    clamp_scroll(app);
    article_view::render(app)
}

/// A layout from the render worker: kept if it is for what is on display.
pub(super) fn rendered(app: &mut App, rendered: Arc<Rendered>) {
    let width = app.article_text_width();
    if let Some(open) = &mut app.article
        && open.article.id == rendered.id
        && open.source == rendered.source
        && rendered.width == width
    {
        open.rendered = Some(rendered);
    }
    clamp_scroll(app);
}

/// Re-wraps the article after a resize or a layout change.
pub(super) fn relayout_article(app: &mut App) -> Vec<Effect> {
    super::overlays::clamp_help(app);
    clamp_scroll(app);
    let width = app.article_text_width();
    match &app.article {
        Some(open) if open.rendered.as_ref().is_none_or(|r| r.width != width) => article_view::render(app),
        _ => Vec::new(),
    }
}

fn clamp_scroll(app: &mut App) {
    let max = app.max_article_scroll();
    if let Some(open) = &mut app.article {
        open.scroll = open.scroll.min(max);
    }
}
