//! End to end in a pseudo-terminal: search, star, mark a feed read, undo,
//! the mouse, and hide-read kept across runs; checked on the screen and in
//! the database the binary leaves behind.

use crate::common::StoreExt;
use crate::common::bin::Files;
use crate::common::pty::Tui;
use tidings::model::View;

const SEED: &str = include_str!("../fixtures/feeds/seed.xml");
const RSS: &str = include_str!("../fixtures/feeds/rss.xml");
const SEED_TITLE: &str = "L’ascension fulgurante";

fn setup() -> Files {
    setup_with("")
}

/// `setup` with `settings` (top-level keys) before the feeds.
fn setup_with(settings: &str) -> Files {
    let feeds = "[[feeds]]\nurl = \"seed.xml\"\ntitle = \"Le Fil Tech\"\n\n[[feeds]]\nurl = \"rss.xml\"\ntitle = \"Plain RSS\"\n";
    let files = Files::new(&format!("{settings}{feeds}"));
    files.write("seed.xml", SEED);
    files.write("rss.xml", RSS);
    files
}

fn launch(s: &Files) -> Tui {
    s.tui(110, 30)
}

#[test]
fn search_star_mark_a_feed_read_and_undo() {
    let s = setup();
    let mut tui = launch(&s);
    tui.wait_for("both feeds loaded", |screen| screen.contains(SEED_TITLE) && screen.contains("Third note"));

    // Search without the accent; the result list narrows as the word is typed.
    tui.send("/generative");
    tui.wait_for("one result", |screen| {
        screen.contains("All items · 1 · /generative") && !screen.contains("Third note")
    });
    tui.send("\r");
    tui.send("s");
    tui.wait_for("the star", |screen| screen.lines().any(|l| l.contains(SEED_TITLE) && l.contains('★')));
    tui.send("\x1b"); // Esc: the search ends, every item is back
    tui.wait_for("all items again", |screen| screen.contains("Third note") && !screen.contains("/generative"));

    // "Plain RSS" is the last entry of the left list.
    tui.send("h");
    tui.send("G");
    tui.wait_for_text("Plain RSS · 3");
    tui.send("A");
    tui.wait_for_text("marked 3 items read (U undoes)");
    let unread = |s: &Files| s.store().headlines(View::All).unwrap().iter().filter(|h| !h.read).count();
    assert_eq!(unread(&s), 2, "only the seed feed's items are unread");
    tui.send("U");
    tui.wait_for_text("undone: 3 items unread again");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    assert_eq!(unread(&s), 5, "the undo restored exactly the three");
    let starred = s.store().headlines_page(&View::Starred.into(), 0, 10).unwrap();
    assert_eq!(starred.len(), 1);
    assert!(starred[0].title.starts_with(SEED_TITLE));
    assert_eq!(s.store().undo_bulk_mark().unwrap(), None, "the undone mark is forgotten");
}

/// A word arriving faster than searches answer (pasted, or typed while a
/// search runs) is searched once: the search of each key before the last
/// would be stale before it ran. Counted in the debug log, one line a read.
#[test]
fn a_word_typed_at_once_is_searched_once() {
    // Stored and indexed beforehand, and no refresh at start: a search shown
    // while a refresh's items are indexed is read again once they are, which
    // would be a second read for another reason.
    let s = setup_with("refresh_on_start = false\n");
    assert!(s.run(&["refresh"]).status.success());
    assert!(s.run(&["list", "--search", "generative"]).status.success(), "the index caught up");
    let mut tui = Tui::at(&s.config, &s.data, &[("TIDINGS_LOG", "debug")], 110, 30);
    tui.wait_for("both feeds loaded", |screen| screen.contains(SEED_TITLE) && screen.contains("Third note"));
    tui.send("/generative");
    tui.wait_for("one result", |screen| {
        screen.contains("All items · 1 · /generative") && !screen.contains("Third note")
    });
    tui.send("\r");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let log = std::fs::read_to_string(s.data.join("tidings.log")).expect("the log");
    let searches = log.lines().filter(|l| l.contains("headline window read") && l.contains("search=true")).count();
    assert_eq!(searches, 1, "one search for the whole word:\n{log}");
}

#[test]
fn clicks_and_hide_read_kept_across_runs() {
    let s = setup();
    let mut tui = launch(&s);
    tui.wait_for_text("Third note");
    // A left click (SGR report, 1-based) on the 4th row of the left list: Le Fil Tech.
    tui.send("\x1b[<0;5;5M\x1b[<0;5;5m");
    tui.wait_for("the clicked feed", |screen| screen.contains("Le Fil Tech · 2") && !screen.contains("Third note"));
    tui.send("u");
    tui.wait_for_text("Feeds (unread)");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!tui.contents().contains("\x1b[<"), "no mouse report leaks as text");

    let tui = launch(&s);
    tui.wait_for_text("Feeds (unread)");
    assert_eq!(s.store().ui_state("hide_read").unwrap().as_deref(), Some("1"));
}
