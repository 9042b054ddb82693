//! A config in force while the reader runs: reloaded when the file changes,
//! edited by `a` and `d`, then applied to the store, the poller and the app.

use super::effects::Executor;
use crate::app::{Failure, Msg, Settings};
use crate::config::Config;
use crate::poller::{self, PollerCmd};

impl Executor {
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
        let Some(file) = &mut self.config else { return Msg::Failed(Failure::other("no config file")) };
        match file.load() {
            Ok(config) => {
                let note = format!("config reloaded: {} feeds", config.feeds.len());
                self.apply(&config, note).unwrap_or_else(|e| Msg::Failed(super::effects::failure(&e)))
            }
            Err(e) => Msg::Failed(Failure::Config(e)),
        }
    }

    pub(super) fn add_feed(&mut self, url: &str) -> anyhow::Result<Msg> {
        let Some(file) = &mut self.config else { anyhow::bail!("no config file to add the feed to") };
        let (added, config) = file.add_feed(url)?;
        let note = if added { format!("subscribed to {url}") } else { format!("already subscribed to {url}") };
        self.apply(&config, note)
    }

    pub(super) fn remove_feed(&mut self, url: &str) -> anyhow::Result<Msg> {
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
        let feeds = poller::configured_feeds(store, config, file.path(), poller::minutes(config.refresh_interval))?;
        let mut settings = Settings::from_config(config, store.hide_read()?);
        settings.hidden_view |= store.hidden_count()? > 0;
        store.set_highlights(config.highlight_filters());
        self.to_poller(PollerCmd::SetRules(config.rules_for(file.path())))?;
        self.to_poller(PollerCmd::SetFeeds(feeds))?;
        if let Some(sync) = &self.sync {
            // New accounts need a restart (the task starts with the first).
            let _ = sync
                .send(crate::account_sync::SyncCmd::SetAccounts(crate::account_sync::accounts(config, file.path())));
            let _ = sync.send(crate::account_sync::SyncCmd::SetRules(config.rules_for(file.path())));
        }
        self.set_programs(config);
        Ok(Msg::ConfigApplied { note, settings: Some(Box::new(settings)) })
    }
}
