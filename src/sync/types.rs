//! Plain data the sync clients give and take: what a server holds, as the
//! server says it (nothing here is sanitised yet).

use super::Secret;

/// Which API an account speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// Google Reader's API as FreshRSS, Miniflux, Inoreader… serve it.
    GReader,
    Fever,
    /// Tiny Tiny RSS's JSON API.
    TtRss,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Protocol::GReader => "GReader",
            Protocol::Fever => "Fever",
            Protocol::TtRss => "Tiny Tiny RSS",
        }
    }
}

macro_rules! remote_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> $name {
                $name(value.to_owned())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

remote_id!(
    /// An item's id on its server, in one canonical form per protocol
    /// (GReader: the decimal form; Fever, TT-RSS: the server's number).
    ItemId
);
remote_id!(
    /// A feed's id on its server (`feed/3` for GReader, a number for the others).
    FeedId
);
remote_id!(
    /// A folder's id (`user/-/label/Tech`, a Fever group or TT-RSS category number).
    FolderId
);

/// A folder (GReader label, Fever group, TT-RSS category).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFolder {
    pub id: FolderId,
    pub name: String,
}

/// A subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFeed {
    pub id: FeedId,
    pub title: String,
    /// The feed's own URL.
    pub url: String,
    pub site_url: Option<String>,
    /// The folders it is in (usually one; none when uncategorised).
    pub folders: Vec<FolderId>,
}

/// A media file attached to an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteEnclosure {
    pub url: String,
    pub mime: Option<String>,
    pub length: Option<u64>,
}

/// An item with its content and its state on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteItem {
    pub id: ItemId,
    pub feed: FeedId,
    pub title: String,
    pub url: Option<String>,
    pub author: Option<String>,
    /// HTML as the server gives it.
    pub content: String,
    /// Publication time, unix seconds.
    pub published: Option<i64>,
    pub read: bool,
    pub starred: bool,
    pub enclosures: Vec<RemoteEnclosure>,
}

/// A whole list of ids the server keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdList {
    Unread,
    Starred,
}

/// A state to set on items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Read,
    Unread,
    Starred,
    Unstarred,
}

impl Mark {
    /// The list this mark puts an item in or takes it out of, and which.
    pub fn list(self) -> (IdList, bool) {
        match self {
            Mark::Read => (IdList::Unread, false),
            Mark::Unread => (IdList::Unread, true),
            Mark::Starred => (IdList::Starred, true),
            Mark::Unstarred => (IdList::Starred, false),
        }
    }
}

/// The server's answer about one id of a pushed batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ack {
    /// The server has the state now (or said it applied it).
    Done,
    /// The server does not know this item (deleted, purged, never had it):
    /// settle the change, retrying cannot help.
    Unknown,
    /// The server answered but the state did not take: keep it queued.
    NotDone,
}

/// What "mark … as read" applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Feed(FeedId),
    Folder(FolderId),
}

/// The bound of "mark as read": items that reached the server later stay unread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    /// The moment the user asked, unix microseconds.
    pub time_us: i64,
    /// The newest item of the scope the user had seen then, where known.
    /// TT-RSS has no time bound for this and uses it instead (ids grow).
    pub newest: Option<ItemId>,
}

/// Where the last pull of new items stopped; saved by the caller, opaque.
/// The empty point is "never synced".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncPoint(pub String);

impl SyncPoint {
    pub fn is_start(&self) -> bool {
        self.0.is_empty()
    }
}

/// Where the next page of a listing starts; opaque.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(pub String);

/// One page of new items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPage {
    pub items: Vec<RemoteItem>,
    /// Pass back for the next page; None: this was the last.
    pub next: Option<Cursor>,
    /// The point to save once this page is stored (covers every page so far).
    pub point: SyncPoint,
}

/// One page of new ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdPage {
    pub ids: Vec<ItemId>,
    pub next: Option<Cursor>,
    pub point: SyncPoint,
}

/// What a protocol can do, for the caller to plan with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// `subscribe` and `unsubscribe` work.
    pub subscribe: bool,
    /// `new_ids` works (else use `new_items`).
    pub new_ids: bool,
    /// Most ids `items` fetches in one request (more are split).
    pub items_per_request: usize,
}

/// An account as the config gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub protocol: Protocol,
    /// GReader: the API root (`…/api/greader.php`); Fever: the endpoint
    /// (`…/api/fever.php`, `…/fever/`); TT-RSS: `…/api/`.
    pub url: String,
    pub user: String,
    pub password: Secret,
    /// Plain http to a host other than a loopback address.
    pub allow_plain_http: bool,
}
