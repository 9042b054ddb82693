//! How fast could the search-index catch-up (`benches/catchup.rs`) get? The
//! writer's share, measured apart: the items of a catch-up base indexed into
//! a new FTS5 table shaped like the real one (contentless, deleting by id,
//! batches of `INDEX_BATCH` with the catch-up's merge settings, then merged
//! back in 500-page steps), with the words prepared beforehand and untimed.
//!
//!   cargo bench --bench index_ceiling -- BASE [--reps 3]
//!
//! BASE is a database kept by `catchup --base FILE`. Variants, each what a
//! writer would still do if the rest moved to another thread:
//! - `unicode61`: the real tokenizer on text already stripped of markup;
//! - `ascii`: FTS5's byte tokenizer on words folded beforehand (lower case,
//!   no accents; an approximation of unicode61's folding, good enough to
//!   time, not to search);
//! - `unicode61 x2 files`: the same items split by id parity over two index
//!   files written at once by two threads (SQLite has one writer per file);
//! - `unicode61 detail=column`: positions dropped (no phrase queries).
//!
//! Prints a line per variant (median wall of the reps) and a JSON line.
//! Nothing here is a pass/fail test.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::{Connection, params};
use tidings::store::{INDEX_BATCH, search_text};

#[path = "common/measure.rs"]
mod measure;
use measure::median;

/// An item's indexed columns: id, title, author, body words.
type Row = (i64, String, String, String);
/// A variant's name and its run, which returns the wall seconds.
type Variant<'a> = (&'static str, Box<dyn Fn() -> f64 + 'a>);

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let (mut base, mut reps) = (None, 3);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reps" => reps = args.next().and_then(|n| n.parse().ok()).unwrap_or_else(|| usage()),
            s if !s.starts_with('-') => base = Some(PathBuf::from(s)),
            _ => usage(),
        }
    }
    let Some(base) = base.filter(|b| b.exists()) else {
        // `cargo bench` with no arguments runs every bench: nothing to measure here.
        eprintln!("index_ceiling: no BASE given (see benches/index_ceiling.rs); skipped");
        return;
    };
    let scratch = tempfile::tempdir_in(base.parent().unwrap_or(Path::new("."))).unwrap();
    let (t, plain) = (Instant::now(), load(&base));
    eprintln!("index_ceiling: {} items read and stripped of markup in {:.2} s", plain.len(), t.elapsed().as_secs_f64());
    let t = Instant::now();
    let folded: Vec<Row> = plain.iter().map(|(id, a, b, c)| (*id, fold(a), fold(b), fold(c))).collect();
    eprintln!("index_ceiling: folded in {:.2} s", t.elapsed().as_secs_f64());
    let (even, odd): (Vec<Row>, Vec<Row>) = plain.iter().cloned().partition(|r| r.0 % 2 == 0);
    let unicode61 = "tokenize = 'unicode61 remove_diacritics 2'";
    let one = |name: &str, spec: &str, rows: &[Row]| index(&scratch.path().join(name), spec, rows);
    let variants: [Variant<'_>; 4] = [
        ("unicode61", Box::new(|| one("a.db", unicode61, &plain))),
        ("ascii", Box::new(|| one("a.db", "tokenize = 'ascii'", &folded))),
        (
            "unicode61 x2 files",
            Box::new(|| {
                let t = Instant::now();
                std::thread::scope(|s| {
                    let side = s.spawn(|| one("b.db", unicode61, &odd));
                    one("a.db", unicode61, &even);
                    side.join().unwrap();
                });
                t.elapsed().as_secs_f64()
            }),
        ),
        ("unicode61 detail=column", Box::new(|| one("a.db", &format!("detail = column, {unicode61}"), &plain))),
    ];
    let mut json = Vec::new();
    for (name, run) in &variants {
        let walls: Vec<f64> = (0..reps).map(|_| run()).collect();
        let median = median(walls.iter().copied());
        eprintln!("{name}: {median:.3} s wall (median of {reps}: {walls:.3?})");
        json.push(format!("\"{name}\":{median:.4}"));
    }
    println!("{{\"bench\":\"index_ceiling\",\"items\":{},\"reps\":{reps},{}}}", plain.len(), json.join(","));
}

fn usage() -> ! {
    eprintln!("usage: cargo bench --bench index_ceiling -- BASE [--reps 3]");
    std::process::exit(2);
}

/// The base's items as the catch-up indexes them, markup stripped.
fn load(base: &Path) -> Vec<Row> {
    let conn = Connection::open(base).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, COALESCE(title, ''), COALESCE(author, ''), COALESCE(content, '') FROM items ORDER BY id")
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, search_text(&r.get::<_, String>(3)?))));
    rows.unwrap().map(Result::unwrap).collect()
}

/// Words in lower case without their accents, one space between them.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            let base = match c {
                'à'..='å' | 'À'..='Å' => 'a',
                'è'..='ë' | 'È'..='Ë' => 'e',
                'ì'..='ï' | 'Ì'..='Ï' => 'i',
                'ò'..='ö' | 'Ò'..='Ö' => 'o',
                'ù'..='ü' | 'Ù'..='Ü' => 'u',
                'ç' | 'Ç' => 'c',
                _ => c,
            };
            out.extend(base.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

/// Indexes `rows` into a new index file at `path` as the catch-up does and
/// returns the wall seconds.
fn index(path: &Path, spec: &str, rows: &[Row]) -> f64 {
    let _ = std::fs::remove_file(path);
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;").unwrap();
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE f USING fts5(title, author, content, content = '', contentless_delete = 1, {spec});
         INSERT INTO f (f, rank) VALUES ('automerge', 16);
         INSERT INTO f (f, rank) VALUES ('crisismerge', 64);"
    ))
    .unwrap();
    let t = Instant::now();
    for batch in rows.chunks(INDEX_BATCH) {
        let tx = conn.unchecked_transaction().unwrap();
        let mut insert =
            tx.prepare_cached("INSERT INTO f (rowid, title, author, content) VALUES (?1, ?2, ?3, ?4)").unwrap();
        for (id, title, author, words) in batch {
            insert.execute(params![id, title, author, words]).unwrap();
        }
        drop(insert);
        tx.commit().unwrap();
    }
    loop {
        let before = conn.total_changes();
        conn.execute("INSERT INTO f (f, rank) VALUES ('merge', 500)", []).unwrap();
        if conn.total_changes() - before < 2 {
            break;
        }
    }
    conn.execute("INSERT INTO f (f, rank) VALUES ('automerge', 4)", []).unwrap();
    let took = t.elapsed().as_secs_f64();
    drop(conn);
    let _ = std::fs::remove_file(path);
    took
}
