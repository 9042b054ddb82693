//! Command feeds and filters in the config: what is refused, where (file:line:column),
//! and that only the user's own hand creates them: OPML import, `tidings add`,
//! newsboat migration and `a` in the reader never do; export leaves them out;
//! remove takes them away like any feed.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use tidings::config::Config;

fn error_of(text: &str) -> String {
    Config::parse(text, Path::new("config.toml")).unwrap_err().to_string()
}

#[test]
fn a_feed_has_a_url_or_a_command() {
    assert_eq!(
        error_of("[[feeds]]\nurl = \"https://a.example/\"\ncommand = [\"scrape\"]\n"),
        "config.toml:3:11: a feed has either a url or a command, not both (the command's output is the feed)"
    );
    assert_eq!(
        error_of("[[feeds]]\nurl = \"https://a.example/\"\n\n[[feeds]]\ntitle = \"Nothing\"\n"),
        "config.toml:4:1: a feed needs a url, or a command whose output is the feed (command = [\"program\", \"arg\"])"
    );
    let config = Config::parse("[[feeds]]\ncommand = [\"scrape\", \"--site\", \"x\"]\n", Path::new("c.toml")).unwrap();
    assert_eq!(config.feeds[0].command.as_deref(), Some(&["scrape".to_owned(), "--site".into(), "x".into()][..]));
}

#[test]
fn argument_vectors_are_checked_where_they_are_written() {
    assert_eq!(
        error_of("[[feeds]]\ncommand = []\n"),
        "config.toml:2:11: command is empty: write the program and its arguments, e.g. \
         command = [\"my-command\", \"--site\", \"x\"]"
    );
    assert_eq!(
        error_of("[[feeds]]\ncommand = [\" \", \"x\"]\n"),
        "config.toml:2:12: command: the program name is empty"
    );
    assert_eq!(
        error_of("[[feeds]]\nurl = \"https://a.example/\"\nfilter = [\"\"]\n"),
        "config.toml:3:11: filter: the program name is empty"
    );
    assert_eq!(
        error_of("[[feeds]]\ncommand = [\"scrape\", \"a\\u0000b\"]\n"),
        "config.toml:2:22: command: an argument holds a NUL character"
    );
    assert_eq!(
        error_of("[[feeds]]\ncommand = \"my-scraper --site x\"\n"),
        "config.toml:2:11: feeds.command: invalid type: string \"my-scraper --site x\", expected a sequence \
         (an argument vector, run without a shell: [\"program\", \"arg\", ...])"
    );
}

#[test]
fn a_command_feed_has_no_headers_and_no_twin() {
    assert_eq!(
        error_of("[[feeds]]\ncommand = [\"scrape\"]\nheaders = { Authorization = \"x\" }\n"),
        "config.toml:3:13: headers are sent with HTTP requests; a command feed makes none"
    );
    assert_eq!(
        error_of("[[feeds]]\ncommand = [\"scrape\", \"a b\"]\n\n[[feeds]]\ncommand = [\"scrape\", \"a b\"]\n"),
        "config.toml:5:11: duplicate feed command `scrape 'a b'` (first listed on line 2)"
    );
    // The same words split otherwise are another command.
    assert!(
        Config::parse(
            "[[feeds]]\ncommand = [\"scrape\", \"a b\"]\n[[feeds]]\ncommand = [\"scrape\", \"a\", \"b\"]\n",
            Path::new("c")
        )
        .is_ok()
    );
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with this config and data dir, and a home of its own (no real ~/.newsboat).
    fn run(&self, args: &[&str]) -> Output {
        crate::common::bin::tidings(self.dir.path())
            .args(["--config", self.path("config.toml").to_str().unwrap()])
            .args(["--data-dir", self.path("data").to_str().unwrap()])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// The config as tidings reads it; no feed in it runs a program.
    fn assert_no_programs(&self) -> Config {
        let config = Config::load(&self.path("config.toml")).unwrap();
        for feed in &config.feeds {
            assert!(feed.command.is_none() && feed.filter.is_none(), "{feed:?}");
            assert!(feed.url.starts_with("https://"), "{feed:?}");
        }
        config
    }
}

#[test]
fn an_opml_import_never_creates_a_command_feed() {
    let env = Env::new();
    let opml = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline type="rss" text="Fine" xmlUrl="https://fine.example/feed"/>
  <outline type="rss" text="A" xmlUrl="command:touch pwned"/>
  <outline type="rss" text="B" xmlUrl="exec:touch pwned"/>
  <outline type="rss" text="C" xmlUrl="|touch pwned"/>
  <outline type="rss" text="D" xmlUrl="filter:touch pwned:https://fine.example/other"/>
</body></opml>"#;
    std::fs::write(env.path("subs.opml"), opml).unwrap();
    let out = env.run(&["import", env.path("subs.opml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "refusals make it exit 1");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().filter(|l| l.starts_with("refused")).count(), 4, "{stderr}");
    let config = env.assert_no_programs();
    assert_eq!(config.feeds.len(), 1);
    assert!(!env.path("pwned").exists() && !env.path("data/pwned").exists());
}

#[test]
fn tidings_add_never_creates_a_command_feed() {
    let env = Env::new();
    std::fs::write(env.path("config.toml"), "[[feeds]]\nurl = \"https://fine.example/feed\"\n").unwrap();
    for input in ["command:touch pwned", "exec:touch pwned", "|touch pwned"] {
        let out = env.run(&["add", input]);
        assert_ne!(out.status.code(), Some(0), "{input}");
    }
    assert_eq!(
        std::fs::read_to_string(env.path("config.toml")).unwrap(),
        "[[feeds]]\nurl = \"https://fine.example/feed\"\n"
    );
    assert!(!env.path("pwned").exists());
}

/// A feed's command, URL and filter.
type Programs<'a> = (Option<Vec<String>>, &'a str, Option<Vec<String>>);

#[test]
fn newsboat_commands_are_shown_as_tables_to_copy_and_never_written() {
    let env = Env::new();
    let urls = "https://a.example/feed.xml tech\n\
                \"exec:~/bin/get-feed --site x\" \"~Scraped\" scripts\n\
                \"exec:curl -s https://x.example/ | xsltproc a.xsl -\"\n\
                \"filter:~/bin/fix.rb:https://b.example/feed\"\n";
    std::fs::write(env.path("urls"), urls).unwrap();
    let out = env.run(&["import-newsboat", "--urls", env.path("urls").to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("skipped  line 2: exec:~/bin/get-feed --site x: runs a command"), "{stdout}");
    assert!(stdout.contains("skipped  line 4: filter:~/bin/fix.rb:https://b.example/feed: pipes the feed"), "{stdout}");
    let config = env.assert_no_programs();
    assert_eq!(config.feeds.len(), 1);

    // What it shows is a config tidings reads, and does what newsboat did.
    let shown = &stdout[stdout.find("# newsboat's line 2").expect("the tables are shown")..];
    let tables = Config::parse(shown, &env.path("shown.toml")).unwrap_or_else(|e| panic!("{e}\n{shown}"));
    let commands: Vec<Programs> =
        tables.feeds.iter().map(|f| (f.command.clone(), f.url.as_str(), f.filter.clone())).collect();
    let words = |w: &[&str]| Some(w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(
        commands,
        [
            (words(&["~/bin/get-feed", "--site", "x"]), "", None),
            (words(&["sh", "-c", "curl -s https://x.example/ | xsltproc a.xsl -"]), "", None),
            (None, "https://b.example/feed", words(&["~/bin/fix.rb"])),
        ]
    );
    assert_eq!(
        (tables.feeds[0].title.as_deref(), &tables.feeds[0].tags[..]),
        (Some("Scraped"), &["scripts".to_owned()][..])
    );
}

#[test]
fn export_leaves_command_feeds_out_and_remove_takes_them_away() {
    let env = Env::new();
    let text = "[[feeds]]\nurl = \"https://fine.example/feed\"\n\n\
                # my scraper\n[[feeds]]\ncommand = [\"scrape\", \"--site\", \"x\"]\ntitle = \"Scraped\"\n";
    std::fs::write(env.path("config.toml"), text).unwrap();
    let out = env.run(&["export"]);
    let opml = String::from_utf8(out.stdout).unwrap();
    assert!(opml.contains("https://fine.example/feed") && !opml.contains("scrape"), "{opml}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "not exported: Scraped (command:scrape --site x): a command feed (OPML can only hold addresses)\n"
    );

    let out = env.run(&["remove", "Scraped"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "removed command:scrape --site x\n");
    assert_eq!(
        std::fs::read_to_string(env.path("config.toml")).unwrap(),
        "[[feeds]]\nurl = \"https://fine.example/feed\"\n"
    );
}

#[test]
fn a_in_the_reader_never_creates_a_command_feed() {
    let server = crate::common::fixture_server();
    // A site of its own, whose page's alternates are all commands.
    let site_server = crate::common::TestServer::start();
    site_server.route(
        "/site/",
        crate::common::Response::ok(
            "text/html",
            r#"<html><head><link rel="alternate" type="application/rss+xml" href="exec:touch pwned">
               <link rel="alternate" type="application/rss+xml" href="command:touch pwned"></head></html>"#,
        ),
    );
    let env = Env::new();
    let text = format!("refresh_interval = 0\n[[feeds]]\nurl = \"{}\"\n", server.url("/rss.xml"));
    std::fs::write(env.path("config.toml"), &text).unwrap();
    let (config, data) = (env.path("config.toml"), env.path("data"));
    let args = ["--config", config.to_str().unwrap(), "--data-dir", data.to_str().unwrap()];
    let home = env.dir.path().to_str().unwrap();
    let mut tui = crate::common::pty::Tui::spawn_with_env(&args, &[("HOME", home)], 100, 30);
    tui.wait_for_text("Third note");
    let site = site_server.url("/site/");
    for (input, answer) in [("command:touch pwned", "not an http(s) address"), (site.as_str(), "no feed found at")] {
        tui.send("a");
        tui.wait_for_text("add feed (address or site):");
        tui.send(input);
        tui.send("\r");
        tui.wait_for_text(answer);
    }
    let screen = tui.contents();
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(std::fs::read_to_string(env.path("config.toml")).unwrap(), text, "{screen}");
    assert!(!env.path("pwned").exists());
}
