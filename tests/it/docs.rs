//! The documents a newcomer reads first stay true: the README's picture and
//! commands, config.example.toml (every key explained, every value the
//! default) and the changelog's version.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use tidings::config::Config;

// The README's picture is made by this example; the test below redraws it.
#[path = "../../examples/screenshot.rs"]
#[allow(dead_code)]
mod screenshot;

fn repo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(repo(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
}

#[test]
fn readme_shows_the_generated_screenshot_and_the_first_commands() {
    let readme = read("README.md");
    assert!(readme.contains("](assets/screenshot.svg)"), "the picture is linked relatively");
    assert!(readme.contains("cargo run --example screenshot"), "and how to make it again");
    let svg = read("assets/screenshot.svg");
    assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("L’ascension fulgurante de DeepSeek"), "the seed article is open in the picture");
    assert!(svg.contains(r#"font-weight="bold""#) && svg.contains("fill-opacity"), "styles are kept");
    for command in [
        "cargo run --release -- --config config.example.toml",
        "cargo test --locked",
        "cargo install --path .",
        "tidings man",
        "tidings import-newsboat",
    ] {
        assert!(readme.contains(command), "README lacks `{command}`");
    }
    for section in ["## Configuration", "## Migrating from newsboat", "## Troubleshooting", "## Performance"] {
        assert!(readme.contains(section), "README lacks {section}");
    }
    assert!(readme.contains("tidings.log") && readme.contains("TIDINGS_LOG"), "where the logs are");
}

#[test]
fn the_committed_screenshot_is_what_the_reader_draws_now() {
    let committed = read("assets/screenshot.svg");
    let now = screenshot::screenshot().unwrap();
    assert!(committed == now, "assets/screenshot.svg is out of date: run `cargo run --example screenshot`");
}

#[test]
fn readme_names_every_command() {
    let readme = read("README.md");
    for sub in tidings::cli::Cli::command().get_subcommands() {
        let name = sub.get_name();
        assert!(readme.contains(&format!("tidings {name}")), "README never shows `tidings {name}`");
    }
}

#[test]
fn config_example_values_are_the_defaults_and_every_key_is_explained() {
    let path = repo("config.example.toml");
    let example = Config::load(&path).expect("config.example.toml loads");
    // Views, feeds, rules and highlights are examples; everything else shows its default.
    let settings =
        Config { views: Vec::new(), feeds: Vec::new(), rules: Vec::new(), highlight: Vec::new(), ..example.clone() };
    assert_eq!(settings, Config::default(), "a value in config.example.toml is not the default");
    assert!(!example.feeds.is_empty() && !example.views.is_empty());

    let text = read("config.example.toml");
    let doc: toml_edit::DocumentMut = text.parse().unwrap();
    let explained = |table: &toml_edit::Table, name: &str| {
        let (key, _) = table.get_key_value(name).unwrap();
        key.leaf_decor().prefix().and_then(|p| p.as_str()).is_some_and(|p| p.contains('#'))
    };
    let mut keys = 0;
    for (name, item) in doc.as_table().iter() {
        if let Some(table) = item.as_table() {
            if name == "layout" {
                for (key, _) in table.iter() {
                    assert!(explained(table, key), "[layout] {key} has no comment above it");
                    keys += 1;
                }
            }
            continue;
        }
        if item.is_array_of_tables() {
            continue;
        }
        assert!(explained(doc.as_table(), name), "{name} has no comment above it");
        keys += 1;
    }
    assert!(keys >= 20, "{keys} keys checked");
    // Settings with no value by default are shown commented out, with an example.
    for unset in ["user_agent", "proxy", "browser", "player", "notify_command"] {
        assert!(text.contains(&format!("\n# {unset} = ")), "{unset} is not shown");
    }
    for table in ["[layout]", "[[views]]", "[keys]", "[theme]", "[[feeds]]", "[[rules]]", "[[highlight]]"] {
        assert!(text.contains(&format!("\n{table}\n")), "{table} is not shown");
    }
}

#[test]
fn changelog_starts_at_this_version() {
    let changelog = read("CHANGELOG.md");
    assert!(changelog.starts_with("# Changelog\n"), "Keep a Changelog layout");
    assert!(changelog.contains("keepachangelog.com"));
    let version = env!("CARGO_PKG_VERSION");
    let heading = format!("\n## [{version}] - ");
    assert!(changelog.contains(&heading), "no entry for {version}");
    assert_eq!(version, "0.1.0", "the first release");
}
