//! The recording as values: `greader.jsonl` / `fever.jsonl` exchanges with
//! their parameters decoded, `session.json`, and parameters compared as
//! the server reads them.

use serde_json::Value;

/// The feed server's port in the recorded URLs (`{{FEEDS}}`), as replayed.
pub const FEEDS_PORT: &str = "8781";

#[derive(Debug, Clone)]
pub struct Exchange {
    pub n: u64,
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Vec<(String, String)>,
    pub status: u16,
    pub content_type: String,
    pub response: String,
    pub headers: Vec<(String, String)>,
}

/// The values of `session.json` the checks need.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    pub api_password: String,
    pub auth: String,
    pub token: String,
    pub api_key: String,
    pub sync_point: i64,
}

pub fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sync-freshrss")
}

pub fn session() -> Session {
    let text = std::fs::read_to_string(fixtures().join("session.json")).expect("session.json");
    let json: Value = serde_json::from_str(&text).expect("session.json is JSON");
    let get = |k: &str| json[k].as_str().unwrap_or_else(|| panic!("session.json: {k}")).to_owned();
    Session {
        user: get("user"),
        api_password: get("api_password"),
        auth: get("greader_auth"),
        token: get("greader_T_token"),
        api_key: get("fever_api_key"),
        sync_point: json["sync_point_ot_seconds"].as_i64().expect("sync point"),
    }
}

pub fn pairs(text: Option<&str>) -> Vec<(String, String)> {
    match text {
        None | Some("") => Vec::new(),
        Some(t) => url::form_urlencoded::parse(t.as_bytes()).into_owned().collect(),
    }
}

pub fn load(file: &str) -> Vec<Exchange> {
    let text = std::fs::read_to_string(fixtures().join(file)).expect("recording");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let line = line.replace("{{FEEDS}}", FEEDS_PORT);
            let e: Value = serde_json::from_str(&line).expect("exchange is JSON");
            let (rq, rs) = (&e["request"], &e["response"]);
            let headers = rs["headers"]
                .as_object()
                .map(|h| h.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned())).collect())
                .unwrap_or_default();
            Exchange {
                n: e["n"].as_u64().expect("n"),
                method: rq["method"].as_str().expect("method").to_owned(),
                path: decode_path(rq["path"].as_str().expect("path")),
                query: pairs(rq["query"].as_str()),
                body: pairs(rq["body"].as_str()),
                status: rs["status"].as_u64().expect("status") as u16,
                content_type: rs["content_type"].as_str().unwrap_or("text/plain").to_owned(),
                response: rs["body"].as_str().unwrap_or("").to_owned(),
                headers,
            }
        })
        .collect()
}

pub fn decode_path(path: &str) -> String {
    percent_decode(path)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parameters compared as the server reads them: sorted pairs, GReader item
/// ids in decimal, without `T` and `api_key` (checked apart).
pub fn normalized(params: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "T" && k != "api_key")
        .map(|(k, v)| {
            let v = if k == "i" {
                tidings::sync::greader::parse_id(v).map(|n| n.to_string()).unwrap_or(v.clone())
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect();
    out.sort();
    out
}
