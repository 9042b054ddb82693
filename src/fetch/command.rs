//! A feed's bytes from a program the user configured: a command source (its
//! standard output is the feed; its standard input is closed) or a filter
//! (the fetched bytes on its standard input, the feed on its standard
//! output). An argument vector, never a shell; the environment is inherited.
//!
//! Bounded like an HTTP fetch: at most `max_output` bytes of output and
//! `timeout` in all. A program past either is killed with its whole process
//! group (the children of a script too), and so is one whose refresh is
//! dropped (the poller shutting down). Every failure is one line: what went
//! wrong, then the first line the program wrote to its standard error.

use std::process::{ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin, Command};

use super::describe::human_size;
use crate::sanitize;

/// How much of standard error is kept for the message; the rest is read and dropped.
const STDERR_KEPT: usize = 4096;
/// The longest standard-error line a message carries, in characters.
const STDERR_LINE: usize = 200;
/// How long a killed program may take to be reaped before it is left to the runtime.
const REAP_GRACE: Duration = Duration::from_secs(2);

/// The caps of one run (the config's `max_body_size` and `request_timeout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub timeout: Duration,
    pub max_output: usize,
}

/// What the program is to the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Its output is the feed.
    Source,
    /// It rewrites the fetched feed.
    Filter,
}

/// Why a run gave no feed: `my-scraper: exited with status 3: login failed`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{program}: {failure}{}", role_prefix(*role), stderr_suffix(stderr.as_deref()))]
pub struct CommandError {
    pub role: Role,
    /// The program's name (its whole path when it could not be run), sanitised.
    pub program: String,
    pub failure: Failure,
    /// The first non-empty line of its standard error (sanitised, shortened).
    pub stderr: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("cannot run it: {0}")]
    Spawn(String),
    #[error("timed out after {0:?} and was stopped")]
    Timeout(Duration),
    #[error("output larger than {}, stopped", human_size(*limit))]
    TooLarge { limit: usize },
    #[error("exited with status {0}")]
    Exit(i32),
    #[error("killed by signal {0}")]
    Signal(i32),
    #[error("printed nothing")]
    Empty,
    #[error("{0}")]
    Io(String),
}

fn role_prefix(role: Role) -> &'static str {
    match role {
        Role::Source => "",
        Role::Filter => "filter ",
    }
}

fn stderr_suffix(line: Option<&str>) -> String {
    line.map(|l| format!(": {l}")).unwrap_or_default()
}

/// Runs `argv` (`input` on its standard input, else none) and returns its
/// standard output, which must be non-empty and come with exit status 0.
pub async fn run(role: Role, argv: &[String], input: Option<Vec<u8>>, limits: Limits) -> Result<Vec<u8>, CommandError> {
    let path = argv.first().map(|p| sanitize::line(p)).unwrap_or_default();
    // Its name says which program; where it lives matters only when it cannot be run.
    let name = std::path::Path::new(&path).file_name().map_or_else(|| path.clone(), |n| n.to_string_lossy().into());
    let error = |failure: Failure, stderr: &Mutex<Vec<u8>>| CommandError {
        role,
        program: if matches!(failure, Failure::Spawn(_)) { path.clone() } else { name.clone() },
        failure,
        stderr: first_line(&lock(stderr)),
    };
    let stderr_head = Mutex::new(Vec::new());
    let mut child = spawn(argv, input.is_some()).map_err(|f| error(f, &stderr_head))?;
    let group = Group::of(&child);
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    let work = async {
        let output = async {
            let body = read_capped(stdout, limits.max_output).await;
            if body.is_err() {
                // Its other pipes close once it is gone.
                group.kill();
            }
            body
        };
        let ((), (), body) = tokio::join!(write_input(stdin, input), keep_head(stderr, &stderr_head), output);
        let body = body?;
        let status = child.wait().await.map_err(|e| Failure::Io(format!("cannot wait for it: {e}")))?;
        Ok::<_, Failure>((body, status))
    };
    let outcome = tokio::time::timeout(limits.timeout, work).await;
    let (body, status) = match outcome {
        Ok(Ok(done)) => done,
        Ok(Err(failure)) => {
            stop(&group, &mut child).await;
            return Err(error(failure, &stderr_head));
        }
        Err(_) => {
            stop(&group, &mut child).await;
            return Err(error(Failure::Timeout(limits.timeout), &stderr_head));
        }
    };
    // Reaped: its process group may be gone and its number reused.
    group.disarm();
    match exit_failure(status) {
        Some(failure) => Err(error(failure, &stderr_head)),
        None if body.is_empty() => Err(error(Failure::Empty, &stderr_head)),
        None => Ok(body),
    }
}

fn spawn(argv: &[String], with_input: bool) -> Result<Child, Failure> {
    let Some((program, args)) = argv.split_first() else {
        return Err(Failure::Spawn("the command is empty".to_owned()));
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(if with_input { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    // Its own process group, so that a stop reaches everything it started.
    #[cfg(unix)]
    command.process_group(0);
    command.spawn().map_err(|e| Failure::Spawn(spawn_message(program, &e)))
}

fn spawn_message(program: &str, error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound if program.contains('/') => "no such file".to_owned(),
        std::io::ErrorKind::NotFound => "no such program in PATH".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied (is it executable?)".to_owned(),
        _ => error.to_string(),
    }
}

/// Kills what is left and reaps it, briefly.
async fn stop(group: &Group, child: &mut Child) {
    group.kill();
    let _ = child.start_kill();
    let _ = tokio::time::timeout(REAP_GRACE, child.wait()).await;
    group.disarm();
}

fn exit_failure(status: ExitStatus) -> Option<Failure> {
    if status.success() {
        return None;
    }
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return Some(Failure::Signal(signal));
    }
    Some(Failure::Exit(status.code().unwrap_or(-1)))
}

/// All of `pipe` up to `max` bytes; one byte more is `TooLarge`.
async fn read_capped(pipe: Option<impl AsyncRead + Unpin>, max: usize) -> Result<Vec<u8>, Failure> {
    let Some(pipe) = pipe else { return Ok(Vec::new()) };
    let mut body = Vec::new();
    pipe.take(max as u64 + 1)
        .read_to_end(&mut body)
        .await
        .map_err(|e| Failure::Io(format!("cannot read its output: {e}")))?;
    if body.len() > max {
        return Err(Failure::TooLarge { limit: max });
    }
    Ok(body)
}

/// Writes the input and closes the pipe. A filter that stops reading early
/// (it has what it needs, or it failed) is judged by its exit status instead.
async fn write_input(pipe: Option<ChildStdin>, input: Option<Vec<u8>>) {
    if let (Some(mut pipe), Some(bytes)) = (pipe, input) {
        let _ = pipe.write_all(&bytes).await;
    }
}

/// Reads standard error to its end (a program blocked on a full pipe would
/// hang), keeping its beginning.
async fn keep_head(pipe: Option<impl AsyncRead + Unpin>, head: &Mutex<Vec<u8>>) {
    let Some(mut pipe) = pipe else { return };
    let mut chunk = [0u8; 4096];
    while let Ok(n) = pipe.read(&mut chunk).await {
        if n == 0 {
            break;
        }
        let mut kept = lock(head);
        let room = STDERR_KEPT.saturating_sub(kept.len());
        kept.extend_from_slice(&chunk[..n.min(room)]);
    }
}

/// The first line with something on it, made safe for the terminal and short.
fn first_line(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let line = text.lines().map(sanitize::line).find(|l| !l.is_empty())?;
    if line.chars().count() <= STDERR_LINE {
        return Some(line);
    }
    Some(format!("{}…", line.chars().take(STDERR_LINE).collect::<String>()))
}

fn lock(head: &Mutex<Vec<u8>>) -> std::sync::MutexGuard<'_, Vec<u8>> {
    head.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The process group of a running program, killed on drop until disarmed
/// (a refresh dropped mid-run leaves nothing behind).
struct Group {
    pid: Option<u32>,
    armed: AtomicBool,
}

impl Group {
    fn of(child: &Child) -> Group {
        Group { pid: child.id(), armed: AtomicBool::new(true) }
    }

    fn kill(&self) {
        if !self.armed.load(Ordering::SeqCst) {
            return;
        }
        #[cfg(unix)]
        if let Some(pid) = self.pid.and_then(|p| libc::pid_t::try_from(p).ok()) {
            // SAFETY: kill(2) with a negative pid signals that process group;
            // it reads no memory of ours.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }

    fn disarm(&self) {
        self.armed.store(false, Ordering::SeqCst);
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.kill();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["sh".to_owned(), "-c".to_owned(), script.to_owned()]
    }

    const LIMITS: Limits = Limits { timeout: Duration::from_secs(20), max_output: 1024 };

    #[tokio::test]
    async fn output_input_and_failures() {
        let out = run(Role::Source, &sh("printf '<rss/>'"), None, LIMITS).await;
        assert_eq!(out.expect("runs"), b"<rss/>");
        let filtered = run(Role::Filter, &sh("tr a-z A-Z"), Some(b"<rss/>".to_vec()), LIMITS).await;
        assert_eq!(filtered.expect("filters"), b"<RSS/>");
        let failed = run(Role::Filter, &sh("echo '' >&2; echo 'no \x1b[31mgood' >&2; exit 4"), None, LIMITS).await;
        assert_eq!(failed.expect_err("exit 4").to_string(), "filter sh: exited with status 4: no good");
        let empty = run(Role::Source, &sh("true"), None, LIMITS).await.expect_err("no output");
        assert_eq!(empty.to_string(), "sh: printed nothing");
        let missing = run(Role::Source, &["/nonexistent/scraper".to_owned()], None, LIMITS).await;
        assert_eq!(missing.expect_err("missing").to_string(), "/nonexistent/scraper: cannot run it: no such file");
    }

    #[tokio::test]
    async fn a_flood_stops_at_the_cap() {
        let big = run(Role::Source, &sh("yes"), None, LIMITS).await.expect_err("too large");
        assert_eq!(big.failure, Failure::TooLarge { limit: 1024 });
        assert_eq!(big.to_string(), "sh: output larger than 1 KiB, stopped");
    }
}
