//! Entity attacks: a billion-laughs DOCTYPE is never expanded, external
//! entities (a local file, an http URL on the test server) are never read
//! or fetched, and what is stored holds none of their content.

use std::time::Duration;

use crate::common;
use crate::common::StoreExt;
use crate::common::poller::{Poller, peak_rss_kib};
use crate::common::{Response, TestServer};
use tidings::model::{FeedSource, ParsedFeed, View};
use tidings::parse::parse_feed;
use tidings::poller::{PollerCmd, PollerSettings};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every text the feed carries, joined.
fn all_text(feed: &ParsedFeed) -> String {
    let mut text = feed.title.clone().unwrap_or_default();
    for item in &feed.items {
        for part in [Some(&item.title), item.content.as_ref(), item.link.as_ref(), Some(&item.guid)] {
            text.push_str(part.map_or("", String::as_str));
            text.push('\n');
        }
    }
    text
}

/// The child's report: how much its peak resident memory grew during the parse.
const GROWTH: &str = "LAUGHS_PEAK_GROWTH_KIB=";

#[test]
fn a_billion_laughs_stays_ten_bytes_of_text() {
    // The memory is measured in a child process that runs the parse alone
    // (this test binary, running only `laughs_child`): the other tests of
    // this process allocate as they please meanwhile.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["entities::laughs_child", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env_clear()
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the child failed:\n{report}{}", String::from_utf8_lossy(&out.stderr));
    let growth = report.lines().find_map(|l| l.split_once(GROWTH)).map(|(_, kib)| kib.trim().parse::<u64>().unwrap());
    match growth {
        Some(kib) => assert!(kib < 64 * 1024, "the parse grew the peak RSS by {kib} KiB"),
        None if cfg!(target_os = "linux") => panic!("no memory report on Linux:\n{report}"),
        None => {}
    }
}

#[test]
#[ignore = "run alone in a child process by a_billion_laughs_stays_ten_bytes_of_text"]
fn laughs_child() {
    let xml = fixture("billion-laughs.xml");
    let before = peak_rss_kib();
    let feed = parse_feed(xml.as_bytes(), "https://laughs.example/feed").expect("readable");
    let after = peak_rss_kib();
    let text = all_text(&feed);
    // Expanded, `&lol9;` alone is a thousand million "lol"s.
    assert!(text.len() < 1_000, "{} bytes", text.len());
    assert!(!text.contains("lollol"), "{text}");
    assert_eq!(feed.items.len(), 2);
    if let (Some(before), Some(after)) = (before, after) {
        println!("{GROWTH}{}", after - before);
    }
}

#[test]
fn a_system_entity_naming_a_local_file_is_not_read() {
    let feed = parse_feed(fixture("xxe-file.xml").as_bytes(), "https://xxe.example/feed").expect("readable");
    let text = all_text(&feed);
    assert!(!text.contains("root:"), "{text}");
    assert_eq!(feed.items[0].guid, "xxe-1");
}

#[tokio::test]
async fn external_entities_and_dtds_are_never_fetched() {
    let server = TestServer::start();
    let feed = fixture("xxe-http.xml").replace("SERVER", &server.base_url());
    server.route("/feed", Response::atom(feed));
    for path in ["/dtd", "/entity", "/param"] {
        server.route(path, Response::ok("application/xml-dtd", "<!ENTITY leaked \"INJECTED\">INJECTED"));
    }
    let sources = [FeedSource { url: server.url("/feed"), ..FeedSource::default() }];
    let settings = PollerSettings { max_concurrent_fetches: 2, max_fetches_per_host: 2, ..common::poller::settings() };
    let mut poller = Poller { wait: Duration::from_secs(30), ..Poller::start(settings, &sources) };
    poller.run(PollerCmd::RefreshAll).await;
    let (reader, ids) = (&poller.reader, &poller.ids);
    let headlines = reader.headlines(View::Feed(ids[0])).expect("headlines");
    assert_eq!(headlines.len(), 1, "the feed itself is read");
    let article = reader.article(headlines[0].id).expect("article").expect("stored");
    let stored = format!("{} {:?} {}", article.title, article.content, reader.feeds().expect("feeds")[0].title);
    assert!(!stored.contains("INJECTED"), "{stored}");
    let asked: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(asked, ["/feed"], "only the feed was requested");
}
