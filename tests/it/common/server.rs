//! A loopback HTTP/1.1 server for tests: fixed routes, a request log, one
//! thread per connection, `Connection: close` on every answer. Usable from
//! plain `#[test]`s and from `#[tokio::test]`s (it never touches tokio).
//!
//! It answers a conditional GET with 304 when the route's `ETag` or
//! `Last-Modified` matches, counts requests in flight (and the most at
//! once), can hold answers until several requests are in flight together,
//! and can misbehave: stall after some bytes, or send forever.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the server answers on one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (a slow server).
    pub delay: Duration,
    /// Answer only once this many requests have been in flight at the same
    /// time (0: at once); see `Response::together`.
    pub together: usize,
    pub kind: Kind,
}

/// How the body is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The body as given.
    Whole,
    /// Headers and the body, then nothing more while the connection stays open.
    Stall,
    /// A chunked body repeating `body` until the client hangs up.
    Endless,
    /// Headers, then one byte of `body` (cycled) every interval.
    Drip(Duration),
    /// Reads the request and never answers, holding the connection open.
    Silent,
    /// A chunked body of this many zero bytes, made as it is sent (never held in memory).
    Zeros(u64),
    /// Headers, then one byte of `body` (cycled) every interval until the
    /// test calls `TestServer::go_quiet`, then nothing while the connection
    /// stays open: the client can only give up once the test says so.
    AliveUntilQuiet(Duration),
}

impl Response {
    /// An empty answer with this status.
    pub fn status(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
            together: 0,
            kind: Kind::Whole,
        }
    }

    /// 200 with a body of this content type.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response::status(200).header("Content-Type", content_type).body(body)
    }

    pub fn rss(body: impl Into<Vec<u8>>) -> Response {
        Response::ok("application/rss+xml; charset=utf-8", body)
    }

    pub fn atom(body: impl Into<Vec<u8>>) -> Response {
        Response::ok("application/atom+xml; charset=utf-8", body)
    }

    pub fn json(body: impl Into<Vec<u8>>) -> Response {
        Response::ok("application/feed+json", body)
    }

    /// A redirect (301, 302, 307, 308) to `location`.
    pub fn redirect(status: u16, location: &str) -> Response {
        Response::status(status).header("Location", location)
    }

    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Response {
        self.body = body.into();
        self
    }

    /// The body sent with `Transfer-Encoding: chunked` (no length announced),
    /// in chunks of `chunk` bytes.
    pub fn chunked(mut self, chunk: usize) -> Response {
        let mut encoded = Vec::new();
        for part in self.body.chunks(chunk.max(1)) {
            encoded.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            encoded.extend_from_slice(part);
            encoded.extend_from_slice(b"\r\n");
        }
        encoded.extend_from_slice(b"0\r\n\r\n");
        self.body = encoded;
        self.header("Transfer-Encoding", "chunked")
    }

    pub fn delay(mut self, delay: Duration) -> Response {
        self.delay = delay;
        self
    }

    /// Holds this answer until `n` requests have been in flight at the same
    /// time (at most `TOGETHER_WAIT`), so a test of concurrency sees its
    /// requests overlap however slow the machine, without timing them.
    pub fn together(mut self, n: usize) -> Response {
        self.together = n;
        self
    }

    /// Sends the headers and `body` (announcing a longer one), then stalls.
    pub fn stall(mut self) -> Response {
        let declared = self.body.len() + 1_000_000;
        self.kind = Kind::Stall;
        self.header("Content-Length", &declared.to_string())
    }

    /// Sends `body` over and over, chunked, until the client gives up.
    pub fn endless(mut self) -> Response {
        self.kind = Kind::Endless;
        self.header("Transfer-Encoding", "chunked")
    }

    /// Headers, then one byte every `interval` (body cycled), until the client hangs up.
    pub fn drip(mut self, interval: Duration) -> Response {
        self.kind = Kind::Drip(interval);
        self.header("Transfer-Encoding", "chunked")
    }

    /// Headers, then a byte of `body` at every `interval` until
    /// `TestServer::go_quiet`, then silence with the connection open.
    pub fn alive_until_quiet(mut self, interval: Duration) -> Response {
        self.kind = Kind::AliveUntilQuiet(interval);
        self.header("Transfer-Encoding", "chunked")
    }

    /// Accepts the request and never says a word.
    pub fn silent() -> Response {
        Response { kind: Kind::Silent, ..Response::status(200) }
    }

    /// 200 with `len` zero bytes, chunked, produced lazily.
    pub fn zeros(content_type: &str, len: u64) -> Response {
        let response = Response::ok(content_type, Vec::new()).header("Transfer-Encoding", "chunked");
        Response { kind: Kind::Zeros(len), ..response }
    }

    fn header_value(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// 304 when the request's validators match this response's.
    fn not_modified_for(&self, request: &Request) -> Option<Response> {
        let etag_match =
            matches!((self.header_value("etag"), request.header("if-none-match")), (Some(a), Some(b)) if a == b);
        let date_match = request.header("if-none-match").is_none()
            && matches!((self.header_value("last-modified"), request.header("if-modified-since")), (Some(a), Some(b)) if a == b);
        if self.status != 200 || !(etag_match || date_match) {
            return None;
        }
        let mut answer = Response::status(304);
        for name in ["ETag", "Last-Modified", "Cache-Control"] {
            if let Some(value) = self.header_value(name) {
                answer = answer.header(name, value);
            }
        }
        Some(answer)
    }
}

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent: path plus query.
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// Value of a header, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Shared {
    routes: Mutex<HashMap<String, Response>>,
    requests: Mutex<Vec<Request>>,
    /// Signalled on every recorded request.
    arrived: Condvar,
    stopping: AtomicBool,
    /// Requests being answered now, and the most there ever were at once.
    /// A request counts from its arrival until its answer starts to be
    /// written: the client cannot be done with it before, so the count is
    /// never more than the client really has open.
    in_flight: Mutex<(usize, usize)>,
    /// Signalled whenever the in-flight count rises.
    in_flight_rose: Condvar,
    /// Set by `go_quiet`: `AliveUntilQuiet` bodies stop sending.
    quiet: AtomicBool,
    /// Body bytes written per path (endless and stalled bodies included).
    sent: Mutex<HashMap<String, usize>>,
    /// Answers ended per path (written whole, or cut off by an error).
    answered: Mutex<HashMap<String, usize>>,
    /// Signalled whenever an answer ends.
    answer_ended: Condvar,
}

/// The server; stops accepting when dropped.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Binds `127.0.0.1:0` and starts accepting. Unknown paths answer 404.
    pub fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared::default());
        let acceptor = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || accept_loop(&listener, &shared))
        };
        TestServer { addr, shared, acceptor: Some(acceptor) }
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url())
    }

    /// Sets (or replaces) the answer for `path`; a path with a query string
    /// matches only that query, one without matches any query.
    pub fn route(&self, path: &str, response: Response) {
        lock(&self.shared.routes).insert(path.to_owned(), response);
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.shared.requests).clone()
    }

    /// How many requests asked for `path` (query included when given).
    pub fn hits(&self, path: &str) -> usize {
        lock(&self.shared.requests).iter().filter(|r| r.path == path || strip_query(&r.path) == path).count()
    }

    /// The most requests this server was answering at the same time.
    pub fn max_in_flight(&self) -> usize {
        lock(&self.shared.in_flight).1
    }

    /// From now on, `AliveUntilQuiet` answers send nothing more.
    pub fn go_quiet(&self) {
        self.shared.quiet.store(true, Ordering::SeqCst);
    }

    /// Body bytes written for `path` so far.
    pub fn bytes_sent(&self, path: &str) -> usize {
        lock(&self.shared.sent).get(path).copied().unwrap_or(0)
    }

    /// Blocks until `count` answers to `path` have ended (an endless one ends
    /// when the client hangs up), so `bytes_sent` is final; false on timeout.
    pub fn wait_answered(&self, path: &str, count: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut answered = lock(&self.shared.answered);
        while answered.get(path).copied().unwrap_or(0) < count {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            answered = self.shared.answer_ended.wait_timeout(answered, left).unwrap_or_else(|e| e.into_inner()).0;
        }
        true
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Blocks until `path` got at least `count` requests; false on timeout.
    pub fn wait_for_hits(&self, path: &str, count: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut requests = lock(&self.shared.requests);
        loop {
            let seen = requests.iter().filter(|r| r.path == path || strip_query(&r.path) == path).count();
            if seen >= count {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            requests = self.shared.arrived.wait_timeout(requests, left).unwrap_or_else(|e| e.into_inner()).0;
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking test thread must not hide the log from the others.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn strip_query(target: &str) -> &str {
    target.split('?').next().unwrap_or(target)
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(shared);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
}

fn handle(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some(request) = read_request(&mut reader)? else {
        return Ok(());
    };
    let response = {
        let routes = lock(&shared.routes);
        routes
            .get(&request.path)
            .or_else(|| routes.get(strip_query(&request.path)))
            .cloned()
            .unwrap_or_else(|| Response::status(404).body("not found"))
    };
    let response = response.not_modified_for(&request).unwrap_or(response);
    let head_only = request.method == "HEAD";
    let path = strip_query(&request.path).to_owned();
    {
        let mut in_flight = lock(&shared.in_flight);
        in_flight.0 += 1;
        in_flight.1 = in_flight.1.max(in_flight.0);
    }
    shared.in_flight_rose.notify_all();
    lock(&shared.requests).push(request);
    shared.arrived.notify_all();
    wait_until_together(shared, response.together);
    if !response.delay.is_zero() {
        std::thread::sleep(response.delay);
    }
    // Before a byte of the answer: the client is still waiting for it.
    lock(&shared.in_flight).0 -= 1;
    let written = write_response(stream, &response, head_only, shared, &path);
    *lock(&shared.answered).entry(path).or_default() += 1;
    shared.answer_ended.notify_all();
    written
}

/// The longest a `together` answer waits for the others.
pub const TOGETHER_WAIT: Duration = Duration::from_secs(30);

/// Blocks until `n` requests have been in flight at once (ever), or `TOGETHER_WAIT`.
fn wait_until_together(shared: &Shared, n: usize) {
    let deadline = Instant::now() + TOGETHER_WAIT;
    let mut in_flight = lock(&shared.in_flight);
    while in_flight.1 < n {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        in_flight = shared.in_flight_rose.wait_timeout(in_flight, left).unwrap_or_else(|e| e.into_inner()).0;
    }
}

/// Reads the request line, headers and (discarded) body; None if the peer
/// closed without sending anything (the wake-up connect of `Drop`).
fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or("/").to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let request = Request { method, path, headers };
    let length: u64 = request.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    std::io::copy(&mut reader.take(length), &mut std::io::sink())?;
    Ok(Some(request))
}

fn write_response(
    mut stream: TcpStream,
    response: &Response,
    head_only: bool,
    shared: &Shared,
    path: &str,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
    if response.kind == Kind::Silent {
        hold_open(shared);
        return Ok(());
    }
    let has_length = response.header_value("content-length").is_some()
        || response.header_value("transfer-encoding").is_some()
        || response.kind == Kind::Endless;
    if !has_length {
        head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    }
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes())?;
    let count = |n: usize| *lock(&shared.sent).entry(path.to_owned()).or_default() += n;
    if !head_only {
        match response.kind {
            Kind::Whole => {
                stream.write_all(&response.body)?;
                count(response.body.len());
            }
            Kind::Stall => {
                stream.write_all(&response.body)?;
                stream.flush()?;
                count(response.body.len());
                hold_open(shared);
            }
            Kind::Silent => {}
            Kind::Drip(interval) => drip(&mut stream, &response.body, interval, &count, || stopping(shared))?,
            Kind::AliveUntilQuiet(interval) => {
                let quiet = || shared.quiet.load(Ordering::SeqCst) || stopping(shared);
                drip(&mut stream, &response.body, interval, &count, quiet)?;
                hold_open(shared);
            }
            Kind::Zeros(len) => {
                let block = vec![0u8; 64 * 1024];
                let mut left = len;
                while left > 0 {
                    let n = left.min(block.len() as u64) as usize;
                    let mut chunk = format!("{n:x}\r\n").into_bytes();
                    chunk.extend_from_slice(&block[..n]);
                    chunk.extend_from_slice(b"\r\n");
                    stream.write_all(&chunk)?;
                    count(n);
                    left -= n as u64;
                }
                stream.write_all(b"0\r\n\r\n")?;
            }
            Kind::Endless => loop {
                stream.write_all(format!("{:x}\r\n", response.body.len()).as_bytes())?;
                // Each write's bytes are counted as it returns, before the
                // next: whatever the client read was counted once the answer
                // ended. The client hanging up ends the loop with a write error.
                let mut body = &response.body[..];
                while !body.is_empty() {
                    let n = stream.write(body)?;
                    if n == 0 {
                        return Err(std::io::ErrorKind::WriteZero.into());
                    }
                    count(n);
                    body = &body[n..];
                }
                stream.write_all(b"\r\n")?;
            },
        }
    }
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Write)
}

/// One byte of `body` (cycled; a space if empty) as a chunk every
/// `interval`, until `done` or the server stops. The client hanging up ends
/// it with a write error.
fn drip(
    stream: &mut TcpStream,
    body: &[u8],
    interval: Duration,
    count: &dyn Fn(usize),
    done: impl Fn() -> bool,
) -> std::io::Result<()> {
    let body: &[u8] = if body.is_empty() { b" " } else { body };
    for byte in body.iter().cycle() {
        if done() {
            break;
        }
        stream.write_all(&[b'1', b'\r', b'\n', *byte, b'\r', b'\n'])?;
        stream.flush()?;
        count(1);
        std::thread::sleep(interval);
    }
    Ok(())
}

fn stopping(shared: &Shared) -> bool {
    shared.stopping.load(Ordering::SeqCst)
}

/// Keeps a connection open and silent until the server stops.
fn hold_open(shared: &Shared) {
    while !stopping(shared) {
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        410 => "Gone",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
