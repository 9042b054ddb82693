//! The shapes of Tiny Tiny RSS's answers, read with serde: the envelope
//! (`status`, `content`), headlines, feeds and categories.

use serde::Deserialize;
use serde_json::Value;

use super::super::json::{flag, lenient_vec, loose_u64, opt_number, opt_text, text};
use super::super::numeric;
use super::super::{FeedId, ItemId, RemoteEnclosure, RemoteItem};

#[derive(Deserialize)]
pub(super) struct Envelope {
    #[serde(default, deserialize_with = "opt_number")]
    pub(super) status: Option<i64>,
    #[serde(default)]
    pub(super) content: Value,
}

/// An answer's status alone (its `content` read past, not built).
#[derive(Deserialize)]
pub(super) struct Head {
    #[serde(default, deserialize_with = "opt_number")]
    pub(super) status: Option<i64>,
}

/// An answer with its `content` read straight into `T` (None when absent
/// or null): one pass over the bytes when it is a success.
#[derive(Deserialize)]
pub(super) struct Body<T> {
    #[serde(default, deserialize_with = "opt_number")]
    pub(super) status: Option<i64>,
    pub(super) content: Option<T>,
}

/// The `content` of a refusal.
#[derive(Deserialize, Default)]
pub(super) struct Refusal {
    #[serde(default, deserialize_with = "opt_text")]
    pub(super) error: Option<String>,
}

/// A headline as the id listings need it: its id and date; the other
/// fields of the row (title, link, tags, labels…) are read past.
#[derive(Deserialize)]
pub(super) struct IdRow {
    #[serde(default, deserialize_with = "loose_u64")]
    pub(super) id: Option<u64>,
    #[serde(default, deserialize_with = "loose_u64")]
    pub(super) updated: Option<u64>,
}

#[derive(Deserialize)]
pub(super) struct Headline {
    #[serde(deserialize_with = "text")]
    pub(super) id: String,
    #[serde(default, deserialize_with = "text")]
    pub(super) feed_id: String,
    #[serde(default, deserialize_with = "text")]
    pub(super) title: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub(super) link: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub(super) author: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub(super) content: String,
    #[serde(default, deserialize_with = "opt_number")]
    pub(super) updated: Option<i64>,
    #[serde(default, deserialize_with = "flag")]
    pub(super) unread: bool,
    #[serde(default, deserialize_with = "flag")]
    pub(super) marked: bool,
    #[serde(default, deserialize_with = "lenient_vec")]
    pub(super) attachments: Vec<Attachment>,
}

#[derive(Deserialize)]
pub(super) struct Attachment {
    #[serde(default, deserialize_with = "text")]
    pub(super) content_url: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub(super) content_type: Option<String>,
}

impl Headline {
    pub(super) fn number(&self) -> Option<u64> {
        numeric(&self.id)
    }

    pub(super) fn remote(self) -> RemoteItem {
        let enclosures = self
            .attachments
            .into_iter()
            .filter(|a| !a.content_url.is_empty())
            .map(|a| RemoteEnclosure { url: a.content_url, mime: a.content_type, length: None })
            .collect();
        RemoteItem {
            id: ItemId(self.id),
            feed: FeedId(self.feed_id),
            title: self.title,
            url: self.link,
            author: self.author,
            content: self.content,
            published: self.updated,
            read: !self.unread,
            starred: self.marked,
            enclosures,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct Feed {
    #[serde(deserialize_with = "text")]
    pub(super) id: String,
    #[serde(default, deserialize_with = "text")]
    pub(super) title: String,
    #[serde(default, deserialize_with = "text")]
    pub(super) feed_url: String,
    #[serde(default, deserialize_with = "opt_number")]
    pub(super) cat_id: Option<i64>,
}

#[derive(Deserialize)]
pub(super) struct Category {
    #[serde(deserialize_with = "opt_number")]
    pub(super) id: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    pub(super) title: String,
}
