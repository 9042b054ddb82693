//! JSON Feed 1.0 and 1.1, read leniently: the version written any way, no
//! title, numeric ids, `author` (1.0) or `authors` (1.1), `content_html`
//! before `content_text`, `date_modified` when `date_published` is missing.

use serde_json::{Map, Value};

use super::dates;
use super::raw::{RawEntry, RawFeed, non_empty, person};
use crate::model::{Enclosure, FeedDetails};

pub(crate) enum JsonError {
    Malformed(String),
    Version(String),
    NotAFeed,
}

pub(crate) fn read(body: &[u8]) -> Result<RawFeed, JsonError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| JsonError::Malformed(e.to_string()))?;
    let feed = value.as_object().ok_or(JsonError::NotAFeed)?;
    check_version(feed)?;
    let author = author(feed);
    let item_author = author.clone();
    let items = feed.get("items").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let entries: Vec<RawEntry> =
        items.iter().filter_map(Value::as_object).map(|item| entry(item, item_author.as_deref())).collect();
    let skipped = items.len() - entries.len();
    Ok(RawFeed {
        title: string(feed, "title"),
        site: string(feed, "home_page_url"),
        details: FeedDetails {
            description: string(feed, "description"),
            language: string(feed, "language"),
            icon: string(feed, "favicon"),
            logo: string(feed, "icon"),
            author,
            generator: None,
        },
        not_understood: (skipped > 0).then(|| format!("{skipped} of the {} items are not JSON objects", items.len())),
        entries,
        ..RawFeed::default()
    })
}

/// JSON Feed 1 or 1.1, however the version is written; without one, a
/// document with an `items` list is read as the latest.
fn check_version(feed: &Map<String, Value>) -> Result<(), JsonError> {
    match feed.get("version") {
        Some(Value::String(v)) => {
            let v = v.trim().to_ascii_lowercase();
            let known = ["1", "1.0", "1.1"].contains(&v.as_str())
                || (v.contains("jsonfeed.org/version/") && (v.ends_with("/1") || v.ends_with("/1.1")));
            if known { Ok(()) } else { Err(JsonError::Version(v)) }
        }
        Some(Value::Number(n)) if matches!(n.as_f64(), Some(1.0 | 1.1)) => Ok(()),
        _ if feed.get("items").is_some_and(Value::is_array) => Ok(()),
        _ => Err(JsonError::NotAFeed),
    }
}

fn string(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).and_then(non_empty)
}

/// The first named author of `author` (1.0) and `authors` (1.1).
fn author(object: &Map<String, Value>) -> Option<String> {
    let authors = object.get("authors").and_then(Value::as_array).into_iter().flatten();
    object.get("author").into_iter().chain(authors).find_map(|a| match a {
        Value::Object(a) => string(a, "name").and_then(|n| person(&n)),
        Value::String(name) => person(name),
        _ => None,
    })
}

fn entry(item: &Map<String, Value>, feed_author: Option<&str>) -> RawEntry {
    // Ids written as numbers are the same ids as strings.
    let id = match item.get("id") {
        Some(Value::String(id)) => id.clone(),
        Some(id @ (Value::Number(_) | Value::Bool(_))) => id.to_string(),
        _ => String::new(),
    };
    let attachments: Vec<&Map<String, Value>> =
        item.get("attachments").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object).collect();
    let link = string(item, "url").or_else(|| string(item, "external_url"));
    let date = |key| string(item, key).and_then(|d| dates::parse(&d));
    RawEntry {
        id,
        title: string(item, "title"),
        identity_link: link.clone().or_else(|| attachments.iter().find_map(|a| string(a, "url"))),
        link,
        published: date("date_published"),
        updated: date("date_modified"),
        author: author(item).or_else(|| feed_author.map(str::to_owned)),
        content: string(item, "content_html").or_else(|| string(item, "content_text")),
        summary: string(item, "summary"),
        enclosures: attachments
            .iter()
            .filter_map(|a| {
                let length = a.get("size_in_bytes").and_then(Value::as_u64);
                Some(Enclosure { url: string(a, "url")?, mime: string(a, "mime_type"), length })
            })
            .collect(),
        ..RawEntry::default()
    }
}
