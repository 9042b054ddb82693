//! Carries out what `update` asks for and turns the results into messages.

use tokio::sync::mpsc::UnboundedSender;

use super::article_actions::ActionPrograms;
use super::clipboard::Clipboard;
use super::config_file::ConfigFile;
use super::programs::{self, open_url};
use super::render_worker::{Job, RenderWorker};
use crate::account_sync::SyncCmd;
use crate::app::{Effect, Failure, HeadlineRequest, Msg};
use crate::config::Config;
use crate::model::WINDOW;
use crate::poller::PollerCmd;
use crate::store::Store;

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
    /// What pipe, save and bookmark need of the config.
    pub actions: ActionPrograms,
    /// Where work finished on another thread (a bookmark command) reports.
    pub results: Option<UnboundedSender<Msg>>,
    /// The sync task (None without accounts).
    pub sync: Option<UnboundedSender<SyncCmd>>,
}

/// The notification command and how many titles it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notify {
    pub argv: Vec<String>,
    pub max_titles: usize,
}

impl Executor {
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
            actions: ActionPrograms::default(),
            results: None,
            sync: None,
        }
    }

    pub fn execute(&mut self, effect: Effect) -> Option<Msg> {
        match self.try_execute(effect) {
            Ok(msg) => msg,
            Err(e) => {
                tracing::warn!("effect failed: {e:#}");
                Some(Msg::Failed(failure(&e)))
            }
        }
    }

    fn try_execute(&mut self, effect: Effect) -> anyhow::Result<Option<Msg>> {
        match effect {
            Effect::Refresh(feed) => self.refresh(feed),
            Effect::FetchFullText(item) => self.send(PollerCmd::FetchFullText { item }),
            Effect::Discover(input) => self.send(PollerCmd::Discover(input)),
            Effect::RenderArticle { article, source, width } => {
                if let Some(worker) = &self.render {
                    worker.submit(Job { article: *article, source, width, utc_offset: self.utc_offset });
                }
                Ok(None)
            }
            Effect::OpenUrl(url) => {
                open_url(&url, self.browser.as_deref())?;
                Ok(None)
            }
            Effect::Play(url) => {
                open_url(&url, self.player.as_deref().or(self.browser.as_deref()))?;
                Ok(Some(Msg::Info(format!("playing {}", crate::sanitize::line(&url)))))
            }
            Effect::AddFeed { url } => self.add_feed(&url).map(Some),
            Effect::RemoveFeed { url } => self.remove_feed(&url).map(Some),
            // The event loop runs the editor and piped commands: it owns the terminal.
            Effect::EditConfig | Effect::Pipe(_) => Ok(None),
            Effect::Unsubscribe(feed) => {
                if self.sync.is_none() {
                    anyhow::bail!("no account to unsubscribe from");
                }
                self.to_sync(SyncCmd::Unsubscribe { feed });
                Ok(None)
            }
            Effect::Subscribe { account, url } => {
                if self.sync.is_none() {
                    anyhow::bail!("no account to subscribe on");
                }
                self.to_sync(SyncCmd::Subscribe { account, url });
                Ok(None)
            }
            Effect::Save { .. } | Effect::Bookmark(_) | Effect::LoadUnreadLinks(_) | Effect::OpenAll(_) => {
                self.article_action(effect)
            }
            on_store => self.on_store(on_store),
        }
    }

    /// Effects that read or write the database (none without one).
    fn on_store(&mut self, effect: Effect) -> anyhow::Result<Option<Msg>> {
        let Some(store) = &self.store else { return Ok(None) };
        Ok(match effect {
            Effect::LoadFeeds => Some(Msg::FeedsLoaded(store.feeds()?)),
            Effect::LoadHeadlines(query) => Some(load_headlines(store, query)?),
            Effect::LoadArticle(id) => store.article(id)?.map(Msg::ArticleLoaded),
            Effect::SetRead { item, read } => {
                store.set_read(item, read)?;
                self.to_sync(SyncCmd::Push);
                None
            }
            Effect::SetStarred { item, starred } => {
                store.set_starred(item, starred)?;
                self.to_sync(SyncCmd::Push);
                None
            }
            Effect::MarkRead(listing) => {
                let marked = store.mark_read(&listing)?;
                self.to_sync(SyncCmd::Push);
                Some(Msg::Marked(marked))
            }
            Effect::UndoMark => {
                let undone = store.undo_last()?;
                self.to_sync(SyncCmd::Push);
                Some(match undone {
                    Some(undone) => match undone.rule {
                        Some(rule) => Msg::UndoneRule { rule, restored: undone.restored },
                        None => Msg::Undone(Some(undone.restored)),
                    },
                    None => Msg::Undone(None),
                })
            }
            Effect::Unhide(item) => Some(Msg::Unhidden(store.unhide(&[item])?)),
            Effect::SaveHideRead(hide) => {
                store.set_hide_read(hide)?;
                None
            }
            Effect::Notify { new_items } => {
                if let Some(notify) = &self.notify {
                    let titles = store.newest_titles(new_items.min(notify.max_titles))?;
                    programs::notify(&notify.argv, new_items, &titles)?;
                }
                None
            }
            Effect::OpenItemLink(id) => {
                open_url(&store.item_link(id)?.ok_or_else(no_link)?, self.browser.as_deref())?;
                None
            }
            Effect::CopyItemLink(id) => {
                let link = store.item_link(id)?.ok_or_else(no_link)?;
                let how = self.clipboard.copy(&link);
                Some(Msg::Info(format!("{how}: {}", crate::sanitize::line(&link))))
            }
            Effect::LoadFeedInfo(feed) => store.feed_info(feed)?.map(|info| Msg::FeedInfoLoaded(Box::new(info))),
            _ => None,
        })
    }

    /// `R` refreshes the local feeds and syncs every account; a refresh of
    /// one feed of an account syncs that account.
    fn refresh(&self, feed: Option<crate::model::FeedId>) -> anyhow::Result<Option<Msg>> {
        let Some(feed) = feed else {
            self.to_sync(SyncCmd::Sync { account: None, full: true });
            return self.send(PollerCmd::RefreshAll);
        };
        match self.store.as_ref().map(|s| s.account_feed(feed)).transpose()?.flatten() {
            Some(remote) => {
                self.to_sync(SyncCmd::Sync { account: Some(remote.account_name), full: false });
                Ok(None)
            }
            None => self.send(PollerCmd::RefreshFeed(feed)),
        }
    }

    /// Tells the sync task; a stopped one is in the log, the marks are on disk.
    fn to_sync(&self, cmd: SyncCmd) {
        if let Some(sync) = &self.sync
            && sync.send(cmd).is_err()
        {
            tracing::warn!("the sync task has stopped");
        }
    }

    /// Hands `cmd` to the poller; nothing to answer.
    fn send(&self, cmd: PollerCmd) -> anyhow::Result<Option<Msg>> {
        self.to_poller(cmd)?;
        Ok(None)
    }

    /// The programs `config` names: browser, player, notification.
    pub(super) fn set_programs(&mut self, config: &Config) {
        self.browser = config.browser.clone();
        self.player = config.player.clone();
        self.notify = config.notify_command.clone().map(|argv| Notify { argv, max_titles: config.notify_max_titles });
        self.actions = ActionPrograms::from_config(config);
    }

    pub(super) fn to_poller(&self, cmd: PollerCmd) -> anyhow::Result<()> {
        if let Some(poller) = &self.poller {
            poller.send(cmd).map_err(|_| anyhow::anyhow!("the poller has stopped"))?;
        }
        Ok(())
    }
}

/// The window the query asks for, as the message that answers it.
fn load_headlines(store: &Store, query: HeadlineRequest) -> anyhow::Result<Msg> {
    tracing::debug!(search = query.listing.search.is_some(), "headline window read");
    let (window, selected) = store.headline_window(&query.listing, query.anchor, WINDOW)?;
    Ok(Msg::HeadlinesLoaded { query, window, selected })
}

fn no_link() -> anyhow::Error {
    anyhow::anyhow!("this item has no link")
}

/// What the status line says of an effect's error: its kind from what failed.
pub(super) fn failure(error: &anyhow::Error) -> Failure {
    if let Some(config) = error.downcast_ref::<crate::config::ConfigError>() {
        Failure::Config(config.clone())
    } else if error.downcast_ref::<crate::store::StoreError>().is_some() {
        Failure::store(&format!("{error:#}"))
    } else {
        Failure::other(&format!("{error:#}"))
    }
}
