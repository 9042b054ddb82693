//! Reading settings written in a real config file, loaded through the real
//! loader and seen in force on the screen: `sort`, `feed_sort`,
//! `text_width`, `text_align` and `stacked_list_height` through the app as
//! the TUI starts it (settings from the config, rows from the store the
//! real `tidings refresh` filled) drawn on a TestBackend; `mouse = false`
//! and `NO_COLOR` through the real binary in a pseudo-terminal.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::common::app::{act, draw};
use crate::common::bin::Files;
use crate::common::screen_text;
use tidings::app::{Action, App, Effect, Msg, Settings, update};
use tidings::config::Config;
use tidings::ui::effects::Executor;

/// A long paragraph: wrapped, it shows the text column's width and place.
const PARAGRAPH: &str = "Reading comfort comes from a measure of text that the eye can follow from the end of \
                         one line to the start of the next without losing its place, which is why books and \
                         good web pages keep their lines short however wide the window happens to be today.";

fn rss(title: &str, items: &[(&str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(item, date)| {
            format!(
                "<item><title>{item}</title><guid>{item}</guid><pubDate>{date}</pubDate>\
                 <description>&lt;p&gt;{PARAGRAPH}&lt;/p&gt;</description></item>"
            )
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>{items}</channel></rss>")
}

/// Two local feeds, Zebra listed first, and `settings` above them; the
/// database filled by the real `tidings refresh`.
fn files(settings: &str) -> Files {
    let files = Files::new(&format!(
        "refresh_on_start = false\n{settings}\n\n\
         [[feeds]]\nurl = \"zebra.xml\"\ntitle = \"Zebra news\"\n\n\
         [[feeds]]\nurl = \"aardvark.xml\"\ntitle = \"Aardvark daily\"\n"
    ));
    files.write(
        "zebra.xml",
        rss(
            "Zebra",
            &[("New story", "Mon, 01 Jan 2024 10:00:00 +0000"), ("Old story", "Wed, 01 Jan 2020 10:00:00 +0000")],
        ),
    );
    files.write("aardvark.xml", rss("Aardvark", &[("Middle story", "Sat, 01 Jan 2022 10:00:00 +0000")]));
    let out = files.run(&["refresh"]);
    assert!(out.status.success(), "refresh: {}", String::from_utf8_lossy(&out.stdout));
    files
}

/// The app as the TUI starts it on `files`, at `width`×`height`, its start
/// effects carried out against the store.
fn start(files: &Files, width: u16, height: u16) -> (App, Executor) {
    let config = Config::load(&files.config).expect("the config loads");
    let mut app = App::with_settings(width, height, 0, Settings::from_config(&config, false));
    let mut executor = Executor { store: Some(files.store()), ..Executor::none() };
    let effects = app.start();
    pump(&mut app, &mut executor, effects);
    (app, executor)
}

/// Carries out `effects` and every effect their answers bring, the article
/// laid out on the spot as the render worker would.
fn pump(app: &mut App, executor: &mut Executor, effects: Vec<Effect>) {
    let mut queue = VecDeque::from(effects);
    while let Some(effect) = queue.pop_front() {
        let msg = match effect {
            Effect::RenderArticle { article, source, width } => Some(Msg::ArticleRendered(Arc::new(
                tidings::article::render(&article, source, width.into(), app.utc_offset),
            ))),
            other => executor.execute(other),
        };
        if let Some(msg) = msg {
            queue.extend(update(app, msg));
        }
    }
}

fn action(app: &mut App, executor: &mut Executor, a: Action) {
    let effects = act(app, a);
    pump(app, executor, effects);
}

/// The screen's rows.
fn screen(app: &App) -> Vec<String> {
    screen_text(&draw(app)).lines().map(str::to_owned).collect()
}

/// Row index of the first row holding `needle`.
fn row_of(rows: &[String], needle: &str) -> usize {
    rows.iter().position(|r| r.contains(needle)).unwrap_or_else(|| panic!("no {needle:?} on:\n{}", rows.join("\n")))
}

/// The screen of `settings` at `width`×`height` with the first headline
/// open (the headlines focused, Enter).
fn reading(settings: &str, width: u16, height: u16) -> Vec<String> {
    let files = files(settings);
    let (mut app, mut executor) = start(&files, width, height);
    action(&mut app, &mut executor, Action::NextPane);
    action(&mut app, &mut executor, Action::Open);
    screen(&app)
}

#[test]
fn sort_and_feed_sort_order_the_lists() {
    let files = files("sort = \"oldest\"\nfeed_sort = \"name\"");
    let rows = screen(&start(&files, 160, 30).0);
    assert!(row_of(&rows, "Aardvark daily") < row_of(&rows, "Zebra news"), "feeds by name:\n{}", rows.join("\n"));
    let (old, middle, new) = (row_of(&rows, "Old story"), row_of(&rows, "Middle story"), row_of(&rows, "New story"));
    assert!(old < middle && middle < new, "oldest first:\n{}", rows.join("\n"));
    assert!(rows[0].contains("oldest first"), "{}", rows[0]);

    // Without them: the config's order, newest first.
    let rows = screen(&start(&self::files(""), 160, 30).0);
    assert!(row_of(&rows, "Zebra news") < row_of(&rows, "Aardvark daily"));
    assert!(row_of(&rows, "New story") < row_of(&rows, "Old story"));
}

/// The paragraph's lines in the focused article pane (heavy border `┃`):
/// each line's column from the pane's left border, and its text.
fn paragraph_lines(rows: &[String]) -> Vec<(usize, String)> {
    let (first, last) = (row_of(rows, "Reading comfort"), row_of(rows, "happens to be today."));
    rows[first..=last]
        .iter()
        .map(|row| {
            let cells: Vec<char> = row.chars().collect();
            let left = cells.iter().position(|c| *c == '┃').expect("the article pane's left border");
            let right = left + 1 + cells[left + 1..].iter().position(|c| *c == '┃').expect("its right border");
            let inside: String = cells[left + 1..right].iter().collect();
            let indent = inside.len() - inside.trim_start().len();
            (indent + 1, inside.trim().to_owned())
        })
        .collect()
}

#[test]
fn text_width_and_text_align_place_the_article_text() {
    let narrow_left = paragraph_lines(&reading("text_width = 40\ntext_align = \"left\"", 160, 30));
    let longest = narrow_left.iter().map(|(_, text)| text.chars().count()).max().unwrap();
    assert!((36..=40).contains(&longest), "lines of at most 40 columns: {narrow_left:?}");
    assert!(narrow_left.iter().all(|(column, _)| *column == 2), "against the left margin: {narrow_left:?}");

    // Centred, the same column sits further in (the pane is some 67 columns wide).
    let narrow_centred = paragraph_lines(&reading("text_width = 40\ntext_align = \"center\"", 160, 30));
    assert!(narrow_centred.iter().all(|(column, _)| *column > 10), "centred: {narrow_centred:?}");
    assert_eq!(
        narrow_centred.iter().map(|(_, t)| t).collect::<Vec<_>>(),
        narrow_left.iter().map(|(_, t)| t).collect::<Vec<_>>(),
        "the same lines"
    );
    // At the default width of 80 the pane's width is the limit: longer lines.
    let wide = paragraph_lines(&reading("", 160, 30));
    assert!(wide.iter().any(|(_, text)| text.chars().count() > 50), "{wide:?}");
}

#[test]
fn stacked_list_height_is_the_share_of_the_list_above_the_article() {
    // 80 columns: stacked. 39 rows above the status line; 25 % of them is 9.
    let rows = reading("[layout]\nstacked_list_height = 25", 80, 40);
    assert!(rows[0].contains("All items"), "the list on top:\n{}", rows.join("\n"));
    assert_eq!(row_of(&rows, "┏ Article"), 9, "{}", rows.join("\n"));
    assert_eq!(rows[1..9].iter().filter(|r| r.contains("story")).count(), 3, "the list shows its rows");
    // The default, 35 %, is 13 rows.
    assert_eq!(row_of(&reading("", 80, 40), "┏ Article"), 13);
}

/// The binary on `files` in a pty with `env`, up until it shows the feeds,
/// then quit: every byte it wrote, up to its last (the terminal restored).
fn session_output(files: &Files, env: &[(&str, &str)]) -> Vec<u8> {
    let mut tui = crate::common::pty::Tui::at(&files.config, &files.data, env, 120, 30);
    tui.wait_for_text("Zebra news");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0, "{}", tui.contents());
    // The reader thread may still be taking in the last bytes.
    let restored = b"\x1b[?1049l";
    let deadline = std::time::Instant::now() + crate::common::pty::TIMEOUT;
    loop {
        let output = tui.output();
        if output.windows(restored.len()).any(|w| w == restored) {
            return output;
        }
        assert!(std::time::Instant::now() < deadline, "the terminal was never restored");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn mouse_false_never_turns_mouse_reporting_on() {
    // Any of crossterm's EnableMouseCapture modes.
    let modes: [&[u8]; 4] = [b"\x1b[?1000h", b"\x1b[?1002h", b"\x1b[?1003h", b"\x1b[?1006h"];
    let off = session_output(&files("mouse = false"), &[]);
    for mode in modes {
        assert!(!contains(&off, mode), "mouse = false, yet {mode:?} was written");
    }
    // The same check sees it when the setting is on.
    let on = session_output(&files("mouse = true"), &[]);
    assert!(contains(&on, modes[0]) && contains(&on, modes[3]), "mouse = true turns reporting on");
}

/// The parameters of every SGR sequence (`ESC [ … m`) in `output`.
fn sgr_params(output: &[u8]) -> Vec<Vec<u16>> {
    let mut found = Vec::new();
    let mut rest = output;
    while let Some(at) = rest.windows(2).position(|w| w == b"\x1b[") {
        rest = &rest[at + 2..];
        let end = rest.iter().position(|b| !(b.is_ascii_digit() || *b == b';')).unwrap_or(rest.len());
        if rest.get(end) == Some(&b'm') {
            let text = std::str::from_utf8(&rest[..end]).unwrap();
            found.push(text.split(';').map(|p| p.parse().unwrap_or(0)).collect());
        }
    }
    found
}

/// Whether an SGR sets a colour (a foreground or background other than the default).
fn sets_colour(params: &[u16]) -> bool {
    params.iter().any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
}

#[test]
fn no_color_drops_every_colour_and_keeps_the_modifiers() {
    // Colours asked for in the config too: NO_COLOR wins over them.
    let files = files("[theme]\nselected = { fg = \"#ff8800\", bg = 236, bold = true }\nstar = \"#00ff00\"");
    let plain = sgr_params(&session_output(&files, &[("NO_COLOR", "1")]));
    let coloured: Vec<_> = plain.iter().filter(|p| sets_colour(p)).collect();
    assert!(coloured.is_empty(), "colours with NO_COLOR: {coloured:?}");
    assert!(plain.iter().any(|p| p.contains(&1)), "the selection is still bold: {plain:?}");
    // Without it, the same screen is in colour (so the check can fail).
    let colour = sgr_params(&session_output(&files, &[]));
    assert!(colour.iter().any(|p| sets_colour(p)), "{colour:?}");
}

/// Set (to a directory holding `config.toml` and `data`) only in the child
/// process `the_theme_drops_its_colours_under_no_color` starts.
const CHILD: &str = "TIDINGS_TEST_NO_COLOR_CHILD";

/// In the child: the start screen drawn from the files in `$CHILD`, and
/// how many of its cells carry a colour. Elsewhere it does nothing.
#[test]
fn no_color_child_draws() {
    let Some(dir) = std::env::var_os(CHILD) else { return };
    let dir = std::path::PathBuf::from(dir);
    let files = Files { config: dir.join("config.toml"), data: dir.join("data"), dir: tempfile::tempdir().unwrap() };
    let buffer = draw(&start(&files, 120, 30).0);
    let reset = ratatui::style::Color::Reset;
    let coloured = buffer.content.iter().filter(|cell| cell.fg != reset || cell.bg != reset).count();
    println!("coloured cells: {coloured}");
}

/// The coloured cells of the start screen drawn by a child process of this
/// test binary (the environment of a running test binary is not changed).
fn coloured_cells(files: &Files, no_color: bool) -> usize {
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", "settings_in_force::no_color_child_draws", "--nocapture", "--test-threads=1"]);
    child.env(CHILD, files.dir.path()).env_remove("NO_COLOR");
    if no_color {
        child.env("NO_COLOR", "1");
    }
    let out = child.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let count = text.split("coloured cells: ").nth(1).and_then(|rest| rest.split_whitespace().next());
    count.unwrap_or_else(|| panic!("the child drew nothing: {text}")).parse().unwrap()
}

#[test]
fn the_theme_drops_its_colours_under_no_color() {
    // The terminal library also drops colour sequences under NO_COLOR; the
    // theme must too (a screen drawn elsewhere, the selection kept visible).
    let files = files("[theme]\nstar = \"#00ff00\"\nview = \"#ff8800\"");
    assert_eq!(coloured_cells(&files, true), 0);
    assert!(coloured_cells(&files, false) > 0, "the same screen has colours without NO_COLOR");
}
