//! Helpers shared by the integration tests: a loopback HTTP server and the
//! feed fixtures under `tests/fixtures/feeds/`.
//!
//! ```ignore
//! use crate::common::{Response, TestServer};
//!
//! let server = TestServer::start();
//! server.route("/rss", Response::rss(common::fixture("rss.xml")));
//! server.route("/down", Response::status(500));
//! let url = server.url("/rss"); // http://127.0.0.1:<port>/rss
//! // ... fetch ...
//! assert_eq!(server.hits("/rss"), 1);
//! ```

// The benches include this module too, and each uses a different part of it.
#![allow(dead_code)]

pub mod app;
pub mod bin;
pub mod formats;
pub mod hostile;
pub mod poller;
pub mod process;
pub mod pty;
pub mod replay;
pub mod replay_data;
pub mod replay_rules;
mod server;
mod store_ext;
pub mod write_lock;

use std::path::PathBuf;

#[allow(unused_imports)]
pub use server::{Kind, Request, Response, TestServer};
#[allow(unused_imports)]
pub use store_ext::{StoreExt, UNDO_SIDE_INDEX, Watcher, feed_source, schema_version, temp_store};

/// Where the feed fixtures live.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds").join(name)
}

/// The bytes of a feed fixture (`rss.xml`, `atom.xml`, `json.json`, `seed.xml`).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The French seed feed with its `https://lefiltech.example` links pointing
/// at `base` (a test server's `base_url()`).
pub fn seed_feed(base: &str) -> Vec<u8> {
    String::from_utf8(fixture("seed.xml"))
        .expect("seed.xml is UTF-8")
        .replace("https://lefiltech.example", base)
        .into_bytes()
}

/// A server already answering the four fixtures and a failing path:
/// `/rss.xml`, `/atom.xml`, `/feed.json`, `/seed.xml` and `/broken` (HTTP 500).
pub fn fixture_server() -> TestServer {
    let server = TestServer::start();
    server.route("/rss.xml", Response::rss(fixture("rss.xml")));
    server.route("/atom.xml", Response::atom(fixture("atom.xml")));
    server.route("/feed.json", Response::json(fixture("json.json")));
    server.route("/seed.xml", Response::rss(seed_feed(&server.base_url())));
    server.route("/broken", Response::status(500).body("boom"));
    server
}

/// `update`, with the render worker's part done on the spot: every
/// `RenderArticle` effect is laid out and fed back as `ArticleRendered`.
/// Returns the other effects, in order.
pub fn settle(app: &mut tidings::app::App, msg: tidings::app::Msg) -> Vec<tidings::app::Effect> {
    use tidings::app::{Effect, Msg, update};
    let mut others = Vec::new();
    let mut queue = std::collections::VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in update(app, msg) {
            match effect {
                Effect::RenderArticle { article, source, width } => {
                    let rendered = tidings::article::render(&article, source, width.into(), app.utc_offset);
                    queue.push_back(Msg::ArticleRendered(std::sync::Arc::new(rendered)));
                }
                other => others.push(other),
            }
        }
    }
    others
}

/// A file of `tests/fixtures/seed-article/`.
pub fn seed_article(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-article").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Serves the excerpt-only seed feed at `/feed/` and the article's page at
/// its link, both with their links pointing at the server. The second
/// item's page is not there (404).
pub fn seed_article_server() -> TestServer {
    let server = TestServer::start();
    let base = server.base_url();
    let feed = seed_article("feed-excerpt.xml").replace("https://lefiltech.example", &base);
    server.route("/feed/", Response::rss(feed));
    let page = seed_article("article.html").replace("https://lefiltech.example", &base);
    server.route("/2025/01/28/ascension-deepseek/", Response::ok("text/html; charset=utf-8", page));
    server
}

/// Text as a reader reads it: lines joined (a word broken after its hyphen,
/// `États-` / `Unis`, joined back), whitespace (NBSP included) collapsed.
pub fn normalized(text: &str) -> String {
    let mut joined = String::new();
    for line in text.lines().map(str::trim) {
        let hyphen_break = joined.ends_with('-') && joined[..joined.len() - 1].ends_with(char::is_alphabetic);
        if !hyphen_break {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    joined.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The seed acceptance: every paragraph of `expected-article.txt` (after its
/// title line) appears in `text`, in order, and no line of `boilerplate.txt` does.
pub fn assert_reads_like_the_article(text: &str) {
    let text = normalized(text);
    let mut from = 0;
    for paragraph in seed_article("expected-article.txt").lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let paragraph = normalized(paragraph);
        match text[from..].find(&paragraph) {
            Some(at) => from += at + paragraph.len(),
            None => panic!("missing or out of order: {paragraph:?}\nin:\n{text}"),
        }
    }
    for line in seed_article("boilerplate.txt").lines().filter(|l| !l.trim().is_empty()) {
        assert!(!text.contains(line.trim()), "boilerplate {line:?} shown:\n{text}");
    }
}

/// A TestBackend buffer as text: one line per row, trailing spaces trimmed,
/// a wide character's hidden second cell skipped.
pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
