//! Getting a feed's bytes: HTTP(S) through one shared reqwest client, or a local file.
//! STUB: signatures are the contract; bodies are being written.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("HTTP {status}")]
    Status { status: u16 },
    #[error("{0}")]
    Network(String),
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("body larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("cannot read {path}: {message}")]
    File { path: String, message: String },
    #[error("unsupported URL: {0}")]
    Unsupported(String),
}

/// One HTTP client shared by every fetch (connection reuse).
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    timeout: Duration,
}

impl Fetcher {
    pub fn new(timeout: Duration) -> Result<Fetcher, FetchError> {
        let _ = timeout;
        todo!()
    }

    /// The body of `url` (`http`, `https` or `file`), bounded in size and time.
    pub async fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let _ = (url, &self.client, self.timeout);
        todo!()
    }
}
