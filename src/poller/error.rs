//! Why a feed's refresh failed. The kind is for code that acts on it (the
//! schedule, the CLI's exit status); the display is the one line the feed
//! list, the status line and `tidings refresh` show. Every text it carries
//! is sanitised when the error is made.

use crate::sanitize;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The network or the server: refused, timed out, stalled, too large, an HTTP status.
    #[error("{0}")]
    Fetch(String),
    /// 429 or 503 with `Retry-After`: the feed waits as asked.
    #[error("HTTP {status}; the server asked to wait {wait}")]
    Hold { status: u16, wait: String },
    /// The bytes are not a feed tidings can read.
    #[error("{0}")]
    Parse(String),
    /// The feed was read but could not be written.
    #[error("cannot store the feed: {0}")]
    Store(String),
    /// No HTTP client could be made (a bad proxy, say): every feed fails alike.
    #[error("{0}")]
    Client(String),
    /// The code broke (a panic while parsing or storing); the log has it.
    #[error("internal error while refreshing (see the log)")]
    Internal,
    /// The feed's program (a command source or a filter) failed, timed out
    /// or printed too much; with the first line of its standard error.
    #[error("{0}")]
    Command(String),
}

impl FeedError {
    pub(crate) fn fetch(error: &crate::fetch::FetchError) -> FeedError {
        FeedError::Fetch(sanitize::line(&error.to_string()))
    }

    pub(crate) fn parse(error: &crate::parse::ParseError) -> FeedError {
        FeedError::Parse(sanitize::line(&error.to_string()))
    }

    pub(crate) fn store(error: &impl std::fmt::Display) -> FeedError {
        FeedError::Store(sanitize::line(&error.to_string()))
    }

    pub(crate) fn command(error: &crate::fetch::command::CommandError) -> FeedError {
        FeedError::Command(sanitize::line(&error.to_string()))
    }

    pub(crate) fn client(error: &str) -> FeedError {
        FeedError::Client(sanitize::line(error))
    }
}
