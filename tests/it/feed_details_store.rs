//! A feed's details through the store, on a real database file: what a fetch
//! reads of a feed (site, description, language, icon, logo, author,
//! generator) is kept by `ingest_with_state`; a later fetch replaces what it
//! gives and keeps what it does not; a database of the schema before them is
//! migrated and every feed read again once; the no-title warning shows only
//! while the feed is listed by its address.

use std::path::PathBuf;

use crate::common::StoreExt;
use tidings::model::{FeedDetails, FeedId, FeedSource, FetchState, ParsedFeed};
use tidings::parse::{ITEMS_DROPPED, NO_TITLE, parse_feed};
use tidings::store::{SCHEMA_VERSION, Store};

const NOW: i64 = 1_738_070_000;

fn details_fixture(name: &str) -> Vec<u8> {
    crate::common::fixture(&format!("../feed_details/{name}"))
}

fn parsed(name: &str, url: &str) -> ParsedFeed {
    parse_feed(&details_fixture(name), url).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn source(url: &str, title: Option<&str>) -> FeedSource {
    FeedSource { url: url.into(), title: title.map(String::from), ..FeedSource::default() }
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("tidings.db")
}

const GARDEN: &str = "https://garden.example/feed.xml";

fn garden_details() -> FeedDetails {
    FeedDetails {
        description: Some(
            "Seeds, soil and the slow work of a vegetable garden, written down every week by someone who keeps \
             forgetting what was sown where and when, so that next spring goes better than the last one did."
                .into(),
        ),
        language: Some("en-GB".into()),
        icon: None,
        logo: Some("https://garden.example/images/logo.png".into()),
        author: Some("Ada Greenfield".into()),
        generator: Some("Hugo 0.121.1".into()),
    }
}

/// A store file holding the garden feed, fetched once.
fn garden() -> (tempfile::TempDir, Store, FeedId) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let id = store.sync_feeds(&[source(GARDEN, None)]).unwrap()[0];
    store.ingest(id, &parsed("rss.xml", GARDEN), NOW).unwrap();
    (dir, store, id)
}

#[test]
fn what_a_feed_says_of_itself_is_stored_with_its_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let id = store.sync_feeds(&[source(GARDEN, None)]).unwrap()[0];
    assert_eq!(store.feed_info(id).unwrap().unwrap().details, FeedDetails::default(), "nothing before a fetch");

    let state = FetchState { etag: Some("\"v1\"".into()), ..FetchState::default() };
    let report = store.ingest_with_state(id, &parsed("rss.xml", GARDEN), NOW, Some(&state)).unwrap();
    assert_eq!(report.new_items, 1);
    drop(store);

    // Read back from the file by a second connection, as the UI reads it.
    let store = Store::open(&db(&dir)).unwrap();
    let info = store.feed_info(id).unwrap().expect("the feed");
    assert_eq!(info.details, garden_details());
    assert_eq!(info.site_url.as_deref(), Some("https://garden.example/"));
    assert_eq!(
        (info.row.title.as_str(), info.row.total, info.row.unread, info.row.last_fetched),
        ("Notes from the Garden", 1, 1, Some(NOW))
    );
    assert!(info.configured);
    assert_eq!((info.row.last_error.as_deref(), info.last_error_at), (None, None));
    assert_eq!(store.feed_infos().unwrap(), std::slice::from_ref(&info), "the list carries the same");
    assert_eq!(store.feeds().unwrap(), [info.row], "and the same row as the feed list");
    assert_eq!(store.feed_info(FeedId(id.0 + 100)).unwrap(), None);
}

#[test]
fn a_later_fetch_replaces_what_it_gives_and_keeps_what_it_does_not() {
    let (_dir, mut store, id) = garden();
    // The next version of the document: a shorter description, no language,
    // image, editor or generator.
    store.ingest(id, &parsed("rss-later.xml", GARDEN), NOW + 60).unwrap();
    let info = store.feed_info(id).unwrap().unwrap();
    let want = FeedDetails { description: Some("Seeds and soil, weekly.".into()), ..garden_details() };
    assert_eq!(info.details, want);
    assert_eq!((info.row.total, info.row.last_fetched), (2, Some(NOW + 60)));
}

#[test]
fn atom_and_json_feed_details_are_stored_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let urls = ["https://bord.example/atom.xml", "https://tools.example/feed.json"];
    let ids = store.sync_feeds(&urls.map(|u| source(u, None))).unwrap();
    store.ingest(ids[0], &parsed("atom.xml", urls[0]), NOW).unwrap();
    store.ingest(ids[1], &parsed("json.json", urls[1]), NOW).unwrap();
    let infos = store.feed_infos().unwrap();
    let got: Vec<(&str, Option<&str>, &FeedDetails)> =
        infos.iter().map(|i| (i.row.title.as_str(), i.site_url.as_deref(), &i.details)).collect();
    let atom = FeedDetails {
        description: Some("Le journal d’un voilier".into()),
        language: Some("fr".into()),
        icon: Some("https://bord.example/favicon.ico".into()),
        logo: Some("https://bord.example/logo.svg".into()),
        author: Some("Jeanne Marin".into()),
        generator: Some("Zola 0.19".into()),
    };
    let json = FeedDetails {
        description: Some("Notes on small command-line tools.".into()),
        language: Some("de-CH".into()),
        icon: Some("https://tools.example/favicon-64.png".into()),
        logo: Some("https://tools.example/icon-512.png".into()),
        author: Some("Lena Keller".into()),
        generator: None,
    };
    assert_eq!(
        got,
        [
            ("Carnet de bord", Some("https://bord.example/"), &atom),
            ("Small Tools", Some("https://tools.example/"), &json)
        ]
    );
}

#[test]
fn a_database_from_before_the_details_gets_them_at_the_next_fetch() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let id = store.sync_feeds(&[source(GARDEN, None)]).unwrap()[0];
    let old = parsed("rss.xml", GARDEN);
    let old = ParsedFeed { details: FeedDetails::default(), ..old };
    let state = FetchState {
        etag: Some("\"v1\"".into()),
        body_hash: Some("00ff".into()),
        failures: 0,
        ..FetchState::default()
    };
    store.ingest_with_state(id, &old, NOW, Some(&state)).unwrap();
    drop(store);
    // The schema as it was before migration 12 (the details), with the data
    // it held: the later migrations undone too (13: rules, 14: sync, 15:
    // the side index; its triggers are replaced again).
    let raw = rusqlite::Connection::open(db(&dir)).unwrap();
    raw.execute_batch(
        "DROP TABLE item_tags; DROP TABLE hidden_items;
         ALTER TABLE bulk_marks DROP COLUMN action; ALTER TABLE bulk_marks DROP COLUMN rule;
         DROP TABLE pending_changes; DROP TABLE pending_bulk; DROP TABLE remote_items; DROP TABLE remote_feeds;
         DROP TABLE accounts;",
    )
    .unwrap();
    raw.execute_batch(crate::common::UNDO_SIDE_INDEX).unwrap();
    for column in ["description", "language", "icon", "logo", "author", "generator"] {
        raw.execute_batch(&format!("ALTER TABLE feeds DROP COLUMN {column}")).unwrap();
    }
    raw.pragma_update(None, "user_version", 11).unwrap();
    drop(raw);

    let mut store = Store::open(&db(&dir)).unwrap();
    assert_eq!(crate::common::schema_version(&db(&dir)), SCHEMA_VERSION);
    let info = store.feed_info(id).unwrap().unwrap();
    assert_eq!((info.row.total, info.details.clone()), (1, FeedDetails::default()), "items kept, no details yet");
    // Neither a 304 nor the same bytes may skip the next parse: the stored
    // reading lacks the details.
    let state = store.fetch_state(id).unwrap();
    assert_eq!((state.etag, state.body_hash), (None, None));
    store.ingest(id, &parsed("rss.xml", GARDEN), NOW + 60).unwrap();
    assert_eq!(store.feed_info(id).unwrap().unwrap().details, garden_details());
}

#[test]
fn the_no_title_warning_shows_only_while_the_feed_is_listed_by_its_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let (bare, named, was_titled) =
        ("https://nameless.example/a.xml", "https://nameless.example/b.xml", "https://nameless.example/c.xml");
    let sources = [source(bare, None), source(named, Some("Named in the config")), source(was_titled, None)];
    let ids = store.sync_feeds(&sources).unwrap();
    store.ingest(ids[2], &parsed("rss.xml", was_titled), NOW).unwrap();
    for (id, url) in ids.iter().zip([bare, named, was_titled]) {
        let untitled = parsed("untitled.xml", url);
        assert_eq!(untitled.warning.as_deref(), Some(NO_TITLE));
        store.ingest(*id, &untitled, NOW + 60).unwrap();
    }
    let shown = |store: &Store| -> Vec<(String, Option<String>)> {
        store.feeds().unwrap().into_iter().map(|r| (r.title, r.last_error)).collect()
    };
    let no_title = Some(NO_TITLE.to_owned());
    assert_eq!(
        shown(&store),
        [
            (bare.to_owned(), no_title.clone()),
            ("Named in the config".to_owned(), None),
            // The title an earlier fetch read still names it.
            ("Notes from the Garden".to_owned(), None),
        ]
    );
    assert_eq!(store.feed_info(ids[1]).unwrap().unwrap().row.last_error, None, "the details say the same");

    // The config title goes: the feed is listed by its address, and says why.
    store.sync_feeds(&[source(bare, None), source(named, None), source(was_titled, None)]).unwrap();
    assert_eq!(shown(&store)[1], (named.to_owned(), no_title));

    // Other warnings stay when a title hides this one.
    store.sync_feeds(&sources).unwrap();
    let broken = ParsedFeed { warning: Some(format!("{ITEMS_DROPPED}; {NO_TITLE}")), ..parsed("untitled.xml", named) };
    store.ingest(ids[1], &broken, NOW + 120).unwrap();
    assert_eq!(shown(&store)[1], ("Named in the config".to_owned(), Some(ITEMS_DROPPED.to_owned())));
}

#[test]
fn a_feed_that_left_the_config_still_has_its_details() {
    let (_dir, mut store, id) = garden();
    store.sync_feeds(&[]).unwrap();
    let info = store.feed_info(id).unwrap().expect("kept, with its items");
    assert!(!info.configured);
    assert_eq!(info.details, garden_details());
    assert!(store.feed_infos().unwrap().is_empty(), "only configured feeds are listed");
}
