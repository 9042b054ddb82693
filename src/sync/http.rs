//! The HTTP side shared by the protocols: one reqwest client per account,
//! a check of the URL's scheme, bounded answers, short error lines.

use std::error::Error as _;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::RequestBuilder;
use url::Url;

use super::SyncError;

/// Limits of a sync client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// Deadline of one request, answer included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Largest answer accepted, after decompression.
    pub max_body: usize,
    pub user_agent: String,
    /// As for feeds: none by default, loopback always direct.
    pub proxies: crate::fetch::Proxies,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_body: 32 * 1024 * 1024,
            user_agent: crate::fetch::USER_AGENT.to_owned(),
            proxies: crate::fetch::Proxies::default(),
        }
    }
}

/// A whole answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    /// GReader's `Google-Bad-Token: true` on a 401.
    pub bad_token: bool,
    pub body: Vec<u8>,
}

impl Reply {
    pub(super) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON of type `T`.
    pub(super) fn json<T: serde::de::DeserializeOwned>(&self, what: &str) -> Result<T, SyncError> {
        serde_json::from_slice(&self.body).map_err(|e| SyncError::Protocol(format!("{what}: {e}")))
    }
}

#[derive(Debug)]
pub(crate) struct Http {
    client: reqwest::Client,
    /// The account's URL, as given (no trailing slash removed).
    pub base: Url,
    max_body: usize,
    timeout: Duration,
}

impl Http {
    /// Refuses plain http to anything but a loopback address unless allowed.
    pub(super) fn new(url: &str, allow_plain_http: bool, options: &ClientOptions) -> Result<Http, SyncError> {
        let base = Url::parse(url).map_err(|e| SyncError::BadUrl(format!("{url}: {e}")))?;
        if !base.username().is_empty() || base.password().is_some() {
            return Err(SyncError::BadUrl("put the user name and password in the account, not in its URL".into()));
        }
        match base.scheme() {
            "https" => {}
            "http" if allow_plain_http || crate::config::is_loopback(&base) => {}
            "http" => return Err(SyncError::InsecureUrl { host: base.host_str().unwrap_or("").to_owned() }),
            other => return Err(SyncError::BadUrl(format!("{other}: not an http(s) URL"))),
        }
        // The environment's proxies come through `options.proxies` only.
        let mut builder = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        for proxy in options.proxies.build().map_err(SyncError::Offline)? {
            builder = builder.proxy(proxy);
        }
        let client = builder
            .build()
            .map_err(|e| SyncError::Offline(format!("cannot start the HTTP client: {}", root_cause(&e))))?;
        Ok(Http { client, base, max_body: options.max_body, timeout: options.timeout })
    }

    /// The base URL with `path` appended (`/reader/api/0/token`).
    pub(super) fn join(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        let joined = format!("{}{}", self.base.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        url
    }

    pub(super) fn get(&self, url: Url) -> RequestBuilder {
        self.client.get(url)
    }

    /// A POST with an `application/x-www-form-urlencoded` body.
    pub(super) fn post_form(&self, url: Url, form: &[(&str, &str)]) -> RequestBuilder {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        self.client.post(url).header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(body)
    }

    pub(super) fn post_json(&self, url: Url, body: Vec<u8>) -> RequestBuilder {
        self.client.post(url).header(reqwest::header::CONTENT_TYPE, "application/json").body(body)
    }

    /// Sends and reads the whole answer, refused past the size cap.
    pub(super) async fn send(&self, request: RequestBuilder) -> Result<Reply, SyncError> {
        let response = request.send().await.map_err(|e| describe(&e, self.timeout))?;
        let status = response.status().as_u16();
        let bad_token = response.headers().get("google-bad-token").is_some_and(|v| v.as_bytes() == b"true");
        if response.content_length().is_some_and(|n| n > self.max_body as u64) {
            return Err(SyncError::TooLarge { limit: self.max_body });
        }
        let mut body = Vec::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| describe(&e, self.timeout))?;
            if body.len() + chunk.len() > self.max_body {
                return Err(SyncError::TooLarge { limit: self.max_body });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply { status, bad_token, body })
    }
}

/// One short line for a failed request; never the URL (it is the
/// account's, but the line goes to the status bar), never a header.
fn describe(error: &reqwest::Error, timeout: Duration) -> SyncError {
    if error.is_timeout() {
        return SyncError::Offline(format!("no answer within {}s", timeout.as_secs()));
    }
    let mut current: Option<&(dyn std::error::Error + 'static)> = error.source();
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            let text = match io.kind() {
                ConnectionRefused => "connection refused",
                ConnectionReset => "connection reset by the server",
                ConnectionAborted | UnexpectedEof => "connection closed by the server",
                TimedOut => "connection timed out",
                _ => break,
            };
            return SyncError::Offline(text.to_owned());
        }
        current = e.source();
    }
    let cause = root_cause(error);
    if error.is_connect() {
        SyncError::Offline(format!("cannot connect: {cause}"))
    } else if error.is_body() || error.is_decode() {
        SyncError::Offline(format!("answer cut off: {cause}"))
    } else {
        SyncError::Offline(format!("request failed: {cause}"))
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    super::error::excerpt(&current.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(url: &str, allow: bool) -> Result<Http, SyncError> {
        Http::new(url, allow, &ClientOptions::default())
    }

    #[test]
    fn plain_http_only_to_loopback_unless_allowed() {
        assert!(new("http://127.0.0.1:8080/api/", false).is_ok());
        assert!(new("http://127.8.9.10/api/", false).is_ok());
        assert!(new("http://[::1]:80/", false).is_ok());
        assert!(new("http://localhost/fever/", false).is_ok());
        assert!(new("https://rss.example.org/api/greader.php", false).is_ok());
        let error = new("http://rss.example.org/api/", false).expect_err("refused");
        assert_eq!(error, SyncError::InsecureUrl { host: "rss.example.org".into() });
        assert!(new("http://rss.example.org/api/", true).is_ok());
        assert!(matches!(new("ftp://rss.example.org/", true), Err(SyncError::BadUrl(_))));
        assert!(matches!(new("https://me:pw@rss.example.org/", false), Err(SyncError::BadUrl(_))));
        assert!(matches!(new("not a url", false), Err(SyncError::BadUrl(_))));
    }

    #[test]
    fn paths_join_under_the_base() {
        let http = new("https://h.example/api/greader.php", false).expect("client");
        assert_eq!(http.join("/reader/api/0/token").as_str(), "https://h.example/api/greader.php/reader/api/0/token");
        let http = new("https://h.example/fever/", false).expect("client");
        assert_eq!(http.join("/x").as_str(), "https://h.example/fever/x");
    }
}
