//! `tidings refresh`: one fetch of every feed without the TUI.
//! STUB: signatures are the contract; bodies are being written.

use std::io::Write;
use std::path::Path;

use crate::config::Config;

/// Fetches every configured feed once, writing one line per feed (title and
/// new items, or the error) and a summary to `out`. Returns true when every
/// feed succeeded.
pub fn refresh(config: &Config, config_path: &Path, data_dir: &Path, out: &mut dyn Write) -> anyhow::Result<bool> {
    let _ = (config, config_path, data_dir, out);
    todo!()
}
