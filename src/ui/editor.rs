//! `E`: the config in the user's editor, with the TUI suspended around it.

use std::process::Command;

use super::effects::Executor;
use super::input::Input;
use super::terminal::{self, Term};
use crate::app::{Failure, Msg};

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on the config file (as an
/// argument vector: `code --wait` works, no shell is involved), then reloads
/// it. Terminal input is paused while the editor runs.
pub(super) fn edit_config(
    term: &mut Term,
    input: &Input,
    executor: &mut Executor,
    queue: &mut Vec<Msg>,
) -> anyhow::Result<()> {
    let Some(path) = executor.config.as_ref().map(|c| c.path().to_path_buf()) else {
        return Ok(());
    };
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|v| v.to_string_lossy().into_owned())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi").to_owned();
    // The input thread would compete with the editor for keys.
    input.pause();
    terminal::suspend()?;
    let status = Command::new(&program).args(words).arg(&path).status();
    let resumed = terminal::resume(term);
    input.resume();
    resumed?;
    queue.push(match status {
        Err(e) => Msg::Failed(Failure::program(&format!("cannot run {program}: {e}"))),
        Ok(_) => executor.reload(),
    });
    Ok(())
}
