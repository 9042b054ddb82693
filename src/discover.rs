//! Finding the feeds of a web site from its address: the page itself may be a
//! feed; else its `<link rel="alternate">` tags name RSS, Atom or JSON feeds;
//! else a few paths where sites usually put one are tried.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts, states::RawKind,
};
use url::Url;

use crate::fetch::{FetchError, Fetcher, Request};
pub use crate::model::Found;
use crate::parse::parse_feed;
use crate::sanitize;

/// Paths tried, in order, when a page names no feed: first beside the page,
/// then at the root of the site.
pub const COMMON_PATHS: [&str; 6] = ["feed", "rss.xml", "atom.xml", "index.xml", "feed.xml", "feed.json"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoverError {
    #[error("{0}")]
    BadAddress(String),
    #[error("cannot fetch {url}: {message}")]
    Fetch { url: String, message: String },
    #[error("no feed found at {0}")]
    NoFeed(String),
}

/// The address a user typed as a URL: `example.com/blog` means `https://...`.
pub fn normalize(input: &str) -> Result<Url, DiscoverError> {
    let input = input.trim();
    let bad = |why: &str| DiscoverError::BadAddress(format!("{why}: {}", sanitize::line(input)));
    if input.is_empty() {
        return Err(bad("no address"));
    }
    let url = match Url::parse(input) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Url::parse(&format!("https://{input}")).map_err(|_| bad("not a web address"))?
        }
        Err(_) => return Err(bad("not a web address")),
    };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(bad("not an http(s) address"));
    }
    Ok(url)
}

/// The feeds at `input`: the address itself when it is a feed, else the ones
/// its page links to, else the first common path that serves a feed.
pub async fn discover(fetcher: &Fetcher, input: &str) -> Result<Vec<Found>, DiscoverError> {
    let typed = normalize(input)?;
    let response = fetcher
        .get(&Request { url: typed.as_str(), ..Request::default() })
        .await
        .map_err(|e: FetchError| DiscoverError::Fetch { url: typed.to_string(), message: e.to_string() })?;
    let body = response.body.unwrap_or_default();
    // Relative links are relative to where the page was served from, after redirects.
    let url = Url::parse(&response.final_url).unwrap_or_else(|_| typed.clone());
    if let Ok(feed) = parse_feed(&body, url.as_str()) {
        // A feed that moved for good is subscribed at its new address.
        let at = response.permanent_url.unwrap_or_else(|| typed.to_string());
        return Ok(vec![Found { url: at, title: feed.title, kind: None }]);
    }
    let linked = links_in_html(&body, &url);
    if !linked.is_empty() {
        return Ok(linked);
    }
    for candidate in common_candidates(&url) {
        if let Ok(bytes) = fetcher.fetch(candidate.as_str()).await
            && let Ok(feed) = parse_feed(&bytes, candidate.as_str())
        {
            return Ok(vec![Found { url: candidate.to_string(), title: feed.title, kind: None }]);
        }
    }
    Err(DiscoverError::NoFeed(url.to_string()))
}

/// Where to look when the page names no feed, in order, without repeats.
pub fn common_candidates(page: &Url) -> Vec<Url> {
    let mut dirs = Vec::new();
    if let Ok(dir) = page.join("./")
        && dir.path() != "/"
    {
        dirs.push(dir);
    }
    dirs.extend(page.join("/").ok());
    let mut out: Vec<Url> = Vec::new();
    for dir in &dirs {
        for path in COMMON_PATHS {
            if let Ok(url) = dir.join(path)
                && !out.contains(&url)
                && url != *page
            {
                out.push(url);
            }
        }
    }
    out
}

/// The feeds an HTML page links to with `<link rel="alternate" type=...>`
/// (or `rel="feed"`), made absolute against `<base href>` or the page URL,
/// without repeats; only http(s) ones.
pub fn links_in_html(html: &[u8], page: &Url) -> Vec<Found> {
    let sink = LinkSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&String::from_utf8_lossy(html)));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = tokenizer.sink;
    let base = sink.base.into_inner().and_then(|href| page.join(&href).ok()).unwrap_or_else(|| page.clone());
    let mut found: Vec<Found> = Vec::new();
    for link in sink.links.into_inner() {
        let Some(kind) = feed_kind(&link) else { continue };
        let Ok(url) = base.join(link.href.trim()) else { continue };
        if !matches!(url.scheme(), "http" | "https") || found.iter().any(|f| f.url == url.as_str()) {
            continue;
        }
        let title = link.title.map(|t| sanitize::line(&t)).filter(|t| !t.is_empty());
        found.push(Found { url: url.to_string(), title, kind });
    }
    found
}

/// Attributes of one `<link>` or `<a>` tag.
#[derive(Debug, Default)]
struct Link {
    rel: String,
    kind: String,
    href: String,
    title: Option<String>,
}

/// Some(kind) when the link names a feed (`None` inside: a feed of unknown kind).
fn feed_kind(link: &Link) -> Option<Option<&'static str>> {
    let rel: Vec<String> = link.rel.split_ascii_whitespace().map(str::to_ascii_lowercase).collect();
    let media = link.kind.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let kind = match media.as_str() {
        "application/rss+xml" | "application/rdf+xml" => Some("RSS"),
        "application/atom+xml" => Some("Atom"),
        "application/feed+json" => Some("JSON Feed"),
        // Plain JSON alternates are mostly APIs (WordPress links its REST
        // API on every page); only take them when they say "feed".
        "application/json" if link.href.to_ascii_lowercase().contains("feed") => Some("JSON Feed"),
        _ => None,
    };
    let href_ok = !link.href.trim().is_empty();
    if href_ok && rel.iter().any(|r| r == "alternate") && kind.is_some() {
        return Some(kind);
    }
    (href_ok && rel.iter().any(|r| r == "feed")).then_some(kind)
}

#[derive(Default)]
struct LinkSink {
    links: RefCell<Vec<Link>>,
    base: RefCell<Option<String>>,
}

impl TokenSink for LinkSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let attr = |name: &str| tag.attrs.iter().find(|a| &*a.name.local == name).map(|a| a.value.to_string());
        match &*tag.name {
            "link" | "a" => self.links.borrow_mut().push(Link {
                rel: attr("rel").unwrap_or_default(),
                kind: attr("type").unwrap_or_default(),
                href: attr("href").unwrap_or_default(),
                title: attr("title"),
            }),
            "base" if self.base.borrow().is_none() => *self.base.borrow_mut() = attr("href"),
            // Text that is not markup: a `<link>` inside a script is not one.
            "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
            "style" => return TokenSinkResult::RawData(RawKind::Rawtext),
            "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}
