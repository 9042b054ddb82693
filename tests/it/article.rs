//! The article pane on real fixtures: the seed article, every element, many
//! scripts, and a hostile page. Snapshots hold the whole article as the pane
//! lays it out (every line, not only the first screen); the hostile page is
//! also drawn to a buffer, page after page, to prove no control gets there.

use std::sync::Arc;

use crate::common;
use crate::common::app::draw;
use crate::common::settle;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use tidings::app::{Action, App, HeadlineRequest, Msg, Window};
use tidings::article::{self, LinkKind, Rendered, Source};
use tidings::config::TextAlign;
use tidings::model::{Article, Enclosure, FeedId, FeedRow, Headline, ItemId, View};
use tidings::parse::parse_feed;

const SEED: &[u8] = include_bytes!("../fixtures/feeds/seed.xml");
const ELEMENTS: &str = include_str!("../fixtures/articles/elements.html");
const SCRIPTS: &str = include_str!("../fixtures/articles/scripts.html");
const HOSTILE: &str = include_str!("../fixtures/articles/hostile.html");

fn article(title: &str, content: &str) -> Article {
    Article {
        id: ItemId(1),
        feed_id: FeedId(1),
        feed_title: "Fixtures".into(),
        title: title.into(),
        author: Some("Test".into()),
        link: Some("https://fixtures.example/posts/article.html".into()),
        date: 1_738_052_040,
        content: Some(content.into()),
        ..Article::default()
    }
}

fn seed() -> Article {
    let parsed = parse_feed(SEED, "https://lefiltech.example/feed/").expect("seed parses");
    let item = &parsed.items[0];
    Article {
        id: ItemId(1),
        feed_id: FeedId(1),
        feed_title: "Le Fil Tech".into(),
        title: item.title.clone(),
        author: item.author.clone(),
        link: item.link.clone(),
        date: item.published.expect("dated"),
        content: item.content.clone(),
        ..Article::default()
    }
}

/// An app of `width`×`height` with `article` open in the article pane.
fn open(article: Article, width: u16, height: u16) -> App {
    let mut app = App::new(width, height, 0);
    let feed = FeedRow {
        id: FeedId(1),
        url: "https://fixtures.example/feed".into(),
        title: article.feed_title.clone(),
        unread: 1,
        total: 1,
        ..FeedRow::default()
    };
    settle(&mut app, Msg::FeedsLoaded(vec![feed]));
    let headline = Headline {
        id: article.id,
        feed_id: FeedId(1),
        title: article.title.clone(),
        date: article.date,
        read: false,
        starred: false,
    };
    let window = Window { total: 1, offset: 0, rows: vec![headline], ..Window::default() };
    settle(&mut app, Msg::HeadlinesLoaded { query: HeadlineRequest::top(View::All), window, selected: Some(0) });
    settle(&mut app, Msg::Action(Action::Open));
    settle(&mut app, Msg::Action(Action::Open));
    settle(&mut app, Msg::ArticleLoaded(article));
    app
}

fn rendered(app: &App) -> &Arc<Rendered> {
    app.article.as_ref().and_then(|o| o.rendered.as_ref()).expect("rendered")
}

/// Every line of the article as the pane lays it out.
fn pane_text(app: &App) -> String {
    article::plain_text(&rendered(app).lines)
}

fn screen(buf: &Buffer) -> String {
    common::screen_text(buf)
}

#[test]
fn seed_article_at_80_columns() {
    let app = open(seed(), 80, 24);
    assert_eq!(rendered(&app).width, 76, "the full-screen pane less borders and margins");
    let text = pane_text(&app);
    assert!(text.contains("«\u{a0}Impressionnant"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn seed_article_at_120_columns() {
    let app = open(seed(), 120, 40);
    insta::assert_snapshot!(pane_text(&app));
}

#[test]
fn every_element() {
    let app = open(article("Every element", ELEMENTS), 80, 24);
    let text = pane_text(&app);
    for needle in ["never shown", "color: red", "tracker"] {
        assert!(!text.contains(needle), "{needle:?} leaked:\n{text}");
    }
    let links = &rendered(&app).links;
    assert_eq!(links[0].url, "https://example.org/absolute");
    assert_eq!(links[1].url, "https://fixtures.example/relative/path");
    assert_eq!(links[2].url, "https://fixtures.example/posts/sibling.html");
    assert!(links.iter().any(|l| l.url == "javascript:alert(1)" && !l.openable));
    assert!(links.iter().any(|l| l.kind == LinkKind::Video && l.url.ends_with("/media/clip.mp4")));
    insta::assert_snapshot!(text);
}

#[test]
fn every_element_in_the_three_pane_layout() {
    let app = open(article("Every element", ELEMENTS), 120, 40);
    insta::assert_snapshot!(pane_text(&app));
}

#[test]
fn cjk_emoji_and_right_to_left() {
    let app = open(article("東京 🌸 — العربية — עברית", SCRIPTS), 80, 24);
    let buf = draw(&app);
    // A wide character is never cut at the pane's edge: every line fits.
    for line in &rendered(&app).lines {
        assert!(line.width() <= 76, "{line:?}");
    }
    insta::assert_snapshot!("cjk_emoji_rtl_lines", pane_text(&app));
    insta::assert_snapshot!("cjk_emoji_rtl_screen", screen(&buf));
}

#[test]
fn hostile_page_never_reaches_the_terminal() {
    let mut app = open(article("Hostile \u{1b}]0;x\u{7}page", HOSTILE), 80, 24);
    let total = rendered(&app).lines.len();
    let mut pages = 0;
    loop {
        let buf = draw(&app);
        for cell in buf.content() {
            for c in cell.symbol().chars() {
                let bad = c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
                    || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{feff}');
                assert!(!bad, "{c:?} reached the buffer:\n{}", screen(&buf));
            }
        }
        pages += 1;
        let before = app.article.as_ref().unwrap().scroll;
        settle(&mut app, Msg::Action(Action::PageDown));
        if app.article.as_ref().unwrap().scroll == before {
            break;
        }
    }
    assert!(pages > 1, "the test looked at every page of {total} lines");
    let text = pane_text(&app);
    for payload in ["pwned", "cm0gLXJmIH4", "evil.example", "eA=="] {
        assert!(!text.contains(payload), "{payload} survived:\n{text}");
    }
    let links = &rendered(&app).links;
    assert!(links.iter().all(|l| !l.url.contains('\u{1b}')), "{links:?}");
    assert!(links.iter().filter(|l| !l.openable).count() >= 2, "javascript: and file: are never opened: {links:?}");
    insta::assert_snapshot!(text);
}

#[test]
fn styles_reach_the_buffer() {
    let app = open(article("Styles", "<p><strong>bold</strong> <a href='/x'>link</a> <code>code</code></p>"), 80, 24);
    let buf = draw(&app);
    let text = screen(&buf);
    let (y, row) = text.lines().enumerate().find(|(_, l)| l.contains("bold link[1]")).expect("the line");
    let x = |needle: &str| row[..row.find(needle).unwrap()].chars().count() as u16;
    assert!(buf[(x("bold"), y as u16)].modifier.contains(Modifier::BOLD));
    assert!(buf[(x("link"), y as u16)].modifier.contains(Modifier::UNDERLINED));
    assert_eq!(buf[(x("[1]"), y as u16)].fg, tidings::article::styles::link_marker().fg.unwrap());
    assert_eq!(buf[(x("code"), y as u16)].fg, tidings::article::styles::code().fg.unwrap());
}

#[test]
fn text_column_is_centred_or_left_aligned() {
    let mut app = open(article("Narrow column", "<p>Some text.</p>"), 160, 20);
    app.text_column.text_width = 40;
    settle(&mut app, Msg::Resize { width: 160, height: 20 });
    assert_eq!(rendered(&app).width, 40);
    let centred = screen(&draw(&app));
    let row = centred.lines().find(|l| l.contains("Some text.")).unwrap().to_owned();
    app.text_column.align = TextAlign::Left;
    let left = screen(&draw(&app));
    let left_row = left.lines().find(|l| l.contains("Some text.")).unwrap();
    assert!(row.find("Some").unwrap() > left_row.find("Some").unwrap() + 10, "{row}\n{left_row}");
}

#[test]
fn enclosures_are_listed_with_type_and_size_and_numbered() {
    let mut a = article("Episode 12", "<p>Show notes with <a href='https://notes.example/'>a link</a>.</p>");
    a.enclosures = vec![Enclosure {
        url: "https://cdn.example/ep12.mp3".into(),
        mime: Some("audio/mpeg".into()),
        length: Some(24_300_000),
    }];
    let app = open(a, 80, 24);
    let text = pane_text(&app);
    assert!(
        text.contains("Enclosures (e plays one)\n[2] audio/mpeg, 24.3 MB https://cdn.example/ep12.mp3\n"),
        "{text}"
    );
    assert_eq!(rendered(&app).enclosures, [2]);
    assert!(
        text.ends_with("Links\n[1] https://notes.example/\n[2] https://cdn.example/ep12.mp3 (enclosure)\n"),
        "{text}"
    );
}

#[test]
fn a_full_text_shows_instead_of_the_excerpt_and_f_toggles_back() {
    let mut a = article("Excerpt only", "<p>Just the excerpt [&#8230;]</p>");
    a.full_text = Some("<p>The whole article, first paragraph.</p><p>Second paragraph.</p>".into());
    let mut app = open(a, 80, 24);
    assert_eq!(app.article.as_ref().unwrap().source, Source::FullText, "a stored full text is shown");
    assert!(pane_text(&app).contains("Second paragraph."));
    settle(&mut app, Msg::Action(Action::ToggleFullText));
    let text = pane_text(&app);
    assert!(text.contains("Just the excerpt […]") && !text.contains("Second paragraph."), "{text}");
}

/// A click on a link marker where it is drawn opens that link, centred or not.
#[test]
fn clicking_a_link_marker_opens_it() {
    for (width, align) in [(120, TextAlign::Center), (200, TextAlign::Center), (200, TextAlign::Left)] {
        let mut app = open(article("Every element", ELEMENTS), width, 40);
        app.text_column.align = align;
        let buf = draw(&app);
        let rows: Vec<String> = screen(&buf).lines().map(String::from).collect();
        let (y, line) = rows.iter().enumerate().find(|(_, l)| l.contains("[2]")).expect("a [2] on screen");
        // Display column of `[2]`: count the cells before it.
        let byte = line.find("[2]").unwrap();
        let x = unicode_width::UnicodeWidthStr::width(&line[..byte]) as u16;
        let click = |app: &mut App, x: u16| {
            let mouse = tidings::app::Mouse { kind: tidings::app::MouseKind::Click, column: x, row: y as u16 };
            tidings::app::update(app, Msg::Mouse(mouse))
        };
        let url = rendered(&app).links[1].url.clone();
        assert_eq!(click(&mut app, x + 1), vec![tidings::app::Effect::OpenUrl(url)], "{width} {align:?}");
        assert_eq!(click(&mut app, x.saturating_sub(6)), vec![], "text beside a marker opens nothing");
    }
}
