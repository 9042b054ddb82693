//! `[[accounts]]`: feed servers whose subscriptions and marks tidings syncs
//! (GReader, Fever, Tiny Tiny RSS), and where each account's password comes from.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use url::{Host, Url};

use super::{Config, base_dir, home_dir};
use crate::model::Secret;

/// Minutes between automatic syncs of an account when the config says nothing.
pub const DEFAULT_SYNC_INTERVAL: u64 = 15;

/// One `[[accounts]]` entry. `Debug` never shows the password (it is a `Secret`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// How the account is named in the reader and on the command line.
    pub name: String,
    pub kind: AccountKind,
    /// The API's address (see `config.example.toml` for each kind).
    pub url: String,
    pub user: String,
    /// Argument vector whose first line of output is the password (no shell).
    #[serde(default)]
    pub password_command: Option<Vec<String>>,
    /// A file whose first line is the password.
    #[serde(default)]
    pub password_file: Option<String>,
    /// The password itself (`tidings check` warns when others can read the file).
    #[serde(default)]
    pub password: Option<Secret>,
    /// Minutes between automatic syncs; 0: only on `R` and `tidings sync`.
    #[serde(default = "default_sync_interval")]
    pub sync_interval: u64,
    /// A tag added to every feed of the account.
    #[serde(default)]
    pub tag: Option<String>,
    /// Plain http to a host that is not this machine.
    #[serde(default)]
    pub allow_http: bool,
}

fn default_sync_interval() -> u64 {
    DEFAULT_SYNC_INTERVAL
}

/// The API an account speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountKind {
    /// Google Reader's API (FreshRSS, Miniflux, Inoreader…).
    GReader,
    /// Fever (FreshRSS, Miniflux, coldsweat, TT-RSS's plugin).
    Fever,
    /// Tiny Tiny RSS's own API.
    TtRss,
}

impl AccountKind {
    /// The value of `kind` in the config.
    pub fn key(self) -> &'static str {
        match self {
            AccountKind::GReader => "greader",
            AccountKind::Fever => "fever",
            AccountKind::TtRss => "ttrss",
        }
    }
}

/// Where an account's password comes from, paths resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    Command(Vec<String>),
    File(PathBuf),
    Inline(Secret),
}

impl AccountConfig {
    /// Where the password comes from; a `password_file` path is resolved
    /// like a feed path (`~/`, or relative to the config's directory).
    /// Validation makes sure there is exactly one source.
    pub fn password_source(&self, config_path: &Path) -> PasswordSource {
        if let Some(argv) = &self.password_command {
            return PasswordSource::Command(argv.clone());
        }
        if let Some(file) = &self.password_file {
            return PasswordSource::File(resolve_path(file, &base_dir(config_path), home_dir().as_deref()));
        }
        PasswordSource::Inline(self.password.clone().unwrap_or_default())
    }
}

/// `~/x` in the home directory, a relative path under `base`.
pub(super) fn resolve_path(raw: &str, base: &Path, home: Option<&Path>) -> PathBuf {
    let raw = raw.trim();
    match (raw.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => base.join(raw),
    }
}

/// A URL whose host is this machine (127.0.0.0/8, ::1, `localhost`).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

impl Config {
    /// Warnings for `tidings check` about secrets others may read: a
    /// `password` in a config file, or a `password_file`, that is readable
    /// by its group or by everyone. Never includes a secret.
    pub fn secret_warnings(&self, config_path: &Path) -> Vec<String> {
        let mut warnings = Vec::new();
        let inline: Vec<&str> =
            self.accounts.iter().filter(|a| a.password.is_some()).map(|a| a.name.as_str()).collect();
        if !inline.is_empty() && readable_by_others(config_path) {
            warnings.push(format!(
                "warning: {} holds the password of account {} and other users can read it; \
                 run chmod 600 on it, or use password_command or password_file",
                config_path.display(),
                inline.join(", ")
            ));
        }
        for account in &self.accounts {
            if let PasswordSource::File(path) = account.password_source(config_path)
                && readable_by_others(&path)
            {
                warnings.push(format!(
                    "warning: the password file of account {} ({}) can be read by other users; run chmod 600 on it",
                    account.name,
                    path.display()
                ));
            }
        }
        warnings
    }
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o044 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for (url, local) in [
            ("http://127.0.0.1:8080/", true),
            ("http://127.9.9.9/", true),
            ("http://[::1]/", true),
            ("http://LOCALHOST/", true),
            ("http://rss.example.org/", false),
            ("http://10.0.0.1/", false),
        ] {
            assert_eq!(is_loopback(&Url::parse(url).unwrap()), local, "{url}");
        }
    }

    #[test]
    fn password_file_paths_resolve() {
        let base = Path::new("/etc/tidings");
        assert_eq!(resolve_path("pw", base, None), PathBuf::from("/etc/tidings/pw"));
        assert_eq!(resolve_path("~/pw", base, Some(Path::new("/home/a"))), PathBuf::from("/home/a/pw"));
        assert_eq!(resolve_path("/abs/pw", base, None), PathBuf::from("/abs/pw"));
    }
}
