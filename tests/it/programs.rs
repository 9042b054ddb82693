//! The programs the reader starts, run for real in a pseudo-terminal with
//! recording scripts in their place: `o`, `1`–`9` and `e` hand the URL to the
//! browser or player as one argument with no shell between, refused schemes
//! start nothing, `player` falls back to the browser; `notify_command` runs
//! after a refresh that found new items; `E` runs `$VISUAL`, else `$EDITOR`,
//! else `vi`.

use crate::common::bin::Files;
use crate::common::pty::Tui;
use crate::common::{Response, TestServer};
use crate::recorder::{Recorder, Run};

/// The item link `o` opens.
const ITEM_LINK: &str = "https://example.org/post?id=1&x=2";
/// Link 1 of the article as written in the feed: a shell would split it at
/// `;` and `&`, run `$(…)` and strip the quotes.
const SHELL_LINK: &str = "https://example.org/a;b?q=$(touch pwned)&amp;r='1' z";
/// The same link as the program must receive it: parsed and normalised, whole.
const SHELL_LINK_SENT: &str = "https://example.org/a;b?q=$(touch%20pwned)&r=%271%27%20z";
const ENCLOSURE: &str = "https://cdn.example.org/ep 1.mp3";
const ENCLOSURE_SENT: &str = "https://cdn.example.org/ep%201.mp3";

/// Two items: the newest with an openable link, a shell-hostile link, a
/// `javascript:` link and an enclosure; the older whose own link is a local file.
fn links_feed() -> String {
    format!(
        r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Linked</title><link>https://example.org/</link>
<item><title>Links and a podcast</title><link>{}</link><guid>a</guid>
<pubDate>Tue, 02 Dec 2025 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Read <a href="{SHELL_LINK}">shellish</a> or <a href="javascript:alert(1)">scripted</a>.</p>]]></description>
<enclosure url="{ENCLOSURE}" type="audio/mpeg" length="1234"/></item>
<item><title>A local file</title><link>file:///etc/passwd</link><guid>b</guid>
<pubDate>Mon, 01 Dec 2025 10:00:00 GMT</pubDate><description>Nothing here.</description></item>
</channel></rss>"#,
        ITEM_LINK.replace('&', "&amp;")
    )
}

/// The reader on the links feed, with `programs` (config lines) set.
fn launch(server: &TestServer, programs: &str) -> (Files, Tui) {
    server.route("/links.xml", Response::rss(links_feed()));
    let files = Files::new(&format!("{programs}\n[[feeds]]\nurl = \"{}\"\n", server.url("/links.xml")));
    let tui = files.tui(120, 30);
    tui.wait_for_text("Links and a podcast");
    (files, tui)
}

fn args(runs: &[Run]) -> Vec<Vec<String>> {
    let mut all: Vec<Vec<String>> = runs.iter().map(|r| r.args.clone()).collect();
    all.sort();
    all
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn links_and_enclosures_reach_the_browser_whole_and_refused_schemes_start_nothing() {
    let server = TestServer::start();
    let rec = Recorder::new();
    let browser = rec.program("browser");
    let (_files, mut tui) = launch(&server, &format!("browser = \"{} --new-window\"", browser.display()));

    tui.send("\r"); // the headlines, the newest item selected
    tui.send("jo"); // the item whose link is a local file
    tui.wait_for("the file link refused", |s| s.contains("refusing to open a file link"));
    tui.send("k");
    tui.send("o");
    let runs = rec.wait_runs("browser", 1);
    assert_eq!(args(&runs), [strings(&["--new-window", ITEM_LINK])]);

    tui.send("\r"); // open the article
    tui.wait_for_text("shellish");
    tui.send("2");
    tui.wait_for("link 2 refused", |s| s.contains("link 2 is not opened"));
    tui.send("1");
    rec.wait_runs("browser", 2);
    // No player configured: the enclosure goes to the browser.
    tui.send("e");
    tui.wait_for("the enclosure played", |s| s.contains("playing https://cdn.example.org/ep%201.mp3"));
    let runs = rec.wait_runs("browser", 3);
    tui.send("q");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let runs_now = rec.runs("browser");
    assert_eq!(runs_now.len(), 3, "the refused links started nothing: {runs_now:?}");
    assert_eq!(
        args(&runs),
        [
            strings(&["--new-window", ENCLOSURE_SENT]),
            strings(&["--new-window", SHELL_LINK_SENT]),
            strings(&["--new-window", ITEM_LINK]),
        ]
    );
    // Started by the reader itself, not by a shell run for each link.
    assert!(runs.iter().all(|r| r.parent == runs[0].parent), "{runs:?}");
}

#[test]
fn the_player_gets_the_enclosure_and_the_browser_the_links() {
    let server = TestServer::start();
    let rec = Recorder::new();
    let (browser, player) = (rec.program("browser"), rec.program("player"));
    let config = format!("browser = \"{}\"\nplayer = \"{} --no-video\"", browser.display(), player.display());
    let (_files, mut tui) = launch(&server, &config);
    tui.send("\r\r");
    tui.wait_for_text("shellish");
    tui.send("e");
    let played = rec.wait_runs("player", 1);
    assert_eq!(args(&played), [strings(&["--no-video", ENCLOSURE_SENT])]);
    tui.send("1");
    let opened = rec.wait_runs("browser", 1);
    assert_eq!(args(&opened), [strings(&[SHELL_LINK_SENT])]);
    tui.send("qq");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!((rec.runs("player").len(), rec.runs("browser").len()), (1, 1));
}

/// A feed of `n` items, newest first as feeds usually are: "Item n" … "Item 1".
fn numbered_feed(n: usize) -> String {
    let items: String = (1..=n)
        .rev()
        .map(|i| {
            format!(
                "<item><title>Item {i}</title><guid>item-{i}</guid><link>https://example.org/{i}</link>\
                 <pubDate>Mon, 01 Dec 2025 {i:02}:00:00 GMT</pubDate></item>"
            )
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Numbers</title>{items}</channel></rss>")
}

#[test]
fn notify_command_runs_with_the_count_and_the_newest_titles() {
    let server = TestServer::start();
    server.route("/n.xml", Response::rss(numbered_feed(3)));
    let rec = Recorder::new();
    let notify = rec.program("notify");
    let files = Files::new(&format!(
        "notify_command = [\"{}\", \"--app-name=tidings; echo pwned\"]\nnotify_max_titles = 2\n\n\
         [[feeds]]\nurl = \"{}\"\n",
        notify.display(),
        server.url("/n.xml")
    ));
    let mut tui = files.tui(100, 24);
    // The refresh at start is a background one: it notifies.
    let runs = rec.wait_runs("notify", 1);
    assert_eq!(args(&runs), [strings(&["--app-name=tidings; echo pwned", "tidings: 3 new items", "Item 3\nItem 2"])]);
    tui.wait_for_text("Item 1");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(rec.runs("notify").len(), 1);
}

/// `E` in a reader started with `env`; the runs of `name` (once it ran) and
/// of every other editor script, after the reader quit.
/// The reader with `env`, `E` pressed: the runs of program `name` once the
/// reader took the terminal back and reloaded the config. `then_quit`: `q`
/// must then end it (see `a_key_after_the_editor_is_answered`), else it is killed.
fn edit_with(env: &[(&str, &str)], rec: &Recorder, name: &str) -> (Files, Vec<Run>) {
    edit_and(env, rec, name, false)
}

fn edit_and(env: &[(&str, &str)], rec: &Recorder, name: &str, then_quit: bool) -> (Files, Vec<Run>) {
    let files = Files::new("[[feeds]]\nurl = \"http://127.0.0.1:9/none.xml\"\ntitle = \"Nowhere\"\n");
    let mut tui = Tui::at(&files.config, &files.data, env, 100, 24);
    // The first refresh over (the feed failed), so its report cannot land after the reload's.
    tui.wait_for_text("! Nowhere");
    tui.send("E");
    let runs = rec.wait_runs(name, 1);
    // The reader takes the terminal back and reloads the config.
    tui.wait_for("the reader back", |s| s.contains("config reloaded: 1 feeds") && s.contains("Nowhere"));
    assert!(tui.alternate_screen());
    if then_quit {
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    } else {
        tui.kill9();
    }
    (files, runs)
}

// Under load (8 copies at once) the reader, back from the editor and drawn,
// used to miss the next key (`q` here) and this test timed out in
// `wait_exit`: crossterm's EventStream, dropped and made again around the
// editor, left a wake-up pending that swallowed the terminal's readiness
// (src/ui/input.rs).
#[test]
fn a_key_after_the_editor_is_answered() {
    let rec = Recorder::new();
    let editor = rec.program("editor");
    let path = format!("{}:/usr/bin:/bin", rec.bin_dir().display());
    edit_and(&[("EDITOR", editor.to_str().unwrap()), ("PATH", &path)], &rec, "editor", true);
}

/// A key typed while the editor still runs, which the editor does not read,
/// is the reader's first key once it is back. (With crossterm's EventStream
/// made again around the editor this `q` was lost every time: the stale
/// wake-up and the terminal's readiness came in one poll.)
#[test]
fn a_key_typed_as_the_editor_exits_is_answered() {
    let rec = Recorder::new();
    let go = rec.bin_dir().join("go");
    // Records its run, then ends only once the test has typed its key.
    let editor = rec.bin_dir().join("slow-editor");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\n{} \"$@\"\nwhile [ ! -e '{}' ]; do sleep 0.01; done\n",
            rec.program("editor").display(),
            go.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:/usr/bin:/bin", rec.bin_dir().display());
    let files = Files::new("[[feeds]]\nurl = \"http://127.0.0.1:9/none.xml\"\ntitle = \"Nowhere\"\n");
    let env = [("EDITOR", editor.to_str().unwrap()), ("PATH", path.as_str())];
    let mut tui = Tui::at(&files.config, &files.data, &env, 100, 24);
    tui.wait_for_text("! Nowhere");
    tui.send("E");
    rec.wait_runs("editor", 1);
    tui.send("q");
    std::fs::write(&go, "").unwrap();
    assert_eq!(tui.wait_exit(), 0, "the q typed during the editor quits the reader");
}

#[test]
fn e_runs_visual_before_editor_before_vi() {
    let rec = Recorder::new();
    let (visual, editor) = (rec.program("visual"), rec.program("editor"));
    rec.program("vi");
    let path = format!("{}:/usr/bin:/bin", rec.bin_dir().display());
    let (visual, editor) = (visual.to_str().unwrap(), editor.to_str().unwrap());
    let editor_wait = format!("{editor} --wait");

    let (files, runs) = edit_with(&[("VISUAL", visual), ("EDITOR", editor), ("PATH", &path)], &rec, "visual");
    assert_eq!(args(&runs), [vec![files.config.display().to_string()]]);
    assert!(rec.runs("editor").is_empty() && rec.runs("vi").is_empty());

    // A blank VISUAL counts as unset; EDITOR's words are its arguments.
    let (files, runs) = edit_with(&[("VISUAL", " "), ("EDITOR", &editor_wait), ("PATH", &path)], &rec, "editor");
    assert_eq!(args(&runs), [vec!["--wait".to_owned(), files.config.display().to_string()]]);
    assert!(rec.runs("vi").is_empty());
    assert_eq!(rec.runs("visual").len(), 1);

    let (files, runs) = edit_with(&[("PATH", &path)], &rec, "vi");
    assert_eq!(args(&runs), [vec![files.config.display().to_string()]]);
    assert_eq!((rec.runs("visual").len(), rec.runs("editor").len()), (1, 1));
}
