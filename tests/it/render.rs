//! Screens of real app states on a TestBackend, snapshotted with insta.
//! Data comes through the real parser from the bundled seed feed.

use crate::common;
use crate::common::StoreExt;
use crate::common::app::draw;
use crate::common::settle;
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use tidings::app::{Action, App, HeadlineRequest, Key, Msg, Settings, Window, update};
use tidings::discover::Found;
use tidings::model::{Article, FeedId, FeedRow, Headline, ItemId, SavedView, View};
use tidings::parse::parse_feed;
use tidings::poller::{FeedError, PollerEvent};

const SEED: &[u8] = include_bytes!("../fixtures/feeds/seed.xml");
const SEED_URL: &str = "https://lefiltech.example/feed/";
/// The clock of every screen: a few hours after the seed article (Tue 28 Jan 2025 08:14 UTC).
const NOW: i64 = 1_738_070_000;

fn feed_row(id: i64, title: &str, unread: u32, error: Option<&str>) -> FeedRow {
    FeedRow {
        id: FeedId(id),
        url: format!("https://example.com/{id}.xml"),
        title: title.into(),
        unread,
        total: unread + 2,
        last_error: error.map(String::from),
        last_fetched: Some(1_738_000_000),
        ..Default::default()
    }
}

/// An app with three feeds, the seed feed's items plus two others in "All items".
fn app(width: u16, height: u16) -> (App, Vec<Article>) {
    let parsed = parse_feed(SEED, SEED_URL).expect("seed feed parses");
    let filter = tidings::query::parse("tag:rust unread").unwrap();
    let settings =
        Settings { saved_views: vec![SavedView { name: "Rust unread".into(), filter }], ..Settings::default() };
    let mut app = App::with_settings(width, height, 0, settings);
    update(&mut app, Msg::Now(NOW));
    let tagged = |row: FeedRow, tags: &[&str]| FeedRow { tags: tags.iter().map(|t| t.to_string()).collect(), ..row };
    let feeds = vec![
        tagged(feed_row(1, "Le Fil Tech", parsed.items.len() as u32, None), &["tech", "fr"]),
        tagged(feed_row(2, "Rust Blog", 1, None), &["rust", "tech"]),
        feed_row(3, "Broken Feed", 0, Some("HTTP 500")),
    ];
    update(&mut app, Msg::FeedsLoaded(feeds));
    let mut articles: Vec<Article> = parsed
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| Article {
            id: ItemId(i as i64 + 1),
            feed_id: FeedId(1),
            feed_title: "Le Fil Tech".into(),
            title: item.title.clone(),
            author: item.author.clone(),
            link: item.link.clone(),
            date: item.published.expect("seed items are dated"),
            content: item.content.clone(),
            read: false,
            starred: false,
            ..Article::default()
        })
        .collect();
    articles.push(Article {
        id: ItemId(10),
        feed_id: FeedId(2),
        feed_title: "Rust Blog".into(),
        title: "東京で Rust 勉強会 🦀 — meetup notes".into(),
        author: None,
        link: Some("https://blog.example/tokyo".into()),
        date: 1_737_900_000,
        content: Some("<p>Short.</p>".into()),
        read: false,
        starred: false,
        ..Article::default()
    });
    let mut headlines: Vec<Headline> = articles
        .iter()
        .map(|a| Headline {
            id: a.id,
            feed_id: a.feed_id,
            title: a.title.clone(),
            date: a.date,
            read: false,
            starred: false,
        })
        .collect();
    headlines.push(Headline {
        id: ItemId(11),
        feed_id: FeedId(2),
        title: "An older item that was already read".into(),
        date: 1_700_000_000,
        read: true,
        starred: false,
    });
    update(&mut app, all_items(headlines));
    (app, articles)
}

/// The runtime's answer for "All items" with every row loaded.
fn all_items(rows: Vec<Headline>) -> Msg {
    Msg::HeadlinesLoaded {
        query: HeadlineRequest::top(View::All),
        window: Window { total: rows.len(), offset: 0, rows, ..Window::default() },
        selected: Some(0),
    }
}

/// Opens the first headline (the seed article) as the user would.
fn open_seed(app: &mut App, articles: &[Article]) {
    update(app, Msg::Action(Action::Open)); // feeds -> headlines
    let effects = update(app, Msg::Action(Action::Open)); // open the selected item
    assert!(effects.contains(&tidings::app::Effect::LoadArticle(ItemId(1))), "{effects:?}");
    settle(app, Msg::ArticleLoaded(articles[0].clone()));
}

fn render(app: &App) -> Buffer {
    draw(app)
}

fn text(buf: &Buffer) -> String {
    common::screen_text(buf)
}

#[test]
fn seed_article_at_120x40() {
    let (mut app, articles) = app(120, 40);
    open_seed(&mut app, &articles);
    let screen = text(&render(&app));
    assert!(screen.contains("L’ascension fulgurante de DeepSeek"), "{screen}");
    assert!(screen.contains("«\u{a0}Impressionnant"), "{screen}");
    assert!(screen.contains("générative"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_search_says_while_new_items_are_being_indexed() {
    let (mut app, _) = app(100, 24);
    update(&mut app, Msg::Poller(tidings::poller::PollerEvent::SearchIndexing));
    assert!(!text(&render(&app)).contains("indexing"), "nothing to say outside a search");
    update(&mut app, Msg::Action(Action::Search));
    update(&mut app, Msg::Key(tidings::app::Key::ch('z')));
    let query = HeadlineRequest::top(app.listing());
    update(
        &mut app,
        Msg::HeadlinesLoaded {
            query,
            window: Window { total: 0, offset: 0, rows: vec![], ..Window::default() },
            selected: None,
        },
    );
    let screen = text(&render(&app));
    assert!(screen.contains("/z · indexing…"), "{screen}");
    assert!(screen.contains("no match yet: indexing new items…"), "{screen}");
    update(&mut app, Msg::Poller(tidings::poller::PollerEvent::SearchIndexed { items: 3 }));
    let screen = text(&render(&app));
    assert!(!screen.contains("indexing"), "{screen}");
    // A refresh storing new items: they are indexed once it is over.
    update(&mut app, Msg::Poller(tidings::poller::PollerEvent::Queued { feeds: vec![FeedId(1), FeedId(2)] }));
    assert!(!text(&render(&app)).contains("indexing"), "nothing new stored yet");
    update(&mut app, Msg::Poller(tidings::poller::PollerEvent::FeedUpdated { feed: FeedId(1), new_items: 4 }));
    assert!(text(&render(&app)).contains("/z · indexing…"));
}

#[test]
fn seed_article_at_80x24() {
    let (mut app, articles) = app(80, 24);
    open_seed(&mut app, &articles);
    insta::assert_snapshot!(text(&render(&app)));
}

#[test]
fn lists_at_80x24() {
    let (mut app, _) = app(80, 24);
    update(&mut app, Msg::Action(Action::Open));
    insta::assert_snapshot!(text(&render(&app)));
}

#[test]
fn tiny_terminal_60x15() {
    let (mut app, articles) = app(60, 15);
    open_seed(&mut app, &articles);
    let screen = text(&render(&app));
    assert!(screen.contains("Le Fil Tech"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn help_overlay_lists_every_binding() {
    // Tall enough for every action's row.
    let (mut app, _) = app(120, 50);
    update(&mut app, Msg::Action(Action::Help));
    let screen = text(&render(&app));
    for a in Action::ALL {
        assert!(screen.contains(a.description()), "{a:?} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn help_overlay_scrolls_at_60x15() {
    let (mut app, _) = app(60, 15);
    update(&mut app, Msg::Action(Action::Help));
    update(&mut app, Msg::Action(Action::Bottom));
    let screen = text(&render(&app));
    assert!(screen.contains("quit"), "{screen}");
    assert!(screen.contains(&format!("of {}, j/k scroll", app.help_len())), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn welcome_screen() {
    let app = App::welcome("/home/user/.config/tidings/config.toml".into(), 80, 24);
    let screen = text(&render(&app));
    assert!(screen.contains("/home/user/.config/tidings/config.toml"), "{screen}");
    assert!(screen.contains("Press a to add a feed"), "{screen}");
    assert!(screen.contains("tidings import FILE.opml") && screen.contains("tidings import-newsboat"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn refresh_progress_and_errors_in_status_line() {
    let (mut app, _) = app(80, 24);
    update(&mut app, Msg::Poller(PollerEvent::Queued { feeds: vec![FeedId(1), FeedId(2), FeedId(3)] }));
    update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(1), new_items: 0 }));
    let screen = text(&render(&app));
    assert!(screen.lines().last().unwrap().starts_with("refreshing 1/3"), "{screen}");
    update(
        &mut app,
        Msg::Poller(PollerEvent::FeedFailed { feed: FeedId(3), error: FeedError::Fetch("HTTP 500".into()) }),
    );
    update(&mut app, Msg::Poller(PollerEvent::FeedUpdated { feed: FeedId(2), new_items: 0 }));
    update(&mut app, Msg::Poller(PollerEvent::Idle));
    let screen = text(&render(&app));
    assert!(screen.lines().last().unwrap().starts_with("Broken Feed: HTTP 500"), "{screen}");
    // The failed feed carries a mark in the list.
    assert!(screen.contains("! Broken Feed"), "{screen}");
}

#[test]
fn unread_rows_are_bold_and_selection_reversed() {
    let (mut app, _) = app(120, 40);
    update(&mut app, Msg::Action(Action::Open));
    let buf = render(&app);
    let screen = text(&buf);
    let (row, _) = screen.lines().enumerate().find(|(_, l)| l.contains("An older item")).unwrap();
    let (first, _) = screen.lines().enumerate().find(|(_, l)| l.contains("L’ascension")).unwrap();
    let col = screen
        .lines()
        .nth(first)
        .unwrap()
        .find('●')
        .map(|b| screen.lines().nth(first).unwrap()[..b].chars().count())
        .unwrap() as u16;
    let title_cell = &buf[(col + 14, first as u16)];
    assert!(title_cell.modifier.contains(Modifier::REVERSED), "selected row is reversed");
    assert!(title_cell.modifier.contains(Modifier::BOLD), "unread title is bold");
    assert!(!buf[(col + 14, row as u16)].modifier.contains(Modifier::BOLD), "read title is not bold");
}

#[test]
fn hostile_titles_never_reach_the_buffer() {
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>\
        <item><title>Evil \u{1b}[2J\u{1b}]0;pwned\u{7}title \u{202e}reversed</title><guid>1</guid>\
        <description>body \u{1b}[31mred\u{1b}[0m &#27;[1m and \u{9b}2J</description></item></channel></rss>";
    let parsed = parse_feed(feed.as_bytes(), "https://evil.example/feed").expect("parses");
    let item = &parsed.items[0];
    let mut app = App::new(80, 24, 0);
    update(&mut app, Msg::FeedsLoaded(vec![feed_row(1, &item.title, 1, None)]));
    let h =
        Headline { id: ItemId(1), feed_id: FeedId(1), title: item.title.clone(), date: 0, read: false, starred: false };
    update(&mut app, all_items(vec![h]));
    update(&mut app, Msg::Action(Action::Open));
    update(&mut app, Msg::Action(Action::Open));
    let article = Article {
        id: ItemId(1),
        feed_id: FeedId(1),
        feed_title: "x".into(),
        title: item.title.clone(),
        author: None,
        link: None,
        date: 0,
        content: item.content.clone(),
        read: true,
        starred: false,
        ..Article::default()
    };
    settle(&mut app, Msg::ArticleLoaded(article));
    let buf = render(&app);
    for cell in buf.content() {
        for c in cell.symbol().chars() {
            let bad =
                c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
            assert!(!bad, "control {c:?} reached the buffer:\n{}", text(&buf));
        }
    }
    let screen = text(&buf);
    assert!(screen.contains("Evil"), "{screen}");
    assert!(!screen.contains("pwned"), "OSC payload must be dropped:\n{screen}");
}

/// The last row of the screen.
fn status_row(buf: &Buffer) -> String {
    text(buf).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn add_feed_prompt_in_the_status_line() {
    let (mut app, _) = app(80, 24);
    update(&mut app, Msg::Action(Action::AddFeed));
    for c in "https://lwn.net".chars() {
        update(&mut app, Msg::Key(Key::ch(c)));
    }
    let buf = render(&app);
    insta::assert_snapshot!(status_row(&buf), @"add feed (address or site): https://lwn.net               Enter find  Esc cancel");
    // A long address shows its end, where the typing is.
    for c in "/a/very/long/path/that/goes/on/and/on/and/on".chars() {
        update(&mut app, Msg::Key(Key::ch(c)));
    }
    let row = status_row(&render(&app));
    assert!(row.contains("…") && row.contains("/and/on/and/on ") && row.ends_with("Esc cancel"), "{row}");
}

#[test]
fn remove_confirmation_and_feed_choice() {
    let (mut remover, _) = app(80, 24);
    // Past the views to the first feed, "Le Fil Tech".
    while !matches!(remover.view, View::Feed(_)) {
        update(&mut remover, Msg::Action(Action::Down));
    }
    update(&mut remover, Msg::Action(Action::RemoveFeed));
    let buf = render(&remover);
    let row = status_row(&buf);
    insta::assert_snapshot!(row, @"remove “Le Fil Tech” from the config? (its items are kept)           y yes  n no");
    let y = buf.area.height - 1;
    assert_eq!(buf[(0, y)].fg, ratatui::style::Color::Red, "the question stands out");
    update(&mut remover, Msg::Key(Key::plain(KeyCode::Esc)));
    assert_eq!(remover.modal, None);

    let (mut chooser, _) = app(80, 24);
    update(&mut chooser, Msg::Action(Action::AddFeed));
    "example.com".chars().for_each(|c| drop(update(&mut chooser, Msg::Key(Key::ch(c)))));
    update(&mut chooser, Msg::Key(Key::plain(KeyCode::Enter)));
    let found = |url: &str, title: &str, kind| Found { url: url.into(), title: Some(title.into()), kind: Some(kind) };
    let result = Ok(vec![
        found("https://example.com/feed.xml", "Posts", "RSS"),
        found("https://example.com/comments.atom", "Comments", "Atom"),
    ]);
    update(&mut chooser, Msg::Poller(PollerEvent::Discovered { input: "example.com".into(), result }));
    update(&mut chooser, Msg::Key(Key::plain(KeyCode::Down)));
    let buf = render(&chooser);
    let second = text(&buf).lines().position(|l| l.contains("2. Comments")).unwrap() as u16;
    assert!(buf[(12, second)].modifier.contains(Modifier::REVERSED), "the chosen row is highlighted");
    insta::assert_snapshot!("feed_choice_at_80x24", text(&buf));
}

#[test]
fn search_results_as_typed_at_100x24() {
    let (mut app, _) = app(100, 24);
    update(&mut app, Msg::Action(Action::Search));
    for c in "generative".chars() {
        update(&mut app, Msg::Key(tidings::app::Key::ch(c)));
    }
    // The store's answer for the search: the seed feed stored, then searched
    // (the store folds accents: « générative » matches `generative`).
    let (_dir, mut store, ids) = common::temp_store(&[common::feed_source(SEED_URL)]);
    store.ingest(ids[0], &parse_feed(SEED, SEED_URL).unwrap(), NOW).unwrap();
    let query = HeadlineRequest::top(app.listing());
    let (window, selected) = store.headline_window(&query.listing, query.anchor, tidings::model::WINDOW).unwrap();
    let titles: Vec<&str> = window.rows.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles.len(), 1, "{titles:?}");
    assert!(titles[0].starts_with("L’ascension fulgurante") && titles[0].contains("générative"), "{titles:?}");
    update(&mut app, Msg::HeadlinesLoaded { query, window, selected });
    let screen = text(&render(&app));
    assert!(screen.contains("/generative"), "{screen}");
    assert!(screen.contains("· 1 ·"), "the count is the results': {screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn zen_article_at_100x30() {
    let (mut app, articles) = app(100, 30);
    open_seed(&mut app, &articles);
    settle(&mut app, Msg::Action(Action::Zen));
    let screen = text(&render(&app));
    assert!(!screen.contains("Feeds"), "the article alone: {screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_link_number_typed_over_the_link_list_and_the_mark_all_question() {
    let (mut app, articles) = app(100, 30);
    open_seed(&mut app, &articles);
    for key in [Key::ch('L'), Key::ch('#'), Key::ch('3')] {
        update(&mut app, Msg::Key(key));
    }
    let buf = render(&app);
    assert!(text(&buf).contains("Links (1–9 or # opens, Esc closes)"), "the list stays in view:\n{}", text(&buf));
    assert_eq!(status_row(&buf).trim_end(), "open link number: 3");
    update(&mut app, Msg::Key(Key::plain(KeyCode::Esc)));
    let buf = render(&app);
    assert!(text(&buf).contains("Links (1–9"), "{}", text(&buf));
    assert!(!status_row(&buf).contains("open link number"), "{}", status_row(&buf));
    update(&mut app, Msg::Key(Key::plain(KeyCode::Esc)));
    update(&mut app, Msg::Key(Key::ctrl('a')));
    let buf = render(&app);
    assert!(!text(&buf).contains("Links (1–9"), "{}", text(&buf));
    assert_eq!(status_row(&buf).trim_end(), "Mark every item of every feed read? (y/n)");
}
