//! The Tiny Tiny RSS client's paging against a stub that answers
//! `getHeadlines` as tt-rss's api.php does (`limit` clamped to 200, `skip`
//! rows skipped, every row up to the limit): a page shorter than 200 is the
//! last, so no empty page is asked for after it; a full page still is.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tidings::sync::ttrss::TtRss;
use tidings::sync::{Account, ClientOptions, IdList, Protocol, Secret, SyncClient, SyncPoint};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The stub's lists: unread ids, starred ids; and the ops it was asked.
struct Lists {
    unread: Vec<u64>,
    starred: Vec<u64>,
    asked: Mutex<Vec<String>>,
}

fn headlines(lists: &Lists, request: &Value) -> Value {
    let limit = request["limit"].as_u64().filter(|&l| l > 0 && l < 200).unwrap_or(200) as usize;
    let skip = request["skip"].as_u64().unwrap_or(0) as usize;
    let since = request["since_id"].as_u64().unwrap_or(0);
    let ids: Vec<u64> = match request["view_mode"].as_str() {
        Some("unread") => lists.unread.clone(),
        Some("marked") => lists.starred.clone(),
        _ => lists.unread.iter().chain(&lists.starred).copied().filter(|&id| id > since).collect(),
    };
    let rows: Vec<Value> = ids
        .iter()
        .skip(skip)
        .take(limit)
        .map(|id| json!({"id": id, "feed_id": "1", "title": format!("item {id}"), "unread": true, "marked": false}))
        .collect();
    json!(rows)
}

fn answer(lists: &Lists, request: &Value) -> Value {
    let op = request["op"].as_str().unwrap_or_default().to_owned();
    let view = request["view_mode"].as_str().map(|v| format!(" {v}")).unwrap_or_default();
    lists.asked.lock().unwrap().push(format!("{op}{view}"));
    let content = match op.as_str() {
        "login" => json!({"session_id": "stub-session", "api_level": 15}),
        "getApiLevel" => json!({"level": 15}),
        "getHeadlines" => headlines(lists, request),
        _ => return json!({"seq": 0, "status": 1, "content": {"error": "UNKNOWN_METHOD"}}),
    };
    json!({"seq": 0, "status": 0, "content": content})
}

async fn stub(lists: Arc<Lists>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let lists = lists.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 8192];
                let (head, length) = loop {
                    let n = stream.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                    if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        break (end + 4, length);
                    }
                };
                while buffer.len() < head + length {
                    let n = stream.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                }
                let request: Value = serde_json::from_slice(&buffer[head..head + length]).unwrap_or_default();
                let body = answer(&lists, &request).to_string();
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    url
}

async fn stub_client(unread: u64, starred: u64) -> (TtRss, Arc<Lists>) {
    let lists = Arc::new(Lists {
        unread: (1..=unread).rev().collect(),
        starred: (100_001..100_001 + starred).collect(),
        asked: Mutex::new(Vec::new()),
    });
    let url = stub(lists.clone()).await;
    let account = Account {
        protocol: Protocol::TtRss,
        url,
        user: "tidings".into(),
        password: Secret::new("stub-password"),
        allow_plain_http: false,
    };
    (TtRss::new(&account, &ClientOptions::default()).unwrap(), lists)
}

fn asked(lists: &Lists, what: &str) -> usize {
    lists.asked.lock().unwrap().iter().filter(|op| op.as_str() == what).count()
}

#[tokio::test]
async fn a_short_page_ends_a_listing() {
    let (mut client, lists) = stub_client(450, 3).await;
    let unread = client.ids(IdList::Unread).await.unwrap();
    assert_eq!(unread.len(), 450);
    assert_eq!(unread.first().map(|i| i.as_str()), Some("1"));
    assert_eq!(unread.last().map(|i| i.as_str()), Some("450"));
    assert_eq!(asked(&lists, "getHeadlines unread"), 3, "200 + 200 + 50, no empty fourth page");
    assert_eq!(client.ids(IdList::Starred).await.unwrap().len(), 3);
    assert_eq!(asked(&lists, "getHeadlines marked"), 1);
    // Nothing new since the newest id: one request, no next page.
    let page = client.new_items(&SyncPoint("100003".into()), None, false).await.unwrap();
    assert!(page.items.is_empty() && page.next.is_none());
    assert_eq!(asked(&lists, "getHeadlines all_articles"), 1);
}

#[tokio::test]
async fn a_full_last_page_still_asks_for_the_next() {
    let (mut client, lists) = stub_client(400, 0).await;
    assert_eq!(client.ids(IdList::Unread).await.unwrap().len(), 400);
    assert_eq!(asked(&lists, "getHeadlines unread"), 3, "200 + 200 + the empty page that proves the end");
    let (mut client, lists) = stub_client(0, 250).await;
    let first = client.new_items(&SyncPoint::default(), None, false).await.unwrap();
    assert_eq!(first.items.len(), 200);
    let next = first.next.expect("a full page has a next one");
    let second = client.new_items(&SyncPoint::default(), Some(&next), false).await.unwrap();
    assert_eq!(second.items.len(), 50);
    assert!(second.next.is_none(), "a short page is the last");
    assert_eq!(second.point, SyncPoint("100250".into()));
    assert_eq!(asked(&lists, "getHeadlines all_articles"), 2);
}
