//! `[[highlight]]`: the store finds which rows of a window each query
//! matches, and the headline list draws their titles in the style; checked
//! on the cells of the drawn buffer.

use crate::common::StoreExt;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tidings::app::{App, Msg, Settings, update};
use tidings::config::Config;
use tidings::model::{ParsedFeed, ParsedItem};
use tidings::store::Store;
use tidings::ui::effects::Executor;

const NOW: i64 = 1_738_070_000;

const CONFIG: &str = r##"
[[feeds]]
url = "https://news.example/feed"
title = "News"

[[rules]]
query = "kernel"
tag = "linux"

[[highlight]]
query = "tag:linux"
style = { fg = "yellow", bold = true }

[[highlight]]
query = "title:/urgent/i or tag:linux"
style = "#ff0000"
"##;

fn item(guid: &str, title: &str, age: i64) -> ParsedItem {
    ParsedItem { guid: guid.into(), title: title.into(), published: Some(NOW - age), ..ParsedItem::default() }
}

fn drawn() -> Buffer {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let config = Config::parse(CONFIG, &path).unwrap();
    let mut store = Store::open(&dir.path().join("tidings.db")).unwrap();
    let feed = store.sync_feeds(&config.sources(&path)).unwrap()[0];
    store.set_rules(config.rules_for(&path));
    let items =
        vec![item("1", "Kernel 7.0 released", 60), item("2", "URGENT: patch now", 120), item("3", "Plain news", 180)];
    store.ingest(feed, &ParsedFeed { items, ..ParsedFeed::default() }, NOW).unwrap();
    store.set_highlights(config.highlight_filters());
    let mut app = App::with_settings(100, 12, 0, Settings::from_config(&config, false));
    update(&mut app, Msg::Now(NOW));
    let mut exec = Executor { store: Some(store), ..Executor::none() };
    for effect in app.start() {
        if let Some(msg) = exec.execute(effect) {
            update(&mut app, msg);
        }
    }
    assert_eq!(app.headlines.highlights.len(), 2, "found with the window: {:?}", app.headlines.highlights);
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    term.draw(|f| tidings::render::draw(&app, f)).unwrap();
    term.backend().buffer().clone()
}

/// The cell where `text` starts on screen.
fn find(buffer: &Buffer, text: &str) -> (u16, u16) {
    for y in 0..buffer.area.height {
        let row: String = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect();
        if let Some(i) = row.find(text) {
            return (row[..i].chars().count() as u16, y);
        }
    }
    panic!("{text} is not on screen");
}

#[test]
fn matching_titles_take_the_first_matching_style() {
    let buffer = drawn();
    // Both queries match the kernel item: the first one's style wins.
    let (x, y) = find(&buffer, "Kernel 7.0");
    for dx in 0..10 {
        let cell = &buffer[(x + dx, y)];
        assert_eq!(cell.fg, Color::Yellow, "cell {dx} of the kernel title");
        assert!(cell.modifier.contains(Modifier::BOLD));
    }
    let (x, y) = find(&buffer, "URGENT");
    assert_eq!(buffer[(x, y)].fg, Color::Rgb(0xff, 0, 0));
    // A title nothing matches keeps the theme's unread style.
    let (x, y) = find(&buffer, "Plain news");
    let plain = &buffer[(x, y)];
    assert!(plain.fg != Color::Yellow && plain.fg != Color::Rgb(0xff, 0, 0), "{plain:?}");
    // Only the title: the date column before it is not highlighted.
    let (x, y) = find(&buffer, "URGENT");
    assert_ne!(buffer[(x - 3, y)].fg, Color::Rgb(0xff, 0, 0));
}
