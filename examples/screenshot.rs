//! Writes `assets/screenshot.svg`, the README's picture of the reader: the
//! real app state and renderer (as `tests/render.rs` builds them: the seed
//! feed through the real parser, three feeds, the seed article open) drawn
//! on a ratatui TestBackend, each cell with its colours and modifiers.
//!
//! cargo run --example screenshot            # writes assets/screenshot.svg
//! cargo run --example screenshot -- FILE    # writes FILE

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use std::fmt::Write as _;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tidings::app::{Action, App, Effect, HeadlineRequest, Msg, Window, update};
use tidings::model::{Article, FeedId, FeedRow, Headline, ItemId, View};
use unicode_width::UnicodeWidthStr;

const SEED: &[u8] = include_bytes!("../tests/fixtures/feeds/seed.xml");
const SEED_URL: &str = "https://lefiltech.example/feed/";
/// A few hours after the seed article (Tue 28 Jan 2025 08:14 UTC), as in tests/render.rs.
const NOW: i64 = 1_738_070_000;
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// Cell size and font, in SVG pixels.
const CELL_W: f64 = 8.4;
const CELL_H: f64 = 18.0;
const FONT_SIZE: f64 = 14.0;
const FOREGROUND: &str = "#d4d4d4";
const BACKGROUND: &str = "#1e1e1e";

fn main() -> anyhow::Result<()> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "assets/screenshot.svg".into());
    std::fs::write(&out, screenshot()?)?;
    println!("wrote {out}");
    Ok(())
}

/// The picture, as SVG text (`tests/docs.rs` checks the committed one is current).
pub fn screenshot() -> anyhow::Result<String> {
    let app = reader()?;
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT))?;
    term.draw(|f| tidings::render::draw(&app, f))?;
    Ok(svg(term.backend().buffer()))
}

/// The reader with three feeds, "All items" listed and the seed article open.
fn reader() -> anyhow::Result<App> {
    let parsed = tidings::parse::parse_feed(SEED, SEED_URL)?;
    let mut app = App::new(WIDTH, HEIGHT, 0);
    update(&mut app, Msg::Now(NOW));
    let feed = |id: i64, title: &str, unread: u32, tags: &[&str], error: Option<&str>| FeedRow {
        id: FeedId(id),
        url: format!("https://example.com/{id}.xml"),
        title: title.into(),
        unread,
        total: unread + 2,
        last_error: error.map(String::from),
        last_fetched: Some(1_738_000_000),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..FeedRow::default()
    };
    let feeds = vec![
        feed(1, "Le Fil Tech", parsed.items.len() as u32, &["tech", "fr"], None),
        feed(2, "Rust Blog", 1, &["rust", "tech"], None),
        feed(3, "Broken Feed", 0, &[], Some("HTTP 500")),
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
            date: item.published.unwrap_or(NOW),
            content: item.content.clone(),
            ..Article::default()
        })
        .collect();
    articles.push(Article {
        id: ItemId(10),
        feed_id: FeedId(2),
        feed_title: "Rust Blog".into(),
        title: "東京で Rust 勉強会 🦀 — meetup notes".into(),
        date: 1_737_900_000,
        content: Some("<p>Short.</p>".into()),
        ..Article::default()
    });
    let mut rows: Vec<Headline> = articles
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
    rows.push(Headline {
        id: ItemId(11),
        feed_id: FeedId(2),
        title: "An older item that was already read".into(),
        date: 1_700_000_000,
        read: true,
        starred: false,
    });
    let window = Window { total: rows.len(), offset: 0, rows, ..Window::default() };
    update(&mut app, Msg::HeadlinesLoaded { query: HeadlineRequest::top(View::All), window, selected: Some(0) });
    // Enter twice, as the user would: to the headlines, then open the first.
    update(&mut app, Msg::Action(Action::Open));
    update(&mut app, Msg::Action(Action::Open));
    // The runtime's part: the article loaded, then laid out (the render worker's job).
    let mut queue = vec![Msg::ArticleLoaded(articles[0].clone())];
    while let Some(msg) = queue.pop() {
        for effect in update(&mut app, msg) {
            if let Effect::RenderArticle { article, source, width } = effect {
                let rendered = tidings::article::render(&article, source, width.into(), app.utc_offset);
                queue.push(Msg::ArticleRendered(std::sync::Arc::new(rendered)));
            }
        }
    }
    anyhow::ensure!(app.article.is_some(), "the seed article did not open");
    Ok(app)
}

/// A terminal-like palette for the named colours.
fn colour(c: Color) -> Option<String> {
    Some(
        match c {
            Color::Reset => return None,
            Color::Black => "#000000",
            Color::Red => "#f14c4c",
            Color::Green => "#23d18b",
            Color::Yellow => "#e5e510",
            Color::Blue => "#3b8eea",
            Color::Magenta => "#d670d6",
            Color::Cyan => "#29b8db",
            Color::Gray => "#cccccc",
            Color::DarkGray => "#666666",
            Color::LightRed => "#f14c4c",
            Color::LightGreen => "#23d18b",
            Color::LightYellow => "#f5f543",
            Color::LightBlue => "#3b8eea",
            Color::LightMagenta => "#d670d6",
            Color::LightCyan => "#29b8db",
            Color::White => "#ffffff",
            Color::Rgb(r, g, b) => return Some(format!("#{r:02x}{g:02x}{b:02x}")),
            Color::Indexed(i) => return Some(indexed(i)),
        }
        .to_owned(),
    )
}

/// xterm's 256 colours: the 6×6×6 cube and the grey ramp (the first 16 as named).
fn indexed(i: u8) -> String {
    match i {
        0..=15 => "#808080".into(),
        16..=231 => {
            let i = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            format!("#{:02x}{:02x}{:02x}", level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        _ => {
            let v = 8 + (i - 232) * 10;
            format!("#{v:02x}{v:02x}{v:02x}")
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// One `<rect>` per run of background and one `<text>` per run of same-styled
/// cells, each run stretched to its cells so wide characters keep the grid.
fn svg(buf: &Buffer) -> String {
    let (w, h) = (f64::from(buf.area.width) * CELL_W, f64::from(buf.area.height) * CELL_H);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="{FONT_SIZE}">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="{BACKGROUND}"/>"#);
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            let style = cell.style();
            let reversed = style.add_modifier.contains(Modifier::REVERSED);
            let mut fg = style.fg.and_then(colour).unwrap_or_else(|| FOREGROUND.into());
            let mut bg = style.bg.and_then(colour);
            if reversed {
                let old_bg = bg.take().unwrap_or_else(|| BACKGROUND.into());
                bg = Some(std::mem::replace(&mut fg, old_bg));
            }
            // The run: following cells of the same style.
            let start = x;
            let mut text = String::new();
            while x < buf.area.width && buf[(x, y)].style() == style {
                let symbol = buf[(x, y)].symbol();
                text.push_str(symbol);
                x += symbol.width().max(1) as u16;
            }
            let cells = f64::from(x - start);
            let (px, py) = (f64::from(start) * CELL_W, f64::from(y) * CELL_H);
            if let Some(bg) = bg {
                let _ = writeln!(
                    out,
                    r#"<rect x="{px:.1}" y="{py}" width="{:.1}" height="{CELL_H}" fill="{bg}"/>"#,
                    cells * CELL_W
                );
            }
            if text.trim().is_empty() {
                continue;
            }
            let mut attrs = format!(r#"fill="{fg}""#);
            if style.add_modifier.contains(Modifier::BOLD) {
                attrs.push_str(r#" font-weight="bold""#);
            }
            if style.add_modifier.contains(Modifier::DIM) {
                attrs.push_str(r#" fill-opacity="0.6""#);
            }
            if style.add_modifier.contains(Modifier::ITALIC) {
                attrs.push_str(r#" font-style="italic""#);
            }
            if style.add_modifier.contains(Modifier::UNDERLINED) {
                attrs.push_str(r#" text-decoration="underline""#);
            }
            let _ = writeln!(
                out,
                r#"<text x="{px:.1}" y="{:.1}" textLength="{:.1}" lengthAdjust="spacingAndGlyphs" xml:space="preserve" {attrs}>{}</text>"#,
                py + CELL_H * 0.75,
                cells * CELL_W,
                escape(&text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}
