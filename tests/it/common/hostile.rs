//! A loopback server that misbehaves in every way a feed server can, next
//! to a few good feeds, and the one-line error each bad path must leave on
//! its feed. Shared by `tests/hostile_server.rs` and `benches/hostile.rs`.

use std::io::Write;
use std::time::{Duration, SystemTime};

use super::{Response, TestServer, fixture};
use tidings::fetch::FetchOptions;

/// Decoded body cap the scenario runs with (bombs and endless bodies stop here).
pub const MAX_BODY: usize = 1024 * 1024;
/// Stall deadline: no byte for this long ends a fetch.
pub const STALL: Duration = Duration::from_secs(2);
/// Deadline for a whole fetch.
pub const TOTAL: Duration = Duration::from_secs(3);

/// Short deadlines so the whole refresh takes a few seconds.
pub fn fetch_options() -> FetchOptions {
    FetchOptions {
        timeout: TOTAL,
        connect_timeout: STALL,
        stall_timeout: STALL,
        max_body: MAX_BODY,
        ..FetchOptions::default()
    }
}

/// Good feeds: path and the fixture it serves. Two come with a wrong
/// `Content-Type`, which must not matter when the body is a feed.
pub const GOOD: [(&str, &str); 5] = [
    ("/good/rss", "rss.xml"),
    ("/good/atom", "atom.xml"),
    ("/good/json", "json.json"),
    ("/good/as-png", "rss.xml"),
    ("/good/as-text", "atom.xml"),
];

/// Bad paths and what their feed's stored error must start with.
pub fn bad(base: &str) -> Vec<(&'static str, String)> {
    let mib = "body larger than 1 MiB".to_owned();
    vec![
        ("/endless", mib.clone()),
        ("/drip", format!("timed out after {TOTAL:?}")),
        ("/silent", format!("server stalled (no data for {STALL:?})")),
        ("/huge", mib.clone()),
        ("/gzip-bomb", mib.clone()),
        ("/brotli-bomb", mib),
        ("/loop/a", format!("redirect loop (back to {base}/loop/a)")),
        ("/chain/0", "more than 5 redirects".to_owned()),
        ("/busy-garbage", "HTTP 429".to_owned()),
        ("/busy-past", "HTTP 429; the server asked to wait 30 s".to_owned()),
        ("/down-negative", "HTTP 503".to_owned()),
        ("/down-huge", "HTTP 503; the server asked to wait 24 h".to_owned()),
        ("/error", "HTTP 500".to_owned()),
        ("/missing", "HTTP 404".to_owned()),
        ("/gone", "gone (HTTP 410): no longer polled".to_owned()),
        ("/page", "not a feed: got an HTML page".to_owned()),
        ("/empty", "not a feed: the document is empty".to_owned()),
        ("/image", "not a feed: no RSS, Atom or JSON Feed document found".to_owned()),
    ]
}

/// Every path of the scenario, good ones first.
pub fn paths(base: &str) -> Vec<String> {
    GOOD.iter().map(|(p, _)| (*p).to_owned()).chain(bad(base).into_iter().map(|(p, _)| p.to_owned())).collect()
}

/// Starts the server with every route of the scenario.
pub fn server() -> TestServer {
    let server = TestServer::start();
    server.route("/good/rss", Response::rss(fixture("rss.xml")));
    server.route("/good/atom", Response::atom(fixture("atom.xml")));
    server.route("/good/json", Response::json(fixture("json.json")));
    server.route("/good/as-png", Response::ok("image/png", fixture("rss.xml")));
    server.route("/good/as-text", Response::ok("text/plain", fixture("atom.xml")));

    let item = "<item><title>again</title></item>".repeat(30);
    server.route("/endless", Response::rss(item).endless());
    // A byte every 20 ms: a hundred times inside the stall deadline, so only
    // the total deadline can end it (a machine that paused this thread for
    // 2 s would be needed to see a stall instead).
    server.route("/drip", Response::rss("<rss version=\"2.0\"><channel>").drip(Duration::from_millis(20)));
    server.route("/silent", Response::silent());
    server.route("/huge", Response::zeros("application/rss+xml", 1 << 30));
    let zeros = vec![0u8; 4 * MAX_BODY];
    server.route("/gzip-bomb", Response::rss(gzip(&zeros)).header("Content-Encoding", "gzip"));
    server.route("/brotli-bomb", Response::rss(brotli(&zeros)).header("Content-Encoding", "br"));
    server.route("/loop/a", Response::redirect(302, "/loop/b"));
    server.route("/loop/b", Response::redirect(301, "/loop/a"));
    for hop in 0..30 {
        server.route(&format!("/chain/{hop}"), Response::redirect(302, &format!("/chain/{}", hop + 1)));
    }
    let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777));
    server.route("/busy-garbage", Response::status(429).header("Retry-After", "soon, maybe"));
    server.route("/busy-past", Response::status(429).header("Retry-After", &past));
    server.route("/down-negative", Response::status(503).header("Retry-After", "-30"));
    server.route("/down-huge", Response::status(503).header("Retry-After", "99999999999"));
    server.route("/error", Response::status(500).body("boom"));
    server.route("/missing", Response::status(404).body("not found"));
    server.route("/gone", Response::status(410));
    server.route("/page", Response::ok("text/html", "<!DOCTYPE html><html><body>Welcome</body></html>"));
    server.route("/empty", Response::rss(Vec::new()));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    server.route("/image", Response::ok("image/png", png));
    server
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 1, 22);
        writer.write_all(bytes).expect("brotli");
    }
    out
}
