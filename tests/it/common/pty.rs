//! Drives the real binary in a pseudo-terminal and reads its screen with vt100.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// Generous: CI machines are slow and shared; conditions are polled, not slept on.
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for tests that inspect the raw stream.
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set by the reader thread once the pty is closed and all its output read.
    drained: Arc<AtomicBool>,
    // Kept so the pty stays open while the child runs.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    /// The child's `HOME`, empty, removed with the `Tui`.
    _home: tempfile::TempDir,
}

impl Tui {
    /// Starts `tidings` with `args` in a `cols`×`rows` terminal.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::spawn_with_env(args, &[], cols, rows)
    }

    /// `tidings --config CONFIG --data-dir DATA` with extra environment variables.
    pub fn at(config: &Path, data: &Path, env: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        let (config, data) = (config.to_str().expect("a UTF-8 path"), data.to_str().expect("a UTF-8 path"));
        Tui::spawn_with_env(&["--config", config, "--data-dir", data], env, cols, rows)
    }

    /// `spawn`, with extra environment variables (over the clean base, `HOME` included).
    pub fn spawn_with_env(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        let pair =
            native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("open a pty");
        let home = tempfile::tempdir().expect("a home for the binary");
        let mut cmd = CommandBuilder::new(super::bin::BIN);
        cmd.args(args);
        // A clean environment (see `bin`), a colour terminal, and what the test adds.
        cmd.env_clear();
        for (name, value) in super::bin::base_env(home.path()) {
            cmd.env(name, value);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(home.path());
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn tidings");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nonzero(rows), nonzero(cols), 0)));
        let sink = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        let drained = Arc::new(AtomicBool::new(false));
        let done = Arc::clone(&drained);
        // Drain output continuously so the child never blocks on a full pty.
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            done.store(true, Ordering::SeqCst);
        });
        Tui { child, writer, screen, raw, drained, _master: pair.master, _home: home }
    }

    /// All the bytes written so far.
    pub fn output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Polls the screen until `cond` holds; panics with the screen after TIMEOUT.
    pub fn wait_for(&self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = self.contents();
            if cond(&text) {
                return text;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; screen:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_for_text(&self, needle: &str) -> String {
        self.wait_for(needle, |s| s.contains(needle))
    }

    /// The screen row that contains `needle`.
    pub fn row_with(&self, needle: &str) -> Option<String> {
        self.contents().lines().find(|l| l.contains(needle)).map(String::from)
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Waits for the process to end by itself, and for the last of its
    /// output to be read (the screen and `output` then hold all it wrote,
    /// the terminal restore included); returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                self.wait_drained(start);
                return status.exit_code();
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("tidings did not exit; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Until the reader thread has read the closed pty to its end (a program
    /// the child left running may keep it open: then until TIMEOUT).
    fn wait_drained(&self, start: Instant) {
        while !self.drained.load(Ordering::SeqCst) && start.elapsed() < TIMEOUT {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGKILL: no destructor, no flush, no terminal restore runs.
    pub fn kill9(&mut self) {
        let pid = self.child.process_id().expect("pid");
        let status = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().expect("run kill");
        assert!(status.success());
        let _ = self.child.wait();
    }

    /// True while the program shows the alternate screen (the TUI is up).
    pub fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("terminal sizes are positive")
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
