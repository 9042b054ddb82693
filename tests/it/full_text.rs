//! Full-text articles end to end below the UI: the poller fetches the item's
//! page from the loopback server, readability extracts it, the store keeps
//! it, and the renderer shows it in place of the excerpt.

use std::collections::HashSet;

use crate::common;
use crate::common::StoreExt;
use crate::common::poller::{Poller, derefs_to_poller, keep_everything};
use crate::common::{assert_reads_like_the_article, seed_article_server};
use tidings::article::{self, Source};
use tidings::fetch::{FetchOptions, Proxies};
use tidings::model::{FeedId, FeedSource, ItemId, View};
use tidings::poller::{PollerCmd, PollerEvent, PollerSettings};

/// The poller over the seed article server's excerpt feed (`feed`).
struct Harness {
    server: common::TestServer,
    poller: Poller,
    feed: FeedId,
}

derefs_to_poller!(Harness);

fn start(auto_full_text: bool) -> Harness {
    let server = seed_article_server();
    let source = FeedSource { url: server.url("/feed/"), full_text: auto_full_text, ..FeedSource::default() };
    let defaults = PollerSettings::default();
    let settings = PollerSettings {
        max_concurrent_fetches: 4,
        refresh_interval: None,
        refresh_on_start: true,
        retention: keep_everything(),
        // The proxies of the shell running the tests are not this test's.
        fetch: FetchOptions { proxies: Proxies::default(), ..defaults.fetch.clone() },
        ..defaults
    };
    let poller = Poller::start(settings, std::slice::from_ref(&source));
    Harness { server, feed: poller.ids[0], poller }
}

impl Harness {
    /// (first item: the DeepSeek article, second item: its page is missing).
    fn items(&self) -> (ItemId, ItemId) {
        let heads = self.reader.headlines(View::Feed(self.feed)).unwrap();
        (heads[0].id, heads[1].id)
    }

    fn full_text_of(&self, item: ItemId, width: usize) -> String {
        let article = self.reader.article(item).unwrap().unwrap();
        article::plain_text(&article::render(&article, Source::FullText, width, 0).lines)
    }
}

#[tokio::test]
async fn f_fetches_the_page_and_shows_the_article_without_boilerplate() {
    let mut h = start(false);
    h.next("refresh", |e| matches!(e, PollerEvent::FeedUpdated { .. })).await;
    let (first, _) = h.items();
    let excerpt = h.reader.article(first).unwrap().unwrap();
    assert!(excerpt.full_text.is_none());
    assert!(!excerpt.content.as_deref().unwrap().contains("Marc Andreessen"), "the feed has the excerpt only");

    h.cmds.send(PollerCmd::FetchFullText { item: first }).unwrap();
    let event = h
        .next("full text", |e| matches!(e, PollerEvent::FullTextFetched { .. } | PollerEvent::FullTextFailed { .. }))
        .await;
    assert_eq!(event, PollerEvent::FullTextFetched { item: first });
    assert_eq!(h.server.hits("/2025/01/28/ascension-deepseek/"), 1);
    for width in [60, 80, 120] {
        assert_reads_like_the_article(&h.full_text_of(first, width));
    }
    // The feed's own text is still there for `f` to go back to.
    let stored = h.reader.article(first).unwrap().unwrap();
    assert_eq!(stored.content, excerpt.content);
}

#[tokio::test]
async fn a_missing_page_is_reported_and_the_excerpt_stays() {
    let mut h = start(false);
    h.next("refresh", |e| matches!(e, PollerEvent::FeedUpdated { .. })).await;
    let (_, second) = h.items();
    h.cmds.send(PollerCmd::FetchFullText { item: second }).unwrap();
    let event = h.next("full text", |e| matches!(e, PollerEvent::FullTextFailed { .. })).await;
    assert_eq!(event, PollerEvent::FullTextFailed { item: second, error: "HTTP 404".into() });
    let article = h.reader.article(second).unwrap().unwrap();
    assert!(article.full_text.is_none());
    assert!(article.content.unwrap().contains("590 milliards"));
}

#[tokio::test]
async fn full_text_feeds_get_it_during_refresh() {
    let mut h = start(true);
    h.next("refresh", |e| matches!(e, PollerEvent::FeedUpdated { .. })).await;
    // The feed counts as refreshed once its new items' pages are stored.
    let (first, second) = h.items();
    assert_reads_like_the_article(&h.full_text_of(first, 80));
    assert!(h.reader.article(second).unwrap().unwrap().full_text.is_none(), "its page is a 404");
    let pages: HashSet<String> = h.server.requests().into_iter().map(|r| r.path).collect();
    assert!(pages.contains("/2025/01/27/nvidia-bourse/"), "{pages:?}");

    // A second refresh brings nothing new, so no page is fetched again.
    h.server.clear_requests();
    h.cmds.send(PollerCmd::RefreshAll).unwrap();
    // Same bytes: not even parsed again.
    h.next("second refresh", |e| matches!(e, PollerEvent::FeedUnchanged { .. })).await;
    let paths: Vec<String> = h.server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/feed/"]);
}

/// The acceptance check can fail: the raw page, menus and all, does not pass it.
#[test]
#[should_panic(expected = "boilerplate")]
fn the_whole_page_is_not_the_article() {
    let page = common::seed_article("article.html");
    let doc = tidings::model::Article { content: Some(page), ..Default::default() };
    assert_reads_like_the_article(&article::plain_text(&article::render(&doc, Source::Feed, 80, 0).lines));
}
