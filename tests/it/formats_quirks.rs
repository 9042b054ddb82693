//! What the formats allow and feeds do, read as their publishers meant it
//! (fixtures in `tests/fixtures/formats/`): fallback elements for titles,
//! people, dates and links; text constructs with markup, base64 and odd
//! types; character references; and never an empty feed without a word.

use crate::common::formats::{Expect, URL, check, each, instant, titles};
use tidings::parse::{NO_TITLE, parse_feed};

#[test]
fn dublin_core_gives_titles_people_and_dates() {
    let feed = check(&Expect {
        file: "fallback-dublin-core.xml",
        title: Some("Dublin Core Only"),
        items: 4,
        first_title: "Title from dc:title",
        link: Some("https://dc.example/1"),
        author: Some("Dora Creator"),
        date: Some("2023-04-05T06:07:08Z"),
    });
    assert_eq!(feed.items[1].author.as_deref(), Some("Dan Author"), "dc:author");
    let dates = each(&feed, |i| i.published);
    let want = ["2023-04-05T06:07:08Z", "2023-04-04T00:00:00Z", "2023-04-03T08:00:00Z", "2023-04-02T12:00:00Z"];
    assert_eq!(dates, want.map(|d| Some(instant(d))), "dc:date, dcterms:issued, dcterms:modified, pubDate first");
    assert_eq!(feed.details.author.as_deref(), Some("The DC Desk"));
    assert_eq!(feed.details.language.as_deref(), Some("de"));
}

#[test]
fn people_are_read_in_every_form() {
    let feed = check(&Expect {
        file: "fallback-authors.xml",
        title: Some("People"),
        items: 7,
        first_title: "Email then name",
        link: Some("https://people.example/1"),
        author: Some("Ruth Barnes"),
        date: Some("2024-06-10T09:00:00Z"),
    });
    let authors = each(&feed, |i| i.author.as_deref());
    let want = [
        "Ruth Barnes",
        "Sam Okafor",
        "noname@people.example",
        "Ines Creator",
        "Pod Caster",
        "Atom Person",
        "Rael Dornfest",
    ];
    assert_eq!(authors, want.map(Some));
    assert_eq!(feed.details.author.as_deref(), Some("The Podcast People"), "itunes:author of the channel");
}

#[test]
fn links_come_from_permalink_guids_and_atom_links() {
    let feed = check(&Expect {
        file: "fallback-links.xml",
        title: Some("Where Links Hide"),
        items: 5,
        first_title: "Permalink guid",
        link: Some("https://links.example/posts/permalink"),
        author: None,
        date: Some("2024-06-11T09:00:00Z"),
    });
    let links = each(&feed, |i| i.link.as_deref());
    let want = [
        Some("https://links.example/posts/permalink"),
        Some("https://links.example/posts/said-so"),
        None, // isPermaLink="false"
        Some("https://links.example/posts/atom-link"),
        None, // a comments page is not the item's
    ];
    assert_eq!(links, want);
    assert_eq!(feed.site_url.as_deref(), Some("https://links.example/"), "the Atom alternate link, not self");
    assert_eq!(feed.items[2].guid, "https://links.example/internal/77", "still the guid");
}

#[test]
fn atom_links_without_rel_and_against_xml_base() {
    let feed = check(&Expect {
        file: "fallback-atom-links.xml",
        title: Some("Atom Links"),
        items: 2,
        first_title: "No rel at all",
        link: Some("https://atomlinks.example/blog/1"),
        author: Some("Link Keeper"),
        date: Some("2024-06-13T00:00:00Z"),
    });
    assert_eq!(feed.items[1].link.as_deref(), Some("https://elsewhere.example/2"), "the only link, whatever its rel");
    assert_eq!(feed.site_url.as_deref(), Some("https://atomlinks.example/blog/"));
}

#[test]
fn media_titles_stand_in_for_missing_titles() {
    let feed = check(&Expect {
        file: "fallback-media-title.xml",
        title: Some("Video Channel"),
        items: 2,
        first_title: "Title from media:title",
        link: Some("https://video.example/watch/1"),
        author: None,
        date: Some("2024-06-12T18:00:00Z"),
    });
    assert_eq!(feed.items[1].title, "Title from media:group");
    assert_eq!(feed.items[1].content.as_deref(), Some("Second video."));
    let first = &feed.items[0].enclosures[0];
    assert_eq!(
        (first.url.as_str(), first.mime.as_deref(), first.length),
        ("https://cdn.video.example/1.mp4", Some("video/mp4"), Some(1000))
    );
}

#[test]
fn titles_with_markup_read_as_their_text() {
    let feed = check(&Expect {
        file: "text-markup-in-titles.xml",
        title: Some("Markup in titles"),
        items: 4,
        first_title: "Example test",
        link: Some("https://markup.example/1"),
        author: Some("Mia Markup"),
        date: Some("2024-06-13T10:00:00Z"),
    });
    assert_eq!(
        titles(&feed),
        ["Example test", "Escaped markup here", "CDATA with markup & an ampersand", "Fish & chips – twice escaped"]
    );
    assert_eq!(feed.items[0].content.as_deref(), Some("Naked <em>markup</em> in the description too."));
}

#[test]
fn atom_text_constructs_of_every_type_keep_their_text() {
    let feed = check(&Expect {
        file: "text-atom-constructs.xml",
        title: Some("Text constructs"),
        items: 6,
        first_title: "An XHTML title",
        link: Some("https://constructs.example/1"),
        author: Some("Xavier Html"),
        date: Some("2024-06-14T00:00:00Z"),
    });
    assert_eq!(
        titles(&feed),
        [
            "An XHTML title",
            "A text title with naked markup",
            "Base64 of a non-text type",
            "An unknown title type",
            "Content elsewhere",
            "Binary content"
        ]
    );
    let bodies = each(&feed, |i| i.content.as_deref());
    let want = [
        "<p>Body <a href=\"/x\">link</a><br>next line</p>",
        "Plain & simple.",
        "Decoded text",
        "Kept as text.",
        "The summary stands in.",
        "An image was the content.",
    ];
    assert_eq!(bodies, want.map(Some));
}

#[test]
fn hexadecimal_references_in_either_case_are_read() {
    let feed = check(&Expect {
        file: "references-hexadecimal.xml",
        title: Some("Tom & Jerry's & more"),
        items: 1,
        first_title: "Café — déjà vu",
        link: Some("https://hex.example/cafe?x=1&y=2"),
        author: Some("Zoë Hex"),
        date: Some("2024-06-14T08:00:00Z"),
    });
    assert_eq!(feed.site_url.as_deref(), Some("https://hex.example/?a=1&b=2"));
}

#[test]
fn references_to_128_to_159_read_as_browsers_show_them() {
    let feed = check(&Expect {
        file: "references-windows-1252.xml",
        title: Some("Word’s Quotes"),
        items: 1,
        first_title: "It’s “smart” – and more…",
        link: Some("https://word.example/smart"),
        author: Some("Régis Šimon"),
        date: Some("2024-06-15T08:00:00Z"),
    });
    assert_eq!(feed.items[0].content.as_deref(), Some("€5, €5 and ™ ™"));
}

#[test]
fn items_that_cannot_be_read_are_said_never_silently_dropped() {
    let empty = check(&Expect {
        file: "never-silent-unknown-place.xml",
        title: Some("Items in a wrapper"),
        items: 0,
        first_title: "",
        link: None,
        author: None,
        date: None,
    });
    let warning = empty.warning.expect("a warning");
    assert!(warning.starts_with("no items read: the document has 2 <item> elements inside <items>"), "{warning}");
    let partial = check(&Expect {
        file: "never-silent-some-unread.xml",
        title: Some("Half wrapped"),
        items: 1,
        first_title: "Where it belongs",
        link: Some("https://halfwrapped.example/0"),
        author: None,
        date: None,
    });
    assert_eq!(
        partial.warning.as_deref(),
        Some("2 of the document's 3 <item> elements were not read (inside <items>)")
    );
    let foreign = r#"<rss version="2.0"><channel><title>Foreign</title><x:item xmlns:x="https://x.example/ns"><title>t</title></x:item></channel></rss>"#;
    let warning = parse_feed(foreign.as_bytes(), URL).expect("read").warning.expect("a warning");
    assert!(warning.contains("1 <item> elements inside <channel>, in the namespace https://x.example/ns"), "{warning}");
    let unknown =
        parse_feed(b"<catalog><entry><title>t</title></entry></catalog>", URL).expect_err("not a feed").to_string();
    assert_eq!(
        unknown,
        "not a feed: no RSS, Atom or JSON Feed document found (the root element is <catalog>, with 1 <entry> in it)"
    );
}

#[test]
fn a_feed_without_a_title_says_so() {
    let feed = check(&Expect {
        file: "never-silent-no-title.xml",
        title: None,
        items: 1,
        first_title: "Untitled feed, titled entry",
        link: Some("https://notitle.example/1"),
        author: None,
        date: Some("2024-06-16T00:00:00Z"),
    });
    assert_eq!(feed.warning.as_deref(), Some(NO_TITLE));
}

#[test]
fn deep_nesting_costs_no_stack() {
    let depth = 50_000;
    let media = format!(
        r#"<rss><channel><title>t</title><item><title>x</title><media:group xmlns:media="http://search.yahoo.com/mrss/">{}{}</media:group></item></channel></rss>"#,
        "<media:group>".repeat(depth),
        "</media:group>".repeat(depth)
    );
    assert_eq!(parse_feed(media.as_bytes(), URL).expect("read").items.len(), 1);
    let multipart = format!(
        r#"<feed xmlns="http://purl.org/atom/ns#"><title>t</title><entry><id>1</id><content type="multipart/alternative">{}{}</content></entry></feed>"#,
        r#"<content type="multipart/alternative">"#.repeat(depth),
        "</content>".repeat(depth)
    );
    assert_eq!(parse_feed(multipart.as_bytes(), URL).expect("read").items.len(), 1);
    let title =
        format!("<rss><channel><title>{}deep{}</title></channel></rss>", "<b>".repeat(depth), "</b>".repeat(depth));
    assert_eq!(parse_feed(title.as_bytes(), URL).expect("read").title.as_deref(), Some("deep"));
}

#[test]
fn a_feed_behind_a_servers_warning_is_read_whole() {
    let feed = check(&Expect {
        file: "recovery-output-before-document.xml",
        title: Some("Noisy Plugin Blog"),
        items: 1,
        first_title: "Read despite the warning",
        link: Some("https://noisy.example/2024/06/read"),
        author: Some("Wendy Press"),
        date: Some("2024-06-17T07:00:00Z"),
    });
    assert_eq!(feed.warning, None, "nothing of the feed was lost");
    let page = b"<!DOCTYPE html><html><head><title>Blog</title></head><body><p>feed</p></body></html>";
    assert_eq!(parse_feed(page, URL).expect_err("a page").to_string(), "not a feed: got an HTML page");
}
