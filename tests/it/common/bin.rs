//! The built `tidings` binary, run as a user runs it but in a clean
//! environment: nothing of the shell the tests run from (proxies, XDG
//! directories, locale, time zone, `TIDINGS_*`, `NO_COLOR`, `RUST_BACKTRACE`) reaches
//! it unless the test sets it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_tidings");

/// The whole environment a spawned binary starts from: `PATH` (to find
/// `sh`, `kill`, an editor), `HOME` = `home`, `LANG=C.UTF-8` and `TZ=UTC`
/// (without it, dates would show in the machine's `/etc/localtime`).
pub fn base_env(home: &Path) -> [(&'static str, OsString); 4] {
    [
        ("PATH", std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into())),
        ("HOME", home.as_os_str().to_owned()),
        ("LANG", "C.UTF-8".into()),
        ("TZ", "UTC".into()),
    ]
}

/// `tidings` with only `base_env(home)` set; the test adds what it means to.
pub fn tidings(home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear().envs(base_env(home));
    cmd
}

/// `tidings` with `base_env` and a home that does not exist: for a test that
/// passes every path itself.
pub fn clean() -> Command {
    tidings(Path::new("/nonexistent"))
}

/// `tidings --config CONFIG --data-dir DATA`, its `HOME` a `home` beside the
/// config file (the binary is never meant to touch it with both paths given).
pub fn tidings_at(config: &Path, data: &Path) -> Command {
    let mut cmd = tidings(&home_beside(config));
    cmd.arg("--config").arg(config).arg("--data-dir").arg(data);
    cmd
}

/// `tidings --config CONFIG --data-dir DATA ARGS…` run to its end (stdin closed).
pub fn run(config: &Path, data: &Path, args: &[&str]) -> Output {
    tidings_at(config, data).args(args).output().expect("run tidings")
}

/// The `HOME` given to a binary run on `config`: `home` in the config's directory.
pub fn home_beside(config: &Path) -> PathBuf {
    config.with_file_name("home")
}

/// What the binary wrote on stdout (UTF-8).
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// What the binary wrote on stderr (UTF-8).
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// A reader's files in a temp dir of their own: `config.toml`, the `data`
/// directory the binary makes, and any file a config names beside them.
pub struct Files {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub data: PathBuf,
}

impl Files {
    /// `config.toml` holding `config`.
    pub fn new(config: &str) -> Files {
        let files = Files::unwritten();
        std::fs::write(&files.config, config).expect("write the config");
        files
    }

    /// No config file yet (a first run).
    pub fn unwritten() -> Files {
        let dir = tempfile::tempdir().expect("temp dir");
        Files { config: dir.path().join("config.toml"), data: dir.path().join("data"), dir }
    }

    /// `name` in the temp dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `name` in the temp dir (a local feed, a script); its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// The database in the data directory, opened as the UI opens it.
    pub fn store(&self) -> tidings::store::Store {
        tidings::store::Store::open(&self.data.join("tidings.db")).expect("open the database")
    }

    /// `tidings --config … --data-dir … ARGS…` run to its end.
    pub fn run(&self, args: &[&str]) -> Output {
        run(&self.config, &self.data, args)
    }

    /// The binary on these files in a `cols`×`rows` pseudo-terminal.
    pub fn tui(&self, cols: u16, rows: u16) -> super::pty::Tui {
        super::pty::Tui::at(&self.config, &self.data, &[], cols, rows)
    }
}
