//! The GReader and Fever clients against a replay of a real FreshRSS
//! session (tests/fixtures/sync-freshrss/): every request must be one the
//! real server answered, carry what it required, and the answers must come
//! out as the right values.

use crate::common;
use crate::common::replay::Replay;
use crate::common::replay_data::FEEDS_PORT;
use tidings::sync::fever::Fever;
use tidings::sync::greader::{GReader, long_id};
use tidings::sync::{
    Account, Ack, Before, ClientOptions, Cursor, FeedId, FolderId, IdList, ItemId, Mark, Protocol, Scope, Secret,
    SyncClient, SyncError, SyncPoint,
};

fn account(protocol: Protocol, url: String, user: &str, password: &str) -> Account {
    Account { protocol, url, user: user.into(), password: Secret::new(password), allow_plain_http: false }
}

fn greader(replay: &Replay, password: &str) -> GReader {
    let account = account(Protocol::GReader, replay.greader_url(), &replay.session().user, password);
    GReader::new(&account, &ClientOptions::default()).expect("client")
}

fn logged_in_greader(replay: &Replay) -> GReader {
    greader(replay, &replay.session().api_password.clone())
}

fn fever(replay: &Replay, password: &str) -> Fever {
    let account = account(Protocol::Fever, replay.fever_url(), &replay.session().user, password);
    Fever::new(&account, &ClientOptions::default()).expect("client")
}

fn ids(list: &[&str]) -> Vec<ItemId> {
    list.iter().map(|id| ItemId::from(*id)).collect()
}

fn assert_no_misses(replay: &Replay) {
    let misses = replay.misses();
    assert!(misses.is_empty(), "requests the real server never answered: {misses:#?}");
}

#[tokio::test]
async fn greader_logs_in_and_refuses_wrong_passwords() {
    let replay = Replay::start("greader.jsonl").await;
    let mut client = logged_in_greader(&replay);
    client.login().await.expect("login");
    for (user, password) in
        [("alice", "wrong-password"), ("alice", "alice-test-pass"), ("not a user!", "alice-api-pass")]
    {
        let account = account(Protocol::GReader, replay.greader_url(), user, password);
        let mut wrong = GReader::new(&account, &ClientOptions::default()).expect("client");
        assert_eq!(wrong.login().await, Err(SyncError::BadCredentials), "{user}/{password}");
        assert_eq!(wrong.feeds().await.expect_err("no session").to_string(), "wrong user name or password");
    }
    assert_eq!(replay.answered()[..4], [2, 3, 3, 4]);
    assert_no_misses(&replay);
    let debug = format!("{client:?}");
    assert!(!debug.contains("alice-api-pass") && !debug.contains(&replay.session().auth[6..]), "{debug}");
}

#[tokio::test]
async fn greader_lists_feeds_and_folders_with_the_auth_header() {
    let replay = Replay::start("greader.jsonl").await;
    let mut client = logged_in_greader(&replay);
    let feeds = client.feeds().await.expect("feeds");
    let titles: Vec<_> = feeds.iter().map(|f| (f.id.as_str(), f.title.as_str())).collect();
    assert_eq!(
        titles,
        [("feed/3", "Le Journal « Bêta »"), ("feed/1", "Alpha News"), ("feed/2", "アジア・ニュース 亚洲新闻")]
    );
    assert_eq!(feeds[0].url, format!("http://127.0.0.1:{FEEDS_PORT}/beta-fr.xml"));
    assert_eq!(feeds[0].site_url.as_deref(), Some(&*format!("http://127.0.0.1:{FEEDS_PORT}/beta/")));
    assert_eq!(feeds[0].folders, [FolderId::from("user/-/label/Actualités")]);
    assert_eq!(feeds[2].folders, [FolderId::from("user/-/label/Tech")]);
    let folders = client.folders().await.expect("folders");
    let names: Vec<_> = folders.iter().map(|f| (f.id.as_str(), f.name.as_str())).collect();
    assert_eq!(names, [("user/-/label/Actualités", "Actualités"), ("user/-/label/Tech", "Tech")]);
    assert_eq!(replay.answered(), [2, 12, 13]);
    let expected = format!("GoogleLogin auth={}", replay.session().auth);
    for seen in replay.log().iter().filter(|s| s.path.contains("/reader/")) {
        assert_eq!(seen.authorization.as_deref(), Some(expected.as_str()), "{seen:?}");
    }
    assert_no_misses(&replay);
}

#[tokio::test]
async fn greader_unread_ids_follow_the_continuation() {
    let replay = Replay::start("greader.jsonl").await;
    let mut client = logged_in_greader(&replay).with_page_sizes(8, 20);
    let unread = client.ids(IdList::Unread).await.expect("unread ids");
    let session_ids = std::fs::read_to_string(common::replay_data::fixtures().join("session.json")).expect("session");
    let session_ids: serde_json::Value = serde_json::from_str(&session_ids).expect("json");
    let expected: Vec<String> = session_ids["initial_item_ids_desc"]
        .as_array()
        .expect("ids")
        .iter()
        .map(|v| v.as_str().expect("id").to_owned())
        .collect();
    assert_eq!(unread.iter().map(|i| i.0.clone()).collect::<Vec<_>>(), expected);
    assert_eq!(replay.answered(), [2, 15, 16, 17]);
    let log = replay.log();
    let pages: Vec<_> = log.iter().filter(|s| s.path.ends_with("items/ids")).collect();
    assert_eq!(pages[1].param("c"), Some("1796164409347453"));
    assert_eq!(pages[2].param("c"), Some("1796164409347445"));
    let mut client = logged_in_greader(&replay).with_page_sizes(20, 20);
    assert!(client.ids(IdList::Starred).await.expect("starred ids").is_empty());
    assert_no_misses(&replay);
}

#[tokio::test]
async fn greader_contents_by_id_in_every_id_form() {
    let replay = Replay::start("greader.jsonl").await;
    let mut client = logged_in_greader(&replay);
    let forms = ids(&["1796164409347460", &long_id(1796164409347455), "0006619a1d93cd72"]);
    let items = client.items(&forms).await.expect("contents");
    let got: Vec<_> = items.iter().map(|i| (i.id.as_str(), i.feed.as_str(), i.title.as_str())).collect();
    assert_eq!(
        got,
        [
            ("1796164409347460", "feed/2", "台北 101 跨年煙火預告"),
            ("1796164409347455", "feed/1", "Alpha item 8"),
            ("1796164409347442", "feed/1", "Alpha item 1")
        ]
    );
    let first = &items[0];
    assert_eq!(first.url.as_deref(), Some(&*format!("http://127.0.0.1:{FEEDS_PORT}/gamma/5.html")));
    assert_eq!(first.published, Some(1795576500));
    assert_eq!(first.content, "<p>今年的煙火將持續三百秒。</p>");
    assert!(!first.read && !first.starred && first.author.is_none());
    assert_eq!(items[1].author.as_deref(), Some("alice@example.org (Alice Writer)"));
    // Sent in decimal, in the body, with the token.
    let post = replay.log().into_iter().find(|s| s.path.ends_with("items/contents")).expect("request");
    let sent: Vec<_> = post.body.iter().filter(|(k, _)| k == "i").map(|(_, v)| v.as_str()).collect();
    assert_eq!(sent, ["1796164409347460", "1796164409347455", "1796164409347442"]);
    assert!(post.query.is_empty());
    let with_enclosure = client.items(&ids(&["1796164409347446"])).await.expect("contents");
    let enclosure = &with_enclosure[0].enclosures[0];
    assert_eq!(enclosure.mime.as_deref(), Some("audio/mpeg"));
    assert!(enclosure.url.ends_with(".mp3") && enclosure.length.is_some(), "{enclosure:?}");
    assert_eq!(replay.answered(), [2, 10, 25, 26]);
    assert_no_misses(&replay);
}

#[tokio::test]
async fn greader_new_items_come_in_pages_and_move_the_point() {
    let replay = Replay::start("greader.jsonl").await;
    let mut client = logged_in_greader(&replay).with_page_sizes(100, 3);
    let first = client.new_items(&SyncPoint::default(), None, true).await.expect("page 1");
    assert_eq!(first.items.len(), 3);
    let next = first.next.clone().expect("a full page has a continuation");
    let second = client.new_items(&SyncPoint::default(), Some(&next), true).await.expect("page 2");
    assert_eq!(second.items.len(), 3);
    assert!(first.items.iter().all(|a| second.items.iter().all(|b| a.id != b.id)));
    let c: Vec<_> = replay
        .log()
        .iter()
        .filter(|s| s.path.contains("stream/contents"))
        .map(|s| s.param("c").map(str::to_owned))
        .collect();
    assert_eq!(c, [None, Some("1796164409347458".to_owned())]);
    // The point is the newest crawl second seen, whichever page it was on.
    assert_eq!(second.point, SyncPoint("1796164409".into()));
    assert_eq!(replay.answered(), [2, 28, 29]);

    // After the refresh: exactly the two new items, and no further page.
    let since = SyncPoint(replay.session().sync_point.to_string());
    let mut client = logged_in_greader(&replay).with_page_sizes(100, 20);
    let fresh = client.new_items(&since, None, true).await.expect("new items");
    let fresh_ids: Vec<_> = fresh.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(fresh_ids, ["1796164762929726", "1796164762929725"]);
    assert!(fresh.next.is_none() && fresh.items.iter().all(|i| !i.read));
    assert_eq!(fresh.point, SyncPoint("1796164762".into()));
    let new_ids = client.new_ids(&since, None).await.expect("new ids");
    assert_eq!(new_ids.ids, ids(&["1796164762929726", "1796164762929725"]));
    assert!(new_ids.next.is_none());

    // `ot` in seconds: an hour ahead gives nothing.
    let mut client = logged_in_greader(&replay).with_page_sizes(100, 5);
    let none = client.new_items(&SyncPoint("1796168360".into()), None, false).await.expect("empty");
    assert!(none.items.is_empty() && none.next.is_none());
    assert_eq!(none.point, SyncPoint("1796168360".into()));
    assert_no_misses(&replay);
}

#[tokio::test]
async fn greader_marks_go_in_the_body_with_the_token() {
    let replay = Replay::start("greader.jsonl").await;
    let mut client = logged_in_greader(&replay);
    let acks = client.push(Mark::Read, &ids(&["1796164409347460", "1796164409347459"])).await.expect("read");
    assert_eq!(acks, [(ItemId::from("1796164409347460"), Ack::Done), (ItemId::from("1796164409347459"), Ack::Done)]);
    let long = ids(&["tag:google.com,2005:reader/item/0006619a1d93cd84"]);
    client.push(Mark::Unread, &long).await.expect("unread");
    client.push(Mark::Starred, &ids(&["1796164409347458", "1796164409347457"])).await.expect("star");
    let acks = client.push(Mark::Unstarred, &ids(&["1796164409347457", "not-an-id"])).await.expect("unstar");
    assert_eq!(acks[1], (ItemId::from("not-an-id"), Ack::Unknown));
    assert_eq!(replay.answered(), [2, 10, 34, 37, 40, 42]);
    for edit in replay.log().iter().filter(|s| s.path.ends_with("edit-tag")) {
        assert!(edit.query.is_empty(), "{edit:?}");
        assert_eq!(
            edit.body.iter().find(|(k, _)| k == "T").map(|(_, v)| v.as_str()),
            Some(replay.session().token.as_str())
        );
        assert!(edit.param("a").or(edit.param("r")).is_some(), "{edit:?}");
    }
    assert_no_misses(&replay);
}

#[tokio::test]
async fn greader_renews_a_refused_token_and_an_expired_session() {
    let replay = Replay::start("greader.jsonl").await;
    let mut client = logged_in_greader(&replay);
    replay.stale_token_once("bogus-token");
    client.push(Mark::Read, &ids(&["1796164409347460", "1796164409347459"])).await.expect("read after a new token");
    let tokens: Vec<_> = replay
        .log()
        .iter()
        .filter(|s| s.path.ends_with("edit-tag"))
        .map(|s| s.param("T").unwrap_or("").to_owned())
        .collect();
    assert_eq!(tokens, ["bogus-token", replay.session().token.as_str()]);
    assert_eq!(replay.answered(), [2, 10, 34]);

    replay.expire_session();
    let feeds = client.feeds().await.expect("feeds after logging in again");
    assert_eq!(feeds.len(), 3);
    let logins = replay.log().iter().filter(|s| s.path.ends_with("ClientLogin")).count();
    assert_eq!(logins, 2);
    assert_no_misses(&replay);
}

#[tokio::test]
async fn greader_mark_all_read_sends_microseconds() {
    let replay = Replay::start("greader.jsonl").await;
    let mut client = logged_in_greader(&replay);
    let feed = Scope::Feed(FeedId::from("feed/3"));
    client.mark_read_before(&feed, &Before { time_us: 1796164409347447, newest: None }).await.expect("feed");
    let folder = Scope::Folder(FolderId::from("user/-/label/Tech"));
    client.mark_read_before(&folder, &Before { time_us: 1796164409347442, newest: None }).await.expect("folder");
    assert_eq!(replay.answered(), [2, 10, 76, 78]);
    let ts: Vec<_> = replay
        .log()
        .iter()
        .filter(|s| s.path.ends_with("mark-all-as-read"))
        .map(|s| s.param("ts").map(str::len))
        .collect();
    assert_eq!(ts, [Some(16), Some(16)]);
    let unknown = Scope::Folder(FolderId::from("user/-/label/NoSuchFolder"));
    let error = client.mark_read_before(&unknown, &Before { time_us: 1796164409347460, newest: None }).await;
    assert_eq!(error, Err(SyncError::Server { status: 400 }));
    assert_no_misses(&replay);
}

#[tokio::test]
async fn greader_subscribes_and_unsubscribes() {
    let replay = Replay::start("greader.jsonl").await;
    let mut client = logged_in_greader(&replay);
    let delta = format!("http://127.0.0.1:{FEEDS_PORT}/delta.xml");
    let later = FolderId::from("user/-/label/Later");
    assert_eq!(client.subscribe(&delta, Some(&later)).await, Ok(FeedId::from("feed/4")));
    let missing = client.subscribe(&format!("http://127.0.0.1:{FEEDS_PORT}/missing.xml"), None).await;
    let Err(SyncError::Refused(reason)) = missing else { panic!("{missing:?}") };
    assert!(reason.contains("404"), "{reason}");
    client.unsubscribe(&FeedId::from("feed/4")).await.expect("unsubscribe");
    assert_eq!(client.unsubscribe(&FeedId::from("feed/4")).await, Err(SyncError::Server { status: 400 }));
    assert_eq!(replay.answered(), [2, 10, 54, 58, 55, 63, 68]);
    assert_no_misses(&replay);
}

#[tokio::test]
async fn unreachable_and_insecure_servers_are_typed_errors() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/api/greader.php", closed.local_addr().expect("address"));
    drop(closed);
    let mut client =
        GReader::new(&account(Protocol::GReader, url, "u", "secret-pw"), &ClientOptions::default()).expect("client");
    let error = client.login().await.expect_err("nobody listens");
    assert_eq!(error, SyncError::Offline("connection refused".into()));
    assert_eq!(error.to_string(), "offline: connection refused");
    let remote = account(Protocol::TtRss, "http://rss.example.org/api/".into(), "u", "secret-pw");
    let refused = tidings::sync::Client::new(&remote, &ClientOptions::default()).expect_err("plain http");
    assert_eq!(refused, SyncError::InsecureUrl { host: "rss.example.org".into() });
    assert!(!format!("{refused:?} {refused}").contains("secret-pw"));
}

#[tokio::test]
async fn fever_logs_in_with_the_key_in_the_body() {
    let replay = Replay::start("fever.jsonl").await;
    let mut client = fever(&replay, "alice-api-pass");
    client.login().await.expect("login");
    let mut wrong = fever(&replay, "wrong");
    assert_eq!(wrong.login().await, Err(SyncError::BadCredentials));
    assert_eq!(wrong.ids(IdList::Unread).await, Err(SyncError::BadCredentials));
    let log = replay.log();
    assert_eq!(log[0].param("api_key"), Some(replay.session().api_key.as_str()));
    assert!(log.iter().all(|s| s.method == "POST" && s.query.iter().all(|(k, _)| k != "api_key")));
    assert_eq!(replay.answered(), [1]);
    assert!(!format!("{client:?}").contains(&replay.session().api_key));
    assert_no_misses(&replay);
}

#[tokio::test]
async fn fever_lists_groups_feeds_and_ids() {
    let replay = Replay::start("fever.jsonl").await;
    let mut client = fever(&replay, "alice-api-pass");
    let folders = client.folders().await.expect("groups");
    let names: Vec<_> = folders.iter().map(|f| (f.id.as_str(), f.name.as_str())).collect();
    assert_eq!(names, [("3", "Actualités"), ("2", "Tech"), ("1", "Uncategorized")]);
    let feeds = client.feeds().await.expect("feeds");
    let beta = feeds.iter().find(|f| f.id.as_str() == "3").expect("feed 3");
    assert_eq!((beta.title.as_str(), beta.folders.as_slice()), ("Le Journal « Bêta »", &[FolderId::from("3")][..]));
    assert!(beta.url.ends_with("/beta-fr.xml"), "{beta:?}");
    let unread = client.ids(IdList::Unread).await.expect("unread");
    assert_eq!(unread.len(), 19);
    assert!(unread.windows(2).all(|w| w[0].0.parse::<u64>().unwrap() < w[1].0.parse::<u64>().unwrap()));
    assert_eq!(client.ids(IdList::Starred).await.expect("saved"), ids(&["1796164409347458"]));
    assert_eq!(replay.answered(), [5, 6, 14, 15]);
    assert_no_misses(&replay);
}

#[tokio::test]
async fn fever_walks_since_id_and_fetches_by_id() {
    let replay = Replay::start("fever.jsonl").await;
    let mut client = fever(&replay, "alice-api-pass");
    let since = SyncPoint("1796164409347446".into());
    let page = client.new_items(&since, None, false).await.expect("page");
    assert_eq!(page.items.len(), 19);
    let next = page.next.clone().expect("a page with items asks for more");
    assert_eq!(next, Cursor("1796164762929726".into()));
    let last = client.new_items(&since, Some(&next), false).await.expect("last page");
    assert!(last.items.is_empty() && last.next.is_none());
    assert_eq!(last.point, SyncPoint("1796164762929726".into()));
    let creme = &page.items[0];
    assert_eq!(creme.title, "Crème brûlée, œufs et café — recette");
    assert_eq!((creme.feed.as_str(), creme.read, creme.published), ("3", true, Some(1794573000)));
    let wanted = ids(&["1796164409347442", "1796164409347449", "1796164762929726"]);
    let items = client.items(&wanted).await.expect("with_ids");
    assert_eq!(items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), wanted);
    assert_eq!(items[0].content, "<p>Body of <b>alpha</b> item 1. Tags &amp; entities: &lt;ok&gt;.</p>");
    assert_eq!(replay.answered(), [8, 13, 10]);
    assert_no_misses(&replay);
}

#[tokio::test]
async fn fever_push_sets_only_what_differs_and_acks_each_id() {
    let replay = Replay::start("fever.jsonl").await;
    let mut client = fever(&replay, "alice-api-pass");
    let acks = client.push(Mark::Read, &ids(&["1796164409347444"])).await.expect("read");
    assert_eq!(acks, [(ItemId::from("1796164409347444"), Ack::Done)]);
    let acks = client.push(Mark::Starred, &ids(&["1796164409347444", "abc", "1796164409347458"])).await.expect("save");
    let acks: Vec<_> = acks.into_iter().map(|(_, ack)| ack).collect();
    assert_eq!(acks, [Ack::Done, Ack::Unknown, Ack::Done]);
    // 1796164409347458 was saved already: nothing sent for it (a toggle would undo it).
    let marks: Vec<_> = replay.log().into_iter().filter(|s| s.param("mark").is_some()).collect();
    let sent: Vec<_> = marks.iter().map(|s| (s.param("as").unwrap_or(""), s.param("id").unwrap_or(""))).collect();
    assert_eq!(sent, [("read", "1796164409347444"), ("saved", "1796164409347444")]);
    assert!(marks.iter().all(|s| s.query.iter().all(|(k, _)| k == "api")));
    assert_eq!(replay.answered(), [14, 17, 15, 19]);
    assert_no_misses(&replay);
}

#[tokio::test]
async fn fever_marks_feeds_and_groups_before_a_time_and_cannot_subscribe() {
    let replay = Replay::start("fever.jsonl").await;
    let mut client = fever(&replay, "alice-api-pass");
    let before = Before { time_us: 1_796_164_763_123_456, newest: None };
    client.mark_read_before(&Scope::Feed(FeedId::from("2")), &before).await.expect("feed");
    client.mark_read_before(&Scope::Folder(FolderId::from("3")), &before).await.expect("group");
    assert_eq!(replay.answered(), [26, 27]);
    let error = client.subscribe("https://example.org/feed.xml", None).await.expect_err("no such call");
    assert_eq!(error.to_string(), "subscribing is not possible with the Fever API");
    assert!(matches!(client.unsubscribe(&FeedId::from("2")).await, Err(SyncError::Unsupported { .. })));
    assert_no_misses(&replay);
}
