//! The reader's own schema, versions 1 to 13: feeds, items, their counts and
//! indexes, the search index, tombstones, fetch state, rules and hidden items.

pub(super) const V1: &str = "
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT UNIQUE NOT NULL,
    config_title  TEXT,
    feed_title    TEXT,
    site_url      TEXT,
    -- Tags joined with newlines (config validation keeps them one-line).
    tags          TEXT NOT NULL DEFAULT '',
    -- Order in the config; NULL once the feed left the config (hidden, items kept).
    position      INTEGER,
    last_fetched  INTEGER,
    last_error    TEXT,
    last_error_at INTEGER
);

CREATE TABLE items (
    id         INTEGER PRIMARY KEY,
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid       TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    link       TEXT,
    author     TEXT,
    published  INTEGER,
    first_seen INTEGER NOT NULL,
    content    TEXT,
    read       INTEGER NOT NULL DEFAULT 0,
    starred    INTEGER NOT NULL DEFAULT 0,
    -- The date items are ordered and shown by; a column so it can be indexed.
    sort_date  INTEGER GENERATED ALWAYS AS (COALESCE(published, first_seen)) VIRTUAL,
    UNIQUE (feed_id, guid)
);

CREATE INDEX items_by_feed_date ON items (feed_id, sort_date DESC, id DESC);
CREATE INDEX items_by_date ON items (sort_date DESC, id DESC);
CREATE INDEX items_by_feed_read ON items (feed_id, read);
";

/// Per-feed counts kept by triggers, so the feed list and the size of a view
/// cost the same at 100 and at 100,000 items; partial indexes so "next
/// unread" finds its item without walking the read ones.
pub(super) const V2: &str = "
ALTER TABLE feeds ADD COLUMN item_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
UPDATE feeds SET
    item_count = (SELECT COUNT(*) FROM items WHERE feed_id = feeds.id),
    unread_count = (SELECT COUNT(*) FROM items WHERE feed_id = feeds.id AND read = 0);

CREATE TRIGGER items_count_insert AFTER INSERT ON items BEGIN
    UPDATE feeds SET item_count = item_count + 1, unread_count = unread_count + (NEW.read = 0)
    WHERE id = NEW.feed_id;
END;
CREATE TRIGGER items_count_delete AFTER DELETE ON items BEGIN
    UPDATE feeds SET item_count = item_count - 1, unread_count = unread_count - (OLD.read = 0)
    WHERE id = OLD.feed_id;
END;
CREATE TRIGGER items_count_read AFTER UPDATE OF read ON items WHEN OLD.read <> NEW.read BEGIN
    UPDATE feeds SET unread_count = unread_count + (NEW.read = 0) - (OLD.read = 0)
    WHERE id = NEW.feed_id;
END;

CREATE INDEX items_unread_by_date ON items (sort_date DESC, id DESC) WHERE read = 0;
CREATE INDEX items_unread_by_feed_date ON items (feed_id, sort_date DESC, id DESC) WHERE read = 0;
";

/// Full-text search over titles, authors and bodies, accent- and
/// case-insensitive (`generative` finds « générative »), kept in step with
/// `items` by triggers. External content: the text is stored once, in `items`.
pub(super) const V3: &str = "
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, author, content,
    content = 'items', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO items_fts (items_fts) VALUES ('rebuild');

CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, title, author, content) VALUES (NEW.id, NEW.title, NEW.author, NEW.content);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, author, content)
    VALUES ('delete', OLD.id, OLD.title, OLD.author, OLD.content);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, author, content ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, author, content)
    VALUES ('delete', OLD.id, OLD.title, OLD.author, OLD.content);
    INSERT INTO items_fts (rowid, title, author, content) VALUES (NEW.id, NEW.title, NEW.author, NEW.content);
END;
";

/// Items removed by retention leave their guid behind, so the next fetch of
/// a feed that still lists them does not bring them back as unread.
pub(super) const V4: &str = "
CREATE TABLE tombstones (
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid       TEXT NOT NULL,
    removed_at INTEGER NOT NULL,
    PRIMARY KEY (feed_id, guid)
) WITHOUT ROWID;
";

/// Reading view: the base for relative URLs, the full text fetched from the
/// item's page, and enclosures.
pub(super) const V5: &str = "
ALTER TABLE items ADD COLUMN base TEXT;
-- Main content of the item's web page (sanitised HTML), once fetched.
ALTER TABLE items ADD COLUMN full_text TEXT;
ALTER TABLE items ADD COLUMN full_text_at INTEGER;

CREATE TABLE enclosures (
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url      TEXT NOT NULL,
    mime     TEXT,
    length   INTEGER,
    PRIMARY KEY (item_id, position)
);
";

/// Per-feed HTTP state of the poller: validators, the last body's hash,
/// schedule, failures and what the server said about the address.
pub(super) const V6: &str = "
CREATE TABLE fetch_state (
    feed_id       INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
    etag          TEXT,
    last_modified TEXT,
    -- xxh3-128 of the last body stored, hex: identical bytes are not parsed again.
    body_hash     TEXT,
    -- Unix milliseconds: when the feed is next due by its interval.
    next_due_ms   INTEGER,
    -- Unix milliseconds: no request before this (Retry-After or failure backoff).
    retry_at_ms   INTEGER,
    -- 1 when retry_at_ms came from the server's Retry-After.
    server_hold   INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,
    -- Seconds the server or the feed asked between polls (max-age, ttl, sy:).
    hint_secs     INTEGER,
    -- Where a permanent redirect (301/308) leads; used instead of the config URL.
    moved_to      TEXT,
    -- Unix seconds of a 410 Gone: the feed is no longer polled.
    gone_at       INTEGER
);
";

/// Reader workflow: starred counts kept like the others; list indexes that
/// carry the columns views filter on, so filtering a list never reads the
/// items themselves (bodies come before the marks in a row); undo of bulk
/// marks; UI choices that persist.
pub(super) const V7: &str = "
ALTER TABLE feeds ADD COLUMN starred_count INTEGER NOT NULL DEFAULT 0;
UPDATE feeds SET starred_count = (SELECT COUNT(*) FROM items WHERE feed_id = feeds.id AND starred = 1);
CREATE TRIGGER items_count_starred_insert AFTER INSERT ON items WHEN NEW.starred = 1 BEGIN
    UPDATE feeds SET starred_count = starred_count + 1 WHERE id = NEW.feed_id;
END;
CREATE TRIGGER items_count_starred_delete AFTER DELETE ON items WHEN OLD.starred = 1 BEGIN
    UPDATE feeds SET starred_count = starred_count - 1 WHERE id = OLD.feed_id;
END;
CREATE TRIGGER items_count_starred AFTER UPDATE OF starred ON items WHEN OLD.starred <> NEW.starred BEGIN
    UPDATE feeds SET starred_count = starred_count + (NEW.starred = 1) - (OLD.starred = 1)
    WHERE id = NEW.feed_id;
END;

DROP INDEX items_by_date;
CREATE INDEX items_by_date ON items (sort_date DESC, id DESC, feed_id, read, starred);
DROP INDEX items_unread_by_date;
CREATE INDEX items_unread_by_date ON items (sort_date DESC, id DESC, feed_id, starred) WHERE read = 0;
CREATE INDEX items_starred_by_date ON items (sort_date DESC, id DESC, feed_id, read) WHERE starred = 1;

-- One row per bulk mark (A, Ctrl-A), with the items it changed, so undo
-- restores exactly those. Only the last few are kept.
CREATE TABLE bulk_marks (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL
);
CREATE TABLE bulk_mark_items (
    mark_id INTEGER NOT NULL REFERENCES bulk_marks(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL,
    PRIMARY KEY (mark_id, item_id)
) WITHOUT ROWID;

CREATE TABLE ui_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
";

/// Searches join the full-text matches to items by id: a narrow covering
/// index answers that without reading the wide rows (bodies are inline).
pub(super) const V8: &str = "
CREATE INDEX items_by_id ON items (id, sort_date, feed_id, read, starred);
";

/// The search index holds the words of bodies, not their markup
/// (`tidings_text`, see `fts_text`), in a contentless table that deletes by id.
pub(super) const V9: &str = "
DROP TRIGGER items_fts_insert;
DROP TRIGGER items_fts_delete;
DROP TRIGGER items_fts_update;
DROP TABLE items_fts;
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, author, content,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO items_fts (rowid, title, author, content)
SELECT id, title, author, tidings_text(content) FROM items;

CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, title, author, content)
    VALUES (NEW.id, NEW.title, NEW.author, tidings_text(NEW.content));
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    DELETE FROM items_fts WHERE rowid = OLD.id;
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, author, content ON items BEGIN
    DELETE FROM items_fts WHERE rowid = OLD.id;
    INSERT INTO items_fts (rowid, title, author, content)
    VALUES (NEW.id, NEW.title, NEW.author, tidings_text(NEW.content));
END;
";

/// Tombstones keep what identifies an item besides its guid, so an item
/// removed by retention stays removed when its publisher changes guids (see
/// `rekey`).
pub(super) const V10: &str = "
ALTER TABLE tombstones ADD COLUMN title TEXT;
ALTER TABLE tombstones ADD COLUMN link TEXT;
ALTER TABLE tombstones ADD COLUMN published INTEGER;
";

/// New items reach the search index after they are stored, in batches
/// (`search_index`): indexing them row by row inside each feed's refresh cost
/// more than everything else the refresh did. Items above `indexed_up_to`
/// are not in the index yet, so the update and delete triggers leave them
/// alone.
pub(super) const V11: &str = "
CREATE TABLE search_index_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_up_to INTEGER NOT NULL
);
INSERT INTO search_index_state (id, indexed_up_to) SELECT 1, COALESCE(MAX(id), 0) FROM items;
DROP TRIGGER items_fts_insert;
DROP TRIGGER items_fts_delete;
DROP TRIGGER items_fts_update;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items
WHEN OLD.id <= (SELECT indexed_up_to FROM search_index_state) BEGIN
    DELETE FROM items_fts WHERE rowid = OLD.id;
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, author, content ON items
WHEN OLD.id <= (SELECT indexed_up_to FROM search_index_state) BEGIN
    DELETE FROM items_fts WHERE rowid = OLD.id;
    INSERT INTO items_fts (rowid, title, author, content)
    VALUES (NEW.id, NEW.title, NEW.author, tidings_text(NEW.content));
END;
";

/// What a feed says about itself besides its title and site (`FeedDetails`),
/// kept from its fetches. Stored bodies were read without keeping these:
/// their validators and hashes are forgotten, so every feed is read again
/// once and its details filled in (a feed that never changes would
/// otherwise never show them).
pub(super) const V12: &str = "
ALTER TABLE feeds ADD COLUMN description TEXT;
ALTER TABLE feeds ADD COLUMN language TEXT;
ALTER TABLE feeds ADD COLUMN icon TEXT;
ALTER TABLE feeds ADD COLUMN logo TEXT;
ALTER TABLE feeds ADD COLUMN author TEXT;
ALTER TABLE feeds ADD COLUMN generator TEXT;
UPDATE fetch_state SET etag = NULL, last_modified = NULL, body_hash = NULL;
";

/// Rules on arrival (`rules`): tags given to items; items a rule hid, moved
/// out of `items` (so no list, count or search sees them) with what is needed
/// to bring them back, a tombstone keeping the feed from storing them again;
/// bulk marks that record which action they took, so a rule applied to the
/// stored items is undone like a mark.
pub(super) const V13: &str = "
CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag     TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (item_id, tag)
) WITHOUT ROWID;
CREATE INDEX item_tags_by_tag ON item_tags (tag, item_id);

CREATE TABLE hidden_items (
    -- The id the item had, taken again when it is unhidden (if still free).
    id           INTEGER PRIMARY KEY,
    feed_id      INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    link         TEXT,
    author       TEXT,
    published    INTEGER,
    first_seen   INTEGER NOT NULL,
    content      TEXT,
    base         TEXT,
    read         INTEGER NOT NULL DEFAULT 0,
    starred      INTEGER NOT NULL DEFAULT 0,
    full_text    TEXT,
    full_text_at INTEGER,
    -- The item's own tags and its enclosures, as JSON arrays.
    tags         TEXT NOT NULL DEFAULT '[]',
    enclosures   TEXT,
    sort_date    INTEGER GENERATED ALWAYS AS (COALESCE(published, first_seen)) VIRTUAL,
    -- The query of the rule that hid it, and when.
    rule         TEXT NOT NULL,
    hidden_at    INTEGER NOT NULL,
    UNIQUE (feed_id, guid)
);
CREATE INDEX hidden_items_by_date ON hidden_items (sort_date DESC, id DESC);

-- 'read' (a bulk mark), 'star', 'hide' or 'tag:NAME' (a rule applied), and the rule.
ALTER TABLE bulk_marks ADD COLUMN action TEXT NOT NULL DEFAULT 'read';
ALTER TABLE bulk_marks ADD COLUMN rule TEXT;
";
