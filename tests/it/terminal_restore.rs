//! The terminal given back on the ways out that are not `q`: SIGTERM and
//! SIGHUP (the alternate screen left, the cursor shown, mouse reporting and
//! raw mode off, exit 0), and a panic on the UI thread (one clean line on the
//! terminal, the panic and its backtrace in the log).

use std::io::Read;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, SlavePty, native_pty_system};

use crate::common::bin::{self, Files};
use crate::common::pty::{TIMEOUT, Tui};

/// The reader in a pty whose both ends the test holds: its pid for `kill`,
/// and the terminal's modes (`stty`) still readable after it exits.
struct Held {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    /// Held open so the terminal outlives the reader.
    _slave: Box<dyn SlavePty + Send>,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Held {
    fn spawn(files: &Files) -> Held {
        let size = PtySize { rows: 24, cols: 100, pixel_width: 0, pixel_height: 0 };
        let pair = native_pty_system().openpty(size).expect("open a pty");
        let mut cmd = CommandBuilder::new(bin::BIN);
        cmd.arg("--config");
        cmd.arg(&files.config);
        cmd.arg("--data-dir");
        cmd.arg(&files.data);
        cmd.env_clear();
        for (name, value) in bin::base_env(files.dir.path()) {
            cmd.env(name, value);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.cwd(files.dir.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn tidings");
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Held { child, master: pair.master, _slave: pair.slave, output }
    }

    fn bytes(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// The screen the bytes so far draw.
    fn screen(&self) -> vt100::Screen {
        let nonzero = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(nonzero(24), nonzero(100), 0);
        parser.process(&self.bytes());
        parser.screen().clone()
    }

    fn wait_for_text(&self, needle: &str) {
        let start = Instant::now();
        while !self.screen().contents().contains(needle) {
            assert!(start.elapsed() < TIMEOUT, "no {needle:?} on screen:\n{}", self.screen().contents());
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("the reader's pid").to_string();
        let status = Command::new("kill").args(["-s", name, &pid]).status().expect("run kill");
        assert!(status.success(), "kill -s {name}");
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.exit_code();
            }
            assert!(start.elapsed() < TIMEOUT, "tidings did not exit:\n{}", self.screen().contents());
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// The terminal's local modes as `stty -a` prints them (`icanon` or `-icanon`, …).
    fn modes(&self) -> Vec<String> {
        let tty = self.master.tty_name().expect("the pty's name");
        let out = Command::new("stty")
            .arg("-a")
            .stdin(std::fs::File::open(&tty).expect("open the pty"))
            .output()
            .expect("run stty");
        assert!(out.status.success(), "stty: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).split_whitespace().map(String::from).collect()
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|w| *w == needle).count()
}

fn a_signal_restores_the_terminal(signal: &str) {
    let files = Files::new("mouse = true\n\n[[feeds]]\nurl = \"http://127.0.0.1:9/none.xml\"\ntitle = \"Nowhere\"\n");
    let mut tui = Held::spawn(&files);
    tui.wait_for_text("Nowhere");
    let raw = tui.modes();
    assert!(raw.contains(&"-icanon".to_owned()) && raw.contains(&"-echo".to_owned()), "raw while up: {raw:?}");
    let screen = tui.screen();
    assert!(screen.alternate_screen() && screen.hide_cursor(), "the TUI is up");
    assert_ne!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse reporting on");

    let before = tui.bytes().len();
    tui.signal(signal);
    assert_eq!(tui.wait_exit(), 0, "{signal} ends the reader like q");
    // The last bytes may still be on their way through the pty: wait for them.
    let start = Instant::now();
    loop {
        let after = tui.bytes()[before..].to_vec();
        if count(&after, b"\x1b[?1049l") >= 1 && count(&after, b"\x1b[?25h") >= 1 {
            break;
        }
        let after = String::from_utf8_lossy(&after).into_owned();
        assert!(start.elapsed() < TIMEOUT, "alternate screen left and cursor shown: {after:?}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let screen = tui.screen();
    assert!(!screen.alternate_screen() && !screen.hide_cursor());
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse reporting off");
    let cooked = tui.modes();
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(cooked.contains(&mode.to_owned()), "{mode} back on after {signal}: {cooked:?}");
    }
}

#[test]
fn sigterm_restores_the_terminal() {
    a_signal_restores_the_terminal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    a_signal_restores_the_terminal("HUP");
}

#[test]
fn a_panic_restores_the_terminal_prints_one_line_and_logs_the_backtrace() {
    let files = Files::new("[[feeds]]\nurl = \"http://127.0.0.1:9/none.xml\"\n");
    let env = [("TIDINGS_DEBUG_PANIC", "boom\u{1b}[2J\nsecond line")];
    let mut tui = Tui::at(&files.config, &files.data, &env, 200, 24);
    assert_eq!(tui.wait_exit(), 101, "a panic's exit status");
    let log = files.data.join("tidings.log");
    let screen = tui.wait_for_text("tidings: internal error: boom");
    assert!(!tui.alternate_screen(), "the main screen is back:\n{screen}");
    let line = screen.lines().find(|l| l.contains("internal error")).unwrap();
    assert!(line.contains("second line") && line.contains("src/ui/terminal.rs"), "{line}");
    assert!(line.trim_end().ends_with(&format!("(details in {})", log.display())), "{line}");
    let output = tui.output();
    assert_eq!(count(&output, b"\x1b[2J"), 0, "the message's escape is stripped");
    assert!(!screen.contains("stack backtrace") && !screen.contains("panicked at"), "no report:\n{screen}");

    let log = std::fs::read_to_string(&log).expect("the log");
    let panic = log.lines().position(|l| l.contains("ERROR") && l.contains("panic: ")).expect("the panic logged");
    assert!(log.contains("boom"), "{log}");
    let backtrace: Vec<&str> = log.lines().skip(panic).collect();
    assert!(backtrace.iter().any(|l| l.contains("tidings::ui::terminal::debug_panic")), "the backtrace:\n{log}");
    assert!(backtrace.iter().any(|l| l.contains("tidings::cli::with_data")), "the backtrace:\n{log}");
}
