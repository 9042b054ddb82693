//! The search-index catch-up after a cold refresh: the bench kit's feeds
//! stored as a refresh stores them (search index deferred, one transaction
//! per feed), then `Store::index_all_pending` timed on a copy of that
//! database, rep after rep.
//!
//!   cargo bench --bench catchup -- FEEDS_DIR [--reps 3] [--base FILE] [--prep SQL]
//!
//! FEEDS_DIR is a folder of `*.xml` feeds made by the kit's `gen_feeds.py`.
//! The stored database ("the base", built once, untimed but reported) is kept
//! at `--base FILE` when given and reused on the next run while it exists
//! (delete it after changing how items are stored); otherwise it lives in a
//! temporary folder beside FEEDS_DIR. Each rep copies the base and catches up
//! on the copy (after running `--prep SQL` on it, to try another index
//! set-up). CPU is the whole process's (user + system: the side index
//! catches up on a thread of its own), the calling thread's apart;
//! wall includes waiting for the disk. Prints a line per rep and one JSON
//! line with the medians. Nothing here is a pass/fail test.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

#[path = "common/measure.rs"]
mod measure;
use measure::{median, process_cpu_total, thread_cpu_total};
use tidings::model::{FeedSource, FetchState};
use tidings::store::{Store, search_file_of};

struct Args {
    dir: PathBuf,
    base: Option<PathBuf>,
    reps: usize,
    prep: Option<String>,
}

fn args() -> Args {
    let mut a = Args { dir: PathBuf::new(), base: None, reps: 3, prep: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage(&format!("{arg} needs a value")));
        match arg.as_str() {
            "--bench" => {} // what `cargo bench` adds
            "--reps" => a.reps = value().parse().unwrap_or_else(|_| usage("--reps N")),
            "--base" => a.base = Some(value().into()),
            "--prep" => a.prep = Some(value()),
            s if !s.starts_with('-') => a.dir = s.into(),
            other => usage(&format!("unknown option {other}")),
        }
    }
    if a.dir.as_os_str().is_empty() && a.base.as_ref().is_none_or(|b| !b.exists()) {
        // `cargo bench` with no arguments runs every bench: nothing to measure here.
        eprintln!("catchup: no FEEDS_DIR given (see benches/catchup.rs); skipped");
        std::process::exit(0);
    }
    a
}

fn usage(why: &str) -> ! {
    eprintln!("catchup: {why}\nusage: cargo bench --bench catchup -- FEEDS_DIR [--reps 3] [--base FILE]");
    std::process::exit(2);
}

fn main() {
    let a = args();
    let scratch_parent = match &a.base {
        Some(base) => base.parent().unwrap_or(Path::new(".")).to_path_buf(),
        None => a.dir.parent().unwrap_or(Path::new(".")).to_path_buf(),
    };
    let scratch = tempfile::tempdir_in(&scratch_parent).expect("temporary folder for the databases");
    let base = a.base.clone().unwrap_or_else(|| scratch.path().join("base.db"));
    if base.exists() {
        eprintln!("catchup: reusing {}", base.display());
    } else {
        let (took, cpu, items) = store_feeds(&a.dir, &base);
        eprintln!(
            "catchup: stored {items} items (index deferred) in {:.2} s wall, writer {:.2} s of CPU",
            took.as_secs_f64(),
            cpu.as_secs_f64()
        );
    }
    let copy = scratch.path().join("rep.db");
    let mut results = Vec::new();
    for rep in 0..a.reps {
        std::fs::copy(&base, &copy).expect("copy the base");
        // The search index's side file goes with it (a copy of another
        // rep's would be taken for caught up... and rebuilt: it is not this
        // base's log it applied).
        let _ = std::fs::remove_file(search_file_of(&copy));
        if search_file_of(&base).exists() {
            std::fs::copy(search_file_of(&base), search_file_of(&copy)).expect("copy the base's side file");
        }
        if let Some(sql) = &a.prep {
            rusqlite::Connection::open(&copy).unwrap().execute_batch(sql).unwrap();
        }
        let mut store = Store::open(&copy).unwrap();
        assert!(store.search_index_behind().unwrap(), "the base has items waiting for the index");
        let (t, c, all) = (Instant::now(), thread_cpu_total(), process_cpu_total());
        let items = store.index_all_pending().unwrap();
        let (wall, cpu, all) = (t.elapsed(), thread_cpu_total() - c, process_cpu_total() - all);
        let (t, c) = (Instant::now(), thread_cpu_total());
        drop(store); // checkpoints the WAL
        let (close_wall, close_cpu) = (t.elapsed(), thread_cpu_total() - c);
        eprintln!(
            "catch-up rep {rep}: {items} items, {:.3} s wall, {:.3} s CPU ({:.3} s this thread); close {:.3} s wall, {:.3} s CPU",
            wall.as_secs_f64(),
            all.as_secs_f64(),
            cpu.as_secs_f64(),
            close_wall.as_secs_f64(),
            close_cpu.as_secs_f64()
        );
        results.push((items, wall.as_secs_f64(), all.as_secs_f64(), (close_wall + wall).as_secs_f64()));
    }
    let median = |f: fn(&(usize, f64, f64, f64)) -> f64| median(results.iter().map(f));
    println!(
        "{{\"bench\":\"catchup\",\"items\":{},\"reps\":{},\"wall_s\":{:.4},\"cpu_s\":{:.4},\"wall_with_close_s\":{:.4}}}",
        results.first().map_or(0, |r| r.0),
        a.reps,
        median(|r| r.1),
        median(|r| r.2),
        median(|r| r.3)
    );
}

/// Stores every feed of `dir` into a new database at `db` as a refresh does:
/// parsed on every core, one writer, the search index deferred. Returns the
/// wall time, the writer's CPU and the items stored.
fn store_feeds(dir: &Path, db: &Path) -> (Duration, Duration, usize) {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| usage(&format!("{}: {e}", dir.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    names.sort();
    let urls: Vec<String> =
        names.iter().map(|p| format!("http://127.0.0.1:8765/{}", p.file_name().unwrap().to_string_lossy())).collect();
    let started = Instant::now();
    let mut store = Store::open(db).expect("open the database");
    let sources: Vec<FeedSource> =
        urls.iter().map(|u| FeedSource { url: u.clone(), ..FeedSource::default() }).collect();
    let ids = store.sync_feeds(&sources).unwrap();
    store.defer_search_index(true);
    let state = FetchState { etag: Some("\"etag\"".into()), ..FetchState::default() };
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = AtomicUsize::new(0);
    let (tx, rx) = sync_channel(threads * 2);
    let (mut items, mut cpu) = (0, Duration::ZERO);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (tx, next, names, urls) = (tx.clone(), &next, &names, &urls);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = names.get(i) else { break };
                    let bytes = std::fs::read(path).unwrap();
                    let parsed = tidings::parse::parse_document(&bytes, None, &urls[i]).expect("a bench feed parses");
                    if tx.send((i, parsed)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, parsed) in rx {
            let c = thread_cpu_total();
            items += store.ingest_with_state(ids[i], &parsed, 1_800_000_000, Some(&state)).unwrap().new_items;
            cpu += thread_cpu_total() - c;
        }
    });
    drop(store);
    (started.elapsed(), cpu, items)
}
