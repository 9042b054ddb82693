//! The Fever and TT-RSS clients against the real coldsweat and Tiny Tiny RSS
//! started by `scripts/sync-servers start` (see tests/sync_support/live.rs).
//! Each server's scenario runs in one test, in order, so that no other test
//! changes its state meanwhile; it leaves the states as it found them.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

mod sync_support;

use std::collections::{BTreeSet, HashMap};

use serde_json::{Value, json};
use sync_support::live::{field, state};
use tidings::sync::{
    Account, Ack, Before, Client, ClientOptions, Cursor, IdList, ItemId, Mark, Protocol, RemoteItem, Scope, Secret,
    SyncClient, SyncError, SyncPoint,
};

fn client(protocol: Protocol, server: &str, user: &str, password: &str) -> Client {
    let state = state();
    let account = Account {
        protocol,
        url: field(&state, server, "url"),
        user: user.into(),
        password: Secret::new(password),
        allow_plain_http: false,
    };
    Client::new(&account, &ClientOptions::default()).expect("client")
}

fn coldsweat() -> Client {
    let state = state();
    client(Protocol::Fever, "coldsweat", &field(&state, "coldsweat", "user"), &field(&state, "coldsweat", "password"))
}

fn ttrss() -> Client {
    let state = state();
    client(Protocol::TtRss, "ttrss", &field(&state, "ttrss", "user"), &field(&state, "ttrss", "password"))
}

/// Every item, page by page from the start, deduplicated by id.
async fn first_sync(client: &mut Client) -> HashMap<ItemId, RemoteItem> {
    let mut items = HashMap::new();
    let mut cursor: Option<Cursor> = None;
    for _ in 0..1000 {
        let page = client.new_items(&SyncPoint::default(), cursor.as_ref(), false).await.expect("page");
        items.extend(page.items.into_iter().map(|i| (i.id.clone(), i)));
        match page.next {
            Some(next) => cursor = Some(next),
            None => return items,
        }
    }
    panic!("the walk did not end");
}

/// (title, published) of every item of the fixture feeds, by link.
fn fixture_items() -> HashMap<String, (String, i64)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sync");
    let mut all = HashMap::new();
    for name in ["tech.xml", "science.xml", "monde.xml"] {
        let bytes = std::fs::read(dir.join(name)).expect("fixture feed");
        let feed = feed_rs::parser::parse(&bytes[..]).expect("fixture parses");
        for entry in feed.entries {
            let link = entry.links[0].href.clone();
            let title = entry.title.expect("title").content;
            let date = entry.published.or(entry.updated).expect("date").timestamp();
            all.insert(link, (title, date));
        }
    }
    assert_eq!(all.len(), 230);
    all
}

/// The items match the feeds the server fetched: titles, links and dates.
fn assert_same_as_fixtures(items: &HashMap<ItemId, RemoteItem>) {
    let expected = fixture_items();
    assert_eq!(items.len(), expected.len(), "every item, once");
    for item in items.values() {
        let link = item.url.clone().expect("link");
        let (title, date) = expected.get(&link).unwrap_or_else(|| panic!("unknown link {link}"));
        assert_eq!((&item.title, item.published), (title, Some(*date)), "{link}");
        let number = link.rsplit('/').next().expect("n").trim_start_matches('0');
        assert!(item.content.contains(&format!("number {number} of")), "{}", item.content);
    }
}

fn some(ids: &[ItemId], n: usize) -> Vec<ItemId> {
    ids.iter().take(n).cloned().collect()
}

fn set(ids: &[ItemId]) -> BTreeSet<String> {
    ids.iter().map(|i| i.0.clone()).collect()
}

// --- coldsweat (Fever) -------------------------------------------------------

/// The server's own API, as another device would use it.
async fn fever_raw(selector: &str, form: &[(&str, &str)]) -> Value {
    let state = state();
    let url = format!("{}?api&{selector}", field(&state, "coldsweat", "url"));
    let key = field(&state, "coldsweat", "api_key");
    let mut body = vec![("api_key", key.as_str())];
    body.extend_from_slice(form);
    let form = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&body).finish();
    let request = reqwest::Client::new().post(url).header("Content-Type", "application/x-www-form-urlencoded");
    let answer = request.body(form).send().await.expect("coldsweat answers");
    serde_json::from_slice(&answer.bytes().await.expect("body")).expect("JSON")
}

async fn fever_raw_ids(selector: &str) -> BTreeSet<String> {
    let answer = fever_raw(selector, &[]).await;
    answer[selector].as_str().expect("id list").split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[tokio::test]
async fn coldsweat_first_sync_marks_both_ways_and_unknown_ids() {
    let mut client = coldsweat();
    client.login().await.expect("login");
    let folders = client.folders().await.expect("groups");
    let folder_of = |name: &str| folders.iter().find(|f| f.name == name).expect("folder").id.clone();
    let feeds = client.feeds().await.expect("feeds");
    let mut titles: Vec<_> = feeds.iter().map(|f| f.title.as_str()).collect();
    titles.sort();
    // coldsweat keeps the titles of the OPML it imported.
    assert_eq!(titles, ["Le Monde", "Science Notes", "Tech Daily"]);
    let tech = feeds.iter().find(|f| f.title == "Tech Daily").expect("tech");
    assert_eq!(tech.folders, [folder_of("Tech")]);
    assert!(tech.url.ends_with("/tech.xml"));

    let items = first_sync(&mut client).await;
    assert_same_as_fixtures(&items);
    // The same states and values as the server's own answers.
    let unread = client.ids(IdList::Unread).await.expect("unread");
    assert_eq!(set(&unread), fever_raw_ids("unread_item_ids").await);
    let starred = client.ids(IdList::Starred).await.expect("saved");
    assert_eq!(set(&starred), fever_raw_ids("saved_item_ids").await);
    for item in items.values() {
        assert_eq!(item.read, !unread.contains(&item.id), "{item:?}");
    }
    let sample = some(&unread, 3);
    let joined = sample.iter().map(|i| i.0.as_str()).collect::<Vec<_>>().join(",");
    let raw = fever_raw(&format!("items&with_ids={joined}"), &[]).await;
    for raw_item in raw["items"].as_array().expect("items") {
        let id = ItemId(raw_item["id"].to_string().trim_matches('"').to_owned());
        let ours = &items[&id];
        assert_eq!(ours.title, raw_item["title"].as_str().expect("title"));
        assert_eq!(ours.url.as_deref(), raw_item["url"].as_str());
        assert_eq!(ours.published, raw_item["created_on_time"].as_i64());
    }

    // 20 marks and 3 stars pushed are on the server.
    let tech_unread: Vec<ItemId> = unread.iter().filter(|id| items[*id].feed == tech.id).cloned().collect();
    let twenty = some(&tech_unread, 20);
    let acks = client.push(Mark::Read, &twenty).await.expect("push read");
    assert!(acks.iter().all(|(_, ack)| *ack == Ack::Done), "{acks:?}");
    let on_server = fever_raw_ids("unread_item_ids").await;
    assert!(twenty.iter().all(|id| !on_server.contains(&id.0)));
    let three: Vec<ItemId> = items.keys().filter(|id| !starred.contains(id)).take(3).cloned().collect();
    client.push(Mark::Starred, &three).await.expect("push star");
    let saved = fever_raw_ids("saved_item_ids").await;
    assert!(three.iter().all(|id| saved.contains(&id.0)));

    // Marks made on the server (another device) are read back.
    let other = &tech_unread[20];
    fever_raw("", &[("mark", "item"), ("as", "read"), ("id", other.as_str())]).await;
    assert!(!client.ids(IdList::Unread).await.expect("unread").contains(other));
    fever_raw("", &[("mark", "item"), ("as", "unread"), ("id", other.as_str())]).await;
    assert!(client.ids(IdList::Unread).await.expect("unread").contains(other));

    // An id the server does not know is told apart.
    let acks = client.push(Mark::Unread, &[twenty[0].clone(), ItemId::from("99999999")]).await.expect("push");
    assert_eq!(acks.iter().map(|(_, a)| *a).collect::<Vec<_>>(), [Ack::Done, Ack::Unknown]);
    let acks = client.push(Mark::Starred, &[ItemId::from("99999999")]).await.expect("push");
    assert_eq!(acks[0].1, Ack::Unknown);

    // Mark a folder read before now: coldsweat compares with the items' dates.
    let world = Scope::Folder(folder_of("World"));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_micros() as i64;
    client.mark_read_before(&world, &Before { time_us: now, newest: None }).await.expect("mark folder");
    let after = fever_raw_ids("unread_item_ids").await;
    let monde: Vec<ItemId> = items
        .values()
        .filter(|i| i.url.as_deref().is_some_and(|u| u.contains("/monde/")))
        .map(|i| i.id.clone())
        .collect();
    assert_eq!(monde.len(), 60);
    assert!(monde.iter().all(|id| !after.contains(&id.0)));
    assert!(tech_unread[21..].iter().all(|id| after.contains(&id.0)), "other folders untouched");
    assert!(matches!(client.subscribe("http://127.0.0.1:1/x.xml", None).await, Err(SyncError::Unsupported { .. })));

    // Leave the server as it was (some of the folder may have been read before).
    let now_unread = client.ids(IdList::Unread).await.expect("unread");
    let back: Vec<ItemId> = unread.iter().filter(|id| !now_unread.contains(id)).cloned().collect();
    client.push(Mark::Unread, &back).await.expect("restore unread");
    let again: Vec<ItemId> = now_unread.iter().filter(|id| !unread.contains(id)).cloned().collect();
    client.push(Mark::Read, &again).await.expect("restore read");
    client.push(Mark::Unstarred, &three).await.expect("restore stars");
    assert_eq!(set(&client.ids(IdList::Unread).await.expect("unread")), set(&unread));
    assert_eq!(set(&client.ids(IdList::Starred).await.expect("saved")), set(&starred));
}

#[tokio::test]
async fn coldsweat_wrong_password_is_one_clear_error() {
    let state = state();
    let mut wrong = client(Protocol::Fever, "coldsweat", &field(&state, "coldsweat", "user"), "not-the-password");
    let error = wrong.login().await.expect_err("wrong password");
    assert_eq!(error, SyncError::BadCredentials);
    assert_eq!(error.to_string(), "wrong user name or password");
    assert!(!format!("{wrong:?}").contains("not-the-password"));
}

// --- Tiny Tiny RSS ---------------------------------------------------------------

/// The server's own API in a session of its own.
struct TtRaw {
    url: String,
    sid: String,
}

impl TtRaw {
    async fn login() -> TtRaw {
        let state = state();
        let url = field(&state, "ttrss", "url");
        let mut raw = TtRaw { url, sid: String::new() };
        let answer = raw
            .call(json!({"op": "login", "user": field(&state, "ttrss", "user"), "password": field(&state, "ttrss", "password")}))
            .await;
        raw.sid = answer["session_id"].as_str().expect("session").to_owned();
        raw
    }

    async fn call(&self, mut body: Value) -> Value {
        body["sid"] = self.sid.clone().into();
        let request = reqwest::Client::new().post(&self.url).header("Content-Type", "application/json");
        let answer = request.body(body.to_string()).send().await.expect("tt-rss answers");
        let answer: Value = serde_json::from_slice(&answer.bytes().await.expect("body")).expect("JSON");
        assert_eq!(answer["status"], 0, "{answer}");
        answer["content"].clone()
    }

    async fn ids(&self, view_mode: &str) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        loop {
            let page = self.call(json!({"op": "getHeadlines", "feed_id": -4, "view_mode": view_mode, "limit": 200, "skip": ids.len()})).await;
            let page = page.as_array().expect("headlines").clone();
            if page.is_empty() {
                return ids;
            }
            ids.extend(page.iter().map(|h| h["id"].to_string()));
        }
    }
}

fn psql(sql: &str) {
    let state = state();
    let argv: Vec<String> =
        state["ttrss"]["psql"].as_array().expect("psql").iter().map(|a| a.as_str().expect("arg").to_owned()).collect();
    let status = std::process::Command::new(&argv[0]).args(&argv[1..]).args(["-c", sql]).status().expect("psql runs");
    assert!(status.success(), "{sql}");
}

#[tokio::test]
async fn ttrss_first_sync_marks_sessions_and_subscriptions() {
    let mut client = ttrss();
    client.login().await.expect("login");
    let folders = client.folders().await.expect("categories");
    let mut names: Vec<_> = folders.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Tech", "World"]);
    let folder_of = |name: &str| folders.iter().find(|f| f.name == name).expect("folder").id.clone();
    let feeds = client.feeds().await.expect("feeds");
    let tech = feeds.iter().find(|f| f.title == "Tech Daily").expect("tech").clone();
    assert_eq!(tech.folders, [folder_of("Tech")]);
    assert_eq!(feeds.iter().find(|f| f.url.ends_with("/monde.xml")).expect("monde").folders, [folder_of("World")]);

    let items = first_sync(&mut client).await;
    assert_same_as_fixtures(&items);
    let raw = TtRaw::login().await;
    let unread = client.ids(IdList::Unread).await.expect("unread");
    assert_eq!(set(&unread), raw.ids("unread").await);
    let starred = client.ids(IdList::Starred).await.expect("starred");
    assert_eq!(set(&starred), raw.ids("marked").await);
    let sample = some(&unread, 5);
    let joined = sample.iter().map(|i| i.0.as_str()).collect::<Vec<_>>().join(",");
    for article in raw.call(json!({"op": "getArticle", "article_id": joined})).await.as_array().expect("articles") {
        let ours = &items[&ItemId(article["id"].to_string())];
        assert_eq!(ours.title, article["title"].as_str().expect("title"));
        assert_eq!(ours.url.as_deref(), article["link"].as_str());
        assert_eq!(ours.published, article["updated"].as_i64());
        assert_eq!(ours.read, !article["unread"].as_bool().expect("unread"));
    }

    // 20 marks and 3 stars pushed are on the server.
    let tech_unread: Vec<ItemId> = unread.iter().filter(|id| items[*id].feed == tech.id).cloned().collect();
    let twenty = some(&tech_unread, 20);
    let acks = client.push(Mark::Read, &twenty).await.expect("push read");
    assert!(acks.iter().all(|(_, ack)| *ack == Ack::Done));
    let on_server = raw.ids("unread").await;
    assert!(twenty.iter().all(|id| !on_server.contains(&id.0)));
    let three: Vec<ItemId> = items.keys().filter(|id| !starred.contains(id)).take(3).cloned().collect();
    client.push(Mark::Starred, &three).await.expect("push star");
    let marked = raw.ids("marked").await;
    assert!(three.iter().all(|id| marked.contains(&id.0)));

    // Marks made on the server are read back.
    let other = tech_unread[20].clone();
    raw.call(json!({"op": "updateArticle", "article_ids": other.0, "field": 2, "mode": 0})).await;
    assert!(!client.ids(IdList::Unread).await.expect("unread").contains(&other));

    // An unknown id is told apart; the known one in the same batch is done.
    let acks = client.push(Mark::Unread, &[other.clone(), ItemId::from("99999999")]).await.expect("push");
    assert_eq!(acks.iter().map(|(_, a)| *a).collect::<Vec<_>>(), [Ack::Done, Ack::Unknown]);

    // The session ends on the server: the next call logs in again.
    psql("delete from ttrss_sessions");
    assert_eq!(client.feeds().await.expect("feeds after the session expired").len(), feeds.len());
    let raw = TtRaw::login().await;

    // Mark a feed read up to the newest item seen: later ones stay unread.
    let mut tech_ids: Vec<u64> =
        items.values().filter(|i| i.feed == tech.id).map(|i| i.id.0.parse().expect("id")).collect();
    tech_ids.sort_unstable();
    let newest = tech_ids[44];
    let before = Before { time_us: 0, newest: Some(ItemId(newest.to_string())) };
    let unread_then = raw.ids("unread").await;
    client.mark_read_before(&Scope::Feed(tech.id.clone()), &before).await.expect("mark before");
    let after = raw.ids("unread").await;
    for id in tech_ids.iter().map(u64::to_string) {
        let later = id.parse::<u64>().expect("id") > newest;
        assert_eq!(after.contains(&id), later && unread_then.contains(&id), "item {id}");
    }
    assert!(tech_ids.iter().any(|id| *id > newest && after.contains(&id.to_string())), "later items stay unread");

    // Subscribe and unsubscribe.
    let state = state();
    let extra = format!("{}/science.xml?copy", state["feeds_url"].as_str().expect("feeds url"));
    let world = folder_of("World");
    let added = client.subscribe(&extra, Some(&world)).await.expect("subscribe");
    let listed = client.feeds().await.expect("feeds");
    let new = listed.iter().find(|f| f.id == added).expect("the new feed is listed");
    assert_eq!(new.folders, std::slice::from_ref(&world));
    let missing = client.subscribe(&format!("{}/missing.xml", state["feeds_url"].as_str().expect("url")), None).await;
    assert!(matches!(missing, Err(SyncError::Refused(_))), "{missing:?}");
    client.unsubscribe(&added).await.expect("unsubscribe");
    assert!(client.feeds().await.expect("feeds").iter().all(|f| f.id != added));
    assert_eq!(client.unsubscribe(&added).await, Err(SyncError::Refused("no such feed on the server".into())));

    // Leave the server as it was.
    let tech_all: Vec<ItemId> =
        tech_ids.iter().map(|id| ItemId(id.to_string())).filter(|id| unread.contains(id)).collect();
    client.push(Mark::Unread, &tech_all).await.expect("restore unread");
    client.push(Mark::Unstarred, &three).await.expect("restore stars");
    assert_eq!(set(&client.ids(IdList::Unread).await.expect("unread")), set(&unread));
}

#[tokio::test]
async fn ttrss_wrong_password_and_disabled_api_are_clear_errors() {
    let state = state();
    let mut wrong = client(Protocol::TtRss, "ttrss", &field(&state, "ttrss", "user"), "not-the-password");
    assert_eq!(wrong.login().await, Err(SyncError::BadCredentials));
    let mut noapi =
        client(Protocol::TtRss, "ttrss", &field(&state, "ttrss", "noapi_user"), &field(&state, "ttrss", "password"));
    let error = noapi.feeds().await.expect_err("API off for this user");
    assert_eq!(error, SyncError::ApiDisabled);
    assert_eq!(error.to_string(), "the server's API is disabled for this account");
}
