//! `fetch::Fetcher` against the loopback test server.

use std::io::Write;
use std::time::Duration;

use crate::common::{Response, TestServer, fixture};
use tidings::fetch::{FetchError, FetchOptions, Fetcher, MAX_BODY_BYTES, Proxies, Request};

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
    server.route("/loop", Response::redirect(302, "/loop2"));
    server.route("/loop2", Response::redirect(307, "/loop"));
    for i in 0..6 {
        server.route(&format!("/chain{i}"), Response::redirect(302, &format!("/chain{}", i + 1)));
    }
    server.route("/chain6", Response::atom(fixture("atom.xml")));
    let body = fetcher().fetch(&server.url("/old")).await.expect("redirected");
    assert_eq!(body, fixture("atom.xml"));
    let error = fetcher().fetch(&server.url("/loop")).await.expect_err("loop");
    assert_eq!(error.to_string(), format!("redirect loop (back to {})", server.url("/loop")));
    assert_eq!((server.hits("/loop"), server.hits("/loop2")), (1, 1), "stopped at the first repeat");
    let error = fetcher().fetch(&server.url("/chain1")).await.expect("five redirects are fine");
    assert_eq!(error, fixture("atom.xml"));
    let error = fetcher().fetch(&server.url("/chain0")).await.expect_err("six are too many");
    assert_eq!(error.to_string(), "more than 5 redirects");
    assert_eq!(server.hits("/chain6"), 1, "never asked for the sixth");
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
    // A server that never answers: only the deadline can end the fetch (the
    // stall deadline, 15 s by default, is far behind it).
    let server = TestServer::start();
    server.route("/slow", Response::silent());
    let quick = Fetcher::new(Duration::from_millis(300)).expect("client");
    let error = quick.fetch(&server.url("/slow")).await.expect_err("slow");
    assert_eq!(error.to_string(), "timed out after 300ms");
}

#[tokio::test]
async fn refused_connections_read_as_one_line() {
    // A port held by a socket that is bound but not listening: connecting is
    // refused, and no other process can take the port while the test runs.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind("127.0.0.1:0".parse().expect("address")).expect("bind");
    let port = socket.local_addr().expect("addr").port();
    let url = format!("http://127.0.0.1:{port}/feed");
    let error = fetcher().fetch(&url).await.expect_err("nobody listens");
    assert_eq!(error.to_string(), "connection refused");
    drop(socket);
}

#[tokio::test]
async fn unsupported_schemes_are_refused_without_a_request() {
    for url in ["ftp://example.com/feed.xml", "javascript:alert(1)", "not a url"] {
        let error = fetcher().fetch(url).await.expect_err(url);
        assert!(matches!(error, FetchError::Unsupported(_)), "{url}: {error}");
        assert!(!error.to_string().contains('\n'));
    }
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 1, 22);
    writer.write_all(bytes).expect("brotli");
    drop(writer);
    out
}

// Two workers: the connection's task closes the socket while the test waits for the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bombs_and_endless_bodies_stop_at_the_cap() {
    let server = TestServer::start();
    let zeros = vec![0u8; 32 * 1024 * 1024];
    let mut fast = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    fast.write_all(&zeros).expect("gzip");
    server.route("/gzip-bomb", Response::rss(fast.finish().expect("gzip")).header("Content-Encoding", "gzip"));
    server.route("/brotli-bomb", Response::rss(brotli(&zeros)).header("Content-Encoding", "br"));
    server.route("/endless", Response::rss(vec![b'x'; 64 * 1024]).endless());
    // Reading 20 MiB in a debug build on a loaded machine can take longer
    // than the other tests' 5 s: this test is about the cap, not the clock.
    let fetcher = Fetcher::new(Duration::from_secs(120)).expect("HTTP client");
    for path in ["/gzip-bomb", "/brotli-bomb", "/endless"] {
        let error = fetcher.fetch(&server.url(path)).await.expect_err(path);
        assert_eq!(error.to_string(), "body larger than 20 MiB", "{path}");
    }
    // The endless body was abandoned near the cap, not read on: what the
    // server managed to send is the cap plus what the sockets buffer.
    let answered = tokio::task::block_in_place(|| server.wait_answered("/endless", 1, Duration::from_secs(30)));
    assert!(answered, "the server saw the client hang up");
    let sent = server.bytes_sent("/endless");
    assert!(sent > MAX_BODY_BYTES && sent < MAX_BODY_BYTES + 16 * 1024 * 1024, "{sent}");
}

#[tokio::test]
async fn a_stalled_body_times_out_on_the_stall_deadline() {
    let server = TestServer::start();
    server.route("/stall", Response::rss("<rss version=\"2.0\"><channel>").stall());
    let options = FetchOptions { stall_timeout: Duration::from_millis(300), ..FetchOptions::default() };
    let error = Fetcher::with_options(options).expect("client").fetch(&server.url("/stall")).await.expect_err("stall");
    assert_eq!(error.to_string(), "server stalled (no data for 300ms)");
}

#[tokio::test]
async fn conditional_requests_carry_the_validators() {
    let server = TestServer::start();
    let date = "Sun, 06 Nov 1994 08:49:37 GMT";
    let feed = Response::rss(fixture("rss.xml")).header("ETag", "\"v1\"").header("Last-Modified", date);
    server.route("/feed", feed.header("Cache-Control", "max-age=7200"));
    let fetcher = fetcher();
    let first = fetcher.get(&Request { url: &server.url("/feed"), ..Request::default() }).await.expect("200");
    assert_eq!(first.body.as_deref(), Some(fixture("rss.xml").as_slice()));
    assert_eq!((first.etag.as_deref(), first.last_modified.as_deref()), (Some("\"v1\""), Some(date)));
    assert_eq!(first.fresh_for, Some(Duration::from_secs(7200)));
    let again = Request { url: &server.url("/feed"), etag: Some("\"v1\""), last_modified: Some(date), headers: &[] };
    let second = fetcher.get(&again).await.expect("304");
    assert_eq!(second.body, None, "not modified");
    let sent = &server.requests()[1];
    assert_eq!((sent.header("if-none-match"), sent.header("if-modified-since")), (Some("\"v1\""), Some(date)));
}

#[tokio::test]
async fn retry_after_comes_with_the_status() {
    let server = TestServer::start();
    server.route("/busy", Response::status(429).header("Retry-After", "120"));
    match fetcher().fetch(&server.url("/busy")).await {
        Err(FetchError::Status { status: 429, retry_after }) => assert_eq!(retry_after, Some(Duration::from_secs(120))),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn permanent_redirects_are_reported_temporary_ones_are_not() {
    let server = TestServer::start();
    server.route("/feed", Response::atom(fixture("atom.xml")));
    server.route("/moved", Response::redirect(301, "/moved-again"));
    server.route("/moved-again", Response::redirect(308, "/feed"));
    server.route("/then-temporary", Response::redirect(301, "/temporary"));
    server.route("/temporary", Response::redirect(302, "/feed"));
    server.route("/file", Response::redirect(301, "file:///etc/passwd"));
    let get = |path: &str| {
        let url = server.url(path);
        async move { fetcher().get(&Request { url: &url, ..Request::default() }).await }
    };
    let moved = get("/moved").await.expect("moved");
    assert_eq!((moved.permanent_url, moved.final_url), (Some(server.url("/feed")), server.url("/feed")));
    let partly = get("/then-temporary").await.expect("then temporary");
    assert_eq!(partly.permanent_url, Some(server.url("/temporary")), "up to the first temporary hop");
    assert_eq!(get("/temporary").await.expect("temporary").permanent_url, None);
    assert_eq!(get("/file").await.expect_err("file").to_string(), "redirect to a file URL refused");
}

#[tokio::test]
async fn identity_headers_and_credentials_stay_on_their_origin() {
    let server = TestServer::start();
    let other = TestServer::start();
    server.route("/private", Response::rss(fixture("rss.xml")));
    server.route("/elsewhere", Response::redirect(302, &other.url("/feed")));
    other.route("/feed", Response::rss(fixture("rss.xml")));
    let options = FetchOptions { user_agent: "my-reader/2".to_owned(), ..FetchOptions::default() };
    let fetcher = Fetcher::with_options(options).expect("client");
    let headers = [("X-Token".to_owned(), "t0k3n".to_owned())];
    let with_auth = |path: &str| server.url(path).replace("http://", "http://me:secret@");
    for path in ["/private", "/elsewhere"] {
        let url = with_auth(path);
        fetcher.get(&Request { url: &url, headers: &headers, ..Request::default() }).await.expect(path);
    }
    for sent in server.requests() {
        assert_eq!(sent.header("user-agent"), Some("my-reader/2"));
        assert_eq!(sent.header("authorization"), Some("Basic bWU6c2VjcmV0"), "{sent:?}");
        assert_eq!(sent.header("x-token"), Some("t0k3n"));
    }
    let across = &other.requests()[0];
    assert_eq!((across.header("authorization"), across.header("x-token")), (None, None), "{across:?}");
}

#[tokio::test]
async fn a_configured_proxy_carries_every_request() {
    let proxy = TestServer::start();
    proxy.route("http://feeds.invalid/feed.xml", Response::rss(fixture("rss.xml")));
    let proxies = Proxies { all: Some(proxy.base_url()), ..Proxies::default() };
    let options = FetchOptions { proxies, ..FetchOptions::default() };
    let body =
        Fetcher::with_options(options).expect("client").fetch("http://feeds.invalid/feed.xml").await.expect("proxied");
    assert_eq!(body, fixture("rss.xml"));
    assert_eq!(proxy.requests()[0].path, "http://feeds.invalid/feed.xml", "absolute form: a proxy request");
}

#[tokio::test]
async fn loopback_addresses_never_go_through_a_proxy() {
    let proxy = TestServer::start();
    let feeds = TestServer::start();
    feeds.route("/feed.xml", Response::rss(fixture("rss.xml")));
    let proxies = Proxies {
        all: Some(proxy.base_url()),
        http: Some(proxy.base_url()),
        https: Some(proxy.base_url()),
        no_proxy: None,
    };
    let fetcher = Fetcher::with_options(FetchOptions { proxies, ..FetchOptions::default() }).expect("client");
    let local = feeds.url("/feed.xml").replace("127.0.0.1", "localhost");
    for url in [feeds.url("/feed.xml"), local] {
        assert_eq!(fetcher.fetch(&url).await.expect("fetched directly"), fixture("rss.xml"), "{url}");
    }
    assert_eq!(feeds.hits("/feed.xml"), 2);
    assert!(proxy.requests().is_empty(), "the proxy saw {:?}", proxy.requests());
}

#[tokio::test]
async fn hosts_in_no_proxy_go_direct() {
    let proxy = TestServer::start();
    proxy.route("http://feeds.invalid/feed.xml", Response::rss(fixture("rss.xml")));
    proxy.route("http://other.invalid/feed.xml", Response::rss(fixture("rss.xml")));
    let proxies = Proxies { all: Some(proxy.base_url()), no_proxy: Some("feeds.invalid".into()), ..Proxies::default() };
    let fetcher = Fetcher::with_options(FetchOptions { proxies, ..FetchOptions::default() }).expect("client");
    // Direct, `.invalid` does not resolve: the fetch fails without the proxy seeing it.
    assert!(fetcher.fetch("http://feeds.invalid/feed.xml").await.is_err());
    assert_eq!(fetcher.fetch("http://other.invalid/feed.xml").await.expect("proxied"), fixture("rss.xml"));
    let seen: Vec<String> = proxy.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(seen, ["http://other.invalid/feed.xml"]);
}
