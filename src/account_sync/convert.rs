//! What a server says, made into what the store keeps: every string
//! sanitised and bounded, links absolute http(s), titles one line, ids of a
//! sane size (a server's answer is hostile input like a feed's).

use std::collections::HashMap;

use url::Url;

use crate::html_text::one_line;
use crate::model::{Enclosure, ParsedItem, RemoteFeedRow, RemoteItemRow};
use crate::sanitize;
use crate::sync::{FolderId, RemoteFeed, RemoteFolder, RemoteItem};

/// Longest id of an item or a feed on a server that is taken.
const MAX_ID: usize = 256;
/// Longest title kept, in characters.
const MAX_TITLE: usize = 1000;

fn sane_id(id: &str) -> Option<String> {
    let id = sanitize::line(id);
    (!id.is_empty() && id.len() <= MAX_ID).then_some(id)
}

fn web_url(raw: &str) -> Option<String> {
    let url = Url::parse(sanitize::line(raw).as_str()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

fn bounded(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => text[..cut].to_owned(),
        None => text,
    }
}

/// An item as the store takes it; None when its ids are unusable.
pub(super) fn item(remote: RemoteItem) -> Option<RemoteItemRow> {
    let remote_id = sane_id(remote.id.as_str())?;
    let remote_feed = sane_id(remote.feed.as_str())?;
    let title = bounded(one_line(&remote.title), MAX_TITLE);
    let content = Some(sanitize::text(&remote.content)).filter(|c| !c.trim().is_empty());
    let enclosures = remote
        .enclosures
        .into_iter()
        .filter_map(|e| {
            let mime = e.mime.map(|m| sanitize::line(&m)).filter(|m| !m.is_empty());
            Some(Enclosure { url: web_url(&e.url)?, mime, length: e.length })
        })
        .collect();
    let item = ParsedItem {
        guid: remote_id.clone(),
        title: if title.is_empty() { "(untitled)".to_owned() } else { title },
        link: remote.url.as_deref().and_then(web_url),
        author: remote.author.as_deref().map(one_line).filter(|a| !a.is_empty()),
        published: remote.published.filter(|p| *p > 0),
        content,
        base: None,
        enclosures,
    };
    Some(RemoteItemRow { remote_id, remote_feed, item, read: remote.read, starred: remote.starred })
}

/// The subscriptions with their folders' names as tags, and the account's tag.
pub(super) fn feeds(remote: Vec<RemoteFeed>, folders: &[RemoteFolder], tag: Option<&str>) -> Vec<RemoteFeedRow> {
    let names: HashMap<&FolderId, &str> = folders.iter().map(|f| (&f.id, f.name.as_str())).collect();
    remote
        .into_iter()
        .filter_map(|feed| {
            let remote_id = sane_id(feed.id.as_str())?;
            let mut tags: Vec<String> = feed
                .folders
                .iter()
                .filter_map(|f| names.get(f).copied().map(str::to_owned).or_else(|| label_name(f)))
                .map(|name| one_line(&name))
                .filter(|name| !name.is_empty())
                .collect();
            tags.extend(tag.map(str::to_owned));
            tags.dedup();
            Some(RemoteFeedRow {
                remote_id,
                title: bounded(one_line(&feed.title), MAX_TITLE),
                url: sanitize::line(&feed.url),
                site_url: feed.site_url.as_deref().and_then(web_url),
                tags,
            })
        })
        .collect()
}

/// A GReader folder's name from its id (`user/-/label/Tech`).
fn label_name(folder: &FolderId) -> Option<String> {
    folder.as_str().rsplit_once("/label/").map(|(_, name)| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{FeedId, ItemId};

    #[test]
    fn server_text_is_made_safe() {
        let remote = RemoteItem {
            id: ItemId::from("42"),
            feed: FeedId::from("feed/3"),
            title: "Hello \u{1b}[31m<b>world</b> &amp; more".into(),
            url: Some("javascript:alert(1)".into()),
            author: Some("\u{202e}evil".into()),
            content: "<p>ok\u{1b}]0;title\u{7}</p>".into(),
            published: Some(0),
            read: true,
            starred: false,
            enclosures: vec![],
        };
        let row = item(remote).unwrap();
        assert_eq!(row.item.title, "Hello world & more");
        assert_eq!(row.item.link, None);
        assert_eq!(row.item.author.as_deref(), Some("evil"));
        assert!(!row.item.content.unwrap().contains('\u{1b}'));
        assert_eq!((row.item.guid.as_str(), row.remote_feed.as_str(), row.item.published), ("42", "feed/3", None));
        let long = RemoteItem { id: ItemId("9".repeat(300)), ..item_stub() };
        assert!(item(long).is_none());
    }

    fn item_stub() -> RemoteItem {
        RemoteItem {
            id: ItemId::from("1"),
            feed: FeedId::from("1"),
            title: String::new(),
            url: None,
            author: None,
            content: String::new(),
            published: None,
            read: false,
            starred: false,
            enclosures: vec![],
        }
    }

    #[test]
    fn folders_become_tags() {
        let feed = RemoteFeed {
            id: FeedId::from("feed/1"),
            title: "Alpha".into(),
            url: "https://a.example/feed".into(),
            site_url: None,
            folders: vec![FolderId::from("user/-/label/Tech"), FolderId::from("7")],
        };
        let folders = [RemoteFolder { id: FolderId::from("7"), name: "Monde".into() }];
        let rows = feeds(vec![feed], &folders, Some("home"));
        assert_eq!(rows[0].tags, ["Tech", "Monde", "home"]);
    }
}
