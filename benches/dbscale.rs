//! What the UI's queries cost on a real database of any size: the store calls
//! behind the first screen, a page down anywhere in All items, a search and
//! its first page, next unread, finding an item's position. Run it on
//! databases of 100,000 and 1,000,000 items (filled by `tidings refresh` from
//! the bench kit) to see what grows faster than the items do.
//!
//!   cargo bench --bench dbscale -- DB [--word WORD] [--reps 7]
//!
//! Only reads (the database is opened as the UI opens it, and nothing is
//! written but SQLite's own statistics on close). Prints one line per case:
//! median, min and max over the reps. Nothing here is a pass/fail test.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

use std::path::PathBuf;
use std::time::Instant;

use tidings::model::{Anchor, Listing, Sort, View};
use tidings::store::Store;

fn main() {
    let mut db = None;
    let (mut word, mut reps) = ("tanaka".to_owned(), 7usize);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {}
            "--word" => word = args.next().expect("--word WORD"),
            "--reps" => reps = args.next().and_then(|r| r.parse().ok()).expect("--reps N"),
            path if !path.starts_with('-') => db = Some(PathBuf::from(path)),
            other => panic!("unknown option {other}"),
        }
    }
    let Some(db) = db else {
        eprintln!("dbscale: no database given (see benches/dbscale.rs); skipped");
        return;
    };
    let store = Store::open(&db).expect("open the database");
    let all: Listing = View::All.into();
    let total = store.headline_count(&all).expect("count");
    println!("{}: {total} items, {} feeds, search word {word:?}", db.display(), store.feeds().unwrap().len());
    let case = |name: &str, f: &mut dyn FnMut() -> usize| {
        let mut times = Vec::with_capacity(reps);
        let mut n = 0;
        for _ in 0..reps {
            let t = Instant::now();
            n = f();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        println!("{name:<58} {:>9.2} ms  (min {:.2}, max {:.2})  -> {n}", times[reps / 2], times[0], times[reps - 1]);
    };
    // The same call on a connection of its own (opened untimed): what the
    // store knows of a listing (counts, keys at positions) does not help.
    // `prep` runs untimed on it first (the window shown before a key).
    let prepped = |name: &str, prep: &dyn Fn(&Store), f: &mut dyn FnMut(&Store) -> usize| {
        let mut times = Vec::with_capacity(reps);
        let mut n = 0;
        for _ in 0..reps {
            let store = Store::open(&db).unwrap();
            prep(&store);
            let t = Instant::now();
            n = f(&store);
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        println!("{name:<58} {:>9.2} ms  (min {:.2}, max {:.2})  -> {n}", times[reps / 2], times[0], times[reps - 1]);
    };
    let fresh = |name: &str, f: &mut dyn FnMut(&Store) -> usize| prepped(name, &|_| {}, f);
    case("open the database (as the UI does)", &mut || Store::open(&db).map(|_| 1).unwrap());
    case("feed list", &mut || store.feeds().unwrap().len());
    case("count All", &mut || store.headline_count(&all).unwrap());
    case("window of 300 at the top of All", &mut || store.headlines_page(&all, 0, 300).unwrap().len());
    for at in [total / 10, total / 4, total / 2 - 150] {
        case(&format!("window of 300 at position {at} of All"), &mut || {
            store.headlines_page(&all, at, 300).unwrap().len()
        });
    }
    let mid = total / 2 - 150;
    fresh(&format!("first window at {mid}, a new connection (nothing known)"), &mut |s| {
        s.headlines_page(&all, mid, 300).unwrap().len()
    });
    let shown = |s: &Store| drop(s.headline_window(&all, Anchor::Index(mid), 300).unwrap());
    prepped(&format!("page down at {mid}: the window after the one shown"), &shown, &mut |s| {
        s.headline_window(&all, Anchor::Index(mid + 300), 300).unwrap().0.rows.len()
    });
    let oldest = Listing { sort: Sort::Oldest, ..all.clone() };
    case("window of 300 at the top of All, oldest first", &mut || store.headlines_page(&oldest, 0, 300).unwrap().len());
    let middle = store.headlines_page(&all, total / 2, 1).unwrap()[0].id;
    fresh("position of an item in the middle, nothing known", &mut |s| {
        s.headline_index(&all, middle).unwrap().unwrap_or(0)
    });
    case("position of an item in the middle (G/selection kept)", &mut || {
        store.headline_index(&all, middle).unwrap().unwrap_or(0)
    });
    fresh("next unread from the middle, nothing known", &mut |s| {
        s.next_unread(&all, total / 2).unwrap().map_or(0, |(p, _)| p)
    });
    let search = Listing { search: Some(word.clone()), ..all.clone() };
    fresh(&format!("search {word:?}: count"), &mut |s| s.headline_count(&search).unwrap());
    fresh(&format!("search {word:?}: count + first page of 300 (as typed: a new listing)"), &mut |s| {
        s.headline_window(&search, Anchor::Index(0), 300).unwrap().0.rows.len()
    });
    let prefix: String = word.chars().take(3).collect();
    let typed = Listing { search: Some(prefix.clone()), ..all.clone() };
    fresh(&format!("search {prefix:?} (prefix as typed): count + page"), &mut |s| {
        s.headline_window(&typed, Anchor::Index(0), 300).unwrap().0.total
    });
    let feed = store.feeds().unwrap().last().unwrap().id;
    let one: Listing = View::Feed(feed).into();
    case("last feed: count + window", &mut || {
        store.headline_count(&one).unwrap() + store.headlines_page(&one, 0, 300).unwrap().len()
    });
    let by_feed = Listing { sort: Sort::Feed, ..all.clone() };
    case("All by feed: window at the middle", &mut || store.headlines_page(&by_feed, total / 2, 300).unwrap().len());
    case("open an article in the middle", &mut || store.article(middle).unwrap().map_or(0, |a| a.id.0 as usize));
}
