//! The overlays that read keys as actions: the help (`?`) and the article's
//! link list (`L`). They scroll, close, or let the user quit.

use super::{Action, App, Effect, Modal, article_view};

/// `?`: the help, from its first row.
pub(super) fn open_help(app: &mut App) -> Vec<Effect> {
    app.modal = Some(Modal::Help { scroll: 0 });
    Vec::new()
}

/// An action while the help is open: scroll it, close it, or quit.
pub(super) fn help(app: &mut App, scroll: usize, action: Action) -> Vec<Effect> {
    let max = app.help_len().saturating_sub(app.help_rows());
    let scroll = scrolled(scroll, max, action);
    app.modal = match action {
        Action::Help | Action::Back => None,
        _ => Some(Modal::Help { scroll }),
    };
    if action == Action::Quit {
        app.quit = true;
    }
    Vec::new()
}

/// An action while the link list is shown: scroll, open by number, close.
pub(super) fn links(app: &mut App, scroll: usize, action: Action) -> Vec<Effect> {
    let total = app.visible_article().and_then(|o| o.rendered.as_ref()).map_or(0, |r| r.links.len());
    let max = total.saturating_sub(app.links_rows());
    app.modal = match action {
        Action::ShowLinks | Action::Back => None,
        _ => Some(Modal::Links { scroll: scrolled(scroll, max, action) }),
    };
    match action {
        Action::OpenLinkNumber(n) => article_view::open_link(app, usize::from(n)),
        Action::LinkPrompt => article_view::ask_link(app, Some(scroll)),
        Action::Quit => {
            app.quit = true;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The first row shown after a moving action, at most `max`.
fn scrolled(scroll: usize, max: usize, action: Action) -> usize {
    let moved = |delta: isize| scroll.saturating_add_signed(delta).min(max);
    match action {
        Action::Up => moved(-1),
        Action::Down => moved(1),
        Action::PageUp | Action::Top => 0,
        Action::PageDown | Action::Bottom => max,
        _ => scroll,
    }
}

/// Keeps the help's scroll in range after a resize.
pub(super) fn clamp_help(app: &mut App) {
    let max = app.help_len().saturating_sub(app.help_rows());
    if let Some(Modal::Help { scroll }) = &mut app.modal {
        *scroll = (*scroll).min(max);
    }
}
