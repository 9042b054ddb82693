//! What the `parse_render` fuzz target checks of any bytes: through the
//! parser and the article renderer, no panic, and no control character in
//! anything that would reach the terminal. The fuzz target calls it, and so
//! does the test suite on every file of `fuzz/corpus/parse_render/`
//! (`tests/it/fuzz_corpus.rs`).

use tidings::model::{Article, FeedId, ItemId};

pub fn check(data: &[u8]) {
    let Ok(feed) = tidings::parse::parse_feed(data, "https://fuzz.example/feed") else {
        return;
    };
    for item in feed.items.iter().take(8) {
        let article = Article {
            id: ItemId(1),
            feed_id: FeedId(1),
            feed_title: feed.title.clone().unwrap_or_default(),
            title: item.title.clone(),
            author: item.author.clone(),
            link: item.link.clone(),
            date: item.published.unwrap_or(0),
            content: item.content.clone(),
            base: item.base.clone(),
            enclosures: item.enclosures.clone(),
            ..Article::default()
        };
        let rendered = tidings::article::render(&article, tidings::article::Source::Feed, 60, 0);
        for link in &rendered.links {
            assert!(!link.url.chars().any(|c| c.is_control()), "control in {:?}", link.url);
        }
        for line in rendered.lines {
            for span in &line.spans {
                assert!(!span.content.chars().any(|c| c.is_control()), "control in {:?}", span.content);
            }
        }
        assert!(!item.title.chars().any(|c| c.is_control()));
    }
}
