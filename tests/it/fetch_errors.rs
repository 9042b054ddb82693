//! Fetch limits read from a real config file and in force, and the one line
//! a reader sees when a feed cannot be reached: `tidings refresh` prints it
//! and the feed list shows the same line (the stored error). The servers
//! are local: a redirect chain, a socket that never completes a connect, a
//! name that cannot resolve (`.invalid`), a TLS server with a self-signed
//! certificate.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::bin::{Files, stdout};
use crate::common::{Response, TestServer, fixture};

/// `tidings refresh` (piped: a JSON object per feed) on a config of
/// `settings` and feeds `(title, url)`: the error it printed for the feed
/// (None when it did not fail) and the error stored on the feed, for each feed.
fn refresh(settings: &str, feeds: &[(&str, &str)]) -> Vec<(Option<String>, Option<String>)> {
    let mut config = format!("{settings}\n");
    for (title, url) in feeds {
        config.push_str(&format!("\n[[feeds]]\nurl = \"{url}\"\ntitle = \"{title}\"\n"));
    }
    let files = Files::new(&config);
    let out = files.run(&["refresh"]);
    let printed = stdout(&out);
    let rows = files.store().feeds().unwrap();
    feeds
        .iter()
        .map(|(title, _)| {
            let line = printed.lines().find_map(|l| {
                let feed: serde_json::Value = serde_json::from_str(l).ok()?;
                (feed["title"] == *title && feed["status"] == "failed")
                    .then(|| feed["error"].as_str().map(str::to_owned))?
            });
            let row = rows.iter().find(|r| r.title == *title).unwrap_or_else(|| panic!("{title} stored: {printed}"));
            (line, row.last_error.clone())
        })
        .collect()
}

/// The one error line of a feed that failed, printed and stored alike.
fn failure(result: &(Option<String>, Option<String>)) -> &str {
    let (Some(printed), Some(stored)) = result else { panic!("expected a failure, got {result:?}") };
    assert_eq!(printed, stored, "the feed list shows what refresh printed");
    assert!(!stored.contains('\n'), "one line: {stored:?}");
    stored
}

#[test]
fn a_redirect_chain_one_longer_than_max_redirects_fails() {
    let server = TestServer::start();
    server.route("/feed", Response::rss(fixture("rss.xml")));
    for (chain, hops) in [("a", 2), ("b", 3)] {
        for hop in 1..=hops {
            let next = if hop == 1 { "/feed".to_owned() } else { format!("/{chain}{}", hop - 1) };
            server.route(&format!("/{chain}{hop}"), Response::redirect(302, &next));
        }
    }
    let results = refresh("max_redirects = 2", &[("Two hops", &server.url("/a2")), ("Three hops", &server.url("/b3"))]);
    assert_eq!(results[0], (None, None), "two redirects are allowed");
    assert_eq!(failure(&results[1]), "more than 2 redirects");
    assert_eq!((server.hits("/b1"), server.hits("/feed")), (1, 1), "the third redirect is not followed");
}

/// A listening socket whose accept queue is full: the kernel drops further
/// SYNs, so a connect to it never completes. Kept alive with its runtime.
struct Unconnectable {
    addr: SocketAddr,
    _queued: TcpStream,
    _listener: tokio::net::TcpListener,
    _runtime: tokio::runtime::Runtime,
}

fn unconnectable() -> Unconnectable {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().unwrap();
    let _inside = runtime.enter();
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    // Never accepted: it fills the queue of a backlog of 0.
    let queued = TcpStream::connect(addr).unwrap();
    let probe = TcpStream::connect_timeout(&addr, Duration::from_millis(300));
    assert!(probe.is_err(), "the kernel still completes connects to a full queue");
    Unconnectable { addr, _queued: queued, _listener: listener, _runtime: runtime }
}

#[test]
fn a_connect_that_cannot_complete_fails_at_connect_timeout() {
    let sink = unconnectable();
    let url = format!("http://{}/feed", sink.addr);
    // The stall and total deadlines are longer: only connect_timeout can end it this way.
    let results = refresh("connect_timeout = 1\nstall_timeout = 20\nrequest_timeout = 40", &[("Sink", &url)]);
    assert_eq!(failure(&results[0]), "cannot connect: timed out after 1s");
}

#[test]
fn a_name_that_cannot_resolve_is_one_line() {
    let results = refresh(
        "connect_timeout = 60\nrequest_timeout = 60",
        &[("Nowhere", "http://feeds.tidings-test.invalid/rss.xml")],
    );
    assert_eq!(failure(&results[0]), "cannot resolve feeds.tidings-test.invalid");
}

fn tls_fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// A TLS server on 127.0.0.1 with the self-signed certificate of
/// `tests/fixtures/tls/`; records how each handshake ended.
struct TlsServer {
    addr: SocketAddr,
    handshakes: Arc<Mutex<Vec<String>>>,
}

fn tls_server() -> TlsServer {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let cert = CertificateDer::from(tls_fixture("self-signed.der"));
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(tls_fixture("self-signed-key.der")));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let handshakes = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&handshakes);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let mut conn = rustls::ServerConnection::new(Arc::clone(&config)).unwrap();
            let mut outcome = "no handshake".to_owned();
            while conn.is_handshaking() {
                if let Err(e) = conn.complete_io(&mut stream) {
                    outcome = e.to_string();
                    break;
                }
            }
            if !conn.is_handshaking() {
                outcome = "handshake done".to_owned();
            }
            log.lock().unwrap().push(outcome);
        }
    });
    TlsServer { addr, handshakes }
}

#[test]
fn an_untrusted_certificate_is_one_clear_line() {
    let server = tls_server();
    let url = format!("https://{}/feed.xml", server.addr);
    let results = refresh("", &[("Self-signed", &url)]);
    assert_eq!(failure(&results[0]), "TLS error: certificate not trusted (self-signed or unknown issuer)");
    let handshakes = server.handshakes.lock().unwrap().clone();
    assert!(!handshakes.is_empty() && handshakes.iter().all(|h| h != "handshake done"), "{handshakes:?}");
}
