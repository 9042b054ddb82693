//! Help that a newcomer can read: `tidings --help` and every command's help
//! fit an 80×24 terminal and end with examples; the man page, made from the
//! same definitions, names every command and renders.

use std::process::{Command, Output};

use crate::common::bin;
use clap::CommandFactory;
use tidings::cli::Cli;
use unicode_width::UnicodeWidthStr;

fn tidings(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    bin::tidings(home.path()).args(args).env("COLUMNS", "80").output().unwrap()
}

/// Every visible command, as the words typed after `tidings` (`db vacuum`).
fn commands() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
            let mut words = path.to_vec();
            words.push(sub.get_name().to_owned());
            out.push(words.clone());
            walk(sub, &words, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out
}

/// Fits 80×24 and its last section is `Examples:` followed by `tidings` lines.
fn check_help(name: &str, help: &str) {
    let lines: Vec<&str> = help.trim_end().lines().collect();
    assert!(lines.len() <= 24, "{name}: {} lines:\n{help}", lines.len());
    for line in &lines {
        assert!(line.width() <= 80, "{name}: a line wider than 80 columns: {line:?}");
    }
    let examples =
        lines.iter().rposition(|l| *l == "Examples:").unwrap_or_else(|| panic!("{name}: no examples:\n{help}"));
    let after = &lines[examples + 1..];
    assert!(!after.is_empty(), "{name}: no example after the heading");
    for line in after {
        assert!(line.starts_with("  tidings "), "{name}: help does not end with examples: {line:?}\n{help}");
    }
}

#[test]
fn top_level_help_fits_a_screen_names_every_command_and_ends_with_examples() {
    let o = tidings(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8(o.stdout).unwrap();
    check_help("tidings", &help);
    let commands = commands();
    assert!(commands.len() >= 14, "{commands:?}");
    // `db` is there as `db vacuum`: the leaves of the tree are listed.
    let leaves = commands.iter().filter(|w| !commands.iter().any(|o| o.len() > w.len() && o.starts_with(w)));
    for words in leaves {
        // In the two-column list: the name, then at least two spaces before its summary.
        let named = help.contains(&format!(" {}  ", words.join(" ")));
        assert!(named, "`tidings --help` does not name `{}`:\n{help}", words.join(" "));
    }
    assert!(help.contains("tidings --config config.example.toml"), "{help}");
}

#[test]
fn every_command_help_fits_a_screen_and_ends_with_examples() {
    for words in commands() {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let o = tidings(&args);
        let name = words.join(" ");
        assert_eq!(o.status.code(), Some(0), "{name}");
        let help = String::from_utf8(o.stdout).unwrap();
        assert!(help.contains(&format!("Usage: tidings {name}")), "{name}:\n{help}");
        check_help(&name, &help);
    }
}

#[test]
fn the_man_page_has_every_command_and_renders() {
    let o = tidings(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let roff = String::from_utf8(o.stdout).unwrap();
    assert!(roff.lines().any(|l| l.starts_with(".TH tidings 1 ")), "{}", &roff[..roff.len().min(200)]);
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS"] {
        assert!(roff.contains(&format!(".SH {section}\n")), "no {section}");
    }
    for words in commands() {
        let heading = format!(".SH \"TIDINGS {}\"\n.nf\n", words.join(" ").to_uppercase());
        assert!(roff.contains(&heading), "no section for `{}`", words.join(" "));
    }
    assert!(roff.matches("\nExamples:\n").count() > commands().len(), "every command's examples, and the top level's");
    // What the page says, in the roff itself (`\-` is roff's hyphen)…
    let plain = roff.replace("\\-", "-");
    assert!(plain.contains("tidings import-newsboat --dry-run"), "the examples are in the page");
    assert!(plain.contains("Usage: tidings db vacuum"), "each command's usage is in the page");
    // …and as the system's man renders it (`.ci/run` installs man where it is missing).
    let mut child = Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("`man` renders the page: install it (Debian: man-db)");
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(roff.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "man failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("TIDINGS IMPORT-NEWSBOAT") && text.contains("tidings import-newsboat --dry-run"), "{text}");
    assert!(text.contains("Usage: tidings db vacuum"), "{text}");
}
