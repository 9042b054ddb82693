//! GReader answers as the server sends them, and the conversions of ids and
//! cursors.

use serde::Deserialize;

use super::super::http::Reply;
use super::super::json::{lenient_vec, opt_number, opt_text, text};
use super::super::{
    Cursor, FeedId, FolderId, ItemId, RemoteEnclosure, RemoteFeed, RemoteFolder, RemoteItem, SyncError, SyncPoint,
};
use super::{READ, STARRED};

const LONG_PREFIX: &str = "tag:google.com,2005:reader/item/";

/// An item id in any of its forms (decimal, long `tag:google.com,…/<16 hex>`,
/// bare 16 hex) as its number. A value of digits only that does not start
/// with 0 is decimal, as servers read it; negative decimals (Google's signed
/// ids) keep their bits.
pub fn parse_id(id: &str) -> Option<u64> {
    let id = id.trim();
    if let Some(hex) = id.strip_prefix(LONG_PREFIX) {
        return parse_hex(hex);
    }
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && !id.starts_with('0') {
        return id.parse().ok();
    }
    if let Some(negative) = id.strip_prefix('-') {
        return negative.parse::<i64>().ok().map(|n| n.wrapping_neg() as u64);
    }
    parse_hex(id)
}

fn parse_hex(hex: &str) -> Option<u64> {
    if hex.is_empty() || hex.len() > 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(hex, 16).ok()
}

/// The long form of an id (`tag:google.com,2005:reader/item/0006619a1d93cd72`).
pub fn long_id(id: u64) -> String {
    format!("{LONG_PREFIX}{id:016x}")
}

/// The canonical (decimal) form of an id in any form.
fn canonical(id: &str) -> Option<ItemId> {
    parse_id(id).map(|n| ItemId(n.to_string()))
}

#[derive(Deserialize)]
struct IdsAnswer {
    #[serde(default, rename = "itemRefs", deserialize_with = "lenient_vec")]
    refs: Vec<ItemRef>,
    #[serde(default, deserialize_with = "opt_text")]
    continuation: Option<String>,
}

#[derive(Deserialize)]
struct ItemRef {
    #[serde(deserialize_with = "text")]
    id: String,
}

pub(super) struct IdsPage {
    pub ids: Vec<ItemId>,
    pub continuation: Option<String>,
    pub empty: bool,
    /// The newest id's second, where ids are crawl times in microseconds (FreshRSS).
    pub newest_second: i64,
}

pub(super) fn ids_page(reply: &Reply) -> Result<IdsPage, SyncError> {
    let answer: IdsAnswer = reply.json("stream/items/ids")?;
    let ids: Vec<ItemId> = answer.refs.iter().filter_map(|r| canonical(&r.id)).collect();
    let newest = ids.iter().filter_map(|id| id.0.parse::<u64>().ok()).max().unwrap_or(0);
    // A microsecond clock after 2001 has 16 digits; other servers count from 1.
    let newest_second = if newest >= 1_000_000_000_000_000 { (newest / 1_000_000) as i64 } else { 0 };
    Ok(IdsPage { empty: answer.refs.is_empty(), ids, continuation: answer.continuation, newest_second })
}

#[derive(Deserialize)]
struct ContentsAnswer {
    #[serde(default, deserialize_with = "lenient_vec")]
    items: Vec<Item>,
    #[serde(default, deserialize_with = "opt_text")]
    continuation: Option<String>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(default, rename = "crawlTimeMsec", deserialize_with = "opt_number")]
    crawl_ms: Option<i64>,
    #[serde(default, deserialize_with = "opt_number")]
    published: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    title: String,
    #[serde(default, deserialize_with = "lenient_vec")]
    canonical: Vec<Link>,
    #[serde(default, deserialize_with = "lenient_vec")]
    alternate: Vec<Link>,
    #[serde(default, deserialize_with = "lenient_vec")]
    categories: Vec<String>,
    #[serde(default)]
    origin: Option<Origin>,
    #[serde(default)]
    summary: Option<Body>,
    #[serde(default)]
    content: Option<Body>,
    #[serde(default, deserialize_with = "opt_text")]
    author: Option<String>,
    #[serde(default, deserialize_with = "lenient_vec")]
    enclosure: Vec<Enclosure>,
}

#[derive(Deserialize)]
struct Link {
    #[serde(deserialize_with = "text")]
    href: String,
}

#[derive(Deserialize)]
struct Origin {
    #[serde(default, rename = "streamId", deserialize_with = "text")]
    stream_id: String,
}

#[derive(Deserialize)]
struct Body {
    #[serde(default, deserialize_with = "text")]
    content: String,
}

#[derive(Deserialize)]
struct Enclosure {
    #[serde(deserialize_with = "text")]
    href: String,
    #[serde(default, rename = "type", deserialize_with = "opt_text")]
    mime: Option<String>,
    #[serde(default, deserialize_with = "opt_number")]
    length: Option<i64>,
}

pub(super) struct ContentsPage {
    pub items: Vec<RemoteItem>,
    pub continuation: Option<String>,
    pub newest_second: i64,
}

pub(super) fn contents(reply: &Reply) -> Result<ContentsPage, SyncError> {
    let answer: ContentsAnswer = reply.json("stream contents")?;
    let newest_ms = answer.items.iter().filter_map(|i| i.crawl_ms).max().unwrap_or(0);
    let items = answer.items.into_iter().filter_map(item).collect();
    Ok(ContentsPage { items, continuation: answer.continuation, newest_second: newest_ms.max(0) / 1000 })
}

fn item(raw: Item) -> Option<RemoteItem> {
    let id = canonical(&raw.id)?;
    // `user/-/state/…`, or with the user's number in place of `-`.
    let has = |tag: &str| {
        let suffix = &tag["user/-".len()..];
        raw.categories.iter().any(|c| c.starts_with("user/") && c.ends_with(suffix))
    };
    let (read, starred) = (has(READ), has(STARRED));
    let url = raw.canonical.into_iter().chain(raw.alternate).map(|l| l.href).find(|h| !h.is_empty());
    let content = raw.content.or(raw.summary).map(|b| b.content).unwrap_or_default();
    let enclosures = raw
        .enclosure
        .into_iter()
        .filter(|e| !e.href.is_empty())
        .map(|e| RemoteEnclosure { url: e.href, mime: e.mime, length: e.length.and_then(|n| u64::try_from(n).ok()) })
        .collect();
    Some(RemoteItem {
        id,
        feed: FeedId(raw.origin.map(|o| o.stream_id).unwrap_or_default()),
        title: raw.title,
        url,
        author: raw.author,
        content,
        published: raw.published,
        read,
        starred,
        enclosures,
    })
}

#[derive(Deserialize)]
struct SubscriptionList {
    #[serde(default, deserialize_with = "lenient_vec")]
    subscriptions: Vec<Subscription>,
}

#[derive(Deserialize)]
struct Subscription {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(default, deserialize_with = "text")]
    title: String,
    #[serde(default, deserialize_with = "text")]
    url: String,
    #[serde(default, rename = "htmlUrl", deserialize_with = "opt_text")]
    html_url: Option<String>,
    #[serde(default, deserialize_with = "lenient_vec")]
    categories: Vec<Category>,
}

#[derive(Deserialize)]
struct Category {
    #[serde(deserialize_with = "text")]
    id: String,
}

pub(super) fn feeds(reply: &Reply) -> Result<Vec<RemoteFeed>, SyncError> {
    let list: SubscriptionList = reply.json("subscription/list")?;
    Ok(list
        .subscriptions
        .into_iter()
        .filter(|s| !s.id.is_empty())
        .map(|s| {
            // Inoreader-style servers leave `url` out; the id then holds it.
            let url = if s.url.is_empty() { s.id.strip_prefix("feed/").unwrap_or_default().to_owned() } else { s.url };
            RemoteFeed {
                id: FeedId(s.id),
                title: s.title,
                url,
                site_url: s.html_url,
                folders: s.categories.into_iter().map(|c| FolderId(c.id)).filter(is_label).collect(),
            }
        })
        .collect())
}

#[derive(Deserialize)]
struct TagList {
    #[serde(default, deserialize_with = "lenient_vec")]
    tags: Vec<Tag>,
}

#[derive(Deserialize)]
struct Tag {
    #[serde(deserialize_with = "text")]
    id: String,
    #[serde(default, rename = "type", deserialize_with = "opt_text")]
    kind: Option<String>,
}

fn is_label(folder: &FolderId) -> bool {
    folder.0.contains("/label/")
}

/// Folders of `tag/list`: labels that are not plain user tags.
pub(super) fn folders(reply: &Reply) -> Result<Vec<RemoteFolder>, SyncError> {
    let list: TagList = reply.json("tag/list")?;
    Ok(list
        .tags
        .into_iter()
        .filter(|t| t.kind.as_deref() != Some("tag"))
        .map(|t| FolderId(t.id))
        .filter(is_label)
        .map(|id| {
            let name = id.0.rsplit_once("/label/").map(|(_, name)| name.to_owned()).unwrap_or_default();
            RemoteFolder { id, name }
        })
        .collect())
}

#[derive(Deserialize)]
struct QuickAdd {
    #[serde(default, rename = "numResults", deserialize_with = "opt_number")]
    results: Option<i64>,
    #[serde(default, rename = "streamId", deserialize_with = "opt_text")]
    stream_id: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    error: Option<String>,
}

pub(super) fn quickadd(reply: &Reply) -> Result<FeedId, SyncError> {
    let answer: QuickAdd = reply.json("subscription/quickadd")?;
    match (answer.results, answer.stream_id) {
        (Some(n), Some(id)) if n > 0 => Ok(FeedId(id)),
        _ => Err(SyncError::Refused(super::super::error::excerpt(
            answer.error.as_deref().unwrap_or("the server found no feed at this URL"),
        ))),
    }
}

/// A cursor carries the point reached so far and the server's continuation.
pub(super) fn split_cursor(since: &SyncPoint, cursor: Option<&Cursor>) -> (i64, Option<String>) {
    let start = since.0.parse().unwrap_or(0);
    match cursor.and_then(|c| c.0.split_once(':')) {
        Some((point, c)) => (point.parse().unwrap_or(start), Some(c.to_owned())),
        None => (start, None),
    }
}

pub(super) fn join_cursor(point: i64, continuation: &str) -> Cursor {
    Cursor(format!("{point}:{continuation}"))
}

pub(super) fn point(second: i64, since: &SyncPoint) -> SyncPoint {
    if second > 0 { SyncPoint(second.to_string()) } else { since.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_convert_both_ways() {
        let decimal = 1796164409347442_u64;
        assert_eq!(long_id(decimal), "tag:google.com,2005:reader/item/0006619a1d93cd72");
        assert_eq!(parse_id("tag:google.com,2005:reader/item/0006619a1d93cd72"), Some(decimal));
        assert_eq!(parse_id("1796164409347442"), Some(decimal));
        assert_eq!(parse_id("0006619a1d93cd72"), Some(decimal));
        assert_eq!(parse_id("-1"), Some(u64::MAX));
        for bad in ["", "tag:google.com,2005:reader/item/", "xyz", "tag:google.com,2005:reader/item/00000000000000000"]
        {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
        assert_eq!(parse_id(&long_id(u64::MAX)), Some(u64::MAX));
    }

    #[test]
    fn cursors_keep_the_point() {
        let since = SyncPoint("100".into());
        assert_eq!(split_cursor(&since, None), (100, None));
        let cursor = join_cursor(250, "1796:x");
        assert_eq!(split_cursor(&since, Some(&cursor)), (250, Some("1796:x".into())));
        assert_eq!(point(0, &since), since);
    }
}
