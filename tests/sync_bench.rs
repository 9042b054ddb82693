//! First sync of every item of the Tiny Tiny RSS that `scripts/sync-bench`
//! loaded: tidings' client against a plain Python client making the same
//! requests (scripts/sync-servers.d/bench_plain.py). Prints both times, their
//! ratio and this process's peak RSS. Then the real binary: `tidings sync`
//! from an empty store (wall time, peak RSS of the process) and again with
//! nothing new (requests, and tidings' own CPU time), through a loopback
//! proxy that counts requests, for TT-RSS and coldsweat (Fever). A
//! measurement, not a test: run it through `scripts/sync-bench`.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

mod sync_support;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// A loopback proxy to `target` that counts the HTTP requests it forwards.
async fn counting_proxy(target: &str) -> (String, Arc<AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let target_url = url::Url::parse(target).unwrap();
    let upstream = format!("{}:{}", target_url.host_str().unwrap(), target_url.port().unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut url = target_url.clone();
    url.set_port(Some(listener.local_addr().unwrap().port())).unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let (upstream, counter) = (upstream.clone(), Arc::clone(&counter));
            tokio::spawn(async move {
                let Ok(server) = tokio::net::TcpStream::connect(&upstream).await else { return };
                let (mut cr, mut cw) = client.into_split();
                let (mut sr, mut sw) = server.into_split();
                let up = async move {
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(n @ 1..) = cr.read(&mut buf).await {
                        let begun = buf[..n].windows(11).filter(|w| *w == b" HTTP/1.1\r\n").count();
                        counter.fetch_add(begun, Ordering::SeqCst);
                        if sw.write_all(&buf[..n]).await.is_err() {
                            return;
                        }
                    }
                };
                // The server may close after each answer (PHP's own server
                // does): pass that on at once, or the client waits for more.
                let down = async move {
                    let _ = tokio::io::copy(&mut sr, &mut cw).await;
                    let _ = cw.shutdown().await;
                };
                tokio::select! {
                    () = up => {}
                    () = down => {}
                }
            });
        }
    });
    (url.to_string(), requests)
}

/// One run of the binary: wall seconds, user+system CPU seconds, peak RSS (KiB).
fn run_tidings(config: &std::path::Path, data: &std::path::Path) -> (f64, f64, i64) {
    let started = Instant::now();
    #[expect(clippy::zombie_processes, reason = "reaped by wait4 below, which also gives its resource usage")]
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("--config")
        .arg(config)
        .arg("sync")
        .env("TIDINGS_DATA_DIR", data)
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid out value; wait4 reaps our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert!(pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "tidings sync failed");
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (started.elapsed().as_secs_f64(), cpu(usage.ru_utime) + cpu(usage.ru_stime), usage.ru_maxrss)
}

/// `tidings sync` twice against a server through the counting proxy.
async fn binary(server: &str, kind: &str) {
    let state = state();
    let (url, requests) = counting_proxy(&field(&state, server, "url")).await;
    let dir = tempfile::tempdir().unwrap();
    let config: PathBuf = dir.path().join("config.toml");
    let (user, password) = (field(&state, server, "user"), field(&state, server, "password"));
    let text = format!(
        "[[accounts]]\nname = \"bench\"\nkind = \"{kind}\"\nurl = \"{url}\"\nuser = \"{user}\"\npassword = \"{password}\"\n"
    );
    std::fs::write(&config, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let data = dir.path().join("data");
    let (config2, data2) = (config.clone(), data.clone());
    let first = tokio::task::spawn_blocking(move || run_tidings(&config2, &data2)).await.unwrap();
    let first_requests = requests.swap(0, Ordering::SeqCst);
    println!(
        "{server}: tidings sync, first: {:.2}s wall, {:.2}s CPU, {first_requests} requests, peak RSS {:.1} MiB",
        first.0,
        first.1,
        first.2 as f64 / 1024.0
    );
    for _ in 0..3 {
        let (c, d) = (config.clone(), data.clone());
        let again = tokio::task::spawn_blocking(move || run_tidings(&c, &d)).await.unwrap();
        println!(
            "{server}: tidings sync, nothing new: {} requests, {:.0} ms wall, {:.0} ms CPU of tidings, peak RSS {:.1} MiB",
            requests.swap(0, Ordering::SeqCst),
            again.0 * 1000.0,
            again.1 * 1000.0,
            again.2 as f64 / 1024.0
        );
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
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
    binary("ttrss", "ttrss").await;
    binary("coldsweat", "fever").await;
}
