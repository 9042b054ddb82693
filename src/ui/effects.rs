//! Carries out what `update` asks for and turns the results into messages.

use std::process::{Command, Stdio};

use tokio::sync::mpsc::UnboundedSender;

use crate::app::window::WINDOW;
use crate::app::{Anchor, Effect, Msg, Query, Window};
use crate::poller::PollerCmd;
use crate::store::Store;

pub struct Runtime {
    pub store: Option<Store>,
    pub poller: Option<UnboundedSender<PollerCmd>>,
    /// Program that opens links; the platform opener when unset.
    pub browser: Option<String>,
    /// Argument vector run with new titles after a background refresh.
    pub notify: Option<Notify>,
}

/// The notification command and how many titles it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notify {
    pub argv: Vec<String>,
    pub max_titles: usize,
}

impl Runtime {
    /// A runtime over `store` alone: no poller, system opener, no notifications.
    pub fn with_store(store: Store) -> Runtime {
        Runtime { store: Some(store), ..Runtime::none() }
    }

    /// For the welcome screen: no database, no poller.
    pub fn none() -> Runtime {
        Runtime { store: None, poller: None, browser: None, notify: None }
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
        if let Effect::Refresh(feed) = effect {
            let cmd = feed.map_or(PollerCmd::RefreshAll, PollerCmd::RefreshFeed);
            if let Some(poller) = &self.poller {
                poller.send(cmd).map_err(|_| anyhow::anyhow!("the poller has stopped"))?;
            }
            return Ok(None);
        }
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
            Effect::Refresh(_) => None,
        })
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

/// Opens `url` with an argument vector, never through a shell, and only for
/// schemes a browser should handle.
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
