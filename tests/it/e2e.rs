//! End to end: the built binary in a pseudo-terminal, asserted on its screen
//! and on the database it leaves behind.

use std::path::Path;

use crate::common;
use crate::common::StoreExt;
use crate::common::bin::Files;
use crate::common::pty::Tui;
use tidings::model::View;
use tidings::store::Store;

const SEED: &str = include_str!("../fixtures/feeds/seed.xml");
const SEED_TITLE: &str = "L’ascension fulgurante";

/// A config subscribed to the seed feed as a local file next to it.
fn setup() -> Files {
    let files = Files::new("refresh_on_start = true\n\n[[feeds]]\nurl = \"seed.xml\"\ntitle = \"Le Fil Tech\"\n");
    files.write("seed.xml", SEED);
    files
}

fn launch(s: &Files) -> Tui {
    s.tui(110, 30)
}

fn read_flag(data: &Path, title_prefix: &str) -> bool {
    let store = Store::open(&data.join("tidings.db")).unwrap();
    let all = store.headlines(View::All).unwrap();
    all.iter().find(|h| h.title.starts_with(title_prefix)).expect("item stored").read
}

/// Opens the first headline (the seed article) and waits until it is shown.
fn open_first_item(tui: &mut Tui) {
    tui.wait_for_text(SEED_TITLE);
    let row = tui.row_with(SEED_TITLE).unwrap();
    assert!(row.contains('●'), "starts unread: {row}");
    tui.send("\r"); // feeds -> headlines
    tui.send("\r"); // open
    tui.wait_for_text("«\u{a0}Impressionnant");
}

#[test]
fn mark_read_quit_relaunch_still_read() {
    let s = setup();
    let mut tui = launch(&s);
    open_first_item(&mut tui);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!tui.alternate_screen(), "terminal left the alternate screen");
    assert!(read_flag(&s.data, "L’ascension"));

    let tui = launch(&s);
    tui.wait_for_text(SEED_TITLE);
    let row = tui.row_with(SEED_TITLE).unwrap();
    assert!(!row.contains('●'), "still read after relaunch: {row}");
}

#[test]
fn mark_read_sigkill_relaunch_still_read() {
    let s = setup();
    let mut tui = launch(&s);
    open_first_item(&mut tui);
    tui.kill9();
    assert!(read_flag(&s.data, "L’ascension"));

    let tui = launch(&s);
    tui.wait_for_text(SEED_TITLE);
    let row = tui.row_with(SEED_TITLE).unwrap();
    assert!(!row.contains('●'), "still read after SIGKILL: {row}");
}

#[test]
fn toggling_read_with_m_is_saved() {
    let s = setup();
    let mut tui = launch(&s);
    open_first_item(&mut tui);
    tui.send("h"); // back to headlines
    tui.send("m"); // unread again
    tui.wait_for("unread marker back", |screen| screen.lines().any(|l| l.contains(SEED_TITLE) && l.contains('●')));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!read_flag(&s.data, "L’ascension"));
}

#[test]
fn welcome_screen_without_config_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("nowhere").join("config.toml");
    let data = dir.path().join("data");
    let mut tui = Tui::at(&config, &data, &[], 80, 24);
    tui.wait_for_text("Welcome to tidings");
    tui.wait_for_text("tidings import-newsboat");
    // The address prompt, abandoned: still nothing to write.
    tui.send("a");
    tui.wait_for_text("add feed (address or site):");
    tui.send("\x1b");
    tui.wait_for("the prompt gone", |screen| !screen.contains("add feed (address"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(!config.exists() && !data.exists(), "nothing is written unasked");
}

#[test]
fn bad_config_exits_2_before_touching_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "refresh_interval = 30\nbogus = 1\n").unwrap();
    let out = common::bin::run(&config, &dir.path().join("d"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let expected = format!("tidings: {}:2:1: ", config.display());
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.contains("bogus"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(out.stdout.is_empty(), "nothing drawn: {:?}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn feeds_over_http_load_while_a_failing_one_is_marked() {
    let server = common::fixture_server();
    let feeds: String = [("/seed.xml", "Le Fil Tech"), ("/broken", "Broken Feed"), ("/rss.xml", "Plain RSS")]
        .iter()
        .map(|(path, title)| format!("[[feeds]]\nurl = \"{}\"\ntitle = \"{title}\"\n\n", server.url(path)))
        .collect();
    let files = Files::new(&feeds);
    let mut tui = files.tui(110, 30);
    tui.wait_for_text(SEED_TITLE);
    // Once the refresh is over, the status line names the failed feed and its error.
    tui.wait_for("the failed feed marked and its error shown", |s| {
        s.contains("! Broken Feed") && s.contains("Broken Feed: HTTP 500")
    });
    // The other feeds loaded in full.
    tui.send("jjjjj"); // past All, Unread, Starred and two feeds: "Plain RSS"
    let screen = tui.wait_for("only its headlines", |s| s.contains("Third note") && !s.contains("L’ascension"));
    assert!(screen.contains("First note") && screen.contains("Second note"), "{screen}");
    assert!(server.hits("/broken") >= 1);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
