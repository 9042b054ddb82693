//! The live servers' own APIs, spoken by plain HTTP requests as another
//! device would (none of tidings' client code): the judge of what tidings
//! pushed and the way to change things on the server behind its back.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::live::{field, state};

/// One item as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerItem {
    pub feed: String,
    pub title: String,
    pub link: String,
    /// Seconds since the epoch: Fever's `created_on_time`, TT-RSS's `updated`.
    pub date: i64,
    pub read: bool,
    pub starred: bool,
}

/// A mark set on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    Read,
    Unread,
    Starred,
    Unstarred,
}

/// coldsweat's Fever API or Tiny Tiny RSS's JSON API, logged in.
pub enum Raw {
    Fever { url: String, api_key: String },
    TtRss { url: String, sid: String },
}

impl Raw {
    /// The server of `state.json` named `name` ("coldsweat" or "ttrss").
    pub async fn connect(name: &str) -> Raw {
        let state = state();
        match name {
            "coldsweat" => Raw::Fever { url: field(&state, name, "url"), api_key: field(&state, name, "api_key") },
            _ => {
                let url = field(&state, name, "url");
                let mut raw = Raw::TtRss { url, sid: String::new() };
                let login = json!({"op": "login", "user": field(&state, name, "user"),
                    "password": field(&state, name, "password")});
                let sid = raw.tt(login).await["session_id"].as_str().expect("a session").to_owned();
                if let Raw::TtRss { sid: s, .. } = &mut raw {
                    *s = sid;
                }
                raw
            }
        }
    }

    /// A Fever request: `?api&SELECTOR` with `form` (and the key) in the body.
    pub async fn fever(&self, selector: &str, form: &[(&str, &str)]) -> Value {
        let Raw::Fever { url, api_key } = self else { panic!("not a Fever server") };
        let mut body = vec![("api_key", api_key.as_str())];
        body.extend_from_slice(form);
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&body).finish();
        let request = reqwest::Client::new()
            .post(format!("{url}?api&{selector}"))
            .header("Content-Type", "application/x-www-form-urlencoded");
        let answer = request.body(body).send().await.expect("coldsweat answers");
        let answer: Value = serde_json::from_slice(&answer.bytes().await.expect("a body")).expect("JSON");
        assert_eq!(answer["auth"], 1, "{answer}");
        answer
    }

    /// A TT-RSS call with the session's id; its `content`.
    pub async fn tt(&self, mut body: Value) -> Value {
        let Raw::TtRss { url, sid } = self else { panic!("not a TT-RSS server") };
        if !sid.is_empty() {
            body["sid"] = sid.clone().into();
        }
        let request = reqwest::Client::new().post(url).header("Content-Type", "application/json");
        let answer = request.body(body.to_string()).send().await.expect("tt-rss answers");
        let answer: Value = serde_json::from_slice(&answer.bytes().await.expect("a body")).expect("JSON");
        assert_eq!(answer["status"], 0, "{answer}");
        answer["content"].clone()
    }

    /// Every item the server lists, by its id, walked in pages from the start.
    pub async fn items(&self) -> BTreeMap<String, ServerItem> {
        match self {
            Raw::Fever { .. } => self.fever_items().await,
            Raw::TtRss { .. } => self.tt_items().await,
        }
    }

    async fn fever_items(&self) -> BTreeMap<String, ServerItem> {
        let feeds = self.fever("feeds", &[]).await;
        let feed_title: BTreeMap<i64, String> = feeds["feeds"]
            .as_array()
            .expect("feeds")
            .iter()
            .map(|f| (f["id"].as_i64().expect("feed id"), f["title"].as_str().expect("feed title").to_owned()))
            .collect();
        // Asked by id, 50 at a time from 1 up, until every item counted is
        // seen: coldsweat's since_id pages come in no set order.
        let total = self.fever("items&with_ids=0", &[]).await["total_items"].as_u64().expect("total_items") as usize;
        let mut items = BTreeMap::new();
        let mut from = 1;
        while items.len() < total {
            assert!(from < 1_000_000, "the walk did not find {total} items");
            let ids: Vec<String> = (from..from + 50).map(|i: u64| i.to_string()).collect();
            from += 50;
            let page = self.fever(&format!("items&with_ids={}", ids.join(",")), &[]).await;
            for item in page["items"].as_array().expect("items") {
                items.insert(
                    item["id"].as_i64().expect("item id").to_string(),
                    ServerItem {
                        feed: feed_title[&item["feed_id"].as_i64().expect("feed_id")].clone(),
                        title: item["title"].as_str().expect("title").to_owned(),
                        link: item["url"].as_str().expect("url").to_owned(),
                        date: item["created_on_time"].as_i64().expect("created_on_time"),
                        read: item["is_read"] == 1,
                        starred: item["is_saved"] == 1,
                    },
                );
            }
        }
        items
    }

    async fn tt_items(&self) -> BTreeMap<String, ServerItem> {
        let mut items = BTreeMap::new();
        loop {
            let page = self
                .tt(json!({"op": "getHeadlines", "feed_id": -4, "view_mode": "all_articles", "limit": 200,
                    "skip": items.len(), "order_by": "date_reverse"}))
                .await;
            let page = page.as_array().expect("headlines").clone();
            if page.is_empty() {
                return items;
            }
            for h in page {
                let item = ServerItem {
                    feed: h["feed_title"].as_str().expect("feed_title").to_owned(),
                    title: h["title"].as_str().expect("title").to_owned(),
                    link: h["link"].as_str().expect("link").to_owned(),
                    date: h["updated"].as_i64().expect("updated"),
                    read: !h["unread"].as_bool().expect("unread"),
                    starred: h["marked"].as_bool().expect("marked"),
                };
                assert!(items.insert(h["id"].to_string(), item).is_none(), "{h}: listed twice");
            }
        }
    }

    /// Sets `mark` on the items `ids` (the server's ids).
    pub async fn set(&self, mark: Set, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        match self {
            Raw::Fever { .. } => {
                let (what, r#as) = match mark {
                    Set::Read => ("item", "read"),
                    Set::Unread => ("item", "unread"),
                    Set::Starred => ("item", "saved"),
                    Set::Unstarred => ("item", "unsaved"),
                };
                for id in ids {
                    self.fever("", &[("mark", what), ("as", r#as), ("id", id)]).await;
                }
            }
            Raw::TtRss { .. } => {
                // updateArticle: field 0 starred, 2 unread; mode 0 off, 1 on.
                let (field, mode) = match mark {
                    Set::Read => (2, 0),
                    Set::Unread => (2, 1),
                    Set::Starred => (0, 1),
                    Set::Unstarred => (0, 0),
                };
                let ids = ids.join(",");
                self.tt(json!({"op": "updateArticle", "article_ids": ids, "field": field, "mode": mode})).await;
            }
        }
    }

    /// Puts the read and starred states of `before`'s items back.
    pub async fn restore(&self, before: &BTreeMap<String, ServerItem>) {
        let now = self.items().await;
        let differ = |f: fn(&ServerItem) -> bool, want: bool| -> Vec<String> {
            before
                .iter()
                .filter(|(id, b)| f(b) == want && now.get(*id).is_some_and(|n| f(n) != want))
                .map(|(id, _)| id.clone())
                .collect()
        };
        self.set(Set::Read, &differ(|i| i.read, true)).await;
        self.set(Set::Unread, &differ(|i| i.read, false)).await;
        self.set(Set::Starred, &differ(|i| i.starred, true)).await;
        self.set(Set::Unstarred, &differ(|i| i.starred, false)).await;
        let states = |items: &BTreeMap<String, ServerItem>| -> BTreeSet<(String, bool, bool)> {
            items.iter().map(|(id, i)| (id.clone(), i.read, i.starred)).collect()
        };
        assert_eq!(states(&self.items().await), states(before), "the server's states are as they were");
    }
}
