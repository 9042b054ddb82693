//! The reader with rules: the Hidden view lists what rules hid and `H`
//! brings an item back; `U` after `tidings rules apply` takes the last
//! rule's application back. Real config, real store, the real effects
//! executor, the screen drawn on a TestBackend.

use std::collections::VecDeque;
use std::path::Path;

use crate::common::StoreExt;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tidings::app::{App, Effect, Key, Msg, Settings, Status, update};
use tidings::config::Config;
use tidings::model::{FeedId, ParsedFeed, ParsedItem, View};
use tidings::store::Store;
use tidings::ui::effects::Executor;

const NOW: i64 = 1_738_070_000;

fn item(guid: &str, title: &str) -> ParsedItem {
    ParsedItem { guid: guid.into(), title: title.into(), published: Some(NOW - 3600), ..ParsedItem::default() }
}

/// A config with a hide rule and a read rule, a store holding one fetch of
/// its feed (the rules acted on it), and the reader on them.
fn reader(dir: &Path) -> (App, Executor, Config, FeedId) {
    let config_path = dir.join("config.toml");
    let text = "[[feeds]]\nurl = \"https://news.example/feed\"\ntitle = \"News\"\n\n\
                [[rules]]\nquery = \"title:/^Sponsored/\"\naction = \"hide\"\n";
    let config = Config::parse(text, &config_path).unwrap();
    let mut store = Store::open(&dir.join("tidings.db")).unwrap();
    let feed = store.sync_feeds(&config.sources(&config_path)).unwrap()[0];
    store.set_rules(config.rules_for(&config_path));
    let parsed = ParsedFeed {
        items: vec![item("1", "Sponsored: mattress"), item("2", "Kernel news"), item("3", "Weekly digest")],
        ..ParsedFeed::default()
    };
    store.ingest(feed, &parsed, NOW).unwrap();
    let settings = Settings::from_config(&config, false);
    let mut app = App::with_settings(100, 20, 0, settings);
    update(&mut app, Msg::Now(NOW));
    let exec = Executor { store: Some(store), ..Executor::none() };
    (app, exec, config, feed)
}

/// Applies `msg` and every message the effects answer with, as the runtime does.
fn run(app: &mut App, exec: &mut Executor, msg: Msg) {
    let mut queue = VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in update(app, msg) {
            if let Effect::RenderArticle { article, source, width } = effect {
                let rendered = tidings::article::render(&article, source, width.into(), app.utc_offset);
                queue.push_back(Msg::ArticleRendered(std::sync::Arc::new(rendered)));
            } else if let Some(answer) = exec.execute(effect) {
                queue.push_back(answer);
            }
        }
    }
}

fn start(app: &mut App, exec: &mut Executor) {
    for effect in app.start() {
        if let Some(msg) = exec.execute(effect) {
            run(app, exec, msg);
        }
    }
}

fn key(app: &mut App, exec: &mut Executor, c: char) {
    run(app, exec, Msg::Key(Key::ch(c)));
}

fn screen(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    term.draw(|f| tidings::render::draw(app, f)).unwrap();
    let buffer = term.backend().buffer().clone();
    let width = buffer.area.width as usize;
    let symbols: Vec<&str> = buffer.content.iter().map(|c| c.symbol()).collect();
    symbols.chunks(width).map(|row| row.concat()).collect::<Vec<_>>().join("\n")
}

/// Moves the left list's selection down to the Hidden view.
fn go_to_hidden(app: &mut App, exec: &mut Executor) {
    let at = app.nav.iter().position(|v| *v == View::Hidden).expect("the Hidden view is listed");
    while app.feed_sel < at {
        key(app, exec, 'j');
    }
    assert_eq!(app.view, View::Hidden);
}

#[test]
fn the_hidden_view_lists_what_rules_hid_and_h_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut exec, _, _) = reader(dir.path());
    start(&mut app, &mut exec);
    // Listed after the views, before the feeds.
    assert_eq!(app.nav[..4], [View::All, View::Unread, View::Starred, View::Hidden]);
    let all = screen(&app);
    assert!(all.contains("Kernel news") && !all.contains("Sponsored"), "{all}");

    go_to_hidden(&mut app, &mut exec);
    let hidden = screen(&app);
    assert!(hidden.contains("Hidden · 1"), "{hidden}");
    assert!(hidden.contains("Sponsored: mattress") && !hidden.contains("Kernel news"), "{hidden}");
    // A hidden item keeps its marks: m and s do not write.
    key(&mut app, &mut exec, 'l');
    key(&mut app, &mut exec, 's');
    assert_eq!(app.status, Status::Info("a hidden item: H brings it back".into()));
    // Its article opens (from the hidden copy).
    key(&mut app, &mut exec, 'l');
    assert_eq!(app.article.as_ref().map(|a| a.article.title.as_str()), Some("Sponsored: mattress"));

    key(&mut app, &mut exec, 'H');
    assert_eq!(app.status, Status::Info("unhidden: the item is back in its feed".into()));
    assert_eq!(app.headlines.total, 0);
    let store = exec.store.as_ref().unwrap();
    assert!(store.headlines(View::All).unwrap().iter().any(|h| h.title == "Sponsored: mattress"));
    assert_eq!(store.feeds().unwrap()[0].total, 3);
}

#[test]
fn u_after_rules_apply_takes_the_last_rule_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut exec, config, _) = reader(dir.path());
    // As `tidings rules apply` does, through its own connection.
    let text = "[[feeds]]\nurl = \"https://news.example/feed\"\ntitle = \"News\"\n\n\
                [[rules]]\nquery = \"digest or kernel\"\naction = \"hide\"\n";
    let path = dir.path().join("config.toml");
    let rules = Config::parse(text, &path).unwrap().rules_for(&path);
    let mut cli = Store::open(&dir.path().join("tidings.db")).unwrap();
    assert_eq!(cli.apply_rules(&rules, false).unwrap()[0].changes, 2);
    drop(config);
    start(&mut app, &mut exec);
    assert_eq!(app.headlines.total, 0, "every item is hidden now");
    key(&mut app, &mut exec, 'U');
    assert_eq!(app.status, Status::Info("undone rule hide: digest or kernel: 2 items as before".into()));
    let all = screen(&app);
    assert!(all.contains("Kernel news") && all.contains("Weekly digest"), "{all}");
    assert!(!all.contains("Sponsored"), "what the rule hid on arrival stays hidden");
    // Nothing more to undo: the arrival rule is not a bulk level.
    key(&mut app, &mut exec, 'U');
    assert_eq!(app.status, Status::Info("nothing to undo".into()));
}
