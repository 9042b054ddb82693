//! Other processes, seen through /proc.

use std::time::{Duration, Instant};

/// Whether process `pid` has ended (or only waits to be reaped), polled for
/// up to ten seconds: a kill takes effect soon, not at once.
pub fn ends(pid: &str) -> bool {
    let stat = format!("/proc/{pid}/stat");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        match std::fs::read_to_string(&stat) {
            Err(_) => return true,
            // The state follows the parenthesised name: Z is a zombie, X dead.
            Ok(text) if matches!(text.rsplit(')').next().and_then(|r| r.trim().chars().next()), Some('Z' | 'X')) => {
                return true;
            }
            Ok(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    false
}

/// The pid a script wrote to `file` (a line of digits), polled for up to ten
/// seconds: the script runs beside the test.
pub fn written_pid(file: &std::path::Path) -> String {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if text.ends_with('\n') && text.trim().chars().all(|c| c.is_ascii_digit()) && !text.trim().is_empty() {
            return text.trim().to_owned();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no pid written to {}", file.display());
}
