//! The floor of a cold refresh: what parsing the bench kit's feeds with
//! feed-rs on every core and inserting the same rows into a fresh database
//! (the real schema, search index deferred as in a refresh, one transaction
//! per feed) costs with nothing else around it. `bench/floor.sh` runs it next
//! to `tidings refresh` on the same feeds and prints the ratio.
//!
//!   cargo bench --bench floor -- FEEDS_DIR [--reps 3] [--threads N] [--mode floor,ingest]
//!
//! FEEDS_DIR is a folder of `*.xml` feeds made by the kit's `gen_feeds.py`.
//! The files are read into memory first (the refresh's server keeps them in
//! memory too); each rep then starts from an empty database in a temporary
//! folder beside FEEDS_DIR (`--db-dir` to put it elsewhere: the same disk as
//! the refresh's database). Modes:
//!   floor   feed-rs on `--threads` threads (default: all cores) sending the
//!           entries' rows to one writer, which inserts them with a plain
//!           INSERT per item and enclosure, plus the feed's title and fetch
//!           state, in one transaction per feed;
//!   ingest  the same threads running tidings' own `parse_document` and one
//!           writer running `Store::ingest_with_state` (index deferred): the
//!           refresh without HTTP, tokio and the poller.
//! `--sql STATEMENT` (repeatable) runs on the floor's writer connection
//! first, to measure a schema or setting change before making it.
//! CPU times are per thread (parse threads summed, the writer alone).
//! Prints a line per rep and one JSON line per mode with the median
//! (`{"mode":"floor","feeds":100,"items":5000,"median_s":...}`).
//! Nothing here is a pass/fail test.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use tidings::model::{FeedId, FeedSource, FetchState, ParsedFeed};
use tidings::store::Store;

/// One item as the floor stores it: the columns a refresh fills.
struct Row {
    guid: String,
    title: String,
    link: Option<String>,
    author: Option<String>,
    published: Option<i64>,
    content: Option<String>,
    enclosures: Vec<(String, Option<String>, Option<i64>)>,
}

/// A parsed feed on its way to the writer.
struct Parsed<T> {
    feed: usize,
    title: Option<String>,
    rows: T,
}

struct Args {
    dir: PathBuf,
    db_dir: Option<PathBuf>,
    reps: usize,
    threads: usize,
    modes: Vec<String>,
    /// Statements run on the floor's writer connection before it inserts
    /// (`--sql "PRAGMA cache_size = -65536"`): what a change to the schema
    /// or the settings would save, measured before it is made.
    sql: Vec<String>,
}

fn args() -> Args {
    let mut a = Args {
        dir: PathBuf::new(),
        db_dir: None,
        reps: 3,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        modes: vec!["floor".into(), "ingest".into()],
        sql: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage(&format!("{arg} needs a value")));
        match arg.as_str() {
            "--bench" => {} // what `cargo bench` adds
            "--reps" => a.reps = value().parse().unwrap_or_else(|_| usage("--reps N")),
            "--threads" => a.threads = value().parse().unwrap_or_else(|_| usage("--threads N")),
            "--mode" => a.modes = value().split(',').map(str::to_owned).collect(),
            "--db-dir" => a.db_dir = Some(value().into()),
            "--sql" => a.sql.push(value()),
            s if !s.starts_with('-') => a.dir = s.into(),
            other => usage(&format!("unknown option {other}")),
        }
    }
    if a.dir.as_os_str().is_empty() {
        // `cargo bench` with no arguments runs every bench: nothing to measure here.
        eprintln!("floor: no FEEDS_DIR given (see benches/floor.rs); skipped");
        std::process::exit(0);
    }
    a
}

fn usage(why: &str) -> ! {
    eprintln!(
        "floor: {why}\nusage: cargo bench --bench floor -- FEEDS_DIR [--reps 3] [--threads N] [--mode floor,ingest]"
    );
    std::process::exit(2);
}

fn main() {
    let a = args();
    let feeds = read_feeds(&a.dir);
    let bytes: usize = feeds.iter().map(|(_, b)| b.len()).sum();
    eprintln!("floor: {} feeds, {:.1} MB, {} parse threads", feeds.len(), bytes as f64 / 1e6, a.threads);
    let db_parent = a.db_dir.clone().unwrap_or_else(|| a.dir.parent().unwrap_or(Path::new(".")).to_path_buf());
    for mode in &a.modes {
        let (mut times, mut cpu, mut parse_cpu, mut write_cpu) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut items = 0;
        for rep in 0..a.reps {
            let dir = tempfile::tempdir_in(&db_parent).expect("temporary folder for the database");
            let db = dir.path().join("tidings.db");
            let cpu_before = process_cpu();
            let (took, stats) = match mode.as_str() {
                "floor" => floor(&feeds, &db, a.threads, &a.sql),
                "ingest" => ingest(&feeds, &db, a.threads),
                other => usage(&format!("unknown mode {other}")),
            };
            items = stats.items;
            eprintln!(
                "{mode} rep {rep}: {:.3} s wall, parse {:.3} s of CPU over {} threads, writer {:.3} s of CPU, {} items",
                took.as_secs_f64(),
                stats.parse.as_secs_f64(),
                a.threads,
                stats.write.as_secs_f64(),
                stats.items
            );
            times.push(took.as_secs_f64());
            cpu.push((process_cpu() - cpu_before).as_secs_f64());
            parse_cpu.push(stats.parse.as_secs_f64());
            write_cpu.push(stats.write.as_secs_f64());
        }
        let median = |xs: &mut Vec<f64>| {
            xs.sort_by(f64::total_cmp);
            xs[xs.len() / 2]
        };
        let (parse, write, wall, cpu) =
            (median(&mut parse_cpu), median(&mut write_cpu), median(&mut times), median(&mut cpu));
        println!(
            "{{\"mode\":\"{mode}\",\"feeds\":{},\"items\":{items},\"bytes\":{bytes},\"threads\":{},\"reps\":{},\"median_s\":{wall:.4},\"min_s\":{:.4},\"max_s\":{:.4},\"cpu_s\":{cpu:.4},\"parse_cpu_s\":{parse:.4},\"writer_cpu_s\":{write:.4}}}",
            feeds.len(),
            a.threads,
            a.reps,
            times[0],
            times[times.len() - 1]
        );
    }
}

/// The feeds of `dir` in name order: (URL as the kit serves it, bytes).
fn read_feeds(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| usage(&format!("{}: {e}", dir.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (format!("http://127.0.0.1:8765/{name}"), std::fs::read(&p).expect("feed file"))
        })
        .collect()
}

#[derive(Default)]
struct Stats {
    items: usize,
    parse: Duration,
    write: Duration,
}

/// A fresh database with the real schema (`Store::open` migrates it) and the
/// feeds' rows, as `tidings refresh` makes them before its first fetch.
fn fresh_store(feeds: &[(String, Vec<u8>)], db: &Path) -> (Store, Vec<FeedId>) {
    let mut store = Store::open(db).expect("open the database");
    let sources: Vec<FeedSource> =
        feeds.iter().map(|(url, _)| FeedSource { url: url.clone(), ..FeedSource::default() }).collect();
    let ids = store.sync_feeds(&sources).expect("feed rows");
    (store, ids)
}

/// Runs `parse` on `threads` threads over every feed, handing each result to
/// `write` on this thread in the order they finish; returns the wall time.
fn pipeline<T: Send>(
    feeds: &[(String, Vec<u8>)],
    threads: usize,
    parse: impl Fn(&str, &[u8]) -> Parsed<T> + Sync,
    mut write: impl FnMut(Parsed<T>),
    stats: &mut Stats,
) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = sync_channel::<(Parsed<T>, Duration)>(threads * 2);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (tx, next, parse) = (tx.clone(), &next, &parse);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((url, bytes)) = feeds.get(i) else { break };
                    let t = thread_cpu();
                    let mut parsed = parse(url, bytes);
                    parsed.feed = i;
                    if tx.send((parsed, thread_cpu().saturating_sub(t))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (parsed, took) in rx {
            stats.parse += took;
            let t = thread_cpu();
            write(parsed);
            stats.write += thread_cpu().saturating_sub(t);
        }
    });
}

/// CPU time of the calling thread: what a parse or a write cost, whatever
/// else the shared machine was running meanwhile.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn thread_cpu() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// User and system time of the whole process so far (as `time` counts a refresh).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn process_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn process_cpu() -> Duration {
    Duration::ZERO
}

/// Elsewhere: wall time, which counts what other threads ran meanwhile.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn thread_cpu() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

fn floor(feeds: &[(String, Vec<u8>)], db: &Path, threads: usize, sql: &[String]) -> (Duration, Stats) {
    let started = Instant::now();
    let (store, ids) = fresh_store(feeds, db);
    drop(store);
    let mut conn = Connection::open(db).expect("open the database");
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    for statement in sql {
        conn.execute_batch(statement).unwrap_or_else(|e| usage(&format!("--sql {statement}: {e}")));
    }
    let mut stats = Stats::default();
    let mut items = 0;
    let write = |p: Parsed<Vec<Row>>| {
        items += p.rows.len();
        insert_rows(&mut conn, ids[p.feed], p.title.as_deref(), &p.rows);
    };
    pipeline(feeds, threads, parse_rows, write, &mut stats);
    stats.items = items;
    (started.elapsed(), stats)
}

fn parse_rows(url: &str, bytes: &[u8]) -> Parsed<Vec<Row>> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        .id_generator(|_, _, _| String::new())
        .build()
        .parse(bytes)
        .expect("a bench feed parses");
    let rows = feed
        .entries
        .into_iter()
        .map(|e| {
            let link = e.links.into_iter().next().map(|l| l.href);
            Row {
                // An entry without an id is known by its link, as tidings does.
                guid: if e.id.is_empty() { link.clone().unwrap_or_default() } else { e.id },
                title: e.title.map(|t| t.content).unwrap_or_default(),
                link,
                author: e.authors.into_iter().find_map(|p| p.name),
                published: e.published.or(e.updated).map(|d| d.timestamp()),
                content: e.content.and_then(|c| c.body).or(e.summary.map(|s| s.content)),
                enclosures: e
                    .media
                    .into_iter()
                    .flat_map(|m| m.content)
                    .filter_map(|c| {
                        let length = c.size.and_then(|s| i64::try_from(s).ok());
                        Some((c.url?.to_string(), c.content_type.map(|t| t.to_string()), length))
                    })
                    .collect(),
            }
        })
        .collect();
    Parsed { feed: 0, title: feed.title.map(|t| t.content), rows }
}

/// One feed's rows in one transaction, as plain inserts.
fn insert_rows(conn: &mut Connection, feed: FeedId, title: Option<&str>, rows: &[Row]) {
    let now = 1_800_000_000_i64;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
    tx.prepare_cached("UPDATE feeds SET feed_title = ?2, last_fetched = ?3, last_error = NULL WHERE id = ?1")
        .unwrap()
        .execute(params![feed, title, now])
        .unwrap();
    {
        let mut item = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO items (feed_id, guid, title, link, author, published, first_seen, content)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .unwrap();
        let mut enclosure = tx
            .prepare_cached("INSERT INTO enclosures (item_id, position, url, mime, length) VALUES (?1, ?2, ?3, ?4, ?5)")
            .unwrap();
        for r in rows.iter().rev() {
            // A guid listed twice in a feed is one item.
            if item.execute(params![feed, r.guid, r.title, r.link, r.author, r.published, now, r.content]).unwrap() == 0
            {
                continue;
            }
            let id = tx.last_insert_rowid();
            for (position, (url, mime, length)) in r.enclosures.iter().enumerate() {
                enclosure.execute(params![id, position as i64, url, mime, length]).unwrap();
            }
        }
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO fetch_state (feed_id, etag, last_modified, body_hash) VALUES (?1, ?2, ?3, ?4)",
    )
    .unwrap()
    .execute(params![feed, "\"etag\"", "Tue, 28 Jan 2025 08:14:00 GMT", "0123456789abcdef0123456789abcdef"])
    .unwrap();
    tx.commit().unwrap();
}

fn ingest(feeds: &[(String, Vec<u8>)], db: &Path, threads: usize) -> (Duration, Stats) {
    let started = Instant::now();
    let (mut store, ids) = fresh_store(feeds, db);
    store.defer_search_index(true);
    let mut stats = Stats::default();
    let mut items = 0;
    let state = FetchState {
        etag: Some("\"etag\"".into()),
        last_modified: Some("Tue, 28 Jan 2025 08:14:00 GMT".into()),
        body_hash: Some("0123456789abcdef0123456789abcdef".into()),
        ..FetchState::default()
    };
    let parse = |url: &str, bytes: &[u8]| {
        let parsed = tidings::parse::parse_document(bytes, None, url).expect("a bench feed parses");
        Parsed { feed: 0, title: None, rows: parsed }
    };
    let write = |p: Parsed<ParsedFeed>| {
        let report = store.ingest_with_state(ids[p.feed], &p.rows, 1_800_000_000, Some(&state)).expect("ingest");
        items += report.new_items;
    };
    pipeline(feeds, threads, parse, write, &mut stats);
    drop(store);
    stats.items = items;
    (started.elapsed(), stats)
}
