//! What the sync task takes and tells: accounts and settings from the
//! config, the commands of the UI and `tidings sync`, its typed events.

use std::path::Path;
use std::time::Duration;

use crate::config::{AccountConfig, AccountKind, Config, PasswordSource};
use crate::fetch::Proxies;
use crate::model::FeedId;
use crate::sync::{ClientOptions, Protocol, SyncError};

/// An account as the sync task uses it: the config's entry, paths resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncAccount {
    pub name: String,
    pub kind: AccountKind,
    pub url: String,
    pub user: String,
    pub password: PasswordSource,
    /// Between automatic syncs; None: only when asked.
    pub interval: Option<Duration>,
    pub tag: Option<String>,
    pub allow_http: bool,
}

impl SyncAccount {
    pub fn from_config(account: &AccountConfig, config_path: &Path) -> SyncAccount {
        SyncAccount {
            name: account.name.trim().to_owned(),
            kind: account.kind,
            url: account.url.trim().to_owned(),
            user: account.user.clone(),
            password: account.password_source(config_path),
            interval: (account.sync_interval > 0).then(|| Duration::from_secs(account.sync_interval * 60)),
            tag: account.tag.as_deref().map(str::trim).map(str::to_owned),
            allow_http: account.allow_http,
        }
    }

    pub fn protocol(&self) -> Protocol {
        match self.kind {
            AccountKind::GReader => Protocol::GReader,
            AccountKind::Fever => Protocol::Fever,
            AccountKind::TtRss => Protocol::TtRss,
        }
    }

    /// Whether the protocol can subscribe and unsubscribe.
    pub fn can_subscribe(&self) -> bool {
        self.kind != AccountKind::Fever
    }
}

/// The config's accounts, in its order.
pub fn accounts(config: &Config, config_path: &Path) -> Vec<SyncAccount> {
    config.accounts.iter().map(|a| SyncAccount::from_config(a, config_path)).collect()
}

/// How the sync task works, from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSettings {
    pub client: ClientOptions,
    /// Sync every account when the task starts.
    pub sync_on_start: bool,
    /// Items per page and ids per request of the GReader client (None: its defaults).
    pub greader_pages: Option<(usize, usize)>,
}

impl SyncSettings {
    pub fn from_config(config: &Config) -> SyncSettings {
        let client = ClientOptions {
            // A page of items is larger than a feed: at least a minute.
            timeout: Duration::from_secs(config.request_timeout.max(60)),
            connect_timeout: Duration::from_secs(config.connect_timeout),
            user_agent: config.user_agent.clone().unwrap_or_else(|| crate::fetch::USER_AGENT.to_owned()),
            proxies: Proxies::from_env(config.proxy.as_deref()),
            ..ClientOptions::default()
        };
        SyncSettings { client, sync_on_start: config.refresh_on_start, greader_pages: None }
    }
}

/// What the UI (or `tidings sync`) asks of the sync task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncCmd {
    /// Push, then pull, one account or all. `full` also reads the
    /// subscription list again (else it is read at most once an hour).
    Sync {
        account: Option<String>,
        full: bool,
    },
    /// Marks were queued: push them soon.
    Push,
    /// Subscribe to a feed URL on the account's server.
    Subscribe {
        account: String,
        url: String,
    },
    /// Unsubscribe an account feed on its server.
    Unsubscribe {
        feed: FeedId,
    },
    /// The config's accounts changed.
    SetAccounts(Vec<SyncAccount>),
    /// The `[[rules]]` pulled items go through from now on.
    SetRules(Vec<crate::model::Rule>),
    Shutdown,
}

/// Why an account's sync failed: the one line the user reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Server(#[from] SyncError),
    #[error("cannot get the password: {0}")]
    Password(String),
    #[error("{0}")]
    Store(String),
    #[error("no such feed of an account")]
    NotAnAccountFeed,
    #[error("internal error while syncing (see the log)")]
    Internal,
}

impl AccountError {
    /// The server cannot be reached (the network, or the server, is down).
    pub fn is_offline(&self) -> bool {
        matches!(self, AccountError::Server(SyncError::Offline(_)))
    }

    /// Worth trying again soon by itself.
    pub fn is_transient(&self) -> bool {
        match self {
            AccountError::Server(e) => e.is_transient(),
            AccountError::Store(_) | AccountError::Internal => true,
            _ => false,
        }
    }
}

/// What one round with a server did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// Marks the server took (or settled: items it no longer has).
    pub pushed: usize,
    pub new_items: usize,
    /// Items whose read or starred mark changed to the server's.
    pub changed: usize,
    /// Marks still queued after it (made during the round, or refused).
    pub waiting: usize,
    /// Only the queue was pushed (no pull).
    pub push_only: bool,
}

/// What happened, in the past tense; the data is on disk when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    /// What the store knows of an account: sent at start and when marks are queued.
    State {
        account: String,
        waiting: usize,
        last_error: Option<String>,
        last_sync: Option<i64>,
    },
    /// A round with the server began.
    Started {
        account: String,
    },
    /// A pull stored this many items so far (a first sync of thousands).
    Progress {
        account: String,
        items: usize,
    },
    Synced {
        account: String,
        report: SyncReport,
    },
    Failed {
        account: String,
        error: AccountError,
        waiting: usize,
    },
    Subscribed {
        account: String,
        url: String,
        result: Result<(), AccountError>,
    },
    Unsubscribed {
        account: String,
        feed: FeedId,
        result: Result<(), AccountError>,
    },
}
