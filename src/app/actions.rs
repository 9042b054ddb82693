//! The article handed to other programs: `|` pipes it to a command, `w`
//! saves it to a file, `b` bookmarks it, `O` opens every unread item of the
//! view in the browser, and "open, mark read, next unread". This decides
//! what and asks; the runtime runs the programs and writes the files.

use std::path::Path;

use super::{App, Effect, InputKind, Listing, Modal, Pane, Question, Status, marks, navigate};
use crate::article::Source;
use crate::config::{Config, SaveFormat, actions as config_actions};
use crate::model::ItemId;

/// The config's choices for these actions, as the app needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionSettings {
    /// The argument vector `|` proposes.
    pub pipe_command: Option<Vec<String>>,
    /// The directory `w` proposes, as the user reads it (`~/Downloads`).
    pub save_dir: String,
    pub save_format: SaveFormat,
    /// `O` asks before opening more items than this.
    pub max_browser_tabs: usize,
}

impl Default for ActionSettings {
    fn default() -> Self {
        ActionSettings {
            pipe_command: None,
            save_dir: String::new(),
            save_format: SaveFormat::Markdown,
            max_browser_tabs: Config::default().max_browser_tabs,
        }
    }
}

impl ActionSettings {
    pub fn from_config(config: &Config) -> ActionSettings {
        let home = config_actions::home();
        ActionSettings {
            pipe_command: config.pipe_command.clone(),
            save_dir: config_actions::abbreviate_home(&config.save_dir(), home.as_deref()),
            save_format: config.save_format,
            max_browser_tabs: config.max_browser_tabs,
        }
    }
}

/// The settings and what the session remembers of these actions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleActions {
    pub settings: ActionSettings,
    /// The last command run with `|`, proposed again next time.
    pub last_pipe: Option<String>,
}

/// `|`: the item, piped to an argument vector (no shell), the terminal the
/// command's while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipeRequest {
    pub item: ItemId,
    /// The text on display; None: the full text when there is one, as opening it shows.
    pub source: Option<Source>,
    pub argv: Vec<String>,
}

/// `w`: the item written to `path` (as typed: `~/` is home; a directory
/// gets a name from the title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveRequest {
    pub item: ItemId,
    pub source: Option<Source>,
    pub path: String,
    pub format: SaveFormat,
}

/// An unread item and the link `O` opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLink {
    pub item: ItemId,
    pub url: String,
}

/// Longest command typed at `|`, in characters.
pub(super) const MAX_COMMAND: usize = 4096;
/// Longest path typed at `w`, in characters.
pub(super) const MAX_PATH: usize = 4096;
/// Longest file name made from a title, in characters (before the extension).
const MAX_NAME: usize = 60;

/// What an action applies to: the article when reading it, else the selected headline.
struct Target {
    item: ItemId,
    source: Option<Source>,
    title: String,
    /// Its position in the headline window, when it is there.
    index: Option<usize>,
}

fn target(app: &App) -> Option<Target> {
    match (&app.focus, &app.article) {
        (Pane::Article, Some(open)) => Some(Target {
            item: open.article.id,
            source: Some(open.source),
            title: open.article.title.clone(),
            index: app.headlines.position(open.article.id),
        }),
        _ => app.selected_headline().map(|h| Target {
            item: h.id,
            source: None,
            title: h.title.clone(),
            index: Some(app.item_sel),
        }),
    }
}

fn nothing_selected(app: &mut App) -> Vec<Effect> {
    app.status = Status::Info("no item selected".into());
    Vec::new()
}

/// `|`: asks for the command, proposing the last one run, else `pipe_command`.
pub(super) fn ask_pipe(app: &mut App) -> Vec<Effect> {
    let Some(t) = target(app) else { return nothing_selected(app) };
    let configured = app
        .actions
        .settings
        .pipe_command
        .as_ref()
        .and_then(|argv| shlex::try_join(argv.iter().map(String::as_str)).ok());
    let text = app.actions.last_pipe.clone().or(configured).unwrap_or_default();
    app.modal = Some(Modal::input(InputKind::Pipe { item: t.item, source: t.source }, &text));
    Vec::new()
}

/// Enter at `|`: the line split into words as a shell would (quotes,
/// backslashes), but no shell runs it.
pub(super) fn pipe_typed(app: &mut App, item: ItemId, source: Option<Source>, line: &str) -> Vec<Effect> {
    let Some(argv) = shlex::split(line) else {
        app.status = Status::Error(format!("cannot read the command (a quote is not closed): {line}"));
        return Vec::new();
    };
    if argv.is_empty() {
        app.status = Status::Info("nothing piped".into());
        return Vec::new();
    }
    app.actions.last_pipe = Some(line.trim().to_owned());
    vec![Effect::Pipe(PipeRequest { item, source, argv })]
}

/// `w`: asks for the path, proposing the save directory and a name from the title.
pub(super) fn ask_save(app: &mut App) -> Vec<Effect> {
    let Some(t) = target(app) else { return nothing_selected(app) };
    let settings = &app.actions.settings;
    let name = file_name(&t.title, settings.save_format.extension());
    let path = match settings.save_dir.as_str() {
        "" => name,
        dir if dir.ends_with('/') => format!("{dir}{name}"),
        dir => format!("{dir}/{name}"),
    };
    app.modal = Some(Modal::input(InputKind::SavePath { item: t.item, source: t.source }, &path));
    Vec::new()
}

/// Enter at `w`: `.md` writes Markdown, `.txt` text, another name the `save_format`.
pub(super) fn save_typed(app: &mut App, item: ItemId, source: Option<Source>, line: &str) -> Vec<Effect> {
    let path = line.trim();
    if path.is_empty() {
        app.status = Status::Info("not saved".into());
        return Vec::new();
    }
    let format = SaveFormat::of_path(Path::new(path), app.actions.settings.save_format);
    let request = SaveRequest { item, source, path: path.to_owned(), format };
    vec![Effect::Save { request, overwrite: false }]
}

/// The file is there: replace it (y), or change the path (n).
pub(super) fn save_exists(app: &mut App, request: SaveRequest) -> Vec<Effect> {
    app.modal = Some(Modal::Confirm(Question::Overwrite(request)));
    Vec::new()
}

/// `b`: the bookmark command, for the item.
pub(super) fn bookmark(app: &mut App) -> Vec<Effect> {
    let Some(t) = target(app) else { return nothing_selected(app) };
    vec![Effect::Bookmark(t.item)]
}

/// `O`: the unread items of the selected feed or view (the results when
/// searching it), to open.
pub(super) fn open_all(app: &mut App) -> Vec<Effect> {
    let selected = app.selected_view();
    let listing = if selected == app.view { app.listing() } else { Listing::from(selected) };
    vec![Effect::LoadUnreadLinks(Listing { hide_read: true, ..listing })]
}

/// The unread items arrived: opened at once, or after a yes above `max_browser_tabs`.
pub(super) fn unread_links(app: &mut App, links: Vec<ItemLink>, without_link: usize, more: usize) -> Vec<Effect> {
    if links.is_empty() {
        app.status = Status::Info(match without_link {
            0 => "no unread items to open".to_owned(),
            1 => "the unread item has no link".to_owned(),
            n => format!("none of the {n} unread items has a link"),
        });
        return Vec::new();
    }
    if links.len() > app.actions.settings.max_browser_tabs || more > 0 {
        app.modal = Some(Modal::Confirm(Question::OpenAll { links, more }));
        return Vec::new();
    }
    opening(app, links)
}

fn opening(app: &mut App, links: Vec<ItemLink>) -> Vec<Effect> {
    let s = if links.len() == 1 { "" } else { "s" };
    app.status = Status::Info(format!("opening {} item{s} in the browser…", links.len()));
    vec![Effect::OpenAll(links)]
}

/// They are open in the browser and marked read (one bulk mark).
pub(super) fn opened_all(app: &mut App, opened: usize, marked: usize) -> Vec<Effect> {
    let s = if opened == 1 { "" } else { "s" };
    app.status = Status::Info(format!("opened {opened} item{s} in the browser; {marked} marked read (U undoes)"));
    marks::reload(app)
}

/// The answers to the questions these actions ask.
pub(super) fn answered(app: &mut App, question: Question, yes: bool) -> Vec<Effect> {
    match (question, yes) {
        (Question::Overwrite(request), true) => vec![Effect::Save { request, overwrite: true }],
        (Question::Overwrite(request), false) => {
            // Another name, then.
            let kind = InputKind::SavePath { item: request.item, source: request.source };
            app.modal = Some(Modal::input(kind, &request.path));
            Vec::new()
        }
        (Question::OpenAll { links, .. }, true) => opening(app, links),
        (Question::OpenAll { .. }, false) => {
            app.status = Status::Info("nothing opened".into());
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Opens the item's link in the browser, marks it read, and goes to the
/// next unread: selected in the list, opened when reading.
pub(super) fn open_read_next(app: &mut App) -> Vec<Effect> {
    let Some(t) = target(app) else { return nothing_selected(app) };
    let mut effects = vec![Effect::OpenItemLink(t.item)];
    if let Some(index) = t.index {
        effects.extend(marks::set_read(app, index, true));
    }
    let open = app.focus == Pane::Article;
    effects.extend(navigate::next_unread(app, open));
    effects
}

/// A file name from `title`: letters and digits kept (any script), every
/// other run of characters one `-`, at most `MAX_NAME` characters (cut
/// after a whole word when there is one); `article` when nothing is left.
pub fn file_name(title: &str, extension: &str) -> String {
    let mut name = String::new();
    let mut chars = 0;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if chars == MAX_NAME {
                // Cut inside a word: back to the end of the last whole one.
                if let Some(at) = name.rfind('-').filter(|at| *at > 0) {
                    name.truncate(at);
                }
                break;
            }
            name.push(c);
            chars += 1;
        } else if !name.is_empty() && !name.ends_with('-') {
            if chars == MAX_NAME {
                break;
            }
            name.push('-');
            chars += 1;
        }
    }
    let name = name.trim_end_matches('-');
    let name = if name.is_empty() { "article" } else { name };
    format!("{name}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn names_keep_letters_and_digits_only() {
        let table = [
            ("L’ascension fulgurante de DeepSeek", "L-ascension-fulgurante-de-DeepSeek.md"),
            ("../../etc/passwd", "etc-passwd.md"),
            ("  Rust 1.85: what's new?  ", "Rust-1-85-what-s-new.md"),
            ("東京の天気", "東京の天気.md"),
            ("a/b\\c:d*e?f\"g<h>i|j\u{0}k\u{1b}[2J", "a-b-c-d-e-f-g-h-i-j-k-2J.md"),
            ("", "article.md"),
            ("?!…", "article.md"),
        ];
        for (title, want) in table {
            assert_eq!(file_name(title, "md"), want, "{title:?}");
        }
        let long = file_name(&"é".repeat(300), "txt");
        assert_eq!(long, format!("{}.txt", "é".repeat(60)), "one long word is cut where it must");
        let title = "L’ascension fulgurante de DeepSeek chinois : une menace pour la domination américaine";
        assert_eq!(file_name(title, "md"), "L-ascension-fulgurante-de-DeepSeek-chinois-une-menace-pour.md");
    }
}
