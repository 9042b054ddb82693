//! Stand-ins for the programs tidings starts (browser, player, notifier,
//! editor): small shell scripts that record how they were run, one record
//! file per run, written whole (to a temporary name, then renamed) so a test
//! that sees the file reads all of it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::common::pty::TIMEOUT;

/// A directory of recording scripts and the records they leave.
pub struct Recorder {
    dir: tempfile::TempDir,
}

/// One run of a recorded program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The process that started it (`$PPID`).
    pub parent: u32,
    /// Its arguments, exactly as received.
    pub args: Vec<String>,
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder { dir: tempfile::tempdir().expect("a temp dir for the recorder") }
    }

    /// The directory the scripts live in (to put first on a `PATH`).
    pub fn bin_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes an executable script `name` that records its runs; its path.
    /// Each record is the parent's pid, then every argument, each ended by NUL.
    pub fn program(&self, name: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        let records = self.dir.path().display().to_string();
        let script = format!(
            "#!/bin/sh\n\
             out='{records}/{name}.'$$\n\
             {{ printf '%s\\000' \"$PPID\"; for a in \"$@\"; do printf '%s\\000' \"$a\"; done; }} > \"$out.tmp\"\n\
             mv \"$out.tmp\" \"$out.rec\"\n"
        );
        std::fs::write(&path, script).expect("write the script");
        make_executable(&path);
        path
    }

    /// The runs of `name` recorded so far, in no particular order.
    pub fn runs(&self, name: &str) -> Vec<Run> {
        let prefix = format!("{name}.");
        let mut runs = Vec::new();
        for entry in std::fs::read_dir(self.dir.path()).expect("read the recorder dir") {
            let file = entry.expect("a dir entry").file_name().to_string_lossy().into_owned();
            if file.starts_with(&prefix) && file.ends_with(".rec") {
                let bytes = std::fs::read(self.dir.path().join(&file)).expect("read a record");
                runs.push(parse(&bytes));
            }
        }
        runs
    }

    /// Waits until `name` has run `count` times; those runs.
    pub fn wait_runs(&self, name: &str, count: usize) -> Vec<Run> {
        let start = Instant::now();
        loop {
            let runs = self.runs(name);
            if runs.len() >= count {
                return runs;
            }
            assert!(start.elapsed() < TIMEOUT, "{name} ran {} times, not {count}", runs.len());
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

fn parse(bytes: &[u8]) -> Run {
    let text = String::from_utf8(bytes.to_vec()).expect("a UTF-8 record");
    let mut fields: Vec<String> = text.split('\0').map(String::from).collect();
    assert_eq!(fields.pop().as_deref(), Some(""), "every field ends with NUL: {text:?}");
    let parent = fields.remove(0).parse().expect("the parent's pid");
    Run { parent, args: fields }
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod the script");
}
