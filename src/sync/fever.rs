//! The Fever API (FreshRSS, Miniflux, coldsweat, TT-RSS's plugin): every call
//! a POST of `?api&<one selector>` with `api_key = md5("user:password")` in
//! the form body, 50 items a call, ids as numbers or strings. Its marks are
//! one item a call and some servers toggle instead of setting, so a push
//! reads the id list before and after and sets only what differs.

use std::collections::HashSet;

use md5::{Digest, Md5};
use serde::Deserialize;

use super::http::{ClientOptions, Http, Reply};
use super::json::{flag, lenient_vec, opt_number, opt_text, some_id_list, text};
use super::{
    Account, Ack, Before, Capabilities, Cursor, FeedId, FolderId, IdList, IdPage, ItemId, ItemPage, Mark, Protocol,
    RemoteFeed, RemoteFolder, RemoteItem, Scope, Secret, SyncClient, SyncError, SyncPoint, chunks, numeric,
};

/// Items per `items` call, as the API defines it.
const ITEMS_PER_CALL: usize = 50;

#[derive(Debug)]
pub struct Fever {
    http: Http,
    api_key: Secret,
}

#[derive(Deserialize, Default)]
struct Answer {
    #[serde(default, deserialize_with = "opt_number")]
    auth: Option<i64>,
    #[serde(default, deserialize_with = "lenient_vec")]
    groups: Vec<Group>,
    #[serde(default, deserialize_with = "lenient_vec")]
    feeds: Vec<Feed>,
    #[serde(default, deserialize_with = "lenient_vec")]
    feeds_groups: Vec<FeedsGroup>,
    #[serde(default, deserialize_with = "lenient_vec")]
    items: Vec<Item>,
    #[serde(default, deserialize_with = "some_id_list")]
    unread_item_ids: Option<Vec<String>>,
    #[serde(default, deserialize_with = "some_id_list")]
    saved_item_ids: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct Group {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(default, deserialize_with = "text")]
    title: String,
}

#[derive(Deserialize)]
struct Feed {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(default, deserialize_with = "text")]
    title: String,
    #[serde(default, deserialize_with = "text")]
    url: String,
    #[serde(default, deserialize_with = "opt_text")]
    site_url: Option<String>,
}

#[derive(Deserialize)]
struct FeedsGroup {
    #[serde(deserialize_with = "text")]
    group_id: String,
    #[serde(default, deserialize_with = "super::json::id_list")]
    feed_ids: Vec<String>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(default, deserialize_with = "text")]
    feed_id: String,
    #[serde(default, deserialize_with = "text")]
    title: String,
    #[serde(default, deserialize_with = "opt_text")]
    author: Option<String>,
    #[serde(default, deserialize_with = "text")]
    html: String,
    #[serde(default, deserialize_with = "opt_text")]
    url: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    is_saved: bool,
    #[serde(default, deserialize_with = "flag")]
    is_read: bool,
    #[serde(default, deserialize_with = "opt_number")]
    created_on_time: Option<i64>,
}

impl Item {
    fn remote(self) -> RemoteItem {
        RemoteItem {
            id: ItemId(self.id),
            feed: FeedId(self.feed_id),
            title: self.title,
            url: self.url,
            author: self.author,
            content: self.html,
            published: self.created_on_time,
            read: self.is_read,
            starred: self.is_saved,
            enclosures: Vec::new(),
        }
    }
}

impl Fever {
    pub fn new(account: &Account, options: &ClientOptions) -> Result<Fever, SyncError> {
        let key = Md5::digest(format!("{}:{}", account.user, account.password.expose()).as_bytes());
        Ok(Fever {
            http: Http::new(&account.url, account.allow_plain_http, options)?,
            api_key: Secret::new(hex::encode(key)),
        })
    }

    /// One call: `selector` goes in the query after `api`, `form` in the body
    /// beside the key. A 404 (coldsweat: no such item or feed) is returned as is.
    async fn call(&self, selector: &str, form: &[(&str, &str)]) -> Result<(u16, Answer), SyncError> {
        let mut url = self.http.base.clone();
        url.set_query(Some(&if selector.is_empty() { "api".to_owned() } else { format!("api&{selector}") }));
        let mut body = vec![("api_key", self.api_key.expose())];
        body.extend_from_slice(form);
        let reply = self.http.send(self.http.post_form(url, &body)).await?;
        match reply.status {
            200 => Ok((200, authenticated(&reply)?)),
            404 => Ok((404, Answer::default())),
            503 => Err(SyncError::ApiDisabled),
            status => Err(SyncError::Server { status }),
        }
    }

    async fn list(&self, list: IdList) -> Result<HashSet<String>, SyncError> {
        let selector = match list {
            IdList::Unread => "unread_item_ids",
            IdList::Starred => "saved_item_ids",
        };
        let (_, answer) = self.call(selector, &[]).await?;
        answer.list(list).ok_or_else(|| SyncError::Protocol(format!("no {selector} in the answer")))
    }

    /// Sends one item mark: whether the server knows the item, and the list
    /// after the change when the answer holds it (FreshRSS's does).
    async fn mark_item(&self, mark: Mark, id: &str) -> Result<(bool, Option<HashSet<String>>), SyncError> {
        let verb = match mark {
            Mark::Read => "read",
            Mark::Unread => "unread",
            Mark::Starred => "saved",
            Mark::Unstarred => "unsaved",
        };
        let (status, answer) = self.call("", &[("mark", "item"), ("as", verb), ("id", id)]).await?;
        Ok((status != 404, answer.list(mark.list().0)))
    }
}

impl Answer {
    fn list(self, list: IdList) -> Option<HashSet<String>> {
        let ids = match list {
            IdList::Unread => self.unread_item_ids,
            IdList::Starred => self.saved_item_ids,
        };
        ids.map(|ids| ids.into_iter().collect())
    }
}

fn authenticated(reply: &Reply) -> Result<Answer, SyncError> {
    let answer: Answer = reply.json("Fever answer")?;
    if answer.auth == Some(1) { Ok(answer) } else { Err(SyncError::BadCredentials) }
}

fn since_id(since: &SyncPoint, cursor: Option<&Cursor>) -> u64 {
    cursor.map(|c| c.0.as_str()).or(Some(since.0.as_str())).and_then(numeric).unwrap_or(0)
}

impl SyncClient for Fever {
    fn protocol(&self) -> Protocol {
        Protocol::Fever
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { subscribe: false, new_ids: false, items_per_request: ITEMS_PER_CALL }
    }

    async fn login(&mut self) -> Result<(), SyncError> {
        self.call("", &[]).await.map(drop)
    }

    async fn feeds(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let (_, answer) = self.call("feeds", &[]).await?;
        let groups_of = |feed: &str| -> Vec<FolderId> {
            let of = answer.feeds_groups.iter().filter(|g| g.feed_ids.iter().any(|f| f == feed));
            of.map(|g| FolderId(g.group_id.clone())).collect()
        };
        let feeds = answer.feeds.iter().map(|f| RemoteFeed {
            id: FeedId(f.id.clone()),
            title: f.title.clone(),
            url: f.url.clone(),
            site_url: f.site_url.clone(),
            folders: groups_of(&f.id),
        });
        Ok(feeds.collect())
    }

    async fn folders(&mut self) -> Result<Vec<RemoteFolder>, SyncError> {
        let (_, answer) = self.call("groups", &[]).await?;
        Ok(answer.groups.into_iter().map(|g| RemoteFolder { id: FolderId(g.id), name: g.title }).collect())
    }

    async fn ids(&mut self, list: IdList) -> Result<Vec<ItemId>, SyncError> {
        let mut ids: Vec<u64> = self.list(list).await?.iter().filter_map(|id| numeric(id)).collect();
        ids.sort_unstable();
        Ok(ids.into_iter().map(|id| ItemId(id.to_string())).collect())
    }

    /// Walks `since_id` upwards. Servers need not answer in id order, so the
    /// next page starts after the largest id of this one, and the walk ends
    /// on an empty page (not a short one: page sizes differ).
    async fn new_items(&mut self, since: &SyncPoint, cursor: Option<&Cursor>, _: bool) -> Result<ItemPage, SyncError> {
        let from = since_id(since, cursor);
        let (_, answer) = self.call(&format!("items&since_id={from}"), &[]).await?;
        let items: Vec<RemoteItem> =
            answer.items.into_iter().filter(|i| numeric(&i.id).is_some()).map(Item::remote).collect();
        let newest = items.iter().filter_map(|i| numeric(&i.id.0)).max().unwrap_or(0).max(from);
        let next = (newest > from).then(|| Cursor(newest.to_string()));
        let point = if newest > 0 { SyncPoint(newest.to_string()) } else { since.clone() };
        Ok(ItemPage { items, next, point })
    }

    async fn new_ids(&mut self, _: &SyncPoint, _: Option<&Cursor>) -> Result<IdPage, SyncError> {
        Err(SyncError::Unsupported { what: "listing new ids alone", protocol: "Fever" })
    }

    async fn items(&mut self, ids: &[ItemId]) -> Result<Vec<RemoteItem>, SyncError> {
        let mut items = Vec::with_capacity(ids.len());
        let numeric_ids: Vec<ItemId> = ids.iter().filter(|id| numeric(id.as_str()).is_some()).cloned().collect();
        for chunk in chunks(&numeric_ids, ITEMS_PER_CALL) {
            let joined = chunk.iter().map(ItemId::as_str).collect::<Vec<_>>().join(",");
            let (_, answer) = self.call(&format!("items&with_ids={joined}"), &[]).await?;
            items.extend(answer.items.into_iter().map(Item::remote));
        }
        Ok(items)
    }

    async fn push(&mut self, mark: Mark, ids: &[ItemId]) -> Result<Vec<(ItemId, Ack)>, SyncError> {
        let (list, wanted) = mark.list();
        let mut acks: Vec<(ItemId, Ack)> = ids.iter().map(|id| (id.clone(), Ack::Done)).collect();
        // Only what differs is sent: a toggle sent to an item already in the
        // state would undo it. What did not take is sent once more.
        let mut current = self.list(list).await?;
        let mut pending = Vec::new();
        for (index, (id, ack)) in acks.iter_mut().enumerate() {
            if numeric(id.as_str()).is_none() {
                *ack = Ack::Unknown;
            } else if current.contains(id.as_str()) != wanted {
                pending.push(index);
            }
        }
        for _ in 0..2 {
            let mut answered_with_list = true;
            for &index in &pending {
                let (known, after) = self.mark_item(mark, acks[index].0.as_str()).await?;
                if !known {
                    acks[index].1 = Ack::Unknown;
                }
                match after {
                    Some(after) => current = after,
                    None => answered_with_list = false,
                }
            }
            pending.retain(|&index| acks[index].1 == Ack::Done);
            if pending.is_empty() {
                break;
            }
            if !answered_with_list {
                current = self.list(list).await?;
            }
            pending.retain(|&index| current.contains(acks[index].0.as_str()) != wanted);
        }
        // Still absent from a list it was put in: the server does not have the
        // item (FreshRSS ignores unknown ids without a word).
        for index in pending {
            acks[index].1 = if wanted { Ack::Unknown } else { Ack::NotDone };
        }
        Ok(acks)
    }

    async fn mark_read_before(&mut self, scope: &Scope, before: &Before) -> Result<(), SyncError> {
        let seconds = (before.time_us.max(0) / 1_000_000).to_string();
        let (kind, id) = match scope {
            Scope::All => ("group", "0"),
            Scope::Feed(feed) => ("feed", feed.as_str()),
            Scope::Folder(folder) => ("group", folder.as_str()),
        };
        let (status, _) = self.call("", &[("mark", kind), ("as", "read"), ("id", id), ("before", &seconds)]).await?;
        if status == 404 {
            return Err(SyncError::Refused(format!("no such {kind} on the server")));
        }
        Ok(())
    }

    async fn subscribe(&mut self, _: &str, _: Option<&FolderId>) -> Result<FeedId, SyncError> {
        Err(SyncError::Unsupported { what: "subscribing", protocol: "Fever" })
    }

    async fn unsubscribe(&mut self, _: &FeedId) -> Result<(), SyncError> {
        Err(SyncError::Unsupported { what: "unsubscribing", protocol: "Fever" })
    }
}
