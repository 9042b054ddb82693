//! `fetch::Fetcher` against the loopback test server.

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::{Response, TestServer, fixture};
use tidings::fetch::{FetchError, Fetcher, MAX_BODY_BYTES};

fn fetcher() -> Fetcher {
    Fetcher::new(Duration::from_secs(5)).expect("HTTP client")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

#[tokio::test]
async fn returns_the_body_and_identifies_itself() {
    let server = TestServer::start();
    server.route("/rss.xml", Response::rss(fixture("rss.xml")));
    let body = fetcher().fetch(&server.url("/rss.xml")).await.expect("fetch");
    assert_eq!(body, fixture("rss.xml"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    let agent = requests[0].header("user-agent").expect("a user agent");
    assert!(agent.starts_with("tidings/") && agent.contains("(+https://"), "{agent}");
    let accept = requests[0].header("accept-encoding").unwrap_or_default();
    assert!(accept.contains("gzip") && accept.contains("br"), "{accept}");
}

#[tokio::test]
async fn non_success_statuses_are_errors() {
    let server = TestServer::start();
    server.route("/boom", Response::status(500).body("<h1>oops</h1>"));
    server.route("/busy", Response::status(429).header("Retry-After", "60"));
    for (path, expected) in [("/boom", "HTTP 500"), ("/busy", "HTTP 429"), ("/missing", "HTTP 404")] {
        let error = fetcher().fetch(&server.url(path)).await.expect_err(path);
        assert_eq!(error.to_string(), expected);
    }
}

#[tokio::test]
async fn follows_redirects_up_to_a_limit() {
    let server = TestServer::start();
    server.route("/old", Response::redirect(301, "/older"));
    server.route("/older", Response::redirect(302, "/feed"));
    server.route("/feed", Response::atom(fixture("atom.xml")));
    server.route("/loop", Response::redirect(302, "/loop"));
    let body = fetcher().fetch(&server.url("/old")).await.expect("redirected");
    assert_eq!(body, fixture("atom.xml"));
    let error = fetcher().fetch(&server.url("/loop")).await.expect_err("loop");
    assert_eq!(error.to_string(), "more than 5 redirects");
    assert_eq!(server.hits("/loop"), 6, "the first request and five redirects");
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused() {
    let server = TestServer::start();
    let big = vec![b'x'; 4096];
    server.route("/declared", Response::rss(big.clone()));
    server.route("/chunked", Response::rss(big.clone()).chunked(500));
    server.route("/exact", Response::rss(vec![b'y'; 1024]).chunked(100));
    let small = fetcher().with_max_body(1024);
    for path in ["/declared", "/chunked"] {
        let error = small.fetch(&server.url(path)).await.expect_err(path);
        assert!(matches!(error, FetchError::TooLarge { limit: 1024 }), "{path}: {error}");
        assert_eq!(error.to_string(), "body larger than 1 KiB");
    }
    let exact = small.fetch(&server.url("/exact")).await.expect("at the cap");
    assert_eq!(exact.len(), 1024);
}

#[tokio::test]
async fn default_cap_is_20_mib_without_a_declared_length() {
    let server = TestServer::start();
    server.route("/huge", Response::rss(vec![b'z'; MAX_BODY_BYTES + 1]).chunked(1 << 20));
    let error = fetcher().fetch(&server.url("/huge")).await.expect_err("huge");
    assert_eq!(error.to_string(), "body larger than 20 MiB");
}

#[tokio::test]
async fn the_cap_counts_decompressed_bytes() {
    let server = TestServer::start();
    let bomb = gzip(&vec![0u8; 512 * 1024]);
    assert!(bomb.len() < 2048, "compresses well: {}", bomb.len());
    server.route("/bomb", Response::rss(bomb).header("Content-Encoding", "gzip"));
    server.route("/gz", Response::rss(gzip(&fixture("seed.xml"))).header("Content-Encoding", "gzip"));
    let capped = fetcher().with_max_body(64 * 1024);
    let error = capped.fetch(&server.url("/bomb")).await.expect_err("bomb");
    assert_eq!(error.to_string(), "body larger than 64 KiB");
    let body = capped.fetch(&server.url("/gz")).await.expect("gzip feed");
    assert_eq!(body, fixture("seed.xml"), "decoded");
}

#[tokio::test]
async fn slow_servers_time_out() {
    let server = TestServer::start();
    server.route("/slow", Response::rss("<rss/>").delay(Duration::from_secs(10)));
    let quick = Fetcher::new(Duration::from_millis(300)).expect("client");
    let started = Instant::now();
    let error = quick.fetch(&server.url("/slow")).await.expect_err("slow");
    assert_eq!(error.to_string(), "timed out after 300ms");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[tokio::test]
async fn refused_connections_read_as_one_line() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let url = format!("http://127.0.0.1:{port}/feed");
    let error = fetcher().fetch(&url).await.expect_err("nobody listens");
    assert_eq!(error.to_string(), "connection refused");
}

#[tokio::test]
async fn unsupported_schemes_are_refused_without_a_request() {
    for url in ["ftp://example.com/feed.xml", "javascript:alert(1)", "not a url"] {
        let error = fetcher().fetch(url).await.expect_err(url);
        assert!(matches!(error, FetchError::Unsupported(_)), "{url}: {error}");
        assert!(!error.to_string().contains('\n'));
    }
}
