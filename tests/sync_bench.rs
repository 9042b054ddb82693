//! First sync of every item of the Tiny Tiny RSS that `scripts/sync-bench`
//! loaded: tidings' client against a plain Python client making the same
//! requests (scripts/sync-servers.d/bench_plain.py). Prints both times, their
//! ratio and this process's peak RSS. A measurement, not a test: run it
//! through `scripts/sync-bench`.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

mod sync_support;

use std::collections::HashSet;
use std::time::Instant;

use sync_support::live::{field, state};
use tidings::sync::{Account, Client, ClientOptions, Cursor, Protocol, Secret, SyncClient, SyncPoint};

async fn first_sync(account: &Account) -> (usize, f64) {
    let started = Instant::now();
    let mut client = Client::new(account, &ClientOptions::default()).expect("client");
    client.login().await.expect("login");
    let mut seen = HashSet::new();
    let mut cursor: Option<Cursor> = None;
    loop {
        let page = client.new_items(&SyncPoint::default(), cursor.as_ref(), false).await.expect("page");
        // What a caller would keep: the ids (the items go to the store and are dropped).
        seen.extend(page.items.into_iter().map(|i| i.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    (seen.len(), started.elapsed().as_secs_f64())
}

fn plain(url: &str, user: &str, password: &str) -> (usize, f64) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/sync-servers.d/bench_plain.py");
    let out = std::process::Command::new("python3").args([script, url, user, password]).output().expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    (words.next().expect("items").parse().expect("n"), words.next().expect("secs").parse().expect("s"))
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("VmHWM: 0 kB");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let state = state();
    let (url, user, password) =
        (field(&state, "ttrss", "url"), field(&state, "ttrss", "user"), field(&state, "ttrss", "password"));
    let account = Account {
        protocol: Protocol::TtRss,
        url: url.clone(),
        user: user.clone(),
        password: Secret::new(password.clone()),
        allow_plain_http: false,
    };
    // Alternate, three rounds each, and keep the best of each.
    let (mut ours, mut theirs) = ((0, f64::MAX), (0, f64::MAX));
    for _ in 0..3 {
        let run = first_sync(&account).await;
        if run.1 < ours.1 {
            ours = run;
        }
        let run = plain(&url, &user, &password);
        if run.1 < theirs.1 {
            theirs = run;
        }
    }
    assert_eq!(ours.0, theirs.0, "both clients got every item");
    println!("items: {}", ours.0);
    println!("tidings client: {:.2}s   plain python client: {:.2}s   ratio {:.2}", ours.1, theirs.1, ours.1 / theirs.1);
    println!("peak RSS of the tidings process: {:.1} MiB", peak_rss_kib() as f64 / 1024.0);
}
