//! The formats end to end, through the real binary and a loopback server:
//! an Atom 0.3 feed (read as empty before) shows its entries in `tidings
//! list` after `tidings refresh`, and feeds that cannot be read whole say so
//! in `tidings feeds`, a feed without a title listed by its address.

use std::path::Path;
use std::process::Output;

use crate::common::bin;
use crate::common::{Response, TestServer};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin::run(&dir.join("config.toml"), &dir.join("data"), args)
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    let text = String::from_utf8(out.stdout.clone()).expect("UTF-8");
    text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

#[test]
fn an_atom_0_3_feed_shows_its_entries_and_unreadable_parts_are_said() {
    let server = TestServer::start();
    server.route("/atom03.xml", Response::atom(fixture("atom-0.3.xml")));
    server.route("/untitled.json", Response::json(fixture("json-without-title.json")));
    server.route("/wrapped.xml", Response::rss(fixture("never-silent-unknown-place.xml")));
    let dir = tempfile::tempdir().expect("temp dir");
    let feeds: String = ["/atom03.xml", "/untitled.json", "/wrapped.xml"]
        .iter()
        .map(|path| format!("[[feeds]]\nurl = \"{}\"\n", server.url(path)))
        .collect();
    std::fs::write(dir.path().join("config.toml"), feeds).expect("config");

    let refresh = run(dir.path(), &["refresh"]);
    assert!(refresh.status.success(), "{}", String::from_utf8_lossy(&refresh.stderr));

    let listed = json_lines(&run(dir.path(), &["list", "--json", "--feed", "dive into mark"]));
    let titles: Vec<&str> = listed.iter().filter_map(|l| l["title"].as_str()).collect();
    assert_eq!(titles, ["Atom 0.3 snapshot", "Only modified", "Only created"]);
    assert_eq!(listed[0]["link"], "http://diveintomark.org/2003/12/13/atom03");
    assert_eq!(listed[0]["published"], "2003-12-13T12:29:29Z");

    let rows = json_lines(&run(dir.path(), &["feeds", "--json"]));
    let row =
        |path: &str| rows.iter().find(|r| r["url"] == server.url(path)).unwrap_or_else(|| panic!("{path}: {rows:?}"));
    assert_eq!(
        (row("/atom03.xml")["title"].as_str(), row("/atom03.xml")["total"].as_u64()),
        (Some("dive into mark"), Some(3))
    );
    assert_eq!(row("/atom03.xml")["last_error"], serde_json::Value::Null);
    let untitled = row("/untitled.json");
    assert_eq!(untitled["title"], server.url("/untitled.json"), "listed by its address");
    assert_eq!(untitled["last_error"], tidings::parse::NO_TITLE);
    assert_eq!(untitled["total"], 1);
    let wrapped = row("/wrapped.xml");
    assert_eq!(wrapped["total"], 0);
    let error = wrapped["last_error"].as_str().expect("a warning, not silence");
    assert!(error.starts_with("no items read: the document has 2 <item> elements inside <items>"), "{error}");
}
