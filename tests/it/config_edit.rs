//! The config editor against golden files: comments, order and formatting
//! survive adding and removing feeds; the old file is kept as a backup and a
//! broken file is never touched.

use std::path::{Path, PathBuf};

use tidings::config::edit::{self, EditError};
use tidings::config::{Config, FeedConfig};

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config-edit").join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(golden(name)).unwrap()
}

/// Compares with a golden file. `TIDINGS_BLESS=1` rewrites a golden file that
/// differs and fails all the same: a blessing run never passes, so look at
/// the diff, then run again without it.
fn assert_golden(actual: &str, name: &str) {
    if std::env::var_os("TIDINGS_BLESS").is_some() {
        if actual != read(name) {
            std::fs::write(golden(name), actual).unwrap();
        }
        panic!(
            "TIDINGS_BLESS is set: tests/fixtures/config-edit/{name} written if it differed; check the diff, run again without it"
        );
    }
    assert_eq!(actual, read(name), "differs from tests/fixtures/config-edit/{name}");
}

fn feed(url: &str, title: Option<&str>, tags: &[&str]) -> FeedConfig {
    FeedConfig {
        url: url.into(),
        title: title.map(String::from),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..FeedConfig::default()
    }
}

#[test]
fn adding_keeps_everything_else_byte_for_byte() {
    let before = read("before.toml");
    let feeds = [
        feed("https://xkcd.com/atom.xml", Some("xkcd \"comics\""), &["fun"]),
        feed("https://a.example/feed", None, &[]),
    ];
    let after = edit::add_feeds(&before, &feeds, Path::new("config.toml")).unwrap();
    assert!(after.starts_with(&before), "the old text is a prefix of the new:\n{after}");
    assert_golden(&after, "after-add.toml");
    let config = Config::parse(&after, Path::new("config.toml")).unwrap();
    assert_eq!(config.feeds.len(), 5);
    assert_eq!(config.feeds[3].title.as_deref(), Some("xkcd \"comics\""));
    assert_eq!(config.refresh_interval, 15);
}

#[test]
fn removing_takes_the_glued_comment_and_leaves_the_rest() {
    let before = read("before.toml");
    let (after, removed) =
        edit::remove_feeds(&before, Path::new("config.toml"), |url| url.contains("remove-me")).unwrap();
    assert_eq!(removed, 1);
    assert_golden(&after, "after-remove.toml");
    assert!(!after.contains("glued") && after.contains("# ---- Blogs"), "{after}");
    // Removing the last feed keeps the section comments before it.
    let (after, removed) =
        edit::remove_feeds(&before, Path::new("config.toml"), |url| url.contains("rust-lang")).unwrap();
    assert_eq!(removed, 1);
    assert!(after.contains("# ---- Blogs") && !after.contains("the Rust blog"), "{after}");
    assert_eq!(Config::parse(&after, Path::new("config.toml")).unwrap().feeds.len(), 2);
}

#[test]
fn inline_feed_arrays_are_edited_in_place() {
    let text = "feeds = [\n  { url = \"https://a.example/1\" },  # one\n  { url = \"https://b.example/2\" },\n]\n";
    let added = edit::add_feeds(text, &[feed("https://c.example/3", None, &["x"])], Path::new("c.toml")).unwrap();
    assert_eq!(Config::parse(&added, Path::new("c.toml")).unwrap().feeds.len(), 3);
    assert!(added.contains("# one"), "{added}");
    let (removed, n) = edit::remove_feeds(&added, Path::new("c.toml"), |u| u.ends_with("/1")).unwrap();
    assert_eq!(n, 1);
    let config = Config::parse(&removed, Path::new("c.toml")).unwrap();
    assert_eq!(
        config.feeds.iter().map(|f| f.url.as_str()).collect::<Vec<_>>(),
        ["https://b.example/2", "https://c.example/3"]
    );
}

#[test]
fn a_new_file_gets_a_header_and_tables() {
    let text = edit::add_feeds("", &[feed("https://a.example/f", None, &["t"])], Path::new("c.toml")).unwrap();
    assert_eq!(text, format!("{}[[feeds]]\nurl = \"https://a.example/f\"\ntags = [\"t\"]\n", edit::NEW_FILE_HEADER));
}

#[test]
fn update_writes_a_backup_and_the_new_file_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let before = read("before.toml");
    std::fs::write(&path, &before).unwrap();
    let (n, config) = edit::update(&path, |_, text| {
        let text = edit::add_feeds(text, &[feed("https://new.example/f", None, &[])], &path)?;
        Ok((Some(text), 1))
    })
    .unwrap();
    assert_eq!((n, config.feeds.len()), (1, 4));
    assert_eq!(std::fs::read_to_string(edit::backup_path(&path)).unwrap(), before);
    assert!(std::fs::read_to_string(&path).unwrap().contains("https://new.example/f"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "config and backup only: {leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_config_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("dotfiles.toml");
    std::fs::write(&real, "").unwrap();
    let link = dir.path().join("config.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    edit::update(&link, |_, text| {
        Ok((Some(edit::add_feeds(text, &[feed("https://a.example/", None, &[])], &link)?), ()))
    })
    .unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "still a link");
    assert!(std::fs::read_to_string(&real).unwrap().contains("https://a.example/"));
}

#[test]
fn a_broken_config_is_never_edited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "refresh_interval = \"soon\"\n").unwrap();
    let result = edit::update(&path, |_, text| Ok((Some(format!("{text}\n")), ())));
    match result {
        Err(EditError::Invalid(e)) => assert_eq!(e.line, 1, "{e}"),
        other => panic!("expected the config error, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "refresh_interval = \"soon\"\n");
    assert!(!edit::backup_path(&path).exists());
    // An edit that would break it is refused too.
    std::fs::write(&path, "").unwrap();
    let result = edit::update(&path, |_, _| Ok((Some("bogus = 1\n".to_owned()), ())));
    assert!(matches!(result, Err(EditError::Invalid(_))), "{result:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
}
