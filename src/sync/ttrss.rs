//! Tiny Tiny RSS's JSON API: a session from `login` (renewed when a call
//! answers `NOT_LOGGED_IN`), `getHeadlines` in pages of at most 200,
//! `getArticle` for contents by id, `updateArticle` for marks. It has no
//! "mark read before T": that is done by id (ids grow as items arrive).

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

mod answers;

use super::http::Reply;
use super::http::{ClientOptions, Http};
use super::numeric;
use super::{
    Account, Ack, Before, Capabilities, Cursor, FeedId, FolderId, IdList, IdPage, ItemId, ItemPage, MAX_PAGES, Mark,
    Protocol, RemoteFeed, RemoteFolder, RemoteItem, Scope, Secret, SyncClient, SyncError, SyncPoint, chunks,
};
use answers::{Body, Category, Envelope, Feed, Head, Headline, IdRow, Refusal};

/// Headlines per `getHeadlines` page. The server clamps `limit` to exactly
/// this (api.php: `if (!$limit || $limit >= 200) $limit = 200`) and answers
/// every row its query found up to it, so a shorter page is the last.
const PAGE: usize = 200;
/// Feed id of "all articles".
const ALL: i64 = -4;

#[derive(Debug)]
pub struct TtRss {
    http: Http,
    user: String,
    password: Secret,
    sid: Option<Secret>,
    api_level: Option<i64>,
}

fn parse<T: DeserializeOwned>(content: Value, what: &str) -> Result<T, SyncError> {
    serde_json::from_value(content).map_err(|e| SyncError::Protocol(format!("{what}: {e}")))
}

fn error_of(content: &Value) -> String {
    content.get("error").and_then(Value::as_str).unwrap_or("unknown error").to_owned()
}

/// `point:skip`: the largest id so far and where the next page starts.
fn split_cursor(since: &SyncPoint, cursor: Option<&Cursor>) -> (u64, u64, usize) {
    let since_id = numeric(&since.0).unwrap_or(0);
    let (point, skip) = cursor.and_then(|c| c.0.split_once(':')).unwrap_or(("", ""));
    (since_id, numeric(point).unwrap_or(since_id), skip.parse().unwrap_or(0))
}

impl TtRss {
    pub fn new(account: &Account, options: &ClientOptions) -> Result<TtRss, SyncError> {
        Ok(TtRss {
            http: Http::new(&account.url, account.allow_plain_http, options)?,
            user: account.user.clone(),
            password: account.password.clone(),
            sid: None,
            api_level: None,
        })
    }

    /// The server's API level, once logged in.
    pub fn api_level(&self) -> Option<i64> {
        self.api_level
    }

    /// The whole answer of a 200.
    async fn post(&self, body: &Value) -> Result<Reply, SyncError> {
        let bytes = serde_json::to_vec(body).map_err(|e| SyncError::Protocol(e.to_string()))?;
        let reply = self.http.send(self.http.post_json(self.http.base.clone(), bytes)).await?;
        match reply.status {
            200 => Ok(reply),
            503 => Err(SyncError::ApiDisabled),
            status => Err(SyncError::Server { status }),
        }
    }

    async fn send(&self, body: &Value) -> Result<Envelope, SyncError> {
        self.post(body).await?.json("TT-RSS answer")
    }

    async fn session_login(&mut self) -> Result<(), SyncError> {
        self.sid = None;
        let body = json!({"op": "login", "user": self.user, "password": self.password.expose()});
        let answer = self.send(&body).await?;
        if answer.status != Some(0) {
            return Err(match error_of(&answer.content).as_str() {
                "LOGIN_ERROR" => SyncError::BadCredentials,
                "API_DISABLED" => SyncError::ApiDisabled,
                other => SyncError::Refused(super::error::excerpt(other)),
            });
        }
        let sid = answer.content.get("session_id").and_then(Value::as_str).unwrap_or_default();
        if sid.is_empty() {
            return Err(SyncError::Protocol("login answered without a session id".into()));
        }
        let sid = sid.to_owned();
        let level = self.send(&json!({"op": "getApiLevel", "sid": sid})).await?;
        self.api_level = level.content.get("level").and_then(Value::as_i64);
        self.sid = Some(Secret::new(sid));
        Ok(())
    }

    /// One call with the session; logs in again once when it expired.
    async fn call(&mut self, op: &str, params: Value) -> Result<Value, SyncError> {
        Ok(self.call_for(op, params).await?.unwrap_or_default())
    }

    /// `call`, its answer's `content` read as `T` straight from the bytes
    /// (no `Value` in between); an answer without one is an error.
    async fn call_as<T: DeserializeOwned>(&mut self, op: &str, params: Value) -> Result<T, SyncError> {
        self.call_for(op, params).await?.ok_or_else(|| SyncError::Protocol(format!("{op}: no content")))
    }

    async fn call_for<T: DeserializeOwned>(&mut self, op: &str, mut params: Value) -> Result<Option<T>, SyncError> {
        if self.sid.is_none() {
            self.session_login().await?;
        }
        for attempt in 0..2 {
            if let Value::Object(map) = &mut params {
                map.insert("op".into(), op.into());
                map.insert("sid".into(), self.sid.as_ref().map(Secret::expose).unwrap_or_default().into());
            }
            let reply = self.post(&params).await?;
            // A refusal's content does not fit `T`: only then is the status read alone.
            match reply.json::<Body<T>>(op) {
                Ok(body) if body.status == Some(0) => return Ok(body.content),
                Ok(_) => {}
                Err(error) if reply.json::<Head>("TT-RSS answer")?.status == Some(0) => return Err(error),
                Err(_) => {}
            }
            let refusal = reply.json::<Body<Refusal>>("TT-RSS answer").ok().and_then(|b| b.content).unwrap_or_default();
            match refusal.error.as_deref().unwrap_or("unknown error") {
                "NOT_LOGGED_IN" if attempt == 0 => self.session_login().await?,
                "NOT_LOGGED_IN" => return Err(SyncError::SessionExpired),
                "API_DISABLED" => return Err(SyncError::ApiDisabled),
                "FEED_NOT_FOUND" => return Err(SyncError::Refused("no such feed on the server".into())),
                other => return Err(SyncError::Refused(super::error::excerpt(&format!("{op}: {other}")))),
            }
        }
        Err(SyncError::SessionExpired)
    }

    /// One page, and whether it was full (more may follow).
    async fn headlines(&mut self, mut params: Value) -> Result<(Vec<Headline>, bool), SyncError> {
        if let Value::Object(map) = &mut params {
            map.insert("limit".into(), PAGE.into());
        }
        let rows: Vec<Value> = self.call_as("getHeadlines", params).await?;
        let full = rows.len() >= PAGE;
        Ok((rows.into_iter().filter_map(|row| serde_json::from_value(row).ok()).collect(), full))
    }

    /// Every headline of a listing, its id and date only, page by page; a
    /// page shorter than `PAGE` ends it (no empty page asked for after it).
    async fn all_headlines(&mut self, params: Value) -> Result<Vec<IdRow>, SyncError> {
        let mut all = Vec::new();
        let mut skip = 0;
        for _ in 0..MAX_PAGES {
            let mut page_params = params.clone();
            page_params["skip"] = skip.into();
            page_params["limit"] = PAGE.into();
            let page: Vec<IdRow> = self.call_as("getHeadlines", page_params).await?;
            let full = page.len() >= PAGE;
            skip += PAGE;
            all.extend(page);
            if !full {
                break;
            }
        }
        Ok(all)
    }

    /// A page of what arrived after `since`; `content` says whether bodies come too.
    async fn new_page(
        &mut self,
        since: &SyncPoint,
        cursor: Option<&Cursor>,
        content: bool,
        unread_only: bool,
    ) -> Result<(Vec<Headline>, Option<Cursor>, SyncPoint), SyncError> {
        let (since_id, mut point, skip) = split_cursor(since, cursor);
        let view_mode = if unread_only { "unread" } else { "all_articles" };
        let params = json!({"feed_id": ALL, "view_mode": view_mode, "since_id": since_id, "skip": skip,
            "show_content": content, "include_attachments": content});
        let (page, full) = self.headlines(params).await?;
        point = page.iter().filter_map(Headline::number).fold(point, u64::max);
        let next = full.then(|| Cursor(format!("{point}:{}", skip + PAGE)));
        let point = if point > 0 { SyncPoint(point.to_string()) } else { since.clone() };
        Ok((page, next, point))
    }

    async fn update(&mut self, ids: &[&str], field: u8, mode: u8) -> Result<usize, SyncError> {
        let joined = ids.join(",");
        let content = self.call("updateArticle", json!({"article_ids": joined, "field": field, "mode": mode})).await?;
        Ok(content.get("updated").and_then(Value::as_u64).unwrap_or(0) as usize)
    }
}

impl SyncClient for TtRss {
    fn protocol(&self) -> Protocol {
        Protocol::TtRss
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { subscribe: true, new_ids: true, items_per_request: PAGE }
    }

    async fn login(&mut self) -> Result<(), SyncError> {
        self.session_login().await
    }

    async fn feeds(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let content = self.call("getFeeds", json!({"cat_id": -3})).await?;
        let feeds: Vec<Value> = parse(content, "getFeeds")?;
        let feeds = feeds.into_iter().filter_map(|f| serde_json::from_value::<Feed>(f).ok());
        Ok(feeds
            .map(|f| RemoteFeed {
                id: FeedId(f.id),
                title: f.title,
                url: f.feed_url,
                site_url: None,
                folders: f.cat_id.filter(|&c| c > 0).map(|c| FolderId(c.to_string())).into_iter().collect(),
            })
            .collect())
    }

    async fn folders(&mut self) -> Result<Vec<RemoteFolder>, SyncError> {
        let content = self.call("getCategories", json!({"include_empty": true})).await?;
        let categories: Vec<Value> = parse(content, "getCategories")?;
        let categories = categories.into_iter().filter_map(|c| serde_json::from_value::<Category>(c).ok());
        // Ids 0 and below are Uncategorized and the virtual ones (Special, Labels).
        Ok(categories
            .filter_map(|c| Some((c.id.filter(|&id| id > 0)?, c.title)))
            .map(|(id, name)| RemoteFolder { id: FolderId(id.to_string()), name })
            .collect())
    }

    async fn ids(&mut self, list: IdList) -> Result<Vec<ItemId>, SyncError> {
        let view_mode = match list {
            IdList::Unread => "unread",
            IdList::Starred => "marked",
        };
        let params = json!({"feed_id": ALL, "view_mode": view_mode, "show_content": false});
        let mut ids: Vec<u64> = self.all_headlines(params).await?.iter().filter_map(|h| h.id).collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids.into_iter().map(|id| ItemId(id.to_string())).collect())
    }

    async fn new_items(
        &mut self,
        since: &SyncPoint,
        cursor: Option<&Cursor>,
        unread_only: bool,
    ) -> Result<ItemPage, SyncError> {
        let (page, next, point) = self.new_page(since, cursor, true, unread_only).await?;
        Ok(ItemPage { items: page.into_iter().map(Headline::remote).collect(), next, point })
    }

    async fn new_ids(&mut self, since: &SyncPoint, cursor: Option<&Cursor>) -> Result<IdPage, SyncError> {
        let (page, next, point) = self.new_page(since, cursor, false, false).await?;
        Ok(IdPage { ids: page.into_iter().map(|h| ItemId(h.id)).collect(), next, point })
    }

    async fn items(&mut self, ids: &[ItemId]) -> Result<Vec<RemoteItem>, SyncError> {
        let numeric_ids: Vec<ItemId> = ids.iter().filter(|id| numeric(id.as_str()).is_some()).cloned().collect();
        let mut items = Vec::with_capacity(numeric_ids.len());
        for chunk in chunks(&numeric_ids, PAGE) {
            let joined = chunk.iter().map(ItemId::as_str).collect::<Vec<_>>().join(",");
            let content = self.call("getArticle", json!({"article_id": joined})).await?;
            let rows: Vec<Value> = parse(content, "getArticle")?;
            items.extend(
                rows.into_iter().filter_map(|r| serde_json::from_value::<Headline>(r).ok()).map(Headline::remote),
            );
        }
        Ok(items)
    }

    /// `updateArticle` counts the rows it matched: when it matched fewer
    /// than were sent, `getArticle` tells the unknown ids from the others.
    async fn push(&mut self, mark: Mark, ids: &[ItemId]) -> Result<Vec<(ItemId, Ack)>, SyncError> {
        let (field, mode) = match mark {
            Mark::Read => (2, 0),
            Mark::Unread => (2, 1),
            Mark::Starred => (0, 1),
            Mark::Unstarred => (0, 0),
        };
        let mut acks = Vec::with_capacity(ids.len());
        for chunk in chunks(ids, PAGE) {
            let mut sent: Vec<&str> = chunk.iter().map(ItemId::as_str).filter(|id| numeric(id).is_some()).collect();
            sent.sort_unstable();
            sent.dedup();
            let updated = if sent.is_empty() { 0 } else { self.update(&sent, field, mode).await? };
            if updated >= sent.len() && sent.len() == chunk.len() {
                acks.extend(chunk.iter().map(|id| (id.clone(), Ack::Done)));
                continue;
            }
            let owned: Vec<ItemId> = sent.iter().map(|id| ItemId((*id).to_owned())).collect();
            let found = self.items(&owned).await?;
            for id in chunk {
                let ack = match found.iter().find(|item| item.id == *id) {
                    None => Ack::Unknown,
                    Some(item) => {
                        let state = if field == 2 { !item.read } else { item.starred };
                        if state == (mode == 1) { Ack::Done } else { Ack::NotDone }
                    }
                };
                acks.push((id.clone(), ack));
            }
        }
        Ok(acks)
    }

    /// `catchupFeed` has no time bound (it would mark what arrived after
    /// the key was pressed), so the unread ids of the scope are listed and
    /// those up to `before.newest` (else published up to `before.time_us`)
    /// are marked by id.
    async fn mark_read_before(&mut self, scope: &Scope, before: &Before) -> Result<(), SyncError> {
        let (feed_id, is_cat) = match scope {
            Scope::All => (ALL.to_string(), false),
            Scope::Feed(feed) => (feed.0.clone(), false),
            Scope::Folder(folder) => (folder.0.clone(), true),
        };
        let params = json!({"feed_id": feed_id, "is_cat": is_cat, "view_mode": "unread", "show_content": false});
        let unread = self.all_headlines(params).await?;
        let newest = before.newest.as_ref().and_then(|id| numeric(id.as_str()));
        let seconds = before.time_us / 1_000_000;
        let due: Vec<String> = unread
            .into_iter()
            .filter(|h| match newest {
                Some(newest) => h.id.is_some_and(|id| id <= newest),
                None => h.updated.and_then(|t| i64::try_from(t).ok()).is_some_and(|t| t <= seconds),
            })
            .filter_map(|h| h.id.map(|id| id.to_string()))
            .collect();
        for chunk in due.chunks(PAGE) {
            let ids: Vec<&str> = chunk.iter().map(String::as_str).collect();
            self.update(&ids, 2, 0).await?;
        }
        Ok(())
    }

    async fn subscribe(&mut self, url: &str, folder: Option<&FolderId>) -> Result<FeedId, SyncError> {
        let category = folder.and_then(|f| numeric(f.as_str())).unwrap_or(0);
        let content = self.call("subscribeToFeed", json!({"feed_url": url, "category_id": category})).await?;
        let status = content.get("status").cloned().unwrap_or_default();
        let code = status.get("code").and_then(Value::as_i64);
        let feed = status.get("feed_id").map(|id| id.to_string().trim_matches('"').to_owned());
        match (code, feed) {
            // 0: already subscribed, 1: subscribed now.
            (Some(0 | 1), Some(feed)) if !feed.is_empty() && feed != "null" => Ok(FeedId(feed)),
            (code, _) => {
                let message = status.get("message").and_then(Value::as_str).unwrap_or_default();
                let reason = match code {
                    Some(2) => "not a valid URL",
                    Some(3) => "no feed found at this URL",
                    Some(4) => "several feeds found at this URL; pick one",
                    Some(5) => "the server could not download the feed",
                    Some(6) => "the server could not read the feed",
                    _ => "subscribing failed",
                };
                let line = if message.is_empty() { reason.to_owned() } else { format!("{reason} ({message})") };
                Err(SyncError::Refused(super::error::excerpt(&line)))
            }
        }
    }

    async fn unsubscribe(&mut self, feed: &FeedId) -> Result<(), SyncError> {
        let id = numeric(feed.as_str()).ok_or_else(|| SyncError::Refused("no such feed on the server".into()))?;
        self.call("unsubscribeFeed", json!({"feed_id": id})).await.map(drop)
    }
}
