//! The article being read: its rendering, its links, enclosures, full text,
//! and the link-number prompt.

use std::sync::Arc;

use ratatui::text::Line;

use super::prompt::{Prompt, PromptKind};
use super::{App, Effect, Status};
use crate::article::{Rendered, Source};
use crate::model::Article;

/// The article on display, with its text laid out for the current width.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenArticle {
    pub article: Article,
    /// The feed's text or the full text of the page.
    pub source: Source,
    /// The latest layout the render worker sent for this article and source;
    /// it may be for an older width while a re-wrap is on its way.
    pub rendered: Option<Arc<Rendered>>,
    pub scroll: usize,
}

impl OpenArticle {
    pub fn lines(&self) -> &[Line<'static>] {
        self.rendered.as_ref().map_or(&[], |r| &r.lines)
    }
}

/// Asks the render worker for the open article at the current width.
pub(super) fn render(app: &App) -> Vec<Effect> {
    let Some(open) = &app.article else { return Vec::new() };
    let width = app.article_text_width();
    vec![Effect::RenderArticle { article: Box::new(open.article.clone()), source: open.source, width }]
}

fn rendered(app: &App) -> Option<&Rendered> {
    app.visible_article()?.rendered.as_deref()
}

/// Opens link `n` of the article on screen.
pub(super) fn open_link(app: &mut App, n: usize) -> Vec<Effect> {
    let Some(r) = rendered(app) else { return Vec::new() };
    match r.links.get(n.wrapping_sub(1)) {
        Some(link) if link.openable => vec![Effect::OpenUrl(link.url.clone())],
        Some(link) => {
            app.status =
                Status::Error(format!("link {n} is not opened: only http, https and mailto links are ({})", link.url));
            Vec::new()
        }
        None => {
            app.status = Status::Error(format!("no link {n} (this article has {})", r.links.len()));
            Vec::new()
        }
    }
}

pub(super) fn ask(app: &mut App, kind: PromptKind) -> Vec<Effect> {
    if rendered(app).is_some() {
        app.prompt = Some(Prompt { kind, input: String::new() });
    }
    Vec::new()
}

/// Enter in a link or enclosure prompt: acts on the number typed.
pub(super) fn answer(app: &mut App, kind: PromptKind, input: &str) -> Vec<Effect> {
    let Ok(n) = input.parse::<usize>() else { return Vec::new() };
    match kind {
        PromptKind::Link => open_link(app, n),
        PromptKind::Enclosure => play_number(app, n),
        _ => Vec::new(),
    }
}

/// `e`: plays the only enclosure, or asks which one.
pub(super) fn play(app: &mut App) -> Vec<Effect> {
    match rendered(app).map(|r| r.enclosures.len()) {
        None => Vec::new(),
        Some(0) => {
            app.status = Status::Info("this item has no enclosure".into());
            Vec::new()
        }
        Some(1) => play_number(app, 1),
        Some(_) => ask(app, PromptKind::Enclosure),
    }
}

fn play_number(app: &mut App, n: usize) -> Vec<Effect> {
    let Some(r) = rendered(app) else { return Vec::new() };
    let link = r.enclosures.get(n.wrapping_sub(1)).and_then(|k| r.links.get(k - 1));
    match link {
        Some(link) if link.openable => vec![Effect::Play(link.url.clone())],
        Some(link) => {
            app.status = Status::Error(format!("not played: only http and https enclosures are ({})", link.url));
            Vec::new()
        }
        None => {
            app.status = Status::Error(format!("no enclosure {n} (this item has {})", r.enclosures.len()));
            Vec::new()
        }
    }
}

/// `L`: shows or hides the link list.
pub(super) fn toggle_links(app: &mut App) -> Vec<Effect> {
    app.links = match (app.links, rendered(app)) {
        (None, Some(_)) => Some(0),
        _ => None,
    };
    Vec::new()
}

/// `f`: the full text of the page in place of the feed's text, and back.
pub(super) fn toggle_full_text(app: &mut App) -> Vec<Effect> {
    let Some(open) = app.visible_article() else {
        app.status = Status::Info("open an item to fetch its full text".into());
        return Vec::new();
    };
    let id = open.article.id;
    let next = match (open.source, open.article.full_text.is_some()) {
        (Source::FullText, _) => Source::Feed,
        (Source::Feed, true) => Source::FullText,
        (Source::Feed, false) => {
            if app.fetching_full_text == Some(id) {
                return Vec::new();
            }
            if open.article.link.is_none() {
                app.status = Status::Error("this item has no link to fetch its full text from".into());
                return Vec::new();
            }
            app.fetching_full_text = Some(id);
            app.status = Status::Info("fetching the full article…".into());
            return vec![Effect::FetchFullText(id)];
        }
    };
    if let Some(open) = &mut app.article {
        open.source = next;
        open.scroll = 0;
    }
    render(app)
}
