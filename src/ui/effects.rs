//! Carries out what `update` asks for and turns the results into messages.

use std::process::{Command, Stdio};

use tokio::sync::mpsc::UnboundedSender;

use super::clipboard::Clipboard;
use super::render_worker::{Job, RenderWorker};
use crate::app::window::WINDOW;
use crate::app::{Anchor, Effect, Keymap, Msg, Query, Settings, Window};
use crate::config::Config;
use crate::poller::{self, PollerCmd};
use crate::store::Store;

use super::config_file::ConfigFile;

pub struct Executor {
    pub store: Option<Store>,
    pub poller: Option<UnboundedSender<PollerCmd>>,
    pub render: Option<RenderWorker>,
    pub clipboard: Clipboard,
    /// Program that opens links; the platform opener when unset.
    pub browser: Option<String>,
    /// Program that plays enclosures; the link opener when unset.
    pub player: Option<String>,
    /// For dates in the article header.
    pub utc_offset: i32,
    /// The config file, watched and edited (None on the welcome screen and in tests).
    pub config: Option<ConfigFile>,
    /// Argument vector run with new titles after a background refresh.
    pub notify: Option<Notify>,
}

/// The notification command and how many titles it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notify {
    pub argv: Vec<String>,
    pub max_titles: usize,
}

impl Executor {
    /// A runtime over `store` alone: no poller, system opener, no notifications.
    pub fn with_store(store: Store) -> Executor {
        Executor { store: Some(store), ..Executor::none() }
    }

    /// For the welcome screen: no database, no poller.
    pub fn none() -> Executor {
        Executor {
            store: None,
            poller: None,
            render: None,
            clipboard: Clipboard::default(),
            browser: None,
            player: None,
            utc_offset: 0,
            config: None,
            notify: None,
        }
    }

    pub fn execute(&mut self, effect: Effect) -> Option<Msg> {
        match self.try_execute(effect) {
            Ok(msg) => msg,
            Err(e) => {
                tracing::warn!("effect failed: {e:#}");
                Some(Msg::Failed(crate::sanitize::line(&format!("{e:#}"))))
            }
        }
    }

    fn try_execute(&mut self, effect: Effect) -> anyhow::Result<Option<Msg>> {
        let effect = match effect {
            Effect::Refresh(feed) => {
                self.to_poller(feed.map_or(PollerCmd::RefreshAll, PollerCmd::RefreshFeed))?;
                return Ok(None);
            }
            Effect::FetchFullText(item) => {
                self.to_poller(PollerCmd::FetchFullText { item })?;
                return Ok(None);
            }
            Effect::RenderArticle { article, source, width } => {
                if let Some(worker) = &self.render {
                    worker.submit(Job { article: *article, source, width, utc_offset: self.utc_offset });
                }
                return Ok(None);
            }
            Effect::OpenUrl(url) => {
                open_url(&url, self.browser.as_deref())?;
                return Ok(None);
            }
            Effect::Play(url) => {
                open_url(&url, self.player.as_deref().or(self.browser.as_deref()))?;
                return Ok(Some(Msg::Info(format!("playing {}", crate::sanitize::line(&url)))));
            }
            Effect::Discover(input) => {
                self.to_poller(PollerCmd::Discover(input))?;
                return Ok(None);
            }
            Effect::AddFeed { url } => return self.add_feed(&url).map(Some),
            Effect::RemoveFeed { url } => return self.remove_feed(&url).map(Some),
            // The event loop runs the editor: it owns the terminal.
            Effect::EditConfig => return Ok(None),
            other => other,
        };
        let Some(store) = &self.store else {
            return Ok(None);
        };
        Ok(match effect {
            Effect::LoadFeeds => Some(Msg::FeedsLoaded(store.feeds()?)),
            Effect::LoadHeadlines(query) => Some(load_headlines(store, query)?),
            Effect::LoadArticle(id) => store.article(id)?.map(Msg::ArticleLoaded),
            Effect::SetRead { item, read } => {
                store.set_read(item, read)?;
                None
            }
            Effect::SetStarred { item, starred } => {
                store.set_starred(item, starred)?;
                None
            }
            Effect::MarkRead(listing) => Some(Msg::Marked(store.mark_read(&listing)?)),
            Effect::UndoMark => Some(Msg::Undone(store.undo_bulk_mark()?)),
            Effect::SaveHideRead(hide) => {
                store.set_ui_state(HIDE_READ, if hide { "1" } else { "0" })?;
                None
            }
            Effect::Notify { new_items } => {
                if let Some(notify) = &self.notify {
                    let titles = store.newest_titles(new_items.min(notify.max_titles))?;
                    super::notify::run(&notify.argv, new_items, &titles)?;
                }
                None
            }
            Effect::OpenItemLink(id) => {
                let link = store.article(id)?.and_then(|a| a.link);
                match link {
                    Some(link) => open_url(&link, self.browser.as_deref())?,
                    None => anyhow::bail!("this item has no link"),
                }
                None
            }
            Effect::CopyItemLink(id) => match store.item_link(id)? {
                Some(link) => {
                    let how = self.clipboard.copy(&link);
                    Some(Msg::Info(format!("{how}: {}", crate::sanitize::line(&link))))
                }
                None => anyhow::bail!("this item has no link"),
            },
            Effect::Refresh(_)
            | Effect::FetchFullText(_)
            | Effect::RenderArticle { .. }
            | Effect::OpenUrl(_)
            | Effect::Play(_)
            | Effect::Discover(_)
            | Effect::AddFeed { .. }
            | Effect::RemoveFeed { .. }
            | Effect::EditConfig => None,
        })
    }

    fn to_poller(&self, cmd: PollerCmd) -> anyhow::Result<()> {
        if let Some(poller) = &self.poller {
            poller.send(cmd).map_err(|_| anyhow::anyhow!("the poller has stopped"))?;
        }
        Ok(())
    }

    /// The config file changed on disk: its message, if it did.
    pub fn config_changed(&mut self) -> Option<Msg> {
        if !self.config.as_mut()?.changed() {
            return None;
        }
        Some(self.reload())
    }

    /// Loads the config again and puts its feeds in force; a broken file is
    /// reported as `path:line:col: message` and the config in force stays.
    pub fn reload(&mut self) -> Msg {
        let Some(file) = &mut self.config else { return Msg::Failed("no config file".into()) };
        match file.load() {
            Ok(config) => {
                let note = format!("config reloaded: {} feeds", config.feeds.len());
                self.apply(&config, note).unwrap_or_else(|e| Msg::Failed(format!("{e:#}")))
            }
            Err(e) => Msg::Failed(e.to_string()),
        }
    }

    fn add_feed(&mut self, url: &str) -> anyhow::Result<Msg> {
        let Some(file) = &mut self.config else { anyhow::bail!("no config file to add the feed to") };
        let (added, config) = file.add_feed(url)?;
        let note = if added { format!("subscribed to {url}") } else { format!("already subscribed to {url}") };
        self.apply(&config, note)
    }

    fn remove_feed(&mut self, url: &str) -> anyhow::Result<Msg> {
        let Some(file) = &mut self.config else { anyhow::bail!("no config file to remove the feed from") };
        let (removed, config) = file.remove_feed(url)?;
        if removed == 0 {
            anyhow::bail!("{url} is not in {}", file.path().display());
        }
        self.apply(&config, format!("removed {url} (its items stay in the database)"))
    }

    /// Makes `config` the one in force: the store's feed list, the poller's
    /// (which fetches new feeds at once), the programs it runs, and the
    /// reader's keys, colours, layout, saved views and reading settings.
    /// Network settings (timeouts, concurrency, proxy) apply at the next start.
    fn apply(&mut self, config: &Config, note: String) -> anyhow::Result<Msg> {
        let (Some(store), Some(file)) = (&mut self.store, &self.config) else {
            return Ok(Msg::ConfigApplied { note, settings: None });
        };
        let sources = config.sources(file.path());
        let ids = store.sync_feeds(&sources)?;
        let feeds = poller::feed_list(&ids, &sources, poller::minutes(config.refresh_interval));
        let settings = settings_of(config, store);
        self.to_poller(PollerCmd::SetFeeds(feeds))?;
        self.browser = config.browser.clone();
        self.player = config.player.clone();
        self.notify = config.notify_command.clone().map(|argv| Notify { argv, max_titles: config.notify_max_titles });
        Ok(Msg::ConfigApplied { note, settings: Some(Box::new(settings)) })
    }
}

/// The reader's choices from `config`, with the hide-read saved in `store`.
pub fn settings_of(config: &Config, store: &Store) -> Settings {
    let keymap = Keymap::from_config(&config.keys).unwrap_or_else(|errors| {
        // Validation reports these before the TUI starts; never reached with a checked config.
        tracing::warn!(?errors, "keymap errors, using the defaults");
        Keymap::default()
    });
    let hide_read = store.ui_state(HIDE_READ).ok().flatten().is_some_and(|v| v == "1");
    Settings {
        keymap,
        theme: crate::config::Theme::new(&config.theme, crate::config::theme::no_color_env()),
        layout: config.layout,
        sort: config.sort,
        feed_sort: config.feed_sort,
        hide_read,
        saved_views: config.saved_views(),
        notify: config.notify_command.is_some(),
        text_column: config.text_column(),
    }
}

/// Key of the hide-read choice in the store's UI state.
pub const HIDE_READ: &str = "hide_read";

/// Resolves the query's anchor to a position and loads the window around it.
fn load_headlines(store: &Store, query: Query) -> anyhow::Result<Msg> {
    let listing = &query.listing;
    let total = store.headline_count(listing)?;
    let last = total.saturating_sub(1);
    let selected = match query.anchor {
        Anchor::Index(i) => Some(i.min(last)),
        Anchor::Item { id, fallback } => Some(store.headline_index(listing, id)?.unwrap_or(fallback.min(last))),
        Anchor::NextUnread { from } => store.next_unread(listing, from)?.map(|(pos, _)| pos),
        Anchor::PrevUnread { from } => store.prev_unread(listing, from)?.map(|(pos, _)| pos),
    };
    let offset = selected.unwrap_or(0).saturating_sub(WINDOW / 2);
    let rows = store.headlines_page(listing, offset, WINDOW)?;
    Ok(Msg::HeadlinesLoaded { query, window: Window { total, offset, rows }, selected })
}

/// Opens `url` with `program` (a command and its arguments, split on spaces)
/// as an argument vector, never through a shell, and only for schemes a
/// browser or player should handle.
pub fn open_url(url: &str, browser: Option<&str>) -> anyhow::Result<()> {
    let parsed = url::Url::parse(url).map_err(|_| anyhow::anyhow!("not a valid link: {url}"))?;
    if !matches!(parsed.scheme(), "http" | "https" | "mailto") {
        anyhow::bail!("refusing to open a {} link", parsed.scheme());
    }
    let default = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let mut words = browser.unwrap_or(default).split_whitespace();
    let program = words.next().unwrap_or(default);
    let mut child = Command::new(program)
        .args(words)
        .arg(parsed.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run {program}: {e}"))?;
    // Reap the opener so it does not linger as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}
