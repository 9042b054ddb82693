//! An effect that did not work. The kind says where it failed; the display
//! is the status line's one line (sanitised when the failure is made).

use crate::config::ConfigError;
use crate::sanitize;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// The config file cannot be read or has a mistake: `path:line:column: message`.
    #[error("{0}")]
    Config(ConfigError),
    /// The database refused a read or a write.
    #[error("{0}")]
    Store(String),
    /// A program the reader starts (browser, player, editor, notifier) could not run.
    #[error("{0}")]
    Program(String),
    /// Anything else an effect reports (no link to open, no config file…).
    #[error("{0}")]
    Other(String),
}

impl Failure {
    pub fn store(error: &impl std::fmt::Display) -> Failure {
        Failure::Store(sanitize::line(&error.to_string()))
    }

    pub fn program(what: &str) -> Failure {
        Failure::Program(sanitize::line(what))
    }

    pub fn other(what: &str) -> Failure {
        Failure::Other(sanitize::line(what))
    }
}
