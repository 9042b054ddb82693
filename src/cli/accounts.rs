//! `tidings accounts [--json]`: each account of the config with its last
//! sync, its last error and the marks waiting for its server. No network.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::config::{AccountConfig, Config};
use crate::model::AccountState;
use crate::sanitize;
use crate::store::Store;

const EXAMPLES: &str = "\
Each account: name, kind and address, then its last sync, the error of the
last try if it failed (offline, wrong password…), and the marks waiting for
the server. JSON lines carry name, kind, url, last_sync, last_error,
last_error_at (RFC 3339, null when none) and waiting.

Examples:
  tidings accounts
  tidings accounts --json | jq -r 'select(.waiting > 0) | .name'";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct AccountsArgs {
    /// One JSON object per line
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: &AccountsArgs, config: &Config, db: &Path) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout();
    if config.accounts.is_empty() {
        writeln!(out, "no [[accounts]] in the config")?;
        return Ok(ExitCode::SUCCESS);
    }
    // No database yet: nothing synced, nothing waiting.
    let store = if db.is_file() { Some(Store::open(db)?) } else { None };
    for account in &config.accounts {
        let name = account.name.trim();
        let state = match &store {
            Some(store) => store.account_state(name)?.unwrap_or_default(),
            None => AccountState::default(),
        };
        let text = if args.json { json_line(account, &state) } else { lines(account, &state) };
        out.write_all(text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn date(t: Option<i64>) -> Option<String> {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

fn local(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn lines(account: &AccountConfig, state: &AccountState) -> String {
    let name = sanitize::line(account.name.trim());
    let last = state.last_sync.map_or_else(|| "never synced".to_owned(), |t| format!("last sync {}", local(t)));
    let offline = state.last_error.as_deref().is_some_and(|e| e.starts_with("offline"));
    let mut text = format!("{name}  {}  {}  ", account.kind.key(), sanitize::line(&account.url));
    if offline {
        text.push_str("offline, ");
    }
    if state.waiting > 0 || state.last_error.is_some() {
        text.push_str(&format!("{}, ", super::sync::waiting_line(state.waiting)));
    }
    text.push_str(&last);
    text.push('\n');
    if let Some(error) = &state.last_error {
        let at = state.last_error_at.map(|t| format!(" ({})", local(t))).unwrap_or_default();
        let offline = if error.starts_with("offline") { "" } else { "error: " };
        text.push_str(&format!("  {offline}{}{at}\n", sanitize::line(error)));
    }
    text
}

fn json_line(account: &AccountConfig, state: &AccountState) -> String {
    let value = serde_json::json!({
        "name": sanitize::line(account.name.trim()),
        "kind": account.kind.key(),
        "url": sanitize::line(&account.url),
        "last_sync": date(state.last_sync),
        "last_error": state.last_error.as_deref().map(sanitize::line),
        "last_error_at": date(state.last_error_at),
        "waiting": state.waiting,
    });
    format!("{value}\n")
}
