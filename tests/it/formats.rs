//! Every version of every format, from fixtures written after the
//! specifications (`tests/fixtures/formats/`): RSS 0.90, 0.91 (Netscape and
//! Userland), 0.92, 1.0, 2.0 and its namespace and structure variants;
//! Atom 0.3 and 1.0; JSON Feed 1.0 and 1.1. Each is read with its title,
//! items, and the first item's title, link, author and date; what the feed
//! says about itself is kept.

use crate::common::formats::{Expect, check, each, instant};
use tidings::parse::NO_TITLE;

#[test]
fn rss_0_90_is_read() {
    let feed = check(&Expect {
        file: "rss-0.90.xml",
        title: Some("Mozilla Dot Org"),
        items: 5,
        first_title: "New Status Updates",
        link: Some("http://www.mozilla.org/status/"),
        author: None,
        date: None,
    });
    assert_eq!(feed.site_url.as_deref(), Some("http://www.mozilla.org/"));
    assert_eq!(feed.details.description.as_deref(), Some("the Mozilla Organization web site"));
    assert_eq!(
        feed.details.logo.as_deref(),
        Some("http://www.mozilla.org/images/moz.gif"),
        "the image beside the channel"
    );
    assert_eq!(feed.warning, None);
}

#[test]
fn rss_0_91_netscape_and_userland_are_read() {
    let netscape = check(&Expect {
        file: "rss-0.91-netscape.xml",
        title: Some("WriteTheWeb"),
        items: 3,
        first_title: "Giving the world a pluggable Gnutella",
        link: Some("http://writetheweb.com/read.php?item=24"),
        author: None,
        date: None,
    });
    assert_eq!(netscape.details.language.as_deref(), Some("en-us"));
    assert_eq!(netscape.details.author.as_deref(), Some("editor@writetheweb.com"));
    assert_eq!(netscape.details.logo.as_deref(), Some("http://writetheweb.com/images/mynetscape88.gif"));
    let userland = check(&Expect {
        file: "rss-0.91-userland.xml",
        title: Some("Scripting News"),
        items: 2,
        first_title: "Joshua Allen: Who loves namespaces?",
        link: Some("http://www.netcrucible.com/blog/2002/09/29.html#a243"),
        author: None,
        date: None,
    });
    assert_eq!(userland.details.author.as_deref(), Some("Dave Winer"), "managingEditor in its email (Name) form");
    assert_eq!(userland.items[1].content.as_deref(), Some("Simplicity wins."));
}

#[test]
fn rss_0_92_items_may_be_only_a_description() {
    let feed = check(&Expect {
        file: "rss-0.92.xml",
        title: Some("Dave Winer: Grateful Dead"),
        items: 2,
        first_title: "It's been a few days since I added a song to the Grateful Dead channel. Now that…",
        link: None,
        author: None,
        date: None,
    });
    let first = &feed.items[0];
    assert!(first.guid.starts_with("sha256:"), "no guid, no link: {}", first.guid);
    assert_eq!(first.enclosures[0].url, "http://www.scripting.com/mp3s/weatherReportDicksPicsVol7.mp3");
    assert_eq!(
        (first.enclosures[0].mime.as_deref(), first.enclosures[0].length),
        (Some("audio/mpeg"), Some(6_182_912))
    );
    assert_eq!(feed.items[1].title, "Dick's Picks");
}

#[test]
fn rss_1_0_is_read_with_its_modules() {
    let feed = check(&Expect {
        file: "rss-1.0.xml",
        title: Some("Meerkat"),
        items: 2,
        first_title: "XML: A Disruptive Technology",
        link: Some("http://c.moreover.com/click/here.pl?r123"),
        author: Some("Simon St.Laurent"),
        date: Some("2000-01-01T12:00:00Z"),
    });
    assert!(feed.items[0].content.as_deref().is_some_and(|c| c.starts_with("XML is placing")), "dc:description");
    let second = &feed.items[1];
    assert_eq!(second.link.as_deref(), Some("http://c.moreover.com/click/here.pl?r124"), "rdf:about, no <link>");
    assert_eq!((second.author.as_deref(), second.published), (Some("Jane Doe"), Some(instant("2000-01-02T00:00:00Z"))));
    assert_eq!(feed.details.language.as_deref(), Some("en"));
    assert_eq!(feed.details.author.as_deref(), Some("Rael Dornfest"));
    assert_eq!(feed.details.logo.as_deref(), Some("http://meerkat.oreillynet.com/icons/meerkat-powered.jpg"));
    assert_eq!(feed.interval_hint, Some(1800), "sy:updatePeriod hourly, twice");
}

#[test]
fn rss_1_0_without_a_channel_title_and_with_items_inside_the_channel() {
    let feed = check(&Expect {
        file: "rss-1.0-channel-without-title.xml",
        title: Some("Field Notes"),
        items: 3,
        first_title: "A heron at dawn",
        link: Some("https://notes.example/2024/05/heron"),
        author: Some("Ana Lima"),
        date: Some("2024-05-12T04:10:00Z"),
    });
    assert_eq!(each(&feed, |i| i.title.as_str()), ["A heron at dawn", "Otters again", "The kingfisher"]);
}

#[test]
fn rss_2_0_is_read() {
    let feed = check(&Expect {
        file: "rss-2.0.xml",
        title: Some("Liftoff News"),
        items: 4,
        first_title: "Star City",
        link: Some("http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp"),
        author: Some("John Doe"),
        date: Some("2003-06-03T09:39:21Z"),
    });
    assert_eq!(feed.items[0].guid, "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573");
    let untitled = &feed.items[1];
    assert!(
        untitled.title.starts_with("Sky watchers in Europe") && untitled.title.ends_with('…'),
        "{}",
        untitled.title
    );
    assert_eq!(
        untitled.link.as_deref(),
        Some("http://liftoff.msfc.nasa.gov/2003/05/30.html#item572"),
        "permalink guid"
    );
    assert_eq!(feed.items[2].enclosures[0].url, "http://liftoff.msfc.nasa.gov/media/vasimr.mp3");
    assert_eq!(feed.items[3].guid, "laundry-2003-05-20");
    assert_eq!(feed.site_url.as_deref(), Some("http://liftoff.msfc.nasa.gov/"), "not the self link");
    let details = &feed.details;
    assert_eq!(details.description.as_deref(), Some("Liftoff to Space Exploration."));
    assert_eq!(details.language.as_deref(), Some("en-us"));
    assert_eq!(details.generator.as_deref(), Some("Weblog Editor 2.0"));
    assert_eq!(details.author.as_deref(), Some("Neil Editor"));
    assert_eq!(details.logo.as_deref(), Some("http://liftoff.msfc.nasa.gov/news/images/logo.png"));
    assert_eq!(feed.interval_hint, Some(3600), "ttl");
}

#[test]
fn rss_in_a_default_namespace_is_read() {
    check(&Expect {
        file: "rss-2.0-userland-namespace.xml",
        title: Some("Radio Weblog"),
        items: 2,
        first_title: "Outlining is thinking",
        link: Some("http://radio.weblogs.example/0100887/2004/03/01.html#a12"),
        author: Some("Marc Weber"),
        date: Some("2004-03-01T17:05:12Z"),
    });
    check(&Expect {
        file: "rss-default-namespace.xml",
        title: Some("Namespaced News"),
        items: 1,
        first_title: "First namespaced item",
        link: Some("https://ns.example/1"),
        author: Some("News Desk"),
        date: Some("2024-05-15T08:00:00Z"),
    });
}

#[test]
fn rss_without_a_channel_or_with_only_a_channel_is_read() {
    let loose = check(&Expect {
        file: "rss-without-channel.xml",
        title: Some("No Channel Here"),
        items: 2,
        first_title: "Loose item one",
        link: Some("https://nochannel.example/1"),
        author: Some("Kim Park"),
        date: Some("2024-05-16T08:00:00Z"),
    });
    assert_eq!(loose.site_url.as_deref(), Some("https://nochannel.example/"));
    check(&Expect {
        file: "rss-bare-channel.xml",
        title: Some("Bare Channel"),
        items: 1,
        first_title: "Only a channel",
        link: Some("https://bare.example/only"),
        author: Some("Lee Chan"),
        date: Some("2024-05-17T12:30:00Z"),
    });
}

#[test]
fn atom_0_3_is_read_with_its_own_names() {
    let feed = check(&Expect {
        file: "atom-0.3.xml",
        title: Some("dive into mark"),
        items: 3,
        first_title: "Atom 0.3 snapshot",
        link: Some("http://diveintomark.org/2003/12/13/atom03"),
        author: Some("Mark Pilgrim"),
        date: Some("2003-12-13T12:29:29Z"),
    });
    assert_eq!(feed.items[0].content.as_deref(), Some("<p>The <em>Atom 0.3</em> snapshot is out.</p>"), "escaped");
    assert_eq!(feed.items[1].published, Some(instant("2003-12-10T10:00:00Z")), "modified");
    assert_eq!(feed.items[1].author.as_deref(), Some("Guest Writer"));
    assert_eq!(feed.items[1].content.as_deref(), Some("<p>Written <b>inline</b>.</p>"), "xml mode");
    assert_eq!(feed.items[2].published, Some(instant("2003-12-01T09:00:00Z")), "created");
    assert_eq!(feed.items[2].author.as_deref(), Some("Mark Pilgrim"), "the feed's author");
    assert_eq!(feed.items[2].content.as_deref(), Some("<p>Base sixty-four <i>body</i>.</p>"), "base64 mode");
    assert_eq!(feed.site_url.as_deref(), Some("http://diveintomark.org/"));
    let details = &feed.details;
    assert_eq!(details.description.as_deref(), Some("A lot of effort went into making this effortless"), "tagline");
    assert_eq!(details.language.as_deref(), Some("en"));
    assert_eq!(details.generator.as_deref(), Some("Example Toolkit 1.0"));
    assert_eq!(feed.warning, None);
}

#[test]
fn atom_0_3_without_a_namespace_and_in_every_mode_is_read() {
    let old = check(&Expect {
        file: "atom-0.3-without-namespace.xml",
        title: Some("Old Blogger Feed"),
        items: 1,
        first_title: "Hello from 2004",
        link: Some("https://oldblog.example/2004/06/hello.html"),
        author: Some("Pat Smith"),
        date: Some("2004-06-01T10:00:00Z"),
    });
    assert_eq!(old.items[0].base.as_deref(), Some("https://oldblog.example/2004/06/"), "xml:base of the content");
    assert_eq!(old.details.description.as_deref(), Some("A blog from 2004"));
    let modes = check(&Expect {
        file: "atom-0.3-content-modes.xml",
        title: Some("Modes & Types"),
        items: 3,
        first_title: "An inline title",
        link: Some("https://modes.example/xml"),
        author: Some("Mode Tester"),
        date: Some("2004-01-04T00:00:00Z"),
    });
    assert_eq!(each(&modes, |i| i.title.as_str()), ["An inline title", "A base64 title", "Escaped title"]);
    let bodies = each(&modes, |i| i.content.as_deref());
    assert_eq!(
        bodies,
        [Some("<p>Inline <strong>XHTML</strong> body.</p>"), Some("Plain text, encoded."), Some("<p>HTML part.</p>")]
    );
}

#[test]
fn atom_1_0_is_read() {
    let feed = check(&Expect {
        file: "atom-1.0.xml",
        title: Some("dive into mark"),
        items: 2,
        first_title: "Atom draft-07 snapshot",
        link: Some("http://example.org/2005/04/02/atom"),
        author: Some("Mark Pilgrim"),
        date: Some("2003-12-13T12:29:29Z"),
    });
    let first = &feed.items[0];
    assert_eq!(first.content.as_deref().map(str::trim), Some("<p><i>[Update: The Atom draft is finished.]</i></p>"));
    assert_eq!(first.base.as_deref(), Some("http://diveintomark.org/"));
    assert_eq!(
        (first.enclosures[0].url.as_str(), first.enclosures[0].length),
        ("http://example.org/audio/ph34r_my_podcast.mp3", Some(1337))
    );
    let second = &feed.items[1];
    assert_eq!(second.title, "Second entry");
    assert_eq!(second.link.as_deref(), Some("https://fixture.example/2005/08/01/second"), "relative, no rel");
    assert_eq!(second.author.as_deref(), Some("The Example Team"), "the feed's author");
    assert_eq!(second.published, Some(instant("2005-08-01T07:00:00Z")), "updated");
    assert_eq!(feed.site_url.as_deref(), Some("http://example.org/"));
    let details = &feed.details;
    assert_eq!(details.description.as_deref(), Some("A lot of effort went into making this effortless"));
    assert_eq!(details.icon.as_deref(), Some("https://fixture.example/favicon.ico"));
    assert_eq!(details.logo.as_deref(), Some("http://example.org/logo.png"));
    assert_eq!(details.generator.as_deref(), Some("Example Toolkit 1.0"));
    assert_eq!(details.author.as_deref(), Some("The Example Team"));
}

#[test]
fn an_atom_entry_with_a_source_is_read_with_its_author() {
    let feed = check(&Expect {
        file: "atom-1.0-source.xml",
        title: Some("Planet Example"),
        items: 2,
        first_title: "Copied from a member's blog",
        link: Some("https://member.example/2024/03/copied"),
        author: Some("Member Writer"),
        date: Some("2024-03-02T09:00:00Z"),
    });
    assert_eq!(feed.items[1].author.as_deref(), Some("Planet Editor"), "its own author first");
    assert_eq!(feed.site_url.as_deref(), Some("https://planet.example/"), "a link without rel");
}

#[test]
fn json_feed_1_0_is_read() {
    let feed = check(&Expect {
        file: "json-1.0.json",
        title: Some("My Example Feed"),
        items: 2,
        first_title: "Second item",
        link: Some("https://example.org/second-item"),
        author: Some("Brent Simmons"),
        date: Some("2010-02-07T19:04:00Z"),
    });
    let second = &feed.items[1];
    assert_eq!(second.title, "Hello, world!", "no title: the start of the body");
    assert_eq!(second.content.as_deref(), Some("<p>Hello, world!</p>"), "content_html before content_text");
    assert_eq!(second.author.as_deref(), Some("Manton Reece"));
    assert_eq!(feed.site_url.as_deref(), Some("https://example.org/"));
    assert_eq!(feed.details.icon.as_deref(), Some("https://example.org/favicon-64.png"));
    assert_eq!(feed.details.logo.as_deref(), Some("https://example.org/icon-512.png"));
    assert_eq!(feed.details.author.as_deref(), Some("Brent Simmons"));
}

#[test]
fn json_feed_1_1_is_read() {
    let feed = check(&Expect {
        file: "json-1.1.json",
        title: Some("JSON Feed 1.1"),
        items: 2,
        first_title: "Authors is a list now",
        link: Some("https://one-one.example/posts/2"),
        author: Some("Bo Second"),
        date: Some("2021-03-02T08:00:00Z"),
    });
    assert_eq!(feed.items[0].enclosures[0].url, "https://one-one.example/a.mp3");
    assert_eq!(feed.items[1].author.as_deref(), Some("Ada Writer"), "the feed's authors");
    assert_eq!(feed.details.language.as_deref(), Some("en-GB"));
}

#[test]
fn json_feed_without_a_title_and_with_only_date_modified_is_read() {
    let untitled = check(&Expect {
        file: "json-without-title.json",
        title: None,
        items: 1,
        first_title: "A feed with no title",
        link: Some("https://untitled.example/1"),
        author: None,
        date: None,
    });
    assert_eq!(untitled.warning.as_deref(), Some(NO_TITLE), "listed by its address, with a word");
    let modified = check(&Expect {
        file: "json-dates-and-content.json",
        title: Some("Modified Only"),
        items: 2,
        first_title: "Only date_modified",
        link: Some("https://elsewhere.example/story"),
        author: Some("Old Style Author"),
        date: Some("2022-11-05T15:45:00Z"),
    });
    let second = &modified.items[1];
    assert_eq!(second.guid, "42", "a numeric id");
    assert_eq!(second.content.as_deref(), Some("<p>HTML comes first</p>"));
    assert_eq!(second.published, Some(instant("2022-11-04T00:00:00Z")), "published before modified");
}
