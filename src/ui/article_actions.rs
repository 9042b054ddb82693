//! The runtime's side of the article actions: `|` with the terminal handed
//! to the command, `w` writing the file, `b` running the bookmark command,
//! `O` opening the unread items and marking them read. The processes start
//! in `programs`; what they get is made in `export`.

use std::io::Write;
use std::path::Path;

use super::effects::{Executor, failure};
use super::input::Input;
use super::terminal::{self, Term};
use super::{export, programs};
use crate::app::{Effect, Failure, ItemLink, Msg, PipeRequest, SaveRequest, file_name};
use crate::config::actions::{abbreviate_home, expand_home, home};
use crate::config::{Config, PipeFormat};
use crate::model::{Article, ItemId, Listing};
use crate::sanitize;
use crate::store::Store;

/// The config's part of these actions that the runtime needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPrograms {
    pub pipe_format: PipeFormat,
    pub pipe_wait: bool,
    pub bookmark: Option<Vec<String>>,
    /// Width of the text piped or saved (the article column's).
    pub text_width: u16,
    /// Mouse reporting is on while the reader runs (off while a command has the terminal).
    pub mouse: bool,
}

impl ActionPrograms {
    pub fn from_config(config: &Config) -> ActionPrograms {
        ActionPrograms {
            pipe_format: config.pipe_format,
            pipe_wait: config.pipe_wait,
            bookmark: config.bookmark_command.clone(),
            text_width: config.text_width,
            mouse: config.mouse,
        }
    }
}

impl Default for ActionPrograms {
    fn default() -> Self {
        ActionPrograms::from_config(&Config::default())
    }
}

/// Most unread items `O` loads to open at once.
const OPEN_ALL_MAX: usize = 200;

impl Executor {
    /// `w`, `b` and `O` (`|` needs the terminal: see `pipe`).
    pub(super) fn article_action(&mut self, effect: Effect) -> anyhow::Result<Option<Msg>> {
        let Some(store) = &self.store else { return Ok(None) };
        match effect {
            Effect::Save { request, overwrite } => self.save(request, overwrite).map(Some),
            Effect::Bookmark(item) => self.bookmark(item).map(Some),
            Effect::LoadUnreadLinks(listing) => unread_links(store, &listing).map(Some),
            Effect::OpenAll(links) => self.open_all(links).map(Some),
            _ => Ok(None),
        }
    }

    fn article(&self, item: ItemId) -> anyhow::Result<Article> {
        let store = self.store.as_ref().ok_or_else(|| anyhow::anyhow!("no database"))?;
        store.article(item)?.ok_or_else(|| anyhow::anyhow!("the item is no longer in the database"))
    }

    /// Writes the file; a file already there is only replaced after a yes.
    fn save(&self, request: SaveRequest, overwrite: bool) -> anyhow::Result<Msg> {
        let article = self.article(request.item)?;
        let home = home();
        let mut path = expand_home(&request.path, home.as_deref());
        if request.path.ends_with('/') || path.is_dir() {
            path.push(file_name(&sanitize::line(&article.title), request.format.extension()));
        }
        let shown = abbreviate_home(&path, home.as_deref());
        let source = export::source_of(&article, request.source);
        let text = export::saved(&article, source, request.format, self.actions.text_width, self.utc_offset);
        match write_file(&path, text.as_bytes(), overwrite) {
            Ok(()) => Ok(Msg::Info(format!("saved to {shown}"))),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok(Msg::SaveExists(SaveRequest { path: shown, ..request }))
            }
            Err(e) => anyhow::bail!("cannot save to {shown}: {e}"),
        }
    }

    /// Starts the bookmark command; its end is reported on the results channel.
    fn bookmark(&self, item: ItemId) -> anyhow::Result<Msg> {
        let Some(argv) = &self.actions.bookmark else {
            anyhow::bail!("set bookmark_command in the config to bookmark items (see config.example.toml)");
        };
        let article = self.article(item)?;
        let url = article.link.as_deref().map(sanitize::line).filter(|l| !l.is_empty());
        let url = url.ok_or_else(|| anyhow::anyhow!("this item has no link to bookmark"))?;
        let (title, feed) = (sanitize::line(&article.title), sanitize::line(&article.feed_title));
        let args = programs::bookmark_arguments(argv, &url, &title, &feed);
        let results = self.results.clone();
        let said = format!("bookmarked “{title}”");
        let started = programs::run_reported(args, move |result| {
            let msg = match result {
                Ok(()) => Msg::Info(said),
                Err(line) => Msg::Failed(Failure::program(&line)),
            };
            if let Some(results) = results {
                let _ = results.send(msg);
            }
        });
        Ok(match started {
            Ok(()) => Msg::Info(format!("bookmarking “{title}”…")),
            Err(e) => Msg::Failed(Failure::program(&format!("{e:#}"))),
        })
    }

    /// Opens the links in order and marks their items read in one bulk mark,
    /// once the first opener has started.
    fn open_all(&self, links: Vec<ItemLink>) -> anyhow::Result<Msg> {
        let store = self.store.as_ref().ok_or_else(|| anyhow::anyhow!("no database"))?;
        let urls: Vec<String> = links.iter().map(|l| l.url.clone()).collect();
        let results = self.results.clone();
        let later = move |line: String| {
            if let Some(results) = results {
                let _ = results.send(Msg::Failed(Failure::program(&line)));
            }
        };
        if let Err(e) = programs::open_all(urls, self.browser.clone(), later) {
            return Ok(Msg::Failed(Failure::program(&format!("{e:#}"))));
        }
        let items: Vec<ItemId> = links.iter().map(|l| l.item).collect();
        let marked = store.mark_items_read(&items)?;
        Ok(Msg::OpenedAll { opened: links.len(), marked })
    }

    /// What `|` writes to the command.
    fn pipe_input(&self, request: &PipeRequest) -> anyhow::Result<Vec<u8>> {
        let article = self.article(request.item)?;
        let source = export::source_of(&article, request.source);
        export::piped(&article, source, self.actions.pipe_format, self.actions.text_width, self.utc_offset)
    }
}

/// The listing's first `OPEN_ALL_MAX` unread items in its order: those with
/// a link that may be opened, how many have none, how many are past the cap.
fn unread_links(store: &Store, listing: &Listing) -> anyhow::Result<Msg> {
    let total = store.headline_count(listing)?;
    let rows = store.headlines_page(listing, 0, OPEN_ALL_MAX)?;
    let mut links = Vec::new();
    let mut without_link = 0;
    for row in &rows {
        let url = store.item_link(row.id)?.map(|l| sanitize::line(&l)).filter(|l| crate::article::is_openable(l));
        match url {
            Some(url) => links.push(ItemLink { item: row.id, url }),
            None => without_link += 1,
        }
    }
    Ok(Msg::UnreadLinks { links, without_link, more: total.saturating_sub(rows.len()) })
}

/// Writes `bytes` to `path`: a new file, or (`overwrite`) over the one there.
fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    let mut file = if overwrite {
        std::fs::File::create(path)?
    } else {
        std::fs::OpenOptions::new().write(true).create_new(true).open(path)?
    };
    file.write_all(bytes)?;
    file.sync_all()
}

/// `|`: the TUI steps aside, the command runs in the terminal with the item
/// on its standard input, then (with `pipe_wait`) a key brings the reader
/// back. Ctrl-C reaches the command, not the reader. Terminal input is
/// paused meanwhile.
pub(super) fn pipe(
    term: &mut Term,
    input: &Input,
    executor: &mut Executor,
    request: PipeRequest,
    queue: &mut Vec<Msg>,
) -> anyhow::Result<()> {
    let bytes = match executor.pipe_input(&request) {
        Ok(bytes) => bytes,
        Err(e) => {
            queue.push(Msg::Failed(failure(&e)));
            return Ok(());
        }
    };
    let program = request.argv.first().cloned().unwrap_or_default();
    // The input thread would compete with the command for keys.
    input.pause();
    let interrupts = InterruptsToChild::new();
    if executor.actions.mouse {
        crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture)?;
    }
    terminal::suspend()?;
    let status = programs::pipe_to(&request.argv, bytes);
    // The reader comes back even when the wait for a key failed.
    let waited = if executor.actions.pipe_wait && status.is_ok() { press_a_key() } else { Ok(()) };
    let resumed = terminal::resume(term);
    input.resume();
    resumed?;
    waited?;
    if executor.actions.mouse {
        crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)?;
    }
    drop(interrupts);
    queue.push(match status {
        Ok(status) if status.success() => Msg::Info(format!("piped to {}", sanitize::line(&program))),
        Ok(status) => Msg::Failed(Failure::program(&programs::exit_line(&program, status, ""))),
        Err(e) => Msg::Failed(Failure::program(&format!("{e:#}"))),
    });
    Ok(())
}

/// Keeps the command's output on screen until a key is pressed.
fn press_a_key() -> anyhow::Result<()> {
    use crossterm::event::{Event, KeyEventKind, read};
    let mut out = std::io::stdout();
    write!(out, "\r\n[tidings] press any key to return")?;
    out.flush()?;
    crossterm::terminal::enable_raw_mode()?;
    loop {
        match read()? {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                // The next command's output starts on a line of its own.
                write!(out, "\r\n")?;
                return Ok(out.flush()?);
            }
            _ => {}
        }
    }
}

/// While a command has the terminal, Ctrl-C and Ctrl-\ stop the command:
/// the reader takes the signals (as `system()` does) and lets them go.
struct InterruptsToChild {
    #[cfg(unix)]
    _held: Vec<tokio::signal::unix::Signal>,
}

impl InterruptsToChild {
    fn new() -> InterruptsToChild {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let held = [SignalKind::interrupt(), SignalKind::quit()].into_iter().filter_map(|k| signal(k).ok());
            InterruptsToChild { _held: held.collect() }
        }
        #[cfg(not(unix))]
        InterruptsToChild {}
    }
}
