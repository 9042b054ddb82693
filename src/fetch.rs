//! Getting a feed's bytes: HTTP(S) through one shared reqwest client, or a local file
//! (`command` runs the programs of command sources and filters).
//!
//! Every fetch is bounded: a connect deadline, a stall deadline (no byte for
//! that long), a total deadline, at most `max_redirects` redirects (loops
//! stop at once) and `max_body` bytes of *decoded* body, counted while
//! streaming so a compression bomb or an endless body stops at the cap.
//! Redirects are followed here rather than by reqwest, to learn where a
//! chain of permanent ones leads and to keep credentials on their origin.

pub mod command;
mod describe;
pub mod headers;
mod proxy;
mod start;

use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use futures_util::StreamExt;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use url::Url;

use describe::{describe, human_size, root_cause};
pub use proxy::Proxies;
pub use start::FetcherStart;

/// Largest body accepted by default, after decompression.
pub const MAX_BODY_BYTES: usize = 20 * 1024 * 1024;
/// Redirects followed by default.
pub const MAX_REDIRECTS: usize = 5;
/// `tidings/<version> (+<repository>)`.
pub const USER_AGENT: &str = concat!("tidings/", env!("CARGO_PKG_VERSION"), " (+", env!("CARGO_PKG_REPOSITORY"), ")");

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// A status that is neither success, redirect nor 304. `retry_after` is
    /// the server's `Retry-After`, as a delay from now.
    #[error("HTTP {status}")]
    Status { status: u16, retry_after: Option<Duration> },
    #[error("{0}")]
    Network(String),
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("server stalled (no data for {0:?})")]
    Stalled(Duration),
    #[error("body larger than {}", human_size(*limit))]
    TooLarge { limit: usize },
    #[error("cannot read {path}: {message}")]
    File { path: String, message: String },
    #[error("unsupported URL: {0}")]
    Unsupported(String),
}

/// Limits and identity of the client, from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Deadline for a whole fetch, redirects included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Longest wait for the next bytes (headers or body).
    pub stall_timeout: Duration,
    pub max_body: usize,
    pub max_redirects: usize,
    pub user_agent: String,
    /// The proxies to use (none by default; `Proxies::from_env` reads them).
    pub proxies: Proxies,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            stall_timeout: Duration::from_secs(15),
            max_body: MAX_BODY_BYTES,
            max_redirects: MAX_REDIRECTS,
            user_agent: USER_AGENT.to_owned(),
            proxies: Proxies::default(),
        }
    }
}

/// One conditional GET.
#[derive(Debug, Clone, Copy, Default)]
pub struct Request<'a> {
    pub url: &'a str,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    /// Extra headers, sent to the feed's own origin only.
    pub headers: &'a [(String, String)],
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Response {
    /// None: 304 Not Modified.
    pub body: Option<Vec<u8>>,
    /// Where the body came from, after redirects.
    pub final_url: String,
    /// Where an unbroken chain of 301/308 from the requested URL leads.
    pub permanent_url: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// `Cache-Control: max-age` or `Expires`.
    pub fresh_for: Option<Duration>,
}

/// One HTTP client shared by every fetch (connection reuse, HTTP/2 where offered).
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    options: FetchOptions,
}

impl Fetcher {
    /// Default options with this total deadline.
    pub fn new(timeout: Duration) -> Result<Fetcher, FetchError> {
        let defaults = FetchOptions::default();
        Fetcher::with_options(FetchOptions {
            timeout,
            connect_timeout: defaults.connect_timeout.min(timeout),
            ..defaults
        })
    }

    pub fn with_options(options: FetchOptions) -> Result<Fetcher, FetchError> {
        let client_error =
            |e: &dyn std::error::Error| FetchError::Network(format!("cannot start the HTTP client: {e}"));
        // The environment's proxies come through `options.proxies` only.
        let mut builder = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .connect_timeout(options.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        for proxy in options.proxies.build().map_err(FetchError::Network)? {
            builder = builder.proxy(proxy);
        }
        let client = builder.build().map_err(|e| client_error(&e))?;
        Ok(Fetcher { client, options })
    }

    /// The same fetcher with another body cap (tests use a small one).
    pub fn with_max_body(mut self, limit: usize) -> Fetcher {
        self.options.max_body = limit;
        self
    }

    /// The body of `url` (`http`, `https` or `file`), unconditionally.
    pub async fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let response = self.get(&Request { url, ..Request::default() }).await?;
        Ok(response.body.unwrap_or_default())
    }

    /// A conditional GET of `request.url`, bounded in size and time.
    pub async fn get(&self, request: &Request<'_>) -> Result<Response, FetchError> {
        let started = Instant::now();
        let url = request.url;
        let result = match tokio::time::timeout(self.options.timeout, self.get_unbounded(request)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout(self.options.timeout)),
        };
        let elapsed_ms = started.elapsed().as_millis();
        let url = redacted(url);
        match &result {
            Ok(r) => tracing::debug!(url, bytes = r.body.as_ref().map(Vec::len), elapsed_ms, "fetch done"),
            Err(error) => tracing::info!(url, %error, elapsed_ms, "fetch failed"),
        }
        result
    }

    async fn get_unbounded(&self, request: &Request<'_>) -> Result<Response, FetchError> {
        let url = request.url;
        let parsed = Url::parse(url).map_err(|e| FetchError::Unsupported(format!("{} ({e})", redacted(url))))?;
        match parsed.scheme() {
            "http" | "https" => self.get_http(parsed, request).await,
            "file" => {
                let path = parsed.to_file_path().map_err(|()| FetchError::Unsupported(url.to_owned()))?;
                let limit = self.options.max_body;
                let body = tokio::task::spawn_blocking(move || read_file(path, limit))
                    .await
                    .map_err(|e| FetchError::Network(format!("file reader stopped: {e}")))??;
                Ok(Response { body: Some(body), final_url: url.to_owned(), ..Response::default() })
            }
            other => Err(FetchError::Unsupported(format!("{other}: scheme"))),
        }
    }

    /// Follows redirects by hand: loops stop at once, extra headers stay on
    /// the first origin, and a leading run of 301/308 is reported.
    async fn get_http(&self, start: Url, request: &Request<'_>) -> Result<Response, FetchError> {
        let origin = start.origin();
        let mut url = start;
        let mut visited = vec![url.clone()];
        let mut permanent: Option<Url> = None;
        let mut all_permanent = true;
        for _ in 0..=self.options.max_redirects {
            let response = self.send(&url, request, url.origin() == origin).await?;
            let status = response.status();
            if !status.is_redirection() || status == reqwest::StatusCode::NOT_MODIFIED {
                return self.finish(response, url, permanent).await;
            }
            let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok());
            let Some(next) = location.and_then(|l| url.join(l.trim()).ok()) else {
                return Err(FetchError::Network(format!("HTTP {} without a usable Location", status.as_u16())));
            };
            if !matches!(next.scheme(), "http" | "https") {
                return Err(FetchError::Network(format!("redirect to a {} URL refused", next.scheme())));
            }
            if visited.contains(&next) {
                return Err(FetchError::Network(format!("redirect loop (back to {})", redacted(next.as_str()))));
            }
            all_permanent &= matches!(status.as_u16(), 301 | 308);
            if all_permanent {
                permanent = Some(next.clone());
            }
            visited.push(next.clone());
            url = next;
        }
        Err(FetchError::Network(format!("more than {} redirects", self.options.max_redirects)))
    }

    async fn send(&self, url: &Url, request: &Request<'_>, own_origin: bool) -> Result<reqwest::Response, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static(ACCEPT));
        if let Some(etag) = request.etag.and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = request.last_modified.and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(header::IF_MODIFIED_SINCE, date);
        }
        if own_origin {
            for (name, value) in request.headers {
                // Config validation already refused bad names and values.
                if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
                    headers.insert(name, value);
                }
            }
        }
        let mut target = url.clone();
        if !own_origin {
            // Credentials in the URL belong to the feed's own origin only.
            let _ = target.set_username("");
            let _ = target.set_password(None);
        }
        let pending = self.client.get(target).headers(headers).send();
        match tokio::time::timeout(self.options.stall_timeout, pending).await {
            Ok(result) => result.map_err(|e| describe(&e, &self.options)),
            Err(_) => Err(FetchError::Stalled(self.options.stall_timeout)),
        }
    }

    async fn finish(
        &self,
        response: reqwest::Response,
        url: Url,
        permanent: Option<Url>,
    ) -> Result<Response, FetchError> {
        let status = response.status();
        let text = |name: HeaderName| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        if !status.is_success() && status != reqwest::StatusCode::NOT_MODIFIED {
            let retry_after = text(header::RETRY_AFTER).and_then(|v| headers::retry_after(&v, SystemTime::now()));
            return Err(FetchError::Status { status: status.as_u16(), retry_after });
        }
        let fresh_for = headers::freshness(
            text(header::CACHE_CONTROL).as_deref(),
            text(header::EXPIRES).as_deref(),
            text(header::DATE).as_deref(),
            SystemTime::now(),
        );
        let mut answer = Response {
            body: None,
            final_url: url.to_string(),
            permanent_url: permanent.map(String::from),
            etag: text(header::ETAG),
            last_modified: text(header::LAST_MODIFIED),
            content_type: text(header::CONTENT_TYPE),
            fresh_for,
        };
        if status != reqwest::StatusCode::NOT_MODIFIED {
            answer.body = Some(self.read_body(response).await?);
        }
        Ok(answer)
    }

    /// The decoded body, refused as soon as it passes the cap or stalls.
    async fn read_body(&self, response: reqwest::Response) -> Result<Vec<u8>, FetchError> {
        let max = self.options.max_body;
        // A declared length is checked up front; the stream is counted anyway
        // because decompression and chunked bodies have no trustworthy length.
        let declared = response.content_length().unwrap_or(0);
        if declared > max as u64 {
            return Err(FetchError::TooLarge { limit: max });
        }
        let mut body = Vec::with_capacity(declared as usize);
        let mut stream = response.bytes_stream();
        loop {
            let next = tokio::time::timeout(self.options.stall_timeout, stream.next())
                .await
                .map_err(|_| FetchError::Stalled(self.options.stall_timeout))?;
            let Some(chunk) = next else { break };
            let chunk = chunk.map_err(|e| describe(&e, &self.options))?;
            if body.len() + chunk.len() > max {
                return Err(FetchError::TooLarge { limit: max });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// What a feed reader accepts, best first.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, \
                      text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

/// The URL without its password, for logs and messages.
pub fn redacted(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
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
        assert_eq!(FetchError::Status { status: 500, retry_after: None }.to_string(), "HTTP 500");
        assert_eq!(FetchError::Stalled(Duration::from_secs(15)).to_string(), "server stalled (no data for 15s)");
    }

    #[test]
    fn identifies_itself_with_the_repository() {
        assert!(USER_AGENT.starts_with("tidings/") && USER_AGENT.contains("(+https://"), "{USER_AGENT}");
        assert_eq!(redacted("https://me:secret@h.example/f"), "https://me:***@h.example/f");
        assert_eq!(redacted("https://h.example/f"), "https://h.example/f");
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
