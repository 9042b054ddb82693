//! Feed autodiscovery against pages served on the loopback server: one,
//! several and no feed links, relative hrefs and `<base>`, links hidden in
//! scripts, the common-path fallback, and a feed given directly.

use std::time::Duration;

use crate::common;
use crate::common::{Response, TestServer, fixture};
use tidings::discover::{self, DiscoverError, Found};
use tidings::fetch::Fetcher;
use url::Url;

fn html(head: &str) -> Response {
    Response::ok(
        "text/html; charset=utf-8",
        format!("<!doctype html><html><head>{head}</head><body><p>hi</p></body></html>"),
    )
}

async fn find(server: &TestServer, path: &str) -> Result<Vec<Found>, DiscoverError> {
    let fetcher = Fetcher::new(Duration::from_secs(5)).unwrap();
    discover::discover(&fetcher, &server.url(path)).await
}

fn urls(found: &[Found]) -> Vec<String> {
    found.iter().map(|f| f.url.clone()).collect()
}

#[tokio::test]
async fn one_link_with_a_relative_href() {
    let server = TestServer::start();
    server.route(
        "/blog/post",
        html(
            r#"<title>A <link rel="alternate" type="application/rss+xml" href="/fake"></title>
                <link rel="stylesheet" href="style.css">
                <link rel="alternate" type="application/rss+xml" title="My Blog" href="../feed.xml">"#,
        ),
    );
    let found = find(&server, "/blog/post").await.unwrap();
    assert_eq!(found, vec![Found { url: server.url("/feed.xml"), title: Some("My Blog".into()), kind: Some("RSS") }]);
    assert_eq!(server.hits("/feed.xml"), 0, "links are not fetched to list them");
}

#[tokio::test]
async fn several_links_in_page_order_without_repeats() {
    let server = TestServer::start();
    server.route(
        "/",
        html(
            r#"<base href="https://cdn.example/site/">
                <LINK REL="Alternate" TYPE="application/atom+xml; charset=utf-8" HREF="atom.xml" title="Posts (Atom)">
                <link rel="alternate feed" type="application/rss+xml" href="rss.xml" title="Posts (RSS)">
                <link rel="alternate" type="application/feed+json" href="feed.json">
                <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/12">
                <link rel="alternate" type="application/rss+xml" href="rss.xml">
                <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
                <script>document.write('<link rel="alternate" type="application/rss+xml" href="/evil">')</script>"#,
        ),
    );
    let found = find(&server, "/").await.unwrap();
    assert_eq!(
        urls(&found),
        ["https://cdn.example/site/atom.xml", "https://cdn.example/site/rss.xml", "https://cdn.example/site/feed.json"]
    );
    assert_eq!(found[0].label(), "Posts (Atom) <https://cdn.example/site/atom.xml>");
    assert_eq!(found[1].label(), "Posts (RSS) <https://cdn.example/site/rss.xml>");
    assert_eq!(found[2].label(), "JSON Feed <https://cdn.example/site/feed.json>");
}

#[tokio::test]
async fn no_link_falls_back_to_common_paths() {
    let server = TestServer::start();
    server.route("/blog/", html("<title>no feed links here</title>"));
    server.route("/index.xml", Response::rss(fixture("rss.xml")));
    let found = find(&server, "/blog/").await.unwrap();
    assert_eq!(urls(&found), [server.url("/index.xml")]);
    assert_eq!(found[0].title.as_deref(), Some("Rust Notes"), "the feed's own title");
    // Beside the page first, then at the root, in the documented order.
    let tried: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        tried,
        [
            "/blog/",
            "/blog/feed",
            "/blog/rss.xml",
            "/blog/atom.xml",
            "/blog/index.xml",
            "/blog/feed.xml",
            "/blog/feed.json",
            "/feed",
            "/rss.xml",
            "/atom.xml",
            "/index.xml"
        ]
    );
}

#[tokio::test]
async fn no_feed_anywhere_is_an_error() {
    let server = TestServer::start();
    server.route("/", html(""));
    server.route("/feed", html("<p>not a feed either</p>"));
    let error = find(&server, "/").await.unwrap_err();
    assert_eq!(error, DiscoverError::NoFeed(server.url("/")));
    assert_eq!(error.to_string(), format!("no feed found at {}", server.url("/")));
}

#[tokio::test]
async fn a_feed_address_is_taken_as_is_and_failures_say_why() {
    let server = common::fixture_server();
    let found = find(&server, "/atom.xml").await.unwrap();
    assert_eq!(urls(&found), [server.url("/atom.xml")]);
    let error = find(&server, "/broken").await.unwrap_err();
    assert_eq!(error.to_string(), format!("cannot fetch {}: HTTP 500", server.url("/broken")));
}

#[test]
fn typed_addresses_become_urls() {
    assert_eq!(discover::normalize("lwn.net").unwrap().as_str(), "https://lwn.net/");
    assert_eq!(discover::normalize(" http://a.example/x ").unwrap().as_str(), "http://a.example/x");
    for bad in ["", "ftp://a.example/", "file:///etc/passwd", "javascript:alert(1)", "http://"] {
        assert!(discover::normalize(bad).is_err(), "{bad}");
    }
    let page = Url::parse("https://a.example/").unwrap();
    assert_eq!(discover::common_candidates(&page).len(), 6, "the root only once");
}

#[tokio::test]
async fn relative_links_resolve_against_the_page_after_redirects() {
    let server = TestServer::start();
    // `/blog` redirects to `/blog/`; the page's `feed.xml` is `/blog/feed.xml`, not `/feed.xml`.
    server.route("/blog", Response::redirect(302, "/blog/"));
    server.route("/blog/", html(r#"<link rel="alternate" type="application/atom+xml" href="feed.xml">"#));
    let found = find(&server, "/blog").await.unwrap();
    assert_eq!(urls(&found), [server.url("/blog/feed.xml")]);
}

#[tokio::test]
async fn a_feed_that_moved_for_good_is_found_at_its_new_address() {
    let server = TestServer::start();
    server.route("/old.xml", Response::redirect(301, "/new.xml"));
    server.route("/new.xml", Response::ok("application/rss+xml", fixture("rss.xml")));
    let found = find(&server, "/old.xml").await.unwrap();
    assert_eq!(urls(&found), [server.url("/new.xml")]);
}
