//! Config of the article actions: what `|` pipes, where and how `w` saves,
//! and the directory a save proposes.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Config;

/// What `|` hands the command on its standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PipeFormat {
    /// The article as the pane shows it, as plain text.
    #[default]
    Text,
    /// The article's HTML as the feed (or its page) gave it.
    Html,
    /// The item's link, one line.
    Url,
}

/// How `w` writes an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SaveFormat {
    /// Links as `[text](url)`, the link list at the end.
    #[default]
    Markdown,
    /// The article as the pane shows it.
    Text,
}

impl SaveFormat {
    /// The file name extension of a save in this format.
    pub fn extension(self) -> &'static str {
        match self {
            SaveFormat::Markdown => "md",
            SaveFormat::Text => "txt",
        }
    }

    /// The format a path asks for by its extension: `.md`/`.markdown`,
    /// `.txt`/`.text`; any other keeps `default`.
    pub fn of_path(path: &Path, default: SaveFormat) -> SaveFormat {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown") => SaveFormat::Markdown,
            Some("txt" | "text") => SaveFormat::Text,
            _ => default,
        }
    }
}

impl Config {
    /// Where `w` proposes to save: `save_dir` (a leading `~/` is the home
    /// directory), else the user's download directory, else home.
    pub fn save_dir(&self) -> PathBuf {
        let home = super::home_dir();
        if let Some(dir) = self.save_dir.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            return expand_home(dir, home.as_deref());
        }
        directories::UserDirs::new()
            .and_then(|dirs| dirs.download_dir().map(Path::to_path_buf))
            .or(home)
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// `~` and `~/x` under `home`; any other path as written.
pub fn expand_home(path: &str, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home.to_path_buf(),
        (Some(rest), Some(home)) if rest.starts_with('/') => home.join(rest.trim_start_matches('/')),
        _ => PathBuf::from(path),
    }
}

/// `path` as the user reads it: `~/x` when it is under `home`.
pub fn abbreviate_home(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|home| path.strip_prefix(home).ok()) {
        Some(rest) if rest.as_os_str().is_empty() => "~".to_owned(),
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// The home directory, if the platform knows one.
pub fn home() -> Option<PathBuf> {
    super::home_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_expanded_and_abbreviated() {
        let home = Path::new("/home/ana");
        assert_eq!(expand_home("~/Téléchargements", Some(home)), home.join("Téléchargements"));
        assert_eq!(expand_home("~", Some(home)), home);
        assert_eq!(expand_home("~bob/x", Some(home)), PathBuf::from("~bob/x"), "another user's home is not ours");
        assert_eq!(expand_home("~/x", None), PathBuf::from("~/x"));
        assert_eq!(abbreviate_home(&home.join("Downloads/a b.md"), Some(home)), "~/Downloads/a b.md");
        assert_eq!(abbreviate_home(home, Some(home)), "~");
        assert_eq!(abbreviate_home(Path::new("/tmp/x"), Some(home)), "/tmp/x");
    }

    #[test]
    fn the_extension_picks_the_format() {
        let of = |p: &str| SaveFormat::of_path(Path::new(p), SaveFormat::Markdown);
        assert_eq!(of("a/notes.TXT"), SaveFormat::Text);
        assert_eq!(of("a.markdown"), SaveFormat::Markdown);
        assert_eq!(of("a"), SaveFormat::Markdown);
        assert_eq!(SaveFormat::of_path(Path::new("a.html"), SaveFormat::Text), SaveFormat::Text);
    }
}
