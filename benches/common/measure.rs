//! What the one-off benches (`catchup`, `retention`, `index_ceiling`)
//! measure with: a thread's CPU, and medians of reps.

// Each bench uses a different part of this module.
#![allow(dead_code)]

use std::time::Duration;

/// User and system CPU of the calling thread: what a bench's work cost,
/// whatever else the shared machine ran meanwhile.
#[cfg(target_os = "linux")]
pub fn thread_cpu() -> (Duration, Duration) {
    // SAFETY: getrusage only writes the struct it is given; RUSAGE_THREAD is Linux's.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut u) };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (time(u.ru_utime), time(u.ru_stime))
}

/// Elsewhere: wall time since the first call (as user time), which counts
/// what other threads ran meanwhile.
#[cfg(not(target_os = "linux"))]
pub fn thread_cpu() -> (Duration, Duration) {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    (START.get_or_init(std::time::Instant::now).elapsed(), Duration::ZERO)
}

/// User and system CPU of the whole process, every thread (the catch-up
/// writes its two index files from two threads).
#[cfg(target_os = "linux")]
pub fn process_cpu_total() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(u.ru_utime) + time(u.ru_stime)
}

/// Elsewhere: the calling thread's (see `thread_cpu`).
#[cfg(not(target_os = "linux"))]
pub fn process_cpu_total() -> Duration {
    thread_cpu_total()
}

/// The calling thread's CPU, user and system together.
pub fn thread_cpu_total() -> Duration {
    let (user, sys) = thread_cpu();
    user + sys
}

/// The median of `xs` (the upper one of an even count; 0 when empty).
pub fn median(xs: impl IntoIterator<Item = f64>) -> f64 {
    let mut xs: Vec<f64> = xs.into_iter().collect();
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(0.0)
}
