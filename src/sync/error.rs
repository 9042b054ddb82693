//! What can go wrong talking to a sync server, each as the one line a user sees.

/// Why a sync call failed. `Display` is the line for the status bar and
/// `tidings accounts`; no variant ever holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// The server refused the user name or password.
    #[error("wrong user name or password")]
    BadCredentials,
    /// The account exists but its API access is off (TT-RSS per user, FreshRSS per server).
    #[error("the server's API is disabled for this account")]
    ApiDisabled,
    /// The session ended and logging in again did not give a working one.
    #[error("session expired and logging in again did not help")]
    SessionExpired,
    /// The server cannot be reached: refused, unresolvable, timed out, cut.
    #[error("offline: {0}")]
    Offline(String),
    /// An HTTP status the protocol does not explain.
    #[error("server error: HTTP {status}")]
    Server { status: u16 },
    /// The server understood and said no, in its own words (a feed it
    /// cannot fetch, an unknown feed).
    #[error("the server refused: {0}")]
    Refused(String),
    /// An answer that does not follow the protocol.
    #[error("protocol error: {0}")]
    Protocol(String),
    /// The protocol has no such call (Fever cannot subscribe).
    #[error("{what} is not possible with the {protocol} API")]
    Unsupported { what: &'static str, protocol: &'static str },
    /// Plain http to a host that is not this machine, without the setting that allows it.
    #[error("refusing plain http to {host}: use https (or allow plain http for this account)")]
    InsecureUrl { host: String },
    #[error("bad server URL: {0}")]
    BadUrl(String),
    #[error("answer larger than {limit} bytes")]
    TooLarge { limit: usize },
}

impl SyncError {
    /// Worth trying again later as it is (the network or the server may
    /// come back); the others need the user or a code change.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Offline(_) | SyncError::SessionExpired => true,
            SyncError::Server { status } => *status >= 500 || *status == 429 || *status == 408,
            _ => false,
        }
    }
}

/// Server text for an error line: at most `MAX` characters, on one line.
/// (Control characters are the renderer's job; this only bounds the size.)
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 160;
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_well() {
        assert_eq!(SyncError::BadCredentials.to_string(), "wrong user name or password");
        assert_eq!(SyncError::Server { status: 502 }.to_string(), "server error: HTTP 502");
        let unsupported = SyncError::Unsupported { what: "subscribing", protocol: "Fever" };
        assert_eq!(unsupported.to_string(), "subscribing is not possible with the Fever API");
        assert!(SyncError::Offline("connection refused".into()).is_transient());
        assert!(!SyncError::BadCredentials.is_transient());
    }

    #[test]
    fn excerpts_are_bounded() {
        assert_eq!(excerpt("a\nb   c"), "a b c");
        let long = "é".repeat(500);
        assert_eq!(excerpt(&long).chars().count(), 161);
    }
}
