//! Retention at scale: `Store::prune` timed on a copy of a filled database,
//! rep after rep, with the policy of issue 19's figures (keep the newest
//! `--keep` items of each feed, read or not).
//!
//!   cargo bench --bench retention -- BASE [--keep 100] [--reps 1] [--prep SQL]
//!
//! BASE is a database `tidings refresh` filled (the bench kit's 500 or 5,000
//! feeds × 200 items: 100k or 1M items). Each rep copies it beside itself,
//! runs `--prep SQL` on the copy when given, then prunes. CPU is the pruning
//! thread's, user and system apart (system is mostly page copies between the
//! kernel's cache and SQLite's). Prints a line per rep and a JSON line with
//! the medians. Nothing here is a pass/fail test.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "common/measure.rs"]
mod measure;
use measure::{median, thread_cpu};
use tidings::model::Retention;
use tidings::store::Store;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let (mut base, mut keep, mut reps, mut prep) = (None, 100, 1, None);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--keep" => keep = value().parse().unwrap_or_else(|_| usage()),
            "--reps" => reps = value().parse().unwrap_or_else(|_| usage()),
            "--prep" => prep = Some(value()),
            s if !s.starts_with('-') => base = Some(PathBuf::from(s)),
            _ => usage(),
        }
    }
    let Some(base) = base.filter(|b| b.exists()) else {
        // `cargo bench` with no arguments runs every bench: nothing to measure here.
        eprintln!("retention: no BASE given (see benches/retention.rs); skipped");
        return;
    };
    let scratch = tempfile::tempdir_in(base.parent().unwrap_or(Path::new("."))).unwrap();
    let copy = scratch.path().join("rep.db");
    let policy = Retention { keep_days: 0, max_items_per_feed: keep, keep_unread: false };
    let mut results = Vec::new();
    for rep in 0..reps {
        std::fs::copy(&base, &copy).unwrap();
        if let Some(sql) = &prep {
            rusqlite::Connection::open(&copy).unwrap().execute_batch(sql).unwrap();
        }
        let mut store = Store::open(&copy).unwrap();
        let (t, (u0, s0)) = (Instant::now(), thread_cpu());
        let removed = store.prune(policy, 1_900_000_000).unwrap();
        // Closing checkpoints what the log still holds: part of the cost.
        drop(store);
        let (wall, (u1, s1)) = (t.elapsed(), thread_cpu());
        let (user, sys) = ((u1 - u0).as_secs_f64(), (s1 - s0).as_secs_f64());
        eprintln!(
            "retention rep {rep}: {removed} items removed, {:.2} s wall, {:.2} s CPU (user {user:.2} + sys {sys:.2}), \
             {:.1} µs of CPU per item",
            wall.as_secs_f64(),
            user + sys,
            (user + sys) * 1e6 / removed.max(1) as f64
        );
        results.push((removed, wall.as_secs_f64(), user, sys));
    }
    let median = |f: fn(&(usize, f64, f64, f64)) -> f64| median(results.iter().map(f));
    println!(
        "{{\"bench\":\"retention\",\"removed\":{},\"reps\":{reps},\"wall_s\":{:.3},\"user_s\":{:.3},\"sys_s\":{:.3}}}",
        results.first().map_or(0, |r| r.0),
        median(|r| r.1),
        median(|r| r.2),
        median(|r| r.3)
    );
}

fn usage() -> ! {
    eprintln!("usage: cargo bench --bench retention -- BASE [--keep 100] [--reps 1] [--prep SQL]");
    std::process::exit(2);
}
