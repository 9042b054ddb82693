//! `tidings list` and `tidings show`: stdout, stderr and exit codes of the real binary.

use std::path::PathBuf;
use std::process::Output;

use crate::common;
use crate::common::bin::{self, stdout};
use crate::common::{assert_reads_like_the_article, seed_article_server};

struct Setup {
    _dir: tempfile::TempDir,
    _server: common::TestServer,
    config: PathBuf,
    data: PathBuf,
}

/// The excerpt seed feed from the loopback server, refreshed once.
fn setup() -> Setup {
    let server = seed_article_server();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[[feeds]]\nurl = \"{}\"\ntitle = \"Le Fil Tech\"\ntags = [\"tech\", \"FR\"]\n", server.url("/feed/")),
    )
    .unwrap();
    let data = dir.path().join("data");
    let s = Setup { config, data, _dir: dir, _server: server };
    assert!(run(&s, &["refresh"]).status.success());
    s
}

fn run(s: &Setup, args: &[&str]) -> Output {
    bin::run(&s.config, &s.data, args)
}

#[test]
fn list_prints_ids_and_titles_newest_first() {
    let s = setup();
    let out = run(&s, &["list"]);
    assert!(out.status.success());
    let lines: Vec<String> = stdout(&out).lines().map(String::from).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].ends_with(
        "\tL’ascension fulgurante de DeepSeek chinois : une menace pour la domination américaine dans l’IA générative"
    ));
    assert!(lines[1].ends_with("\tNvidia : la chute historique en Bourse expliquée"));
}

#[test]
fn list_json_lines_have_the_fields_scripts_need() {
    let s = setup();
    let out = run(&s, &["list", "--json", "--feed", "le fil tech"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let first: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(first["feed"], "Le Fil Tech");
    assert_eq!(first["published"], "2025-01-28T08:14:00Z");
    assert_eq!(first["read"], false);
    assert_eq!(first["starred"], false);
    assert!(first["link"].as_str().unwrap().ends_with("/2025/01/28/ascension-deepseek/"));
    assert!(first["id"].is_i64() && first["title"].is_string());
}

#[test]
fn list_filters_and_says_when_nothing_matched() {
    let s = setup();
    let out = run(&s, &["list", "--starred"]);
    assert_eq!(out.status.code(), Some(1), "nothing starred");
    assert!(out.stdout.is_empty());
    assert_eq!(run(&s, &["list", "--feed", "Other"]).status.code(), Some(1));
    assert_eq!(stdout(&run(&s, &["list", "--unread"])).lines().count(), 2);
    assert_eq!(stdout(&run(&s, &["list", "--tag", "fr"])).lines().count(), 2, "tags match in any case");
    assert_eq!(run(&s, &["list", "--tag", "sport"]).status.code(), Some(1));
    let found = stdout(&run(&s, &["list", "--search", "generative deepseek"]));
    assert_eq!(found.lines().count(), 1, "{found}");
    assert!(found.contains("DeepSeek"), "accents folded: {found}");
    assert_eq!(run(&s, &["list", "--search", "!!!"]).status.code(), Some(1), "no word matches nothing");
}

#[test]
fn show_prints_the_article_at_a_width() {
    let s = setup();
    let id = stdout(&run(&s, &["list"])).split('\t').next().unwrap().to_owned();
    let out = run(&s, &["show", &id, "--width", "60"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("L’ascension fulgurante de DeepSeek chinois : une menace pour\n"), "{text}");
    assert!(text.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 60), "{text}");
    assert!(common::normalized(&text).contains("Maison Blanche. […]"), "the excerpt: {text}");
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn show_full_text_fetches_the_page() {
    let s = setup();
    let id = stdout(&run(&s, &["list"])).split('\t').next().unwrap().to_owned();
    let out = run(&s, &["show", &id, "--full-text"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_reads_like_the_article(&stdout(&out));
}

#[test]
fn show_reports_what_is_missing() {
    let s = setup();
    let out = run(&s, &["show", "999"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "tidings: no item with id 999\n");
    let second = stdout(&run(&s, &["list"])).lines().nth(1).unwrap().split('\t').next().unwrap().to_owned();
    let out = run(&s, &["show", &second, "--full-text"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), format!("tidings: full text of item {second}: HTTP 404\n"));
}
