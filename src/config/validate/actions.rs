//! Checks of the article actions' settings: the pipe and bookmark commands,
//! the save directory, the browser tab limit.

use serde::Deserialize;
use toml::Spanned;

use super::{Doc, Problem, mirror, problem};

#[derive(Deserialize)]
struct Spans {
    pipe_command: Option<Spanned<Vec<Spanned<String>>>>,
    bookmark_command: Option<Spanned<Vec<Spanned<String>>>>,
    save_dir: Option<Spanned<String>>,
    max_browser_tabs: Option<Spanned<usize>>,
}

/// Most tabs `O` may open without asking.
pub(super) const MAX_BROWSER_TABS: usize = 100;

pub(super) fn check(doc: &Doc<'_>, problems: &mut Vec<Problem>) -> Result<(), toml::de::Error> {
    let spans: Spans = mirror(doc, false)?;
    let commands = [
        (&spans.pipe_command, "pipe_command", "remove it to type the command at the prompt"),
        (&spans.bookmark_command, "bookmark_command", "remove it if you do not bookmark"),
    ];
    for (argv, key, hint) in commands {
        let Some(argv) = argv else { continue };
        match argv.get_ref().first() {
            None => problems.push(problem(argv, format!("{key} is empty ({hint})"))),
            Some(program) if program.get_ref().trim().is_empty() => {
                problems.push(problem(program, format!("{key}: the program name is empty")));
            }
            Some(_) => {}
        }
    }
    if let Some(dir) = spans.save_dir.as_ref().filter(|d| d.get_ref().trim().is_empty()) {
        problems.push(problem(dir, "save_dir is empty (remove it to save to the download directory)".into()));
    }
    if let Some(n) = spans.max_browser_tabs.as_ref().filter(|n| !(1..=MAX_BROWSER_TABS).contains(n.get_ref())) {
        let message = format!("max_browser_tabs must be between 1 and {MAX_BROWSER_TABS}, got {}", n.get_ref());
        problems.push(problem(n, message));
    }
    Ok(())
}
