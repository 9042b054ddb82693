//! The reading view in a pseudo-terminal: `f` fetches the full article from
//! the loopback server and shows it; `L` lists the links; `y` copies.

use crate::common;
use crate::common::bin::Files;
use crate::common::pty::Tui;
use crate::common::{assert_reads_like_the_article, seed_article_server};

const TITLE: &str = "L’ascension fulgurante";

/// The text inside the focused (thick-bordered) article pane, row by row.
fn article_pane(screen: &str) -> String {
    let mut out = String::new();
    for row in screen.lines() {
        if let (Some(start), Some(end)) = (row.find('┃'), row.rfind('┃'))
            && end > start
        {
            out.push_str(row[start + '┃'.len_utf8()..end].trim());
            out.push('\n');
        }
    }
    out
}

/// tidings subscribed to the seed server's excerpt feed, in a `cols`×`rows` terminal.
fn launch(server: &common::TestServer, cols: u16, rows: u16) -> (Files, Tui) {
    let files = Files::new(&format!("[[feeds]]\nurl = \"{}\"\n", server.url("/feed/")));
    let tui = files.tui(cols, rows);
    (files, tui)
}

#[test]
fn f_shows_the_full_article_and_f_again_the_excerpt() {
    let server = seed_article_server();
    // Tall enough for the whole article to fit in the pane.
    let (_dir, mut tui) = launch(&server, 120, 110);
    tui.wait_for_text(TITLE);
    tui.send("\r\r"); // headlines, then open the first item
    tui.wait_for("the excerpt", |s| s.contains("Maison Blanche. […]"));
    tui.send("f");
    let screen = tui.wait_for("the full article", |s| s.contains("Marc Andreessen") && s.contains("Links"));
    assert!(screen.contains("the article from its web page"), "{screen}");
    assert_reads_like_the_article(&article_pane(&screen));
    assert_eq!(server.hits("/2025/01/28/ascension-deepseek/"), 1);

    tui.send("f");
    tui.wait_for("the excerpt again", |s| s.contains("Maison Blanche. […]") && !s.contains("Marc Andreessen"));
    tui.send("f"); // stored: no second fetch
    tui.wait_for_text("Marc Andreessen");
    assert_eq!(server.hits("/2025/01/28/ascension-deepseek/"), 1);

    tui.send("L");
    tui.wait_for("the link list", |s| s.contains("Links (1–9 or # opens") && s.contains("deepseek-696x392.jpg"));
    tui.send("\u{1b}");
    tui.wait_for("the list closed", |s| !s.contains("Links (1–9 or # opens"));
    tui.send("y");
    tui.wait_for("the copy reported", |s| s.contains("copied") && s.contains("/2025/01/28/ascension-deepseek/"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_page_that_fails_is_reported_and_the_excerpt_stays() {
    let server = seed_article_server();
    let (_dir, mut tui) = launch(&server, 120, 40);
    tui.wait_for_text("Nvidia : la chute");
    tui.send("\rj\r"); // the second item, whose page is missing
    tui.wait_for_text("Près de 590 milliards");
    tui.send("f");
    let screen = tui.wait_for("the failure", |s| s.contains("full text: HTTP 404"));
    assert!(screen.contains("Près de 590 milliards"), "the excerpt stays:\n{screen}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
