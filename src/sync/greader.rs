//! The GReader API (FreshRSS, Miniflux, Inoreader and other Google Reader
//! clones): ClientLogin, `Authorization: GoogleLogin auth=…` on every call,
//! the `T` token in the body of every POST, item ids in decimal and long
//! form, opaque continuations. Protocol facts: `tests/fixtures/sync-freshrss/README.md`.

mod wire;

use super::http::{ClientOptions, Http, Reply};
use super::{
    Account, Ack, Before, Capabilities, Cursor, FeedId, FolderId, IdList, IdPage, ItemId, ItemPage, MAX_PAGES, Mark,
    Protocol, RemoteFeed, RemoteFolder, RemoteItem, Scope, Secret, SyncClient, SyncError, SyncPoint, chunks,
};
use url::Url;

pub use wire::{long_id, parse_id};

const READING_LIST: &str = "user/-/state/com.google/reading-list";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
/// Ids per `stream/items/ids` page (Miniflux's maximum).
const IDS_PAGE: usize = 10_000;
/// Items per `stream/contents` page and ids per `items/contents` or `edit-tag`.
const ITEMS_PAGE: usize = 100;

#[derive(Debug)]
pub struct GReader {
    http: Http,
    user: String,
    password: Secret,
    auth: Option<Secret>,
    token: Option<Secret>,
    ids_page: usize,
    items_page: usize,
}

impl GReader {
    pub fn new(account: &Account, options: &ClientOptions) -> Result<GReader, SyncError> {
        Ok(GReader {
            http: Http::new(&account.url, account.allow_plain_http, options)?,
            user: account.user.clone(),
            password: account.password.clone(),
            auth: None,
            token: None,
            ids_page: IDS_PAGE,
            items_page: ITEMS_PAGE,
        })
    }

    /// Other page sizes (`n`) than the defaults: ids per `stream/items/ids`
    /// page, and items per `stream/contents` page or per request by id.
    pub fn with_page_sizes(mut self, ids: usize, items: usize) -> GReader {
        self.ids_page = ids.max(1);
        self.items_page = items.max(1);
        self
    }

    fn api(&self, method: &str) -> Url {
        self.http.join(&format!("/reader/api/0/{method}"))
    }

    async fn client_login(&mut self) -> Result<(), SyncError> {
        self.auth = None;
        self.token = None;
        let form = [("Email", self.user.as_str()), ("Passwd", self.password.expose())];
        let reply = self.http.send(self.http.post_form(self.http.join("/accounts/ClientLogin"), &form)).await?;
        match reply.status {
            200 => {}
            // FreshRSS answers 400 for a name that cannot be a user's.
            400 | 401 | 403 => return Err(SyncError::BadCredentials),
            503 => return Err(SyncError::ApiDisabled),
            status => return Err(SyncError::Server { status }),
        }
        let text = reply.text();
        let auth = text.lines().find_map(|line| line.strip_prefix("Auth=")).map(str::trim);
        match auth {
            Some(auth) if !auth.is_empty() => {
                self.auth = Some(Secret::new(auth));
                Ok(())
            }
            _ => Err(SyncError::Protocol("ClientLogin answered without Auth".into())),
        }
    }

    fn authorized(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let auth = self.auth.as_ref().map(Secret::expose).unwrap_or_default();
        match reqwest::header::HeaderValue::from_str(&format!("GoogleLogin auth={auth}")) {
            Ok(mut value) => {
                value.set_sensitive(true);
                request.header(reqwest::header::AUTHORIZATION, value)
            }
            Err(_) => request,
        }
    }

    /// A GET of a reader call, logging in (again) when refused once.
    async fn get(&mut self, method: &str, query: &[(&str, &str)]) -> Result<Reply, SyncError> {
        let mut url = self.api(method);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        self.get_url(url).await
    }

    async fn get_url(&mut self, url: Url) -> Result<Reply, SyncError> {
        if self.auth.is_none() {
            self.client_login().await?;
        }
        for attempt in 0..2 {
            let reply = self.http.send(self.authorized(self.http.get(url.clone()))).await?;
            if reply.status != 401 {
                return checked(reply);
            }
            if attempt == 0 {
                self.client_login().await?;
            }
        }
        Err(SyncError::SessionExpired)
    }

    /// The `T` token, fetched once and again after a refusal.
    async fn token(&mut self) -> Result<Secret, SyncError> {
        if let Some(token) = &self.token {
            return Ok(token.clone());
        }
        let reply = self.get("token", &[]).await?;
        let token = reply.text().trim().to_owned();
        if token.is_empty() {
            return Err(SyncError::Protocol("empty token".into()));
        }
        self.token = Some(Secret::new(token));
        Ok(self.token.clone().unwrap_or_default())
    }

    /// A POST with `T` in the body. A 401 first renews the token (that is
    /// what `Google-Bad-Token` means), then the login.
    async fn post(&mut self, method: &str, form: &[(&str, &str)]) -> Result<Reply, SyncError> {
        if self.auth.is_none() {
            self.client_login().await?;
        }
        for attempt in 0..3 {
            let token = self.token().await?;
            let mut body: Vec<(&str, &str)> = form.to_vec();
            body.push(("T", token.expose()));
            let reply = self.http.send(self.authorized(self.http.post_form(self.api(method), &body))).await?;
            if reply.status != 401 {
                return checked(reply);
            }
            self.token = None;
            if attempt == 1 || !reply.bad_token {
                self.client_login().await?;
            }
        }
        Err(SyncError::SessionExpired)
    }

    /// Follows `stream/items/ids` to its end.
    async fn all_ids(&mut self, query: &[(&str, &str)]) -> Result<Vec<ItemId>, SyncError> {
        let mut ids = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page = self.ids_page(query, cursor.as_deref()).await?;
            ids.extend(page.ids);
            match page.continuation {
                Some(next) if !page.empty && cursor.as_deref() != Some(next.as_str()) => cursor = Some(next),
                _ => return Ok(ids),
            }
        }
        Ok(ids)
    }

    async fn ids_page(&mut self, query: &[(&str, &str)], cursor: Option<&str>) -> Result<wire::IdsPage, SyncError> {
        let n = self.ids_page.to_string();
        let mut query = query.to_vec();
        query.push(("n", &n));
        if let Some(c) = cursor {
            query.push(("c", c));
        }
        let reply = self.get("stream/items/ids", &query).await?;
        wire::ids_page(&reply)
    }
}

/// Statuses other than success, as errors.
fn checked(reply: Reply) -> Result<Reply, SyncError> {
    match reply.status {
        200..=299 => Ok(reply),
        503 => Err(SyncError::ApiDisabled),
        status => Err(SyncError::Server { status }),
    }
}

/// `OK` is the answer of every edit.
fn expect_ok(reply: &Reply, what: &str) -> Result<(), SyncError> {
    if reply.body.trim_ascii() == b"OK" {
        Ok(())
    } else {
        Err(SyncError::Protocol(format!("{what} answered {:?}", super::error::excerpt(&reply.text()))))
    }
}

fn stream_of(scope: &Scope) -> &str {
    match scope {
        Scope::All => READING_LIST,
        Scope::Feed(feed) => feed.as_str(),
        Scope::Folder(folder) => folder.as_str(),
    }
}

impl SyncClient for GReader {
    fn protocol(&self) -> Protocol {
        Protocol::GReader
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { subscribe: true, new_ids: true, items_per_request: self.items_page }
    }

    async fn login(&mut self) -> Result<(), SyncError> {
        self.client_login().await
    }

    async fn feeds(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let reply = self.get("subscription/list", &[("output", "json")]).await?;
        wire::feeds(&reply)
    }

    async fn folders(&mut self) -> Result<Vec<RemoteFolder>, SyncError> {
        let reply = self.get("tag/list", &[("output", "json")]).await?;
        wire::folders(&reply)
    }

    async fn ids(&mut self, list: IdList) -> Result<Vec<ItemId>, SyncError> {
        match list {
            IdList::Unread => self.all_ids(&[("s", READING_LIST), ("xt", READ)]).await,
            IdList::Starred => self.all_ids(&[("s", STARRED)]).await,
        }
    }

    async fn new_items(
        &mut self,
        since: &SyncPoint,
        cursor: Option<&Cursor>,
        unread_only: bool,
    ) -> Result<ItemPage, SyncError> {
        let (mut point, continuation) = wire::split_cursor(since, cursor);
        let mut url = self.api(&format!("stream/contents/{READING_LIST}"));
        {
            let mut query = url.query_pairs_mut();
            if !since.is_start() {
                query.append_pair("ot", &since.0);
            }
            if unread_only {
                query.append_pair("xt", READ);
            }
            query.append_pair("n", &self.items_page.to_string());
            if let Some(c) = &continuation {
                query.append_pair("c", c);
            }
        }
        let reply = self.get_url(url).await?;
        let page = wire::contents(&reply)?;
        point = point.max(page.newest_second);
        let next = match page.continuation {
            Some(c) if !page.items.is_empty() && continuation.as_ref() != Some(&c) => {
                Some(wire::join_cursor(point, &c))
            }
            _ => None,
        };
        Ok(ItemPage { items: page.items, next, point: wire::point(point, since) })
    }

    async fn new_ids(&mut self, since: &SyncPoint, cursor: Option<&Cursor>) -> Result<IdPage, SyncError> {
        let (mut point, continuation) = wire::split_cursor(since, cursor);
        let mut query = vec![("s", READING_LIST)];
        if !since.is_start() {
            query.push(("ot", since.0.as_str()));
        }
        let page = self.ids_page(&query, continuation.as_deref()).await?;
        point = point.max(page.newest_second);
        let next = match page.continuation {
            Some(c) if !page.empty && continuation.as_ref() != Some(&c) => Some(wire::join_cursor(point, &c)),
            _ => None,
        };
        Ok(IdPage { ids: page.ids, next, point: wire::point(point, since) })
    }

    async fn items(&mut self, ids: &[ItemId]) -> Result<Vec<RemoteItem>, SyncError> {
        // Decimal ids: a bare hex id of digits only would be read as decimal.
        let decimal: Vec<ItemId> =
            ids.iter().filter_map(|id| parse_id(id.as_str())).map(|n| ItemId(n.to_string())).collect();
        let mut items = Vec::with_capacity(decimal.len());
        for chunk in chunks(&decimal, self.items_page) {
            let form: Vec<(&str, &str)> = chunk.iter().map(|id| ("i", id.as_str())).collect();
            let reply = self.post("stream/items/contents", &form).await?;
            items.extend(wire::contents(&reply)?.items);
        }
        Ok(items)
    }

    async fn push(&mut self, mark: Mark, ids: &[ItemId]) -> Result<Vec<(ItemId, Ack)>, SyncError> {
        let (verb, tag) = match mark {
            Mark::Read => ("a", READ),
            Mark::Unread => ("r", READ),
            Mark::Starred => ("a", STARRED),
            Mark::Unstarred => ("r", STARRED),
        };
        let mut acks = Vec::with_capacity(ids.len());
        for chunk in chunks(ids, self.items_page) {
            // Ids that are not GReader ids would make the server refuse the
            // whole batch; they cannot be on the server either.
            let decimal: Vec<String> =
                chunk.iter().filter_map(|id| parse_id(id.as_str())).map(|n| n.to_string()).collect();
            if !decimal.is_empty() {
                let mut form: Vec<(&str, &str)> = decimal.iter().map(|id| ("i", id.as_str())).collect();
                form.push((verb, tag));
                let reply = self.post("edit-tag", &form).await?;
                expect_ok(&reply, "edit-tag")?;
            }
            // GReader acknowledges the batch, not each id.
            acks.extend(chunk.iter().map(|id| {
                let ack = if parse_id(id.as_str()).is_none() { Ack::Unknown } else { Ack::Done };
                (id.clone(), ack)
            }));
        }
        Ok(acks)
    }

    async fn mark_read_before(&mut self, scope: &Scope, before: &Before) -> Result<(), SyncError> {
        // `ts` is microseconds (FreshRSS compares it with the item's crawl id;
        // seconds would be answered OK and mark nothing).
        let ts = before.time_us.max(0).to_string();
        let reply = self.post("mark-all-as-read", &[("s", stream_of(scope)), ("ts", &ts)]).await?;
        expect_ok(&reply, "mark-all-as-read")
    }

    async fn subscribe(&mut self, url: &str, folder: Option<&FolderId>) -> Result<FeedId, SyncError> {
        let reply = self.post("subscription/quickadd", &[("quickadd", url)]).await?;
        let feed = wire::quickadd(&reply)?;
        if let Some(folder) = folder {
            let reply =
                self.post("subscription/edit", &[("ac", "edit"), ("s", feed.as_str()), ("a", folder.as_str())]).await?;
            expect_ok(&reply, "subscription/edit")?;
        }
        Ok(feed)
    }

    async fn unsubscribe(&mut self, feed: &FeedId) -> Result<(), SyncError> {
        let reply = self.post("subscription/edit", &[("ac", "unsubscribe"), ("s", feed.as_str())]).await?;
        expect_ok(&reply, "subscription/edit")
    }
}
