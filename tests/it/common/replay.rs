//! A loopback server that answers with the bytes a real FreshRSS recorded
//! (`tests/fixtures/sync-freshrss/*.jsonl`), for the GReader and Fever clients.
//!
//! A request is matched with the first exchange not yet used whose method,
//! path, query and form body are the same (parameters as decoded pairs in
//! any order; GReader item ids in any of their forms; `T` and `api_key` are
//! checked apart); once every match is used, the last one used answers
//! again. Only when nothing matches exactly, a stream read may be answered
//! by a recorded partial page that differs only in `n` (replay_rules.rs:
//! `n` caps a page, so a larger `n` over a page that was not full gets the
//! same answer), and Fever's `items&since_id=0` by the recorded `items`
//! (the same 24 items in the same order); `Seen::rule` says so. `Replay::start_at` serves only the
//! state before or after the recorded refresh (exchange 87 on), the login
//! and token from either. Before matching, it checks what the real server required: the
//! `Authorization` header on every reader call and, stricter than FreshRSS
//! and like Miniflux, the right `T` in the body of every POST (401 with
//! `Google-Bad-Token` otherwise); the Fever `api_key` in the body (else
//! `auth:0`). Every request is logged, and what matched nothing is kept so
//! a test can assert there was none.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::replay_rules::{self, Phase};

use super::replay_data::{Exchange, Session, load, session};
use super::replay_data::{decode_path, normalized, pairs};

/// A request as the replay server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Vec<(String, String)>,
    pub authorization: Option<String>,
    /// The recorded exchange that answered, or None (a synthesized refusal or a miss).
    pub answered_by: Option<u64>,
    /// Answered by a rule of replay_rules.rs rather than an exact match.
    pub rule: Option<&'static str>,
}

impl Seen {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().chain(&self.body).find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

struct State {
    phase: Phase,
    used: Vec<bool>,
    last_used: HashMap<String, usize>,
    log: Vec<Seen>,
    misses: Vec<Seen>,
    /// Answer the next `token` call with this instead of the real token.
    stale_token: Option<String>,
    /// Refuse the session's Auth until the next ClientLogin.
    auth_revoked: bool,
}

impl State {
    fn new(exchanges: usize, phase: Phase) -> State {
        State {
            phase,
            used: vec![false; exchanges],
            last_used: HashMap::new(),
            log: Vec::new(),
            misses: Vec::new(),
            stale_token: None,
            auth_revoked: false,
        }
    }
}

pub struct Replay {
    pub url: String,
    exchanges: Arc<Vec<Exchange>>,
    state: Arc<Mutex<State>>,
    session: Arc<Session>,
}

impl Replay {
    /// Serves `greader.jsonl` or `fever.jsonl` on a free loopback port.
    pub async fn start(file: &str) -> Replay {
        Replay::start_at(file, Phase::Whole).await
    }

    /// Serves only the recorded state of `phase` (see replay_rules.rs).
    pub async fn start_at(file: &str, phase: Phase) -> Replay {
        let exchanges = Arc::new(load(file));
        let state = Arc::new(Mutex::new(State::new(exchanges.len(), phase)));
        let session = Arc::new(session());
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let (ex, st, se) = (exchanges.clone(), state.clone(), session.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (ex, st, se) = (ex.clone(), st.clone(), se.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, &ex, &st, &se).await;
                });
            }
        });
        Replay { url, exchanges, state, session }
    }

    pub fn greader_url(&self) -> String {
        format!("{}/api/greader.php", self.url)
    }

    pub fn fever_url(&self) -> String {
        format!("{}/api/fever.php", self.url)
    }

    pub fn log(&self) -> Vec<Seen> {
        self.state.lock().expect("state").log.clone()
    }

    pub fn misses(&self) -> Vec<Seen> {
        self.state.lock().expect("state").misses.clone()
    }

    /// The recorded exchanges that answered, in order.
    pub fn answered(&self) -> Vec<u64> {
        self.log().iter().filter_map(|s| s.answered_by).collect()
    }

    pub fn exchange(&self, n: u64) -> &Exchange {
        self.exchanges.iter().find(|e| e.n == n).expect("exchange")
    }

    /// The next `token` call answers a stale token (as after a server restart).
    pub fn stale_token_once(&self, token: &str) {
        self.state.lock().expect("state").stale_token = Some(format!("{token}\n"));
    }

    /// The session ends: its Auth is refused until the client logs in again.
    pub fn expire_session(&self) {
        self.state.lock().expect("state").auth_revoked = true;
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The server's feeds were refreshed: from now on only the exchanges
    /// recorded after the refresh answer (the login and token from either).
    pub fn refresh(&self) {
        let mut state = self.state.lock().expect("state");
        state.phase = Phase::AfterRefresh;
    }
}

struct Request {
    method: String,
    path: String,
    query: Option<String>,
    headers: HashMap<String, String>,
    body: String,
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buffer.len() > 1 << 20 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
        None => (target, None),
    };
    Some(Request { method, path, query, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

struct Answer {
    status: u16,
    content_type: String,
    headers: Vec<(String, String)>,
    body: String,
}

fn refusal() -> Answer {
    Answer {
        status: 401,
        content_type: "text/plain; charset=UTF-8".into(),
        headers: vec![("Google-Bad-Token".into(), "true".into())],
        body: "Unauthorized!".into(),
    }
}

async fn serve(mut stream: TcpStream, exchanges: &[Exchange], state: &Mutex<State>, session: &Session) -> Option<()> {
    let request = read_request(&mut stream).await?;
    let answer = answer(&request, exchanges, state, session);
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.content_type,
        answer.body.len()
    );
    for (k, v) in &answer.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.ok()?;
    stream.write_all(answer.body.as_bytes()).await.ok()?;
    stream.shutdown().await.ok()
}

fn answer(request: &Request, exchanges: &[Exchange], state: &Mutex<State>, session: &Session) -> Answer {
    let path = decode_path(&request.path);
    let query = pairs(request.query.as_deref());
    let body = pairs(Some(&request.body));
    let mut seen = Seen {
        method: request.method.clone(),
        path: path.clone(),
        query: query.clone(),
        body: body.clone(),
        authorization: request.headers.get("authorization").cloned(),
        answered_by: None,
        rule: None,
    };
    let mut state = state.lock().expect("state");
    if let Some(refused) = check(&seen, &request.headers, &mut state, session) {
        state.log.push(seen);
        return refused;
    }
    if path.ends_with("/reader/api/0/token")
        && let Some(stale) = state.stale_token.take()
    {
        state.log.push(seen);
        return Answer { status: 200, content_type: "text/html; charset=UTF-8".into(), headers: vec![], body: stale };
    }
    let (q, b) = (normalized(&query), normalized(&body));
    let phase = state.phase;
    let key = format!("{phase:?} {} {path} {q:?} {b:?}", request.method);
    let same_call = |e: &Exchange| {
        replay_rules::in_phase(phase, e) && e.method == request.method && e.path == path && normalized(&e.body) == b
    };
    let exact = |e: &Exchange| same_call(e) && normalized(&e.query) == q;
    let larger = |e: &Exchange| same_call(e) && replay_rules::larger_page(e, &q, &normalized(&e.query));
    let found = (0..exchanges.len())
        .find(|&i| !state.used[i] && exact(&exchanges[i]))
        .or_else(|| state.last_used.get(&key).copied())
        .map(|i| (i, None))
        .or_else(|| {
            let rule = Some("larger page");
            let unused = (0..exchanges.len()).find(|&i| !state.used[i] && larger(&exchanges[i]));
            let again = || (0..exchanges.len()).rev().find(|&i| state.used[i] && larger(&exchanges[i]));
            unused.or_else(again).map(|i| (i, rule))
        })
        .or_else(|| {
            let fever = |e: &Exchange| same_call(e) && replay_rules::fever_since_zero(e, &q, &normalized(&e.query));
            (0..exchanges.len()).find(|&i| fever(&exchanges[i])).map(|i| (i, Some("fever since_id=0")))
        });
    let Some((index, rule)) = found else {
        state.misses.push(seen.clone());
        state.log.push(seen);
        return Answer {
            status: 599,
            content_type: "text/plain".into(),
            headers: vec![],
            body: "no recorded exchange".into(),
        };
    };
    state.used[index] = true;
    if rule.is_none() {
        state.last_used.insert(key, index);
    }
    seen.rule = rule;
    if path.ends_with("/accounts/ClientLogin") {
        state.auth_revoked = false;
    }
    let e = &exchanges[index];
    seen.answered_by = Some(e.n);
    state.log.push(seen);
    Answer {
        status: e.status,
        content_type: e.content_type.clone(),
        headers: e.headers.clone(),
        body: e.response.clone(),
    }
}

/// What the real server required before it looked at a request.
fn check(seen: &Seen, headers: &HashMap<String, String>, state: &mut State, session: &Session) -> Option<Answer> {
    if seen.path.contains("/api/greader.php/reader/") {
        let expected = format!("GoogleLogin auth={}", session.auth);
        if seen.authorization.as_deref() != Some(expected.as_str()) || state.auth_revoked {
            return Some(refusal());
        }
        if seen.method == "POST" {
            let form = headers.get("content-type").is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
            let token = seen.body.iter().find(|(k, _)| k == "T").map(|(_, v)| v.as_str());
            if !form || token != Some(session.token.as_str()) {
                return Some(refusal());
            }
        }
    }
    if seen.path.ends_with("/api/fever.php") {
        let key = seen.body.iter().find(|(k, _)| k == "api_key").map(|(_, v)| v.as_str());
        if key != Some(session.api_key.as_str()) || seen.query.iter().any(|(k, _)| k == "api_key") {
            return Some(Answer {
                status: 200,
                content_type: "application/json; charset=UTF-8".into(),
                headers: vec![],
                body: r#"{"api_version":3,"auth":0}"#.into(),
            });
        }
    }
    None
}
