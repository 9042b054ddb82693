//! Feed details end to end, through the real binary and a loopback server:
//! after `tidings refresh`, `tidings feeds --json` carries what each feed
//! says of itself (RSS, Atom, JSON Feed), `tidings feeds` shows its language
//! and site, and a feed without a title is listed by its address with a
//! warning, unless the config names it.

use std::path::Path;
use std::process::Output;

use crate::common::{Response, TestServer, bin};
use serde_json::{Value, json};
use tidings::parse::NO_TITLE;

fn details_fixture(name: &str) -> Vec<u8> {
    crate::common::fixture(&format!("../feed_details/{name}"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin::run(&dir.join("config.toml"), &dir.join("data"), args)
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{}", bin::stderr(out));
    bin::stdout(out)
}

/// A server with the four feeds, and a config subscribed to them (the last
/// untitled feed named by the config).
fn setup() -> (TestServer, tempfile::TempDir) {
    let server = TestServer::start();
    server.route("/garden.xml", Response::rss(details_fixture("rss.xml")));
    server.route("/bord.xml", Response::atom(details_fixture("atom.xml")));
    server.route("/tools.json", Response::json(details_fixture("json.json")));
    server.route("/untitled.xml", Response::rss(details_fixture("untitled.xml")));
    server.route("/named.xml", Response::rss(details_fixture("untitled.xml")));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config: String = ["/garden.xml", "/bord.xml", "/tools.json", "/untitled.xml"]
        .iter()
        .map(|path| format!("[[feeds]]\nurl = \"{}\"\n", server.url(path)))
        .collect();
    config.push_str(&format!("[[feeds]]\nurl = \"{}\"\ntitle = \"Named by me\"\n", server.url("/named.xml")));
    std::fs::write(dir.path().join("config.toml"), config).expect("config");
    let refresh = run(dir.path(), &["refresh"]);
    assert!(refresh.status.success(), "{}", String::from_utf8_lossy(&refresh.stderr));
    (server, dir)
}

/// The fields of a JSON line that describe the feed itself.
fn described(line: &Value) -> Value {
    let keys = ["title", "site_url", "description", "language", "icon", "logo", "author", "generator", "last_error"];
    Value::Object(keys.iter().map(|k| (k.to_string(), line[*k].clone())).collect())
}

#[test]
fn feeds_json_carries_what_each_feed_says_of_itself() {
    let (server, dir) = setup();
    let text = stdout(&run(dir.path(), &["feeds", "--json"]));
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    let got: Vec<Value> = lines.iter().map(described).collect();
    let untitled = server.url("/untitled.xml");
    // The feed without a title, by its address and named by the config.
    let nameless = |title: &str, last_error: Value| {
        json!({
            "title": title,
            "site_url": "https://nameless.example/",
            "description": "A feed that never says its name.",
            "language": null,
            "icon": null,
            "logo": null,
            "author": null,
            "generator": null,
            "last_error": last_error,
        })
    };
    let want = [
        json!({
            "title": "Notes from the Garden",
            "site_url": "https://garden.example/",
            "description": "Seeds, soil and the slow work of a vegetable garden, written down every week by someone \
                            who keeps forgetting what was sown where and when, so that next spring goes better than \
                            the last one did.",
            "language": "en-GB",
            "icon": null,
            "logo": format!("{}/images/logo.png", server.base_url()),
            "author": "Ada Greenfield",
            "generator": "Hugo 0.121.1",
            "last_error": null,
        }),
        json!({
            "title": "Carnet de bord",
            "site_url": "https://bord.example/",
            "description": "Le journal d’un voilier",
            "language": "fr",
            "icon": format!("{}/favicon.ico", server.base_url()),
            "logo": "https://bord.example/logo.svg",
            "author": "Jeanne Marin",
            "generator": "Zola 0.19",
            "last_error": null,
        }),
        json!({
            "title": "Small Tools",
            "site_url": "https://tools.example/",
            "description": "Notes on small command-line tools.",
            "language": "de-CH",
            "icon": "https://tools.example/favicon-64.png",
            "logo": "https://tools.example/icon-512.png",
            "author": "Lena Keller",
            "generator": null,
            "last_error": null,
        }),
        nameless(&untitled, NO_TITLE.into()),
        nameless("Named by me", Value::Null),
    ];
    assert_eq!(got, want);
    // The fields that were there before are still there.
    assert_eq!((lines[0]["url"].as_str(), lines[0]["total"].as_u64()), (Some(&*server.url("/garden.xml")), Some(1)));
    assert!(lines[0]["last_fetched"].is_string() && lines[0]["next_refresh"].is_string());
}

#[test]
fn feeds_shows_language_and_site_and_a_feed_without_title_by_its_address() {
    let (server, dir) = setup();
    let text = stdout(&run(dir.path(), &["feeds"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    let words = |i: usize| -> Vec<String> { lines[i].split_whitespace().map(String::from).collect() };
    let row = |title: &str, language: Option<&str>, path: &str| -> Vec<String> {
        let mut words = vec!["1".to_owned()];
        words.extend(title.split_whitespace().map(String::from));
        words.extend(language.map(String::from));
        words.push(server.url(path));
        words
    };
    let site = |mut words: Vec<String>, site: &str| {
        words.extend(["site".to_owned(), site.to_owned()]);
        words
    };
    assert_eq!(words(0), site(row("Notes from the Garden", Some("en-GB"), "/garden.xml"), "https://garden.example/"));
    assert_eq!(words(1), site(row("Carnet de bord", Some("fr"), "/bord.xml"), "https://bord.example/"));
    assert_eq!(words(2), site(row("Small Tools", Some("de-CH"), "/tools.json"), "https://tools.example/"));
    // Listed by its address, and saying why.
    let address = server.url("/untitled.xml");
    assert!(lines[3].starts_with(&format!("     1  {address} ")), "{text}");
    assert!(lines[3].ends_with(&format!("  site https://nameless.example/  ! {NO_TITLE}")), "{text}");
    // Named by the config: no warning.
    assert_eq!(words(4), site(row("Named by me", None, "/named.xml"), "https://nameless.example/"));
    // The columns line up: every URL starts at the same place.
    let starts: Vec<usize> = [("/garden.xml", 0), ("/bord.xml", 1), ("/untitled.xml", 3), ("/named.xml", 4)]
        .iter()
        .map(|(path, i)| lines[*i].rfind(&server.url(path)).unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{text}");
}
