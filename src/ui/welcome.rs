//! The welcome screen's runtime, before there is a config: `a` looks for
//! feeds on the network (a task on the tokio runtime, never the UI thread)
//! and the first subscription creates the config file. Nothing else is
//! written, so quitting the welcome screen leaves no trace.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc::UnboundedSender;

use super::config_file::ConfigFile;
use crate::app::{Effect, Failure, Msg};
use crate::fetch::{FetchOptions, Fetcher, Proxies};
use crate::poller::{self, PollerEvent};

pub(super) struct Welcome {
    path: PathBuf,
    fetcher: Result<Fetcher, String>,
    /// Where discoveries answer, as the poller would.
    events: UnboundedSender<PollerEvent>,
    /// The config file exists now, with the feed the user chose.
    created: Option<String>,
}

impl Welcome {
    pub(super) fn new(path: &Path, events: UnboundedSender<PollerEvent>) -> Welcome {
        let options = FetchOptions { proxies: Proxies::from_env(None), ..FetchOptions::default() };
        let fetcher = Fetcher::with_options(options).map_err(|e| e.to_string());
        Welcome { path: path.to_path_buf(), fetcher, events, created: None }
    }

    /// The URL of the feed the config was created with, once it was.
    pub(super) fn created(&self) -> Option<&str> {
        self.created.as_deref()
    }

    /// Runs the effects the welcome screen asks for: discovery and the first
    /// subscription; the others need a reader and are ignored.
    pub(super) fn execute(&mut self, effect: Effect) -> Option<Msg> {
        match effect {
            Effect::Discover(input) => {
                let (fetcher, events) = (self.fetcher.clone(), self.events.clone());
                tokio::spawn(async move {
                    let _ = events.send(poller::discovered(fetcher, input).await);
                });
                None
            }
            // A missing file is created with a commented header, then the feed.
            Effect::AddFeed { url } => match ConfigFile::new(&self.path).add_feed(&url) {
                Ok(_) => {
                    self.created = Some(url);
                    None
                }
                Err(e) => Some(Msg::Failed(Failure::other(&e.to_string()))),
            },
            _ => None,
        }
    }
}
