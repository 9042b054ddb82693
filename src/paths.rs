//! Where the config and the data live: flag, else environment, else platform dirs.
//! STUB: signatures are the contract; bodies are being written.

use std::path::PathBuf;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "tidings.db";
/// File name of the log inside the data directory.
pub const LOG_FILE: &str = "tidings.log";

/// `--config`, else `$TIDINGS_CONFIG`, else `<platform config dir>/config.toml`
/// (`~/.config/tidings/config.toml` on Linux). None only if no home is known.
pub fn config_path(flag: Option<PathBuf>) -> Option<PathBuf> {
    let _ = flag;
    todo!()
}

/// `--data-dir`, else `$TIDINGS_DATA_DIR`, else the platform data dir
/// (`~/.local/share/tidings` on Linux).
pub fn data_dir(flag: Option<PathBuf>) -> Option<PathBuf> {
    let _ = flag;
    todo!()
}
