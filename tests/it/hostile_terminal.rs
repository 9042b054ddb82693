//! The terminal is never the attacker's: a feed full of escape sequences is
//! fetched over HTTP and read in the real binary; the bytes it writes to the
//! pseudo-terminal carry no OSC/DCS/APC/PM/SOS sequence, no C1 control, no
//! bell and no bidi override.

use crate::common::bin::Files;
use crate::common::{Response, TestServer};

const EVIL: &str = "\u{1b}]0;pwned-title\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}P+q\u{1b}\\\u{9b}2J\u{202e}";

fn hostile_feed() -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Evil{EVIL} feed</title>\
         <item><title>Evil{EVIL} headline</title><guid>1</guid><link>https://evil.example/a{EVIL}</link>\
         <author>mallory{EVIL}</author>\
         <description><![CDATA[<p>Body {EVIL} text &#27;]0;pwned-entity&#7; end</p>]]></description></item>\
         </channel></rss>"
    )
}

/// Byte sequences that must never leave tidings for the terminal.
fn forbidden(out: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(out);
    // The payload's words may survive as inert text (an unterminated OSC loses
    // only its introducer, a link shows percent-encoded); what matters is that
    // no sequence the terminal would act on gets through.
    let checks: [(&str, bool); 6] = [
        ("OSC (ESC ])", out.windows(2).any(|w| w == b"\x1b]")),
        ("DCS (ESC P)", out.windows(2).any(|w| w == b"\x1bP")),
        ("APC/PM/SOS", out.windows(2).any(|w| w == b"\x1b_" || w == b"\x1b^" || w == b"\x1bX")),
        ("BEL", out.contains(&0x07)),
        ("C1 control", text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c))),
        (
            "bidi override",
            text.chars().any(|c| ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)),
        ),
    ];
    checks.iter().find(|(_, hit)| *hit).map(|(name, _)| *name)
}

#[test]
fn escape_sequences_from_a_feed_never_reach_the_terminal() {
    let server = TestServer::start();
    server.route("/evil.xml", Response::rss(hostile_feed()));
    let files = Files::new(&format!("[[feeds]]\nurl = \"{}\"\n", server.url("/evil.xml")));
    let mut tui = files.tui(100, 30);
    tui.wait_for_text("headline");
    tui.send("\r"); // focus the headlines
    tui.wait_for_text("┏ All items");
    tui.send("\r"); // open the item
    tui.wait_for_text("end");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let out = tui.output();
    assert!(out.len() > 1000, "the screen was drawn");
    if let Some(what) = forbidden(&out) {
        panic!("{what} reached the terminal: {:?}", String::from_utf8_lossy(&out));
    }
    // Nor the log file, which the session wrote (the evil feed's refresh is in it).
    let log = std::fs::read(files.data.join("tidings.log")).expect("the session wrote its log");
    assert!(String::from_utf8_lossy(&log).contains("feed stored"), "the refresh is logged");
    assert!(!log.contains(&0x1b), "ESC in the log");
}

#[test]
fn headless_output_is_plain_text_too() {
    let server = TestServer::start();
    server.route("/evil.xml", Response::rss(hostile_feed()));
    let files = Files::new(&format!("[[feeds]]\nurl = \"{}\"\n", server.url("/evil.xml")));
    let out = files.run(&["refresh"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Evil"), "the title is still printed");
}
