//! A feed's details (`i`): what it says about itself (site, description,
//! language, author, generator) and how fetching it goes (last fetch, last
//! error, counts), in an overlay that scrolls. The lines are laid out here,
//! wrapped to the overlay's width, so the state knows how far it scrolls;
//! `render` only paints them.

use super::{Action, App, Effect, Modal, Pane, Status};
use crate::article::doc::Run;
use crate::article::{format_date, wrap};
use crate::keymap::sequence_label;
use crate::model::{FeedId, FeedInfo, View};
use crate::sanitize;

/// Widest the overlay gets, in columns, borders included.
const MOST_COLUMNS: u16 = 96;
/// Columns of the labels (`Description` and a space).
pub const LABEL_COLUMNS: usize = 12;

/// One line of the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InfoLine {
    /// A line of the feed's title.
    Title(String),
    Blank,
    /// A line of a field's value; the label on its first line only.
    Field {
        label: &'static str,
        text: String,
        error: bool,
    },
}

/// `i`: asks for the details of the feed in question (see `feed_in_question`).
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    match feed_in_question(app) {
        Some(feed) => vec![Effect::LoadFeedInfo(feed)],
        None => {
            app.status = Status::Info("select a feed (or one of its items) to see its details".into());
            Vec::new()
        }
    }
}

/// The feed selected in the left list; from the other panes, the feed of the
/// open article or of the selected headline (in any view).
fn feed_in_question(app: &App) -> Option<FeedId> {
    let selected = match app.selected_view() {
        View::Feed(id) => Some(id),
        _ => None,
    };
    match app.focus {
        Pane::Feeds => selected,
        Pane::Article => app.article.as_ref().map(|open| open.article.feed_id),
        Pane::Headlines => app.selected_headline().map(|h| h.feed_id),
    }
    .or(selected)
}

/// The details arrived: shown, unless another overlay opened meanwhile
/// (the same feed's details again keep their scroll).
pub(super) fn loaded(app: &mut App, info: Box<FeedInfo>) -> Vec<Effect> {
    let scroll = match &app.modal {
        None => 0,
        Some(Modal::FeedInfo { info: shown, scroll }) if shown.row.id == info.row.id => *scroll,
        Some(_) => return Vec::new(),
    };
    app.modal = Some(Modal::FeedInfo { info, scroll });
    app.clamp_feed_info();
    Vec::new()
}

/// An action while the details are shown: scroll, open the site, close, quit.
pub(super) fn action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Modal::FeedInfo { info, scroll }) = app.modal.take() else { return Vec::new() };
    let max = app.feed_info_lines(&info).len().saturating_sub(app.feed_info_rows());
    let page = app.feed_info_rows().saturating_sub(1).max(1) as isize;
    let moved = |delta: isize| scroll.saturating_add_signed(delta).min(max);
    let scroll = match action {
        Action::Up => moved(-1),
        Action::Down => moved(1),
        Action::PageUp => moved(-page),
        Action::PageDown => moved(page),
        Action::Top => 0,
        Action::Bottom => max,
        _ => scroll,
    };
    let effects = match action {
        Action::FeedInfo | Action::Back => return Vec::new(),
        Action::Quit => {
            app.quit = true;
            return Vec::new();
        }
        Action::OpenLink => info.site_url.iter().map(|site| Effect::OpenUrl(site.clone())).collect(),
        _ => Vec::new(),
    };
    app.modal = Some(Modal::FeedInfo { info, scroll });
    effects
}

impl App {
    /// Columns of the details overlay, borders included.
    pub fn feed_info_width(&self) -> u16 {
        self.width.saturating_sub(4).min(MOST_COLUMNS)
    }

    /// Rows the details overlay shows at once.
    pub fn feed_info_rows(&self) -> usize {
        usize::from(self.height).saturating_sub(4).max(1)
    }

    /// What the overlay's bottom line says opens the site, when the feed has one.
    pub fn feed_info_hint(&self, info: &FeedInfo) -> Option<String> {
        info.site_url.as_ref()?;
        let key = self.keymap.keys_for(Action::OpenLink).first().map(|k| sequence_label(k))?;
        Some(format!("{key} opens the site"))
    }

    /// Every line of the overlay, wrapped to its width (sanitised: the store
    /// may hold what an older tidings wrote).
    pub fn feed_info_lines(&self, info: &FeedInfo) -> Vec<InfoLine> {
        // Borders, a column of margin each side.
        let inner = usize::from(self.feed_info_width()).saturating_sub(4);
        let text_w = inner.saturating_sub(LABEL_COLUMNS).max(1);
        let mut out: Vec<InfoLine> = wrapped(&info.row.title, inner.max(1)).map(InfoLine::Title).collect();
        out.push(InfoLine::Blank);
        for (label, text, error) in fields(info, self.utc_offset) {
            let lines = wrapped(&text, text_w).enumerate();
            out.extend(lines.map(|(i, text)| InfoLine::Field { label: if i == 0 { label } else { "" }, text, error }));
        }
        out
    }

    /// Keeps the overlay's scroll in range (after a resize, new details).
    pub(super) fn clamp_feed_info(&mut self) {
        let Some(Modal::FeedInfo { info, scroll }) = &self.modal else { return };
        let max = self.feed_info_lines(info).len().saturating_sub(self.feed_info_rows());
        let scroll = (*scroll).min(max);
        if let Some(Modal::FeedInfo { scroll: kept, .. }) = &mut self.modal {
            *kept = scroll;
        }
    }
}

/// `text` as one sanitised line, wrapped to `width` columns.
fn wrapped(text: &str, width: usize) -> impl Iterator<Item = String> {
    let run = Run { text: sanitize::line(text), style: ratatui::style::Style::new() };
    wrap::wrap(&[run], width).into_iter().map(|line| line.to_string())
}

/// (label, value, is an error) of each field the feed has, in the order shown.
fn fields(info: &FeedInfo, utc_offset: i32) -> Vec<(&'static str, String, bool)> {
    let (row, details) = (&info.row, &info.details);
    let date = |t: i64| format_date(t, utc_offset);
    let some = |label: &'static str, text: &Option<String>| text.clone().map(|t| (label, t, false));
    let items = format!("{} unread of {}, {} starred", row.unread, row.total, row.starred);
    let fetched = row.last_fetched.map_or_else(|| "never".to_owned(), date);
    // A warning comes with a fetch; a failure after the last good fetch says when.
    let failed = info.last_error_at.filter(|at| Some(*at) != row.last_fetched).map(|at| ("Failed at", date(at), true));
    let error = row.last_error.clone().map(|e| ("Last error", e, true));
    let gone = info.gone_at.map(|at| ("Gone", format!("the server said 410 Gone on {}: not fetched", date(at)), true));
    let left = (!info.configured).then(|| ("Config", "no longer in the config (its items are kept)".to_owned(), false));
    [
        Some(("Feed", row.url.clone(), false)),
        some("Moved to", &info.moved_to),
        some("Site", &info.site_url),
        some("Description", &details.description),
        some("Language", &details.language),
        some("Author", &details.author),
        some("Generator", &details.generator),
        (!row.tags.is_empty()).then(|| ("Tags", row.tags.join(", "), false)),
        Some(("Items", items, false)),
        Some(("Last fetch", fetched, false)),
        failed,
        error,
        gone,
        left,
        some("Icon", &details.icon),
        some("Logo", &details.logo),
    ]
    .into_iter()
    .flatten()
    .collect()
}
