//! What the reader knows of each account's sync, from the sync task's
//! events: for the status line ("home: offline, 3 changes waiting") and for
//! reloading what a pull changed.

use super::receive::keep_selection;
use super::{App, Effect, Status};
use crate::account_sync::SyncEvent;

/// One account as the status line shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountStatus {
    pub name: String,
    /// Marks queued for the server.
    pub waiting: usize,
    /// A round with the server is running; items stored so far.
    pub syncing: Option<usize>,
    /// The last round failed: its one line (secrets never in it).
    pub error: Option<String>,
    /// The server could not be reached at the last try.
    pub offline: bool,
}

impl AccountStatus {
    /// `home: offline, 3 changes waiting`; None when there is nothing to say.
    pub fn label(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if let Some(items) = self.syncing {
            parts.push(if items > 0 { format!("syncing, {items} items") } else { "syncing…".to_owned() });
        } else if self.offline {
            parts.push("offline".to_owned());
        } else if self.error.is_some() {
            parts.push("sync failed".to_owned());
        }
        if self.waiting > 0 {
            let s = if self.waiting == 1 { "" } else { "s" };
            parts.push(format!("{} change{s} waiting", self.waiting));
        }
        (!parts.is_empty()).then(|| format!("{}: {}", self.name, parts.join(", ")))
    }
}

fn account<'a>(app: &'a mut App, name: &str) -> &'a mut AccountStatus {
    match app.accounts.iter().position(|a| a.name == name) {
        Some(i) => &mut app.accounts[i],
        None => {
            app.accounts.push(AccountStatus { name: name.to_owned(), ..AccountStatus::default() });
            let last = app.accounts.len() - 1;
            &mut app.accounts[last]
        }
    }
}

fn reload(app: &App) -> Vec<Effect> {
    vec![Effect::LoadFeeds, Effect::LoadHeadlines(keep_selection(app))]
}

/// Applies one event of the sync task.
pub(super) fn event(app: &mut App, event: SyncEvent) -> Vec<Effect> {
    match event {
        SyncEvent::State { account: name, waiting, last_error, .. } => {
            let a = account(app, &name);
            a.waiting = waiting;
            a.offline = last_error.as_deref().is_some_and(|e| e.starts_with("offline"));
            a.error = last_error;
            Vec::new()
        }
        SyncEvent::Started { account: name } => {
            account(app, &name).syncing = Some(0);
            Vec::new()
        }
        SyncEvent::Progress { account: name, items } => {
            account(app, &name).syncing = Some(items);
            vec![Effect::LoadFeeds]
        }
        SyncEvent::Synced { account: name, report } => {
            let a = account(app, &name);
            *a = AccountStatus { name: name.clone(), waiting: report.waiting, ..AccountStatus::default() };
            if report.new_items + report.changed + report.pushed == 0 {
                return Vec::new();
            }
            if !report.push_only {
                let new = if report.new_items > 0 { format!(", {} new", report.new_items) } else { String::new() };
                app.status = Status::Info(format!("{}: synced{new}", crate::sanitize::line(&name)));
            }
            reload(app)
        }
        SyncEvent::Failed { account: name, error, waiting } => {
            let a = account(app, &name);
            a.syncing = None;
            a.waiting = waiting;
            a.offline = error.is_offline();
            a.error = Some(error.to_string());
            app.status = Status::Error(format!(
                "{}: {}",
                crate::sanitize::line(&name),
                crate::sanitize::line(&error.to_string())
            ));
            Vec::new()
        }
        SyncEvent::Subscribed { account: name, url, result } => {
            let (name, url) = (crate::sanitize::line(&name), crate::sanitize::line(&url));
            app.status = match result {
                Ok(()) => Status::Info(format!("subscribed to {url} on {name}")),
                Err(e) => Status::Error(format!(
                    "cannot subscribe to {url} on {name}: {}",
                    crate::sanitize::line(&e.to_string())
                )),
            };
            reload(app)
        }
        SyncEvent::Unsubscribed { account: name, result, .. } => {
            app.status = match result {
                Ok(()) => Status::Info(format!("{name}: unsubscribed (its items stay)")),
                Err(e) => Status::Error(format!("{name}: cannot unsubscribe: {e}")),
            };
            reload(app)
        }
    }
}

impl App {
    /// Every account with something to say, for the status line.
    pub fn sync_label(&self) -> Option<String> {
        let labels: Vec<String> = self.accounts.iter().filter_map(AccountStatus::label).collect();
        (!labels.is_empty()).then(|| labels.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account_sync::{AccountError, SyncReport};
    use crate::sync::SyncError;

    #[test]
    fn offline_then_back() {
        let mut app = App::new(80, 24, 0);
        let failed = SyncEvent::Failed {
            account: "home".into(),
            error: AccountError::Server(SyncError::Offline("connection refused".into())),
            waiting: 3,
        };
        assert!(event(&mut app, failed).is_empty());
        assert_eq!(app.sync_label().as_deref(), Some("home: offline, 3 changes waiting"));
        event(&mut app, SyncEvent::Started { account: "home".into() });
        assert_eq!(app.sync_label().as_deref(), Some("home: syncing…, 3 changes waiting"));
        let report = SyncReport { pushed: 3, new_items: 2, ..SyncReport::default() };
        let effects = event(&mut app, SyncEvent::Synced { account: "home".into(), report });
        assert!(effects.contains(&Effect::LoadFeeds));
        assert_eq!(app.sync_label(), None);
        assert_eq!(app.status, Status::Info("home: synced, 2 new".into()));
    }
}
