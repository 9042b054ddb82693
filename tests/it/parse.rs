//! `parse::parse_feed` on the fixtures and on hostile input.

use crate::common::fixture;
use tidings::model::{ParsedFeed, ParsedItem};
use tidings::parse::parse_feed;

/// 2025-01-06T10:00:00Z and friends, as unix seconds.
fn ts(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339).expect("valid date in the test").timestamp()
}

fn parse_ok(bytes: &[u8], url: &str) -> ParsedFeed {
    parse_feed(bytes, url).unwrap_or_else(|e| panic!("parse {url}: {e}"))
}

fn titles(feed: &ParsedFeed) -> Vec<&str> {
    feed.items.iter().map(|i| i.title.as_str()).collect()
}

#[test]
fn rss_fixture() {
    let feed = parse_ok(&fixture("rss.xml"), "https://rss.example/feed.xml");
    assert_eq!(feed.title.as_deref(), Some("Rust Notes"));
    assert_eq!(feed.site_url.as_deref(), Some("https://rss.example/"));
    assert_eq!(titles(&feed), ["First note", "Second note", "Third note"]);

    let first = &feed.items[0];
    assert_eq!(first.guid, "rss-note-1");
    assert_eq!(first.link.as_deref(), Some("https://rss.example/notes/1"));
    assert_eq!(first.author.as_deref(), Some("Alice Martin"));
    assert_eq!(first.published, Some(ts("2025-01-06T10:00:00Z")));
    // content:encoded wins over the description.
    assert_eq!(first.content.as_deref(), Some("<p>The <em>full</em> first note.</p>"));

    let second = &feed.items[1];
    assert_eq!(second.guid, "https://rss.example/notes/2", "no guid: the link");
    assert_eq!(second.published, Some(ts("2025-01-07T12:30:00Z")));
    assert_eq!(second.content.as_deref(), Some("<p>Only a description, &amp; no guid.</p>"));

    let third = &feed.items[2];
    assert_eq!(third.link, None);
    assert!(third.guid.starts_with("sha256:"), "no guid, no link: a hash, got {}", third.guid);
    assert_eq!(third.published, None);
}

#[test]
fn atom_fixture() {
    let feed = parse_ok(&fixture("atom.xml"), "https://atom.example/feed.atom");
    assert_eq!(feed.title.as_deref(), Some("Atom Journal"));
    assert_eq!(feed.site_url.as_deref(), Some("https://atom.example/"), "not the self link");
    assert_eq!(titles(&feed), ["Atom entry one", "Atom entry two"]);

    let one = &feed.items[0];
    assert_eq!(one.guid, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
    assert_eq!(one.link.as_deref(), Some("https://atom.example/entries/1"), "relative link resolved");
    assert_eq!(one.author.as_deref(), Some("Carol Diaz"));
    assert_eq!(one.published, Some(ts("2025-02-01T08:00:00Z")), "published wins over updated");
    assert_eq!(one.content.as_deref(), Some("<p>Body of <b>entry one</b>.</p>"));

    let two = &feed.items[1];
    assert_eq!(two.guid, "tag:atom.example,2025:2");
    assert_eq!(two.published, Some(ts("2025-02-02T08:15:00Z")), "updated when no published");
    assert_eq!(two.content.as_deref(), Some("Only a summary here."));
}

#[test]
fn json_feed_fixture() {
    let feed = parse_ok(&fixture("json.json"), "https://json.example/feed.json");
    assert_eq!(feed.title.as_deref(), Some("JSON Dispatch"));
    assert_eq!(feed.site_url.as_deref(), Some("https://json.example/"));
    assert_eq!(titles(&feed), ["JSON item one", "JSON item two"]);
    let one = &feed.items[0];
    assert_eq!(one.guid, "json-1");
    assert_eq!(one.link.as_deref(), Some("https://json.example/items/1"));
    assert_eq!(one.author.as_deref(), Some("Eve Stone"));
    assert_eq!(one.published, Some(ts("2025-03-01T00:00:00Z")));
    assert_eq!(one.content.as_deref(), Some("<p>Hello from <strong>JSON</strong>.</p>"));
    let two = &feed.items[1];
    assert_eq!(two.author.as_deref(), Some("Dana Feed"), "inherits the feed author");
    assert_eq!(two.published, Some(ts("2025-03-02T06:30:00Z")));
    assert_eq!(two.content.as_deref(), Some("Plain text body."));
}

#[test]
fn seed_feed_keeps_french_typography() {
    let feed = parse_ok(&fixture("seed.xml"), "https://lefiltech.example/feed/");
    assert_eq!(feed.title.as_deref(), Some("Le Fil Tech"));
    assert_eq!(feed.site_url.as_deref(), Some("https://lefiltech.example/"));
    assert_eq!(
        titles(&feed),
        [
            "L’ascension fulgurante de DeepSeek chinois : une menace pour la domination américaine dans l’IA générative",
            "Nvidia : la chute historique en Bourse expliquée",
        ]
    );
    let article = &feed.items[0];
    assert_eq!(article.guid, "https://lefiltech.example/?p=48213");
    assert_eq!(article.author.as_deref(), Some("La rédaction"));
    assert_eq!(article.published, Some(ts("2025-01-28T08:14:00Z")));
    let content = article.content.as_deref().expect("content:encoded");
    assert!(content.starts_with("<p><strong>L’apparition de DeepSeek"), "{content}");
    // French typography: no-break spaces inside the guillemets stay in the body.
    assert!(content.contains("«\u{a0}Impressionnant, surtout compte tenu de leur coût de production\u{a0}»"));
    assert!(content.contains("«\u{a0}moment Spoutnik\u{a0}»"), "{content}");
    // The excerpt-only item falls back to its description.
    let excerpt = feed.items[1].content.as_deref().expect("description");
    assert!(excerpt.contains("journée « historique »"), "{excerpt}");
}

#[test]
fn same_bytes_same_guids() {
    for (name, url) in [
        ("rss.xml", "https://rss.example/feed.xml"),
        ("atom.xml", "https://atom.example/feed.atom"),
        ("json.json", "https://json.example/feed.json"),
        ("seed.xml", "https://lefiltech.example/feed/"),
    ] {
        let guids = |f: ParsedFeed| f.items.into_iter().map(|i| i.guid).collect::<Vec<_>>();
        let first = guids(parse_ok(&fixture(name), url));
        let second = guids(parse_ok(&fixture(name), url));
        assert_eq!(first, second, "{name}");
        let mut unique = first.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), first.len(), "{name}: distinct guids");
    }
}

fn rss_with_items(items: &str) -> Vec<u8> {
    format!(r#"<rss version="2.0"><channel><title>T</title><link>https://x.example/</link>{items}</channel></rss>"#)
        .into_bytes()
}

fn only_item(bytes: &[u8]) -> ParsedItem {
    let mut feed = parse_ok(bytes, "https://x.example/feed");
    assert_eq!(feed.items.len(), 1);
    feed.items.remove(0)
}

#[test]
fn hash_identity_depends_on_the_entry_only() {
    let a = only_item(&rss_with_items("<item><title>A</title><description>body</description></item>"));
    let again = only_item(&rss_with_items("<item><title>A</title><description>body</description></item>"));
    let b = only_item(&rss_with_items("<item><title>B</title><description>body</description></item>"));
    assert_eq!(a.guid, again.guid);
    assert_ne!(a.guid, b.guid);
}

#[test]
fn missing_title_uses_the_summary_then_a_placeholder() {
    let from_summary = only_item(&rss_with_items(
        "<item><description>&lt;p&gt;Une   &lt;b&gt;brève&lt;/b&gt; sans titre&lt;/p&gt;</description></item>",
    ));
    assert_eq!(from_summary.title, "Une brève sans titre");
    let long = "mot ".repeat(100);
    let truncated = only_item(&rss_with_items(&format!("<item><description>{long}</description></item>")));
    assert!(truncated.title.ends_with('…') && truncated.title.chars().count() <= 81, "{}", truncated.title);
    let nothing = only_item(&rss_with_items("<item><link>https://x.example/1</link></item>"));
    assert_eq!(nothing.title, "(untitled)");
    assert_eq!(nothing.guid, "https://x.example/1");
}

#[test]
fn escapes_and_bidi_never_come_out() {
    let hostile = "Evil &#x1b;[31mred&#x1b;[0m &#x1b;]0;pwned&#x7; &#x202e;txt.exe&#x202c; &#x2066;iso&#x2069; done";
    let bytes = format!(
        r#"<rss version="2.0"><channel><title>Feed &#x1b;]52;c;Zm9v&#x7;name</title>
        <item><title>{hostile}</title><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Mallory&#x9b;2J</dc:creator>
        <guid>g1</guid><description>line one&#x1b;[2J
line two&#x9d;0;x&#x9c;</description></item></channel></rss>"#
    )
    // C1 controls as raw characters: a reference to 128–159 is windows-1252
    // text, as browsers read it (see tests/formats_text.rs).
    .replace("&#x9b;", "\u{9b}")
    .replace("&#x9d;", "\u{9d}")
    .replace("&#x9c;", "\u{9c}");
    // XML 1.0 forbids most C0 characters even as references; raw bytes and
    // JSON escapes reach the readers too, so try all three.
    let raw = bytes.replace("&#x1b;", "\u{1b}").replace("&#x7;", "\u{7}");
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J\u001b[1mJ","items":[
        {"id":"1","title":"A\u001b]0;x\u0007B\u202eC\u0000D","content_text":"x\u001b[31my\u0007\nz"}]}"#;
    for (bytes, url) in [
        (bytes.as_bytes(), "https://x.example/a"),
        (raw.as_bytes(), "https://x.example/b"),
        (json.as_bytes(), "https://x.example/c"),
    ] {
        let feed = parse_ok(bytes, url);
        if url.ends_with("/a") || url.ends_with("/b") {
            assert_eq!(feed.title.as_deref(), Some("Feed name"));
            assert_eq!(feed.items[0].title, "Evil red txt.exe iso done");
            assert_eq!(feed.items[0].author.as_deref(), Some("Mallory"));
            assert_eq!(feed.items[0].content.as_deref(), Some("line one\nline two"));
        }
        let mut strings: Vec<String> = feed.title.into_iter().collect();
        for item in feed.items {
            strings.extend([item.title, item.guid]);
            strings.extend(item.author.into_iter().chain(item.content).chain(item.link));
        }
        assert!(!strings.is_empty());
        for s in strings {
            let bad = s.chars().find(|c| {
                (c.is_control() && *c != '\n')
                    || ('\u{202a}'..='\u{202e}').contains(c)
                    || ('\u{2066}'..='\u{2069}').contains(c)
            });
            assert_eq!(bad, None, "{url}: {s:?}");
            assert!(!s.contains("]0;") && !s.contains("[31m") && !s.contains("]52;"), "{url}: {s:?}");
        }
    }
    let json_feed = parse_ok(json.as_bytes(), "https://x.example/c");
    assert_eq!(json_feed.items[0].title, "ABCD");
    assert_eq!(json_feed.items[0].content.as_deref(), Some("xy\nz"));
}

#[test]
fn odd_rss_versions_and_bom_still_parse() {
    for version in [r#" version="0.93""#, r#" version="0.94""#, r#" version="2.01""#, " version='2.1'", ""] {
        let doc = format!(
            "\u{feff}\n  <?xml version=\"1.0\"?><rss{version}><channel><title>V</title><item><title>It</title><guid>1</guid></item></channel></rss>"
        );
        let feed = parse_feed(doc.as_bytes(), "https://v.example/").unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(feed.title.as_deref(), Some("V"), "{version}");
        assert_eq!(titles(&feed), ["It"]);
    }
}

#[test]
fn garbage_and_truncated_input_fail_cleanly() {
    let rss = fixture("rss.xml");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("whitespace", b"  \n\t ".to_vec()),
        ("binary", (0u8..=255).cycle().take(4096).collect()),
        ("html page", b"<!DOCTYPE html><html><head><title>Hi</title></head><body>page</body></html>".to_vec()),
        ("truncated json", b"{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":".to_vec()),
        ("plain text", b"just some words".to_vec()),
        ("opml", b"<?xml version=\"1.0\"?><opml version=\"2.0\"><body/></opml>".to_vec()),
    ];
    for (name, bytes) in cases {
        let err = parse_feed(&bytes, "https://g.example/").expect_err(name).to_string();
        assert!(err.starts_with("not a feed: "), "{name}: {err}");
        assert!(!err.contains('\n') && err.len() < 200, "{name}: one short line, got {err:?}");
    }
    let html = parse_feed(b"<!doctype html><html></html>", "https://g.example/").unwrap_err();
    assert_eq!(html.to_string(), "not a feed: got an HTML page");
    // Every prefix of a real feed either parses or fails; none panics.
    for cut in (0..rss.len()).step_by(7) {
        let _ = parse_feed(&rss[..cut], "https://g.example/");
    }
    let truncated = &rss[..rss.len() / 2];
    // Half an RSS document keeps only the items that were complete (see parse_recovery.rs).
    let whole = parse_feed(&rss, "https://g.example/").expect("fixture").items.len();
    let half = parse_feed(truncated, "https://g.example/").map_or(0, |f| f.items.len());
    assert!(half < whole, "half an RSS document: {half} of {whole} items");
}

#[test]
fn mutated_fixtures_never_panic() {
    // A fixed-seed xorshift: the same cases on every run, no extra crate.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let specials: &[&[u8]] = &[b"<", b">", b"&", b"\"", b"]]>", b"\x1b[", b"\xff", b"\0", b"{", b"<!--", b"&#x0;"];
    let (mut parsed, mut refused) = (0, 0);
    for name in ["rss.xml", "atom.xml", "json.json", "seed.xml"] {
        let original = fixture(name);
        for _ in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..(next() % 4 + 1) {
                let at = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => bytes[at] = next() as u8,
                    1 => {
                        let end = (at + (next() as usize) % 64).min(bytes.len());
                        bytes.drain(at..end);
                    }
                    _ => {
                        let insert = specials[(next() as usize) % specials.len()];
                        bytes.splice(at..at, insert.iter().copied());
                    }
                }
                if bytes.is_empty() {
                    break;
                }
            }
            match parse_feed(&bytes, "https://m.example/feed") {
                Ok(feed) => {
                    parsed += 1;
                    for item in &feed.items {
                        assert!(!item.guid.is_empty() && !item.title.is_empty(), "{name}: {item:?}");
                        assert!(!item.title.chars().any(char::is_control), "{name}: {:?}", item.title);
                    }
                }
                // A mutant that is no feed any more says so on one short, clean line.
                Err(e) => {
                    refused += 1;
                    let err = e.to_string();
                    assert!(err.starts_with("not a feed: ") && err.len() > "not a feed: ".len(), "{name}: {err:?}");
                    assert!(err.len() < 200 && !err.chars().any(char::is_control), "{name}: {err:?}");
                }
            }
        }
    }
    // Both answers were exercised: most mutants still parse (recovery), some cannot.
    assert!(parsed > refused && refused > 0, "{parsed} parsed, {refused} refused");
}

#[test]
fn enclosures_base_and_html_titles() {
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Pod</title>
        <item><title>Episode &amp;amp; &lt;b&gt;notes&lt;/b&gt;</title><link>https://pod.example/1</link>
        <enclosure url="https://cdn.example/1.mp3" length="24300000" type="audio/mpeg"/></item></channel></rss>"#;
    let item = &parse_ok(rss.as_bytes(), "https://pod.example/feed").items[0];
    assert_eq!(item.title, "Episode & notes", "double-encoded entities decoded, tags dropped");
    assert_eq!(item.enclosures.len(), 1);
    assert_eq!(item.enclosures[0].url, "https://cdn.example/1.mp3");
    assert_eq!(item.enclosures[0].mime.as_deref(), Some("audio/mpeg"));
    assert_eq!(item.enclosures[0].length, Some(24_300_000));

    let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
        <entry><id>1</id><title type="html">&lt;em&gt;Hi&lt;/em&gt; there</title>
        <link href="https://a.example/1"/><link rel="enclosure" href="v.mp4" type="video/mp4" length="99"/>
        <content type="html" xml:base="https://other.example/posts/">&lt;img src="x.png"&gt;</content></entry></feed>"#;
    let item = &parse_ok(atom.as_bytes(), "https://a.example/feed").items[0];
    assert_eq!(item.title, "Hi there");
    assert_eq!(item.base.as_deref(), Some("https://other.example/posts/"));
    // The content's xml:base does not reach the entry's links.
    assert_eq!(item.enclosures[0].url, "https://a.example/v.mp4");
    assert_eq!(item.enclosures[0].length, Some(99));
}
