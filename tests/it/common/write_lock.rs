//! Catching another process inside a write transaction on a database: a
//! probe connection asks for the write lock without waiting (`BEGIN
//! IMMEDIATE` with no busy timeout) and is refused while someone else holds
//! it. A process stopped (SIGSTOP) while the probe is still refused cannot
//! commit: whatever is done to it next lands in the middle of its write.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// How long a process may take to reach a write before the test gives up.
const PATIENCE: Duration = Duration::from_secs(60);

/// A connection that only ever asks whether the write lock is free.
pub struct WriteProbe {
    conn: rusqlite::Connection,
}

impl WriteProbe {
    /// A probe on `db`, which must exist already (the probe never creates it).
    pub fn open(db: &Path) -> WriteProbe {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = rusqlite::Connection::open_with_flags(db, flags).expect("open the database to probe it");
        conn.busy_timeout(Duration::ZERO).unwrap();
        WriteProbe { conn }
    }

    /// Whether another connection holds the write lock right now.
    pub fn held_elsewhere(&self) -> bool {
        match self.conn.execute_batch("BEGIN IMMEDIATE") {
            Ok(()) => {
                self.conn.execute_batch("ROLLBACK").unwrap();
                false
            }
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseBusy => true,
            Err(e) => panic!("probing the write lock: {e}"),
        }
    }
}

/// Stops `child` (SIGSTOP) in the middle of a write transaction: waits until
/// it is seen holding the write lock, stops it, and checks that it still
/// holds it once every thread is stopped (else lets it go on and tries
/// again). False when the child exited first.
pub fn stop_inside_write(child: &mut Child, probe: &WriteProbe) -> bool {
    let deadline = Instant::now() + PATIENCE;
    loop {
        assert!(Instant::now() < deadline, "the process never reached a write");
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if !probe.held_elsewhere() {
            // Pace the probe: each free answer holds the lock for a moment.
            std::thread::sleep(Duration::from_micros(200));
            continue;
        }
        signal(child, "STOP");
        wait_stopped(child);
        if probe.held_elsewhere() {
            return true;
        }
        signal(child, "CONT");
    }
}

/// Sends `kill -NAME` to the child.
pub fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").arg(format!("-{name}")).arg(child.id().to_string()).status().expect("run kill");
    assert!(status.success(), "kill -{name} failed");
}

/// Blocks until every thread of the stopped child is stopped (Linux: the
/// state letter in /proc; elsewhere the signal is taken as delivered).
fn wait_stopped(child: &Child) {
    let tasks = Path::new("/proc").join(child.id().to_string()).join("task");
    let Ok(entries) = std::fs::read_dir(&tasks) else { return };
    let threads: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path().join("stat")).collect();
    let deadline = Instant::now() + PATIENCE;
    for stat in threads {
        // After the last ')' (the name may hold any byte): " T ..." when stopped.
        while let Ok(text) = std::fs::read_to_string(&stat) {
            let state = text.rsplit_once(')').and_then(|(_, rest)| rest.trim_start().chars().next());
            if matches!(state, Some('T' | 't' | 'Z' | 'X') | None) {
                break;
            }
            assert!(Instant::now() < deadline, "the process did not stop");
            std::thread::yield_now();
        }
    }
}

/// Blocks until `child` is seen waiting for a lock: one of its threads asleep
/// in SQLite's busy handler (Linux: `nanosleep` in /proc; the reader sleeps
/// nowhere else). False when it exited first; true at once where /proc
/// cannot tell.
pub fn wait_until_waiting_for_lock(child: &mut Child) -> bool {
    let tasks = Path::new("/proc").join(child.id().to_string()).join("task");
    if !tasks.exists() {
        return true;
    }
    let deadline = Instant::now() + PATIENCE;
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let sleeping = std::fs::read_dir(&tasks)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .any(|e| std::fs::read_to_string(e.path().join("wchan")).is_ok_and(|w| w.contains("nanosleep")));
        if sleeping {
            return true;
        }
        assert!(Instant::now() < deadline, "the process never waited for the lock");
        std::thread::sleep(Duration::from_millis(1));
    }
}
