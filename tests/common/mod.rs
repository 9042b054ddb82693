//! Helpers shared by the integration tests: a loopback HTTP server and the
//! feed fixtures under `tests/fixtures/feeds/`.
//!
//! ```ignore
//! mod common;
//! use common::{Response, TestServer};
//!
//! let server = TestServer::start();
//! server.route("/rss", Response::rss(common::fixture("rss.xml")));
//! server.route("/down", Response::status(500));
//! let url = server.url("/rss"); // http://127.0.0.1:<port>/rss
//! // ... fetch ...
//! assert_eq!(server.hits("/rss"), 1);
//! ```

// Each test crate uses a different part of this module.
#![allow(dead_code)]

mod server;

use std::path::PathBuf;

#[allow(unused_imports)]
pub use server::{Request, Response, TestServer};

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
