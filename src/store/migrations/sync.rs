//! Version 14: accounts on feed servers and what they sync.

/// Sync with feed servers (`[[accounts]]`): each account's state; which
/// feeds and items are an account's, by their ids on the server (a synced
/// item is an ordinary item of an ordinary feed); and the marks waiting for
/// the server, one row per item and field, written in the transaction of the
/// local mark. A bulk mark also queues its "mark read before T".
pub(super) const V14: &str = "
CREATE TABLE accounts (
    id               INTEGER PRIMARY KEY,
    name             TEXT UNIQUE NOT NULL,
    kind             TEXT NOT NULL,
    -- Where the last pull of new items stopped (the protocol's, opaque); '' = never.
    sync_point       TEXT NOT NULL DEFAULT '',
    -- Unix seconds: the last sync that went through; the last error, until one does.
    last_sync        INTEGER,
    last_error       TEXT,
    last_error_at    INTEGER,
    -- Unix seconds the subscription list was last read.
    feeds_checked_at INTEGER
);

CREATE TABLE remote_feeds (
    feed_id    INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    remote_id  TEXT NOT NULL,
    -- The feed's own URL as the server gives it (feeds.url holds a key of ours).
    url        TEXT NOT NULL,
    UNIQUE (account_id, remote_id)
);

CREATE TABLE remote_items (
    item_id        INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    remote_id      TEXT NOT NULL,
    -- In the server's unread / starred list at the last pull: retention keeps it.
    listed_unread  INTEGER NOT NULL DEFAULT 0,
    listed_starred INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, remote_id)
);

CREATE TABLE pending_bulk (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- The bulk_marks row it came with, for undo.
    mark_id    INTEGER NOT NULL,
    -- 'all', or 'feed' and the feed's id on the server.
    scope      TEXT NOT NULL,
    scope_id   TEXT,
    -- T, unix microseconds: items that reached the server later stay unread.
    before_us  INTEGER NOT NULL,
    -- The newest item of the scope the reader had (its id on the server).
    newest     TEXT,
    -- 1 once the server applied it; its rows then wait for a pull to confirm them.
    acked      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE pending_changes (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    remote_id  TEXT NOT NULL,
    field      TEXT NOT NULL CHECK (field IN ('read', 'starred')),
    value      INTEGER NOT NULL,
    -- What the server is taken to have: a change back to it cancels the row.
    -- NULL: unknown (a push was sent and its answer is not known), never cancels.
    base       INTEGER,
    -- The waiting bulk mark that also covers it.
    bulk_id    INTEGER REFERENCES pending_bulk(id) ON DELETE SET NULL,
    -- Unix ms of the last change: a push settles the row only if it is unchanged.
    queued_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, remote_id, field)
) WITHOUT ROWID;
CREATE INDEX pending_changes_by_bulk ON pending_changes (bulk_id) WHERE bulk_id IS NOT NULL;
";
