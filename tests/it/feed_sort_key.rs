//! `F` in the real binary: the feed list goes by name, then most unread
//! first, then back to the config's order, and the status line says which.

use crate::common::bin::Files;
use crate::common::pty::Tui;
use crate::common::{Response, TestServer};

/// A feed of `n` items titled "`tag` item k".
fn feed(tag: &str, n: usize) -> String {
    let items: String = (1..=n)
        .map(|k| {
            format!(
                "<item><title>{tag} item {k}</title><guid>{tag}-{k}</guid>\
                 <pubDate>Mon, 01 Dec 2025 {k:02}:00:00 GMT</pubDate></item>"
            )
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{tag}</title>{items}</channel></rss>")
}

/// The feed names in the order the left pane lists them.
fn listed(tui: &Tui, names: &[&str]) -> Vec<String> {
    let screen = tui.contents();
    let mut rows: Vec<(usize, String)> = names
        .iter()
        .map(|name| {
            let row = screen.lines().position(|l| pane(l).contains(name));
            (row.unwrap_or_else(|| panic!("{name} is not listed:\n{screen}")), name.to_string())
        })
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, name)| name).collect()
}

/// The left pane's part of a screen row.
fn pane(row: &str) -> String {
    row.chars().take(28).collect()
}

#[test]
fn f_sorts_the_feeds_by_name_then_by_unread_then_as_configured() {
    let server = TestServer::start();
    // Config order: Zulu (1 unread), Alpha (2), Mike (3): each sort is a different order.
    let feeds = [("Zulu", 1), ("Alpha", 2), ("Mike", 3)];
    let mut config = String::new();
    for (name, n) in feeds {
        server.route(&format!("/{name}.xml"), Response::rss(feed(&name.to_lowercase(), n)));
        config
            .push_str(&format!("[[feeds]]\nurl = \"{}\"\ntitle = \"{name}\"\n\n", server.url(&format!("/{name}.xml"))));
    }
    let files = Files::new(&config);
    let mut tui = files.tui(100, 24);
    tui.wait_for("every feed counted", |s| {
        s.lines().any(|l| pane(l).contains("Zulu") && pane(l).contains('1'))
            && s.lines().any(|l| pane(l).contains("Mike") && pane(l).contains('3'))
            && s.lines().any(|l| pane(l).contains("Alpha") && pane(l).contains('2'))
    });
    let names = ["Zulu", "Alpha", "Mike"];
    assert_eq!(listed(&tui, &names), ["Zulu", "Alpha", "Mike"]);

    tui.send("F");
    tui.wait_for_text("feeds by name");
    assert_eq!(listed(&tui, &names), ["Alpha", "Mike", "Zulu"]);
    tui.send("F");
    tui.wait_for_text("feeds most unread first");
    assert_eq!(listed(&tui, &names), ["Mike", "Alpha", "Zulu"]);
    tui.send("F");
    tui.wait_for_text("feeds config order");
    assert_eq!(listed(&tui, &names), ["Zulu", "Alpha", "Mike"]);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
