//! Where the config and the data live: flag, else environment, else platform dirs.

use std::ffi::OsString;
use std::path::PathBuf;

use directories::ProjectDirs;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "tidings.db";
/// File name of the log inside the data directory.
pub const LOG_FILE: &str = "tidings.log";
/// Environment variable that overrides the config file location.
pub const CONFIG_ENV: &str = "TIDINGS_CONFIG";
/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "TIDINGS_DATA_DIR";

/// `--config`, else `$TIDINGS_CONFIG`, else `<platform config dir>/config.toml`
/// (`~/.config/tidings/config.toml` on Linux). None only if no home is known.
pub fn config_path(flag: Option<PathBuf>) -> Option<PathBuf> {
    pick(flag, std::env::var_os(CONFIG_ENV), || project_dirs().map(|dirs| dirs.config_dir().join("config.toml")))
}

/// `--data-dir`, else `$TIDINGS_DATA_DIR`, else the platform data dir
/// (`~/.local/share/tidings` on Linux).
pub fn data_dir(flag: Option<PathBuf>) -> Option<PathBuf> {
    pick(flag, std::env::var_os(DATA_DIR_ENV), || project_dirs().map(|dirs| dirs.data_dir().to_path_buf()))
}

/// The precedence rule on its own, so it can be tested without touching the
/// process environment: a flag wins, then a non-empty environment value, then
/// the platform default. An empty variable counts as unset, as shells make
/// `TIDINGS_CONFIG= tidings` an easy way to ignore it.
pub fn pick(
    flag: Option<PathBuf>,
    env: Option<OsString>,
    default: impl FnOnce() -> Option<PathBuf>,
) -> Option<PathBuf> {
    flag.or_else(|| env.filter(|v| !v.is_empty()).map(PathBuf::from)).or_else(default)
}

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "tidings")
}

/// The log file in use, once logging has started (the panic message names it).
static LOG_IN_USE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Records where the log goes.
pub fn set_log_file(path: PathBuf) {
    let _ = LOG_IN_USE.set(path);
}

/// Where the log goes, if logging has started.
pub fn log_file() -> Option<PathBuf> {
    LOG_IN_USE.get().cloned()
}
