//! Accounts on feed servers as the store keeps them: their sync state, the
//! marks waiting to be pushed, and what a pull hands the store. Strings here
//! that came from a server are sanitised before these are built.

/// Row id of an account in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(transparent)]
pub struct AccountId(pub i64);

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What the store remembers of an account's syncs.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct AccountState {
    pub id: AccountId,
    pub name: String,
    /// The config's `kind` when it last synced (`greader`, `fever`, `ttrss`).
    pub kind: String,
    /// Where the last pull of new items stopped (the protocol's, opaque); empty: never synced.
    #[serde(skip)]
    pub sync_point: String,
    /// Unix seconds of the last sync that went through.
    pub last_sync: Option<i64>,
    /// The last sync's error, one line, until a sync goes through.
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    /// Unix seconds the subscription list was last read.
    #[serde(skip)]
    pub feeds_checked_at: Option<i64>,
    /// Marks queued for the server.
    pub waiting: usize,
}

/// Which mark of an item a queued change sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkField {
    Read,
    Starred,
}

impl MarkField {
    pub fn column(self) -> &'static str {
        match self {
            MarkField::Read => "read",
            MarkField::Starred => "starred",
        }
    }
}

/// One queued mark: the item (by its id on the server) and the value wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingChange {
    pub remote_id: String,
    pub field: MarkField,
    pub value: bool,
    /// When it was queued (unix ms): a change made again since has another.
    pub queued_at: i64,
    /// The bulk mark that queued it, while that is still waiting.
    pub bulk: Option<i64>,
}

/// What a queued "mark read before T" applies to on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkScope {
    /// Everything of the account.
    All,
    /// One feed, by its id on the server.
    Feed(String),
}

/// A queued "mark everything in the scope read that reached the server before T".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingBulk {
    pub id: i64,
    pub scope: BulkScope,
    /// T: when the key was pressed, unix microseconds.
    pub before_us: i64,
    /// The newest item of the scope (its id on the server) the reader had then.
    pub newest: Option<String>,
}

/// A subscription of an account, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFeedRow {
    /// Its id on the server.
    pub remote_id: String,
    pub title: String,
    /// The feed's own URL.
    pub url: String,
    pub site_url: Option<String>,
    /// Its folders' names and the account's tag.
    pub tags: Vec<String>,
}

/// An item of an account with its state on the server, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteItemRow {
    pub remote_id: String,
    /// Its id on the server's side of the feed; must be a feed of the account.
    pub remote_feed: String,
    pub item: super::ParsedItem,
    pub read: bool,
    pub starred: bool,
}

/// What storing pulled items did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PullReport {
    /// Items the store did not have.
    pub new_items: usize,
    /// Items whose read or starred mark changed to the server's.
    pub changed: usize,
    /// Items of a feed the store does not know (their subscription is newer than the list).
    pub orphans: usize,
}
