//! Getting a feed's bytes: HTTP(S) through one shared reqwest client, or a local file.
//!
//! Every fetch is bounded: a total deadline, a connect deadline, at most
//! `MAX_REDIRECTS` redirects and `MAX_BODY_BYTES` of *decoded* body, counted
//! while streaming so a compression bomb stops at the cap.

use std::error::Error as _;
use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use url::Url;

/// Largest body accepted, after decompression.
pub const MAX_BODY_BYTES: usize = 20 * 1024 * 1024;
const MAX_REDIRECTS: usize = 5;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const USER_AGENT: &str = concat!("tidings/", env!("CARGO_PKG_VERSION"), " (+https://github.com/tidings-rs/tidings)");

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("HTTP {status}")]
    Status { status: u16 },
    #[error("{0}")]
    Network(String),
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("body larger than {}", human_size(*limit))]
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
    max_body: usize,
}

impl Fetcher {
    pub fn new(timeout: Duration) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
            .build()
            .map_err(|e| FetchError::Network(format!("cannot start the HTTP client: {}", root_cause(&e))))?;
        Ok(Fetcher { client, timeout, max_body: MAX_BODY_BYTES })
    }

    /// The same fetcher with another body cap (tests use a small one).
    pub fn with_max_body(mut self, limit: usize) -> Fetcher {
        self.max_body = limit;
        self
    }

    /// The body of `url` (`http`, `https` or `file`), bounded in size and time.
    pub async fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let started = Instant::now();
        tracing::debug!(url, "fetch start");
        let result = match tokio::time::timeout(self.timeout, self.fetch_unbounded(url)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout(self.timeout)),
        };
        let elapsed_ms = started.elapsed().as_millis();
        match &result {
            Ok(body) => tracing::info!(url, bytes = body.len(), elapsed_ms, "fetch done"),
            Err(error) => tracing::warn!(url, %error, elapsed_ms, "fetch failed"),
        }
        result
    }

    /// `fetch` without the overall deadline, which `fetch` adds around it.
    async fn fetch_unbounded(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let parsed = Url::parse(url).map_err(|e| FetchError::Unsupported(format!("{url} ({e})")))?;
        match parsed.scheme() {
            "http" | "https" => self.fetch_http(parsed).await,
            "file" => {
                let path = parsed.to_file_path().map_err(|()| FetchError::Unsupported(url.to_owned()))?;
                let limit = self.max_body;
                tokio::task::spawn_blocking(move || read_file(path, limit))
                    .await
                    .map_err(|e| FetchError::Network(format!("file reader stopped: {e}")))?
            }
            other => Err(FetchError::Unsupported(format!("{other}: scheme"))),
        }
    }

    async fn fetch_http(&self, url: Url) -> Result<Vec<u8>, FetchError> {
        let response = self.client.get(url).send().await.map_err(|e| self.describe(&e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::Status { status: status.as_u16() });
        }
        // A declared length is checked up front; the stream is counted anyway
        // because decompression and chunked bodies have no trustworthy length.
        if response.content_length().is_some_and(|n| n > self.max_body as u64) {
            return Err(FetchError::TooLarge { limit: self.max_body });
        }
        let mut body = Vec::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| self.describe(&e))?;
            if body.len() + chunk.len() > self.max_body {
                return Err(FetchError::TooLarge { limit: self.max_body });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// One short line for a reqwest error (its Display chains the whole stack).
    fn describe(&self, error: &reqwest::Error) -> FetchError {
        if error.is_timeout() {
            return FetchError::Timeout(self.timeout);
        }
        if error.is_redirect() {
            return FetchError::Network(format!("more than {MAX_REDIRECTS} redirects"));
        }
        let cause = root_cause(error);
        if let Some(kind) = io_kind(error) {
            use std::io::ErrorKind::*;
            let text = match kind {
                ConnectionRefused => Some("connection refused"),
                ConnectionReset => Some("connection reset by the server"),
                ConnectionAborted | UnexpectedEof => Some("connection closed by the server"),
                TimedOut => return FetchError::Timeout(self.timeout),
                _ => None,
            };
            if let Some(text) = text {
                return FetchError::Network(text.to_owned());
            }
        }
        // The sources only: the top message repeats the URL, which may say anything.
        let lower = source_chain(error).to_ascii_lowercase();
        let message = if lower.contains("dns error") || lower.contains("failed to lookup") {
            let host = error.url().and_then(|u| u.host_str()).unwrap_or("host");
            format!("cannot resolve {host}")
        } else if lower.contains("certificate") || lower.contains("tls") {
            format!("TLS error: {cause}")
        } else if error.is_connect() {
            format!("cannot connect: {cause}")
        } else if error.is_decode() || error.is_body() {
            format!("broken response body: {cause}")
        } else {
            format!("request failed: {cause}")
        };
        FetchError::Network(crate::sanitize::line(&message))
    }
}

/// The innermost error message, usually the only informative one.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

fn source_chain(error: &reqwest::Error) -> String {
    let mut text = String::new();
    let mut current = error.source();
    while let Some(e) = current {
        text.push_str(&e.to_string());
        text.push_str(": ");
        current = e.source();
    }
    text
}

fn io_kind(error: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut current = error.source();
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        current = e.source();
    }
    None
}

fn read_file(path: PathBuf, limit: usize) -> Result<Vec<u8>, FetchError> {
    let file_error = |e: std::io::Error| FetchError::File { path: path.display().to_string(), message: io_message(&e) };
    let file = std::fs::File::open(&path).map_err(file_error)?;
    let mut body = Vec::new();
    // One byte past the cap tells "exactly at the cap" from "over it".
    file.take(limit as u64 + 1).read_to_end(&mut body).map_err(file_error)?;
    if body.len() > limit {
        return Err(FetchError::TooLarge { limit });
    }
    Ok(body)
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => error.to_string(),
    }
}

/// `20 MiB`, `512 KiB`, `100 bytes`.
fn human_size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(FetchError::TooLarge { limit: MAX_BODY_BYTES }.to_string(), "body larger than 20 MiB");
        assert_eq!(human_size(4096), "4 KiB");
        assert_eq!(human_size(100), "100 bytes");
    }

    #[test]
    fn messages_are_short() {
        assert_eq!(FetchError::Timeout(Duration::from_secs(20)).to_string(), "timed out after 20s");
        assert_eq!(FetchError::Status { status: 500 }.to_string(), "HTTP 500");
    }

    #[tokio::test]
    async fn file_urls_are_read_and_bounded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feed.xml");
        std::fs::write(&path, b"<rss/>").expect("write");
        let url = Url::from_file_path(&path).expect("file URL").to_string();
        let fetcher = Fetcher::new(Duration::from_secs(5)).expect("client");
        assert_eq!(fetcher.fetch(&url).await.expect("read"), b"<rss/>");
        let small = fetcher.clone().with_max_body(3);
        assert!(matches!(small.fetch(&url).await, Err(FetchError::TooLarge { limit: 3 })));
        let missing = Url::from_file_path(dir.path().join("nope.xml")).expect("file URL");
        let error = fetcher.fetch(missing.as_str()).await.expect_err("missing file");
        assert!(error.to_string().ends_with("nope.xml: no such file"), "{error}");
        let ftp = fetcher.fetch("ftp://example.com/feed").await.expect_err("ftp");
        assert!(matches!(ftp, FetchError::Unsupported(_)), "{ftp}");
    }
}
