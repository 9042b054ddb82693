//! A feed's details in the TUI, on a TestBackend: `i` (rebindable) opens an
//! overlay with what the store holds of the feed, wrapped to the width,
//! scrolling on a small screen, sanitised; a feed without a title is listed
//! by its address with its warning. The data is real: fixtures through the
//! parser into a store file, read back by the calls the runtime makes.

use std::collections::BTreeMap;

use crate::common::{StoreExt, screen_text};
use crossterm::event::KeyCode;
use tidings::app::{Action, App, Effect, Key, Modal, Msg, Pane, Settings, Window, update};
use tidings::keymap::{KeyList, Keymap};
use tidings::model::{FeedDetails, FeedId, FeedInfo, FeedRow, FeedSource, View};
use tidings::parse::{NO_TITLE, parse_feed};
use tidings::store::Store;

/// Tue 28 Jan 2025 13:13:20 UTC.
const NOW: i64 = 1_738_070_000;
const GARDEN: &str = "https://garden.example/feed.xml";
const UNTITLED: &str = "https://x.example/feed";
const NAMED: &str = "https://y.example/feed";

fn details_fixture(name: &str) -> Vec<u8> {
    crate::common::fixture(&format!("../feed_details/{name}"))
}

/// A store holding three feeds as a refresh leaves them: one with all its
/// details, one without a title, one without a title named by the config.
fn store(dir: &tempfile::TempDir) -> (Store, Vec<FeedId>) {
    let mut store = Store::open(&dir.path().join("tidings.db")).unwrap();
    let source = |url: &str, title: Option<&str>| FeedSource {
        url: url.into(),
        title: title.map(String::from),
        tags: if url == GARDEN { vec!["garden".into(), "weekly".into()] } else { Vec::new() },
        ..FeedSource::default()
    };
    let ids = store.sync_feeds(&[source(GARDEN, None), source(UNTITLED, None), source(NAMED, Some("Named"))]).unwrap();
    for (id, (name, url)) in ids.iter().zip([("rss.xml", GARDEN), ("untitled.xml", UNTITLED), ("untitled.xml", NAMED)])
    {
        store.ingest(*id, &parse_feed(&details_fixture(name), url).unwrap(), NOW - 3_600).unwrap();
    }
    (store, ids)
}

/// `update`, and the effects that read the store carried out as the runtime
/// does, their answers fed back; the other effects, in order.
fn settle(app: &mut App, store: &Store, msg: Msg) -> Vec<Effect> {
    let mut others = Vec::new();
    let mut queue = vec![msg];
    while let Some(msg) = queue.pop() {
        for effect in update(app, msg) {
            match effect {
                Effect::LoadFeeds => queue.push(Msg::FeedsLoaded(store.feeds().unwrap())),
                Effect::LoadHeadlines(query) => {
                    let rows = store.headlines_page(&query.listing, 0, 1_000).unwrap();
                    let selected = (!rows.is_empty()).then_some(0);
                    let window = Window { total: rows.len(), offset: 0, rows, ..Window::default() };
                    queue.push(Msg::HeadlinesLoaded { query, window, selected });
                }
                Effect::LoadFeedInfo(feed) => {
                    others.push(Effect::LoadFeedInfo(feed));
                    queue.push(Msg::FeedInfoLoaded(Box::new(store.feed_info(feed).unwrap().unwrap())));
                }
                other => others.push(other),
            }
        }
    }
    others
}

fn app(store: &Store, width: u16, height: u16, settings: Settings) -> App {
    let mut app = App::with_settings(width, height, 0, settings);
    update(&mut app, Msg::Now(NOW));
    for effect in app.start() {
        settle_effect(&mut app, store, effect);
    }
    app
}

fn settle_effect(app: &mut App, store: &Store, effect: Effect) {
    let msg = match effect {
        Effect::LoadFeeds => Msg::FeedsLoaded(store.feeds().unwrap()),
        Effect::LoadHeadlines(query) => {
            let rows = store.headlines_page(&query.listing, 0, 1_000).unwrap();
            Msg::HeadlinesLoaded {
                query,
                selected: Some(0),
                window: Window { total: rows.len(), offset: 0, rows, ..Window::default() },
            }
        }
        other => panic!("unexpected {other:?}"),
    };
    settle(app, store, msg);
}

fn key(app: &mut App, store: &Store, c: char) -> Vec<Effect> {
    settle(app, store, Msg::Key(Key::ch(c)))
}

fn to_feed(app: &mut App, store: &Store, id: FeedId) {
    while app.selected_view() != View::Feed(id) {
        assert!(app.feed_sel + 1 < app.nav.len(), "{id} not in {:?}", app.nav);
        settle(app, store, Msg::Action(Action::Down));
    }
}

fn screen(app: &App) -> (String, ratatui::buffer::Buffer) {
    let buffer = crate::common::app::draw(app);
    (screen_text(&buffer), buffer)
}

/// The overlay's text rows: what is between its side borders, trimmed at
/// the end (the box is the one whose top border holds its title).
fn overlay_rows(text: &str) -> Vec<String> {
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let top = lines.iter().position(|l| l.iter().collect::<String>().contains("Feed details")).expect("the overlay");
    let left = lines[top].iter().position(|c| *c == '┏').expect("its corner");
    let mut rows = Vec::new();
    for line in &lines[top + 1..] {
        if line.get(left) != Some(&'┃') {
            break;
        }
        let inner: String = line[left + 1..].iter().take_while(|c| **c != '┃').collect();
        rows.push(inner.trim_end().to_owned());
    }
    rows
}

/// The left list's rows (the focused pane: thick borders from the first column).
fn feed_list(text: &str) -> Vec<String> {
    text.lines().filter_map(|l| l.strip_prefix('┃')?.split('┃').next().map(str::to_owned)).collect()
}

#[test]
fn i_shows_the_feeds_details_wrapped_to_the_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = store(&dir);
    let mut app = app(&store, 80, 40, Settings::default());
    to_feed(&mut app, &store, ids[0]);
    assert_eq!(key(&mut app, &store, 'i'), [Effect::LoadFeedInfo(ids[0])]);
    assert!(matches!(&app.modal, Some(Modal::FeedInfo { info, scroll: 0 }) if info.row.id == ids[0]));

    let (text, _) = screen(&app);
    assert!(text.contains("Feed details (Esc closes)"), "{text}");
    let rows = overlay_rows(&text);
    let want = [
        " Notes from the Garden",
        "",
        " Feed        https://garden.example/feed.xml",
        " Site        https://garden.example/",
        " Description Seeds, soil and the slow work of a vegetable garden, written",
        "             down every week by someone who keeps forgetting what was",
        "             sown where and when, so that next spring goes better than",
        "             the last one did.",
        " Language    en-GB",
        " Author      Ada Greenfield",
        " Generator   Hugo 0.121.1",
        " Tags        garden, weekly",
        " Items       1 unread of 1, 0 starred",
        " Last fetch  Tue 28 Jan 2025 12:13",
        " Logo        https://garden.example/images/logo.png",
    ];
    assert_eq!(rows, want, "{text}");
    assert!(text.contains("o opens the site"), "{text}");

    // o opens the site; Esc closes, and the reader has the keys again.
    assert_eq!(key(&mut app, &store, 'o'), [Effect::OpenUrl("https://garden.example/".into())]);
    assert!(app.modal.is_some(), "the details stay open");
    settle(&mut app, &store, Msg::Key(Key::plain(KeyCode::Esc)));
    assert_eq!(app.modal, None);
    assert!(!screen(&app).0.contains("Feed details"));
}

#[test]
fn a_feed_without_a_title_is_listed_by_its_address_with_its_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = store(&dir);
    // Wide enough for the whole warning in the status line.
    let mut app = app(&store, 130, 30, Settings::default());
    let (text, _) = screen(&app);
    let list = feed_list(&text);
    let listed: Vec<&String> = list.iter().filter(|l| l.contains("x.example") || l.contains("Named")).collect();
    assert_eq!(listed.len(), 2, "{text}");
    assert!(listed[0].contains("! x.example/feed"), "by its address, marked: {text}");
    assert!(listed[1].contains("  Named") && !listed[1].contains("! Named"), "named by the config, no mark: {text}");

    // Selected, it says why; its details say it too.
    to_feed(&mut app, &store, ids[1]);
    let (text, _) = screen(&app);
    let status = text.lines().last().unwrap();
    assert!(status.contains(&format!("{UNTITLED}: {NO_TITLE}")), "{text}");
    key(&mut app, &store, 'i');
    let rows = overlay_rows(&screen(&app).0);
    assert_eq!(rows[0], format!(" {UNTITLED}"));
    let error: String =
        rows.iter().skip_while(|r| !r.starts_with(" Last error")).map(|r| r[13..].trim()).collect::<Vec<_>>().join(" ");
    assert!(error.starts_with(NO_TITLE), "{rows:?}");

    // The config's title hides the warning, in the details too.
    settle(&mut app, &store, Msg::Key(Key::plain(KeyCode::Esc)));
    to_feed(&mut app, &store, ids[2]);
    key(&mut app, &store, 'i');
    let rows = overlay_rows(&screen(&app).0);
    assert_eq!(rows[0], " Named");
    assert!(!rows.iter().any(|r| r.starts_with(" Last error")), "{rows:?}");
}

#[test]
fn the_details_follow_the_feed_of_the_item_in_question_and_the_keymap() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = store(&dir);
    let keys = BTreeMap::from([("feed_info".to_owned(), KeyList::One("I".into()))]);
    let settings = Settings { keymap: Keymap::from_config(&keys).unwrap(), ..Settings::default() };
    // Tall enough for the whole help.
    let mut app = app(&store, 100, 70, settings);
    // On "All items" in the left list there is no feed in question.
    assert_eq!(key(&mut app, &store, 'I'), []);
    assert_eq!(app.modal, None);
    // In the headlines, the selected item's feed.
    settle(&mut app, &store, Msg::Action(Action::NextPane));
    assert_eq!(app.focus, Pane::Headlines);
    let feed = app.selected_headline().unwrap().feed_id;
    assert_eq!(key(&mut app, &store, 'i'), [], "i is no longer bound");
    assert_eq!(key(&mut app, &store, 'I'), [Effect::LoadFeedInfo(feed)]);
    // The help lists the key as bound.
    settle(&mut app, &store, Msg::Key(Key::ch('I')));
    settle(&mut app, &store, Msg::Key(Key::ch('?')));
    let help = screen(&app).0;
    assert!(help.lines().any(|l| l.contains(" I ") && l.contains("show the feed's details")), "{help}");
}

#[test]
fn on_a_small_screen_the_details_scroll() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = store(&dir);
    let mut app = app(&store, 60, 12, Settings::default());
    to_feed(&mut app, &store, ids[0]);
    key(&mut app, &store, 'i');
    let (text, _) = screen(&app);
    let rows = overlay_rows(&text);
    assert_eq!(rows.len(), 8, "{text}");
    assert_eq!(rows[0], " Notes from the Garden");
    assert!(text.contains("1-8 of "), "{text}");
    key(&mut app, &store, 'j');
    assert_eq!(overlay_rows(&screen(&app).0)[0], "", "one line down");
    key(&mut app, &store, 'G');
    let rows = overlay_rows(&screen(&app).0);
    assert!(rows.last().unwrap().starts_with(" Logo"), "the last line at the bottom: {rows:?}");
    let bottom = rows.clone();
    key(&mut app, &store, 'j');
    assert_eq!(overlay_rows(&screen(&app).0), bottom, "not past the end");
    key(&mut app, &store, 'k');
    assert_eq!(overlay_rows(&screen(&app).0)[1..], bottom[..bottom.len() - 1], "one up from the end at once");
    // A larger screen shows it all from where it was.
    settle(&mut app, &store, Msg::Resize { width: 80, height: 40 });
    assert_eq!(overlay_rows(&screen(&app).0)[0], " Notes from the Garden");
}

#[test]
fn control_characters_in_the_details_never_reach_the_screen() {
    // Not in the feed list: only the overlay shows it.
    let mut app = App::new(80, 30, 0);
    let row = FeedRow {
        id: FeedId(1),
        url: "https://evil.example/feed".into(),
        title: "Evil \u{1b}]0;owned\u{7} feed".into(),
        ..FeedRow::default()
    };
    let info = FeedInfo {
        row,
        site_url: Some("https://evil.example/\u{1b}[2J".into()),
        details: FeedDetails {
            description: Some("red \u{1b}[31mtext\u{1b}[0m and \u{9b}6n a bell\u{7}\r\nnext".into()),
            generator: Some("gen\u{0}erator".into()),
            ..FeedDetails::default()
        },
        configured: true,
        ..FeedInfo::default()
    };
    update(&mut app, Msg::FeedInfoLoaded(Box::new(info)));
    let (text, buffer) = screen(&app);
    for cell in buffer.content() {
        assert!(!cell.symbol().chars().any(|c| c.is_control()), "{:?} on screen:\n{text}", cell.symbol());
    }
    // Not just the control characters: the sequences they start are gone too.
    let rows = overlay_rows(&text);
    let all = rows.join("\n");
    for leak in ["[31m", "[0m", "]0;owned", "[2J", "6n"] {
        assert!(!all.contains(leak), "{leak:?} shown: {rows:?}");
    }
    assert_eq!(rows[0], " Evil feed");
    assert!(rows.iter().any(|r| r.contains("red text and a bell next")), "{rows:?}");
}

#[test]
fn a_failed_fetch_says_when_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = store(&dir);
    store.record_failure(ids[0], "HTTP 503 Service Unavailable", NOW).unwrap();
    let mut app = app(&store, 80, 40, Settings::default());
    to_feed(&mut app, &store, ids[0]);
    key(&mut app, &store, 'i');
    let rows = overlay_rows(&screen(&app).0);
    let from = rows.iter().position(|r| r.starts_with(" Last fetch")).expect("the last fetch");
    assert_eq!(
        rows[from..from + 3],
        [
            " Last fetch  Tue 28 Jan 2025 12:13",
            " Failed at   Tue 28 Jan 2025 13:13",
            " Last error  HTTP 503 Service Unavailable"
        ],
        "{rows:?}"
    );
}
