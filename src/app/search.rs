//! The search typed after `/`: the results follow each key, the arrows
//! move through them while typing, Enter keeps the search, Esc drops it.

use super::navigate::step;
use super::{Anchor, App, Effect, HeadlineRequest, InputKind, Modal, Pane};

/// Opens the search line on the current search, if any.
pub(super) fn open_search(app: &mut App) -> Vec<Effect> {
    let input = app.search.clone().unwrap_or_default();
    app.modal = Some(Modal::input(InputKind::Search, &input));
    if app.focus == Pane::Feeds {
        app.focus = Pane::Headlines;
    }
    Vec::new()
}

/// The line changed: show what it finds now (`search` is the line trimmed).
pub(super) fn typed(app: &mut App, search: String) -> Vec<Effect> {
    let search = (!search.is_empty()).then_some(search);
    if search == app.search {
        return Vec::new();
    }
    app.search = search;
    app.item_sel = 0;
    app.item_scroll = 0;
    vec![Effect::LoadHeadlines(HeadlineRequest::top(app.listing()))]
}

/// Enter: the search stays, the results have the keyboard.
pub(super) fn submit(app: &mut App) -> Vec<Effect> {
    app.focus = Pane::Headlines;
    Vec::new()
}

/// Up or Down while typing: the selection moves through the results.
pub(super) fn step_results(app: &mut App, delta: isize) -> Vec<Effect> {
    let focus = std::mem::replace(&mut app.focus, Pane::Headlines);
    let effects = step(app, delta);
    app.focus = focus;
    effects
}

/// Drops the search and goes back to the whole view, on the item that was selected.
pub(super) fn clear_search(app: &mut App) -> Vec<Effect> {
    if app.search.take().is_none() {
        return Vec::new();
    }
    let anchor = match app.selected_headline() {
        Some(h) => Anchor::Item { id: h.id, fallback: 0 },
        None => Anchor::Index(0),
    };
    vec![Effect::LoadHeadlines(HeadlineRequest { listing: app.listing(), anchor, open: false })]
}
