//! `tidings sync` and `tidings accounts` (the real binary) when the server
//! cannot help: nothing listening, a 500 on every call. One clear line per
//! account, the right exit code, the error kept for `tidings accounts`, and
//! the password nowhere in what tidings prints or writes.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Output;

const SECRET: &str = "hunter2-not-to-be-seen";

fn config(dir: &Path, accounts: &[(&str, &str, String)]) -> PathBuf {
    let mut text = String::new();
    for (name, kind, url) in accounts {
        text.push_str(&format!(
            "[[accounts]]\nname = \"{name}\"\nkind = \"{kind}\"\nurl = \"{url}\"\nuser = \"alice\"\npassword = \"{SECRET}\"\n\n"
        ));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn tidings(dir: &Path, config: &Path, args: &[&str]) -> Output {
    let mut command = crate::common::bin::clean();
    command
        .arg("--config")
        .arg(config)
        .args(args)
        .env("TIDINGS_DATA_DIR", dir.join("data"))
        .env("TIDINGS_LOG", "debug");
    for var in ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        command.env_remove(var);
    }
    command.output().unwrap()
}

/// A loopback port with nothing listening on it.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A server answering 500 to every request, for as long as the test runs.
fn failing_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream
                .write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    port
}

/// Every byte tidings wrote under `dir` (database, log) and printed.
fn assert_no_secret(dir: &Path, outputs: &[&Output]) {
    for output in outputs {
        for stream in [&output.stdout, &output.stderr] {
            assert!(!String::from_utf8_lossy(stream).contains(SECRET), "printed the password");
        }
    }
    let mut stack = vec![dir.join("data")];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
                "{} holds the password",
                path.display()
            );
        }
    }
}

#[test]
fn a_server_down_or_failing_is_one_line_per_account_and_kept_for_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let down = format!("http://127.0.0.1:{}/api/greader.php", closed_port());
    let failing = format!("http://127.0.0.1:{}/api/", failing_server());
    let config = config(dir.path(), &[("home", "greader", down), ("work", "ttrss", failing)]);

    let sync = tidings(dir.path(), &config, &["sync"]);
    let out = String::from_utf8(sync.stdout.clone()).unwrap();
    assert_eq!(sync.status.code(), Some(1), "{out}");
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort_unstable();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("home: offline: connection refused"), "{out}");
    assert_eq!(lines[1], "work: server error: HTTP 500", "{out}");

    let accounts = tidings(dir.path(), &config, &["accounts"]);
    let text = String::from_utf8(accounts.stdout.clone()).unwrap();
    assert_eq!(accounts.status.code(), Some(0));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("home  greader  http://127.0.0.1:"), "{text}");
    assert!(lines[0].ends_with("  offline, 0 changes waiting, never synced"), "{text}");
    assert!(lines[1].starts_with("  offline: connection refused ("), "{text}");
    assert!(lines[2].ends_with("  0 changes waiting, never synced"), "{text}");
    assert!(lines[3].starts_with("  error: server error: HTTP 500 ("), "{text}");

    let json = tidings(dir.path(), &config, &["accounts", "--json"]);
    let rows: Vec<serde_json::Value> =
        String::from_utf8(json.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows[1]["last_error"], "server error: HTTP 500");
    assert_eq!((rows[1]["waiting"].as_u64(), rows[1]["last_sync"].is_null()), (Some(0), true));

    let one = tidings(dir.path(), &config, &["sync", "--account", "nope"]);
    assert_eq!(one.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&one.stderr).contains("no account named nope (accounts: home, work)"));
    assert_no_secret(dir.path(), &[&sync, &accounts, &json, &one]);
}
