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
    assert!(copied(&tui.output()).is_empty(), "nothing copied before `y`");
    tui.send("y");
    tui.wait_for("the copy reported", |s| s.contains("copied") && s.contains("/2025/01/28/ascension-deepseek/"));
    // The terminal was handed the link itself (OSC 52), not only told about it.
    assert_eq!(copied(&tui.output()), [server.url("/2025/01/28/ascension-deepseek/")]);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// What the program put on the terminal's clipboard: the text of each OSC 52
/// sequence (`ESC ] 52 ; c ; <base64> BEL`) in `out`.
fn copied(out: &[u8]) -> Vec<String> {
    use base64::Engine;
    const OSC52: &[u8] = b"\x1b]52;c;";
    let mut found = Vec::new();
    let mut rest = out;
    while let Some(at) = rest.windows(OSC52.len()).position(|w| w == OSC52) {
        rest = &rest[at + OSC52.len()..];
        let end = rest.iter().position(|&b| b == 0x07).expect("OSC 52 ends with BEL");
        let text = base64::engine::general_purpose::STANDARD.decode(&rest[..end]).expect("OSC 52 carries base64");
        found.push(String::from_utf8(text).expect("UTF-8"));
        rest = &rest[end..];
    }
    found
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
