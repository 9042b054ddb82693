//! The article actions with the real binary in a pseudo-terminal: `|` pipes
//! the article to a command, `w` saves it, `b` runs the bookmark command, `O`
//! opens every unread item, `open_read_next` once bound. The programs are
//! small scripts that record their arguments and standard input in a file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::pty::{TIMEOUT, Tui};
use tidings::model::{Listing, View};
use tidings::store::Store;

/// A title that a shell would run, with quotes and spaces: it must reach the
/// programs as one argument, as written.
const HOSTILE: &str = r#"Quotes "x" & $(touch pwned); rm -rf ~"#;

const FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test Feed</title><link>https://example.org/</link>
<item><title>Quotes "x" &amp; $(touch pwned); rm -rf ~</title><link>https://example.org/a?x=1&amp;y=2</link>
<guid>a</guid><pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Hello &lt;b&gt;bold&lt;/b&gt; world, &lt;a href="https://example.org/ref"&gt;a reference&lt;/a&gt;.&lt;/p&gt;</description></item>
<item><title>Second story</title><link>https://example.org/b</link><guid>b</guid>
<pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate><description>Second body</description></item>
<item><title>Third story</title><link>https://example.org/c</link><guid>c</guid>
<pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate><description>Third body</description></item>
</channel></rss>
"#;

/// Records its arguments (one `arg=` line each) and its standard input in
/// the file named by its first argument, written whole at once (a rename).
const RECORDER: &str = "#!/bin/sh\nrec=\"$1\"; shift\n{ for a in \"$@\"; do printf 'arg=%s\\n' \"$a\"; done; \
                        printf 'stdin:\\n'; cat; } > \"$rec.part\"\nmv \"$rec.part\" \"$rec\"\n";

/// As a browser: appends its one argument, a line per call.
const BROWSER: &str = "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$(dirname \"$0\")/opened\"\n";

/// Fails as a bookmark tool that cannot reach its store.
const FAILING: &str = "#!/bin/sh\necho 'bm: cannot reach the bookmark store' >&2\necho 'second line' >&2\nexit 3\n";

struct Setup {
    dir: tempfile::TempDir,
    config: PathBuf,
    data: PathBuf,
}

impl Setup {
    /// A feed file and the scripts in a temp dir, which is also `$HOME`;
    /// its download directory is `~/Dl` (user-dirs.dirs). `settings` go
    /// at the top of the config.
    fn new(settings: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("feed.xml"), FEED).unwrap();
        for (name, text) in [("record.sh", RECORDER), ("browser.sh", BROWSER), ("failing.sh", FAILING)] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            std::process::Command::new("chmod").args(["+x", path.to_str().unwrap()]).status().unwrap();
        }
        std::fs::create_dir_all(dir.path().join(".config")).unwrap();
        std::fs::write(dir.path().join(".config/user-dirs.dirs"), "XDG_DOWNLOAD_DIR=\"$HOME/Dl\"\n").unwrap();
        std::fs::create_dir(dir.path().join("Dl")).unwrap();
        let config = dir.path().join("config.toml");
        let settings = settings.replace("DIR", dir.path().to_str().unwrap());
        std::fs::write(&config, format!("{settings}\n[[feeds]]\nurl = \"feed.xml\"\n")).unwrap();
        let data = dir.path().join("data");
        Setup { dir, config, data }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn launch(&self) -> Tui {
        let home = self.dir.path().to_str().unwrap();
        let args = ["--config", self.config.to_str().unwrap(), "--data-dir", self.data.to_str().unwrap()];
        let env = [("HOME", home), ("XDG_CONFIG_HOME", ""), ("LANG", "C.UTF-8")];
        let tui = Tui::spawn_with_env(&args, &env, 120, 60);
        tui.wait_for("the feed", |s| s.contains("Second story") && s.contains("Third story"));
        tui
    }

    fn store(&self) -> Store {
        Store::open(&self.data.join("tidings.db")).unwrap()
    }
}

/// Polls until `path` exists and `done` holds for its text; panics after TIMEOUT.
fn wait_file(path: &Path, what: &str, done: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && done(&text)
        {
            return text;
        }
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what} in {}", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the program has written `needle` `times` times in all: a
/// prompt printed before stays on the terminal's main screen.
fn wait_written(tui: &Tui, needle: &str, times: usize) {
    let start = Instant::now();
    while String::from_utf8_lossy(&tui.output()).matches(needle).count() < times {
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {needle:?} written {times} times");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The `arg=` lines of a record, and what came on standard input.
fn record(text: &str) -> (Vec<String>, String) {
    let (args, stdin) = text.split_once("stdin:\n").unwrap();
    let args = args.lines().map(|l| l.strip_prefix("arg=").unwrap().to_owned()).collect();
    (args, stdin.to_owned())
}

/// The last row of the screen: the status line.
fn status_line(screen: &str) -> String {
    screen.lines().last().unwrap_or("").trim().to_owned()
}

fn unread(s: &Setup) -> usize {
    s.store().headline_count(&Listing { view: View::All, hide_read: true, ..Listing::default() }).unwrap()
}

#[test]
fn pipe_gives_the_command_the_article_as_text_and_the_arguments_as_written() {
    let s = Setup::new(r#"pipe_command = ["DIR/record.sh", "DIR/piped", "two words", "$(x); y"]"#);
    let mut tui = s.launch();
    tui.send("\r\r"); // the headlines, then the first item
    tui.wait_for_text("Hello bold world");
    tui.send("|");
    tui.wait_for("the proposed command", |screen| screen.contains("pipe to: ") && screen.contains("'two words'"));
    tui.send("\r");
    let text = wait_file(&s.path("piped"), "the piped article", |_| true);
    let (args, stdin) = record(&text);
    assert_eq!(args, ["two words", "$(x); y"], "one argument each, no shell");
    assert!(stdin.contains("Hello bold world, a reference"), "the text as the pane shows it:\n{stdin}");
    assert!(stdin.contains(HOSTILE), "the title heads it:\n{stdin}");
    assert!(!stdin.contains("<p>") && !stdin.contains("<b>"), "plain text, not HTML:\n{stdin}");
    // pipe_wait: the command's output stays until a key.
    wait_written(&tui, "[tidings] press any key to return", 1);
    tui.send(" ");
    let screen = tui.wait_for("the reader back", |screen| screen.contains("piped to "));
    assert!(screen.contains("Hello bold world") && tui.alternate_screen(), "{screen}");
    let raw = String::from_utf8_lossy(&tui.output()).into_owned();
    assert!(raw.contains("press any key to return\r\n"), "the next command's output starts on a new line");

    // A command typed at the prompt: split as a shell would, run by none.
    std::fs::remove_file(s.path("piped")).unwrap();
    let typed = format!("{} {} 'a b' ';' '$HOME'", s.path("record.sh").display(), s.path("piped").display());
    tui.send("|\u{15}"); // Ctrl-U clears the proposal
    tui.send(&typed);
    tui.send("\r");
    let (args, _) = record(&wait_file(&s.path("piped"), "the second pipe", |_| true));
    assert_eq!(args, ["a b", ";", "$HOME"]);
    wait_written(&tui, "[tidings] press any key to return", 2);
    tui.send("x");
    tui.wait_for_text("Hello bold world");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn pipe_by_option_gives_the_html_or_the_link() {
    let cases = [("html", "<b>bold</b>"), ("url", "https://example.org/a?x=1&y=2\n")];
    for (format, want) in cases {
        let s = Setup::new(&format!(
            "pipe_command = [\"DIR/record.sh\", \"DIR/piped\"]\npipe_format = \"{format}\"\npipe_wait = false"
        ));
        let mut tui = s.launch();
        tui.send("\r"); // the headlines: the selected item is piped, unopened
        tui.send("|");
        tui.wait_for_text("pipe to: ");
        tui.send("\r");
        let (_, stdin) = record(&wait_file(&s.path("piped"), "the piped item", |_| true));
        assert!(stdin.contains(want), "{format}: {stdin}");
        if format == "url" {
            assert_eq!(stdin, want, "the link alone");
        }
        // No key asked for: the reader comes back by itself.
        tui.wait_for_text("piped to ");
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
}

#[test]
fn a_command_that_cannot_run_or_fails_is_one_line_in_the_status_bar() {
    let s = Setup::new("pipe_wait = false\nbookmark_command = [\"DIR/failing.sh\", \"{url}\"]");
    let mut tui = s.launch();
    tui.send("\r|");
    tui.wait_for_text("pipe to: ");
    tui.send("no-such-program-here --x\r");
    let screen = tui.wait_for("the failure", |screen| status_line(screen).contains("cannot run no-such-program-here"));
    assert!(tui.alternate_screen(), "the reader is back:\n{screen}");
    tui.send("|\u{15}");
    tui.send(&format!("{} 7\r", s.path("failing.sh").display()));
    tui.wait_for("the exit status", |screen| status_line(screen).contains("failing.sh exited with status 3"));
    tui.send("b");
    let screen = tui.wait_for("the bookmark failure", |screen| {
        status_line(screen).contains("failing.sh exited with status 3: bm: cannot reach the bookmark store")
    });
    assert!(!screen.contains("second line"), "the first line of stderr only:\n{screen}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn bookmark_passes_url_title_and_feed_as_separate_arguments() {
    let s = Setup::new(
        r#"bookmark_command = ["DIR/record.sh", "DIR/marked", "{url}", "--title", "{title}", "tag:{feed}"]"#,
    );
    let mut tui = s.launch();
    tui.send("\rb");
    let (args, stdin) = record(&wait_file(&s.path("marked"), "the bookmark", |_| true));
    assert_eq!(args, ["https://example.org/a?x=1&y=2", "--title", HOSTILE, "tag:Test Feed"]);
    assert_eq!(stdin, "", "no input");
    tui.wait_for("the report", |screen| status_line(screen).contains("bookmarked “Quotes"));
    assert!(!s.path("pwned").exists() && !Path::new("pwned").exists(), "nothing ran the title");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    // Without a bookmark_command: one line telling what to set.
    let s = Setup::new("");
    let mut tui = s.launch();
    tui.send("\rb");
    tui.wait_for("the hint", |screen| status_line(screen).contains("set bookmark_command in the config"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn save_proposes_the_download_dir_and_asks_before_replacing() {
    let s = Setup::new("");
    let mut tui = s.launch();
    tui.send("\r\r");
    tui.wait_for_text("Hello bold world");
    tui.send("w");
    let name = "Quotes-x-touch-pwned-rm-rf.md";
    tui.wait_for("the proposed path", |screen| screen.contains(&format!("save to: ~/Dl/{name}")));
    tui.send("\r");
    tui.wait_for("the report", |screen| status_line(screen).contains(&format!("saved to ~/Dl/{name}")));
    let saved = std::fs::read_to_string(s.path("Dl").join(name)).unwrap();
    assert!(saved.contains("**bold**"), "Markdown:\n{saved}");
    assert!(saved.contains("[a reference](https://example.org/ref)"), "links written out:\n{saved}");
    assert!(saved.starts_with("# Quotes \"x\" & $(touch pwned); rm -rf \\~\n"), "the title, escaped:\n{saved}");
    assert!(saved.contains("- Link: <https://example.org/a?x=1&y=2>"), "{saved}");

    // Again: the file is there, so a question; n goes back to the name, y replaces.
    std::fs::write(s.path("Dl").join(name), "old").unwrap();
    tui.send("w\r");
    tui.wait_for("the question", |screen| status_line(screen).contains("exists: replace it?"));
    tui.send("n");
    tui.wait_for_text(&format!("save to: ~/Dl/{name}"));
    tui.send("\r");
    tui.wait_for_text("exists: replace it?");
    tui.send("y");
    tui.wait_for_text(&format!("saved to ~/Dl/{name}"));
    assert!(std::fs::read_to_string(s.path("Dl").join(name)).unwrap().contains("**bold**"));

    // A .txt name writes the text as the pane shows it.
    tui.send("w\u{15}~/Dl/note.txt\r");
    tui.wait_for_text("saved to ~/Dl/note.txt");
    let text = std::fs::read_to_string(s.path("Dl/note.txt")).unwrap();
    assert!(text.contains("Hello bold world, a reference") && !text.contains("**"), "{text}");

    // Somewhere it cannot be written: one line.
    tui.send("w\u{15}~/no/such/dir/x.md\r");
    tui.wait_for("the failure", |screen| status_line(screen).contains("cannot save to ~/no/such/dir/x.md"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn open_all_asks_above_the_limit_opens_in_order_and_marks_read_durably() {
    let s = Setup::new("browser = \"DIR/browser.sh\"\nmax_browser_tabs = 2");
    let mut tui = s.launch();
    assert_eq!(unread(&s), 3);
    tui.send("O");
    tui.wait_for("the question", |screen| {
        status_line(screen).contains("open 3 items in the browser and mark them read?")
    });
    tui.send("n");
    tui.wait_for("no", |screen| status_line(screen).contains("nothing opened"));
    assert!(!s.path("opened").exists());
    assert_eq!(unread(&s), 3);

    tui.send("O");
    tui.wait_for_text("open 3 items in the browser");
    tui.send("y");
    let opened = wait_file(&s.path("opened"), "three tabs", |t| t.lines().count() == 3);
    assert_eq!(opened, "https://example.org/a?x=1&y=2\nhttps://example.org/b\nhttps://example.org/c\n");
    tui.wait_for("the report", |screen| status_line(screen).contains("3 marked read (U undoes)"));
    assert_eq!(unread(&s), 0, "in the database at once");

    tui.send("U");
    tui.wait_for("the undo", |screen| screen.contains("Test Feed") && screen.contains('3'));
    let start = Instant::now();
    while unread(&s) != 3 {
        assert!(start.elapsed() < TIMEOUT, "the undo reached the database");
        std::thread::sleep(Duration::from_millis(20));
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn open_read_next_once_bound_opens_marks_and_selects_the_next() {
    let s = Setup::new("browser = \"DIR/browser.sh\"\n[keys]\nopen_read_next = \"Ctrl-o\"");
    let mut tui = s.launch();
    tui.send("\r\u{f}");
    let opened = wait_file(&s.path("opened"), "the first link", |t| t.lines().count() == 1);
    assert_eq!(opened, "https://example.org/a?x=1&y=2\n");
    let start = Instant::now();
    while unread(&s) != 2 {
        assert!(start.elapsed() < TIMEOUT, "the mark reached the database");
        std::thread::sleep(Duration::from_millis(20));
    }
    tui.send("\u{f}");
    wait_file(&s.path("opened"), "the second link", |t| t.ends_with("https://example.org/b\n"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn help_lists_every_article_action_and_its_key() {
    let s = Setup::new("[keys]\nsave = \"W\"");
    let mut tui = s.launch();
    tui.send("?");
    let rows = [
        ("|", "pipe the article to a command"),
        ("W", "save the article as a Markdown or text file"),
        ("b", "bookmark the item (bookmark_command)"),
        ("O", "open all unread items in the browser"),
        ("(unbound)", "open the item's link, mark it read, go to the next unread"),
    ];
    // The whole overlay, not its first rows: a frame can reach the terminal in parts.
    let screen = tui.wait_for("the help overlay", |s| {
        s.contains("Keys (Esc closes)") && rows.iter().all(|(_, desc)| s.contains(desc))
    });
    for (key, desc) in rows {
        let row = screen.lines().find(|l| l.contains(desc)).unwrap_or_else(|| panic!("no {desc:?}:\n{screen}"));
        assert!(row.split_whitespace().any(|w| w == key), "{key} for {desc}: {row}");
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
