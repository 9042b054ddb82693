//! Version 15: the search index in two halves, one in a file of its own
//! (see `side_index`).

/// Items with odd ids above `legacy_mark` (the last id when this ran: those
/// stay where they are) are indexed in the side file. The database logs
/// what the side index must do, in the transaction of each change
/// (`side_index_log`: 0 resets it, 1 indexes the item as it is when
/// applied, 2 removes its words); `instance` tells this database's side file
/// from another's. The main index's triggers leave the side's items alone.
pub(super) const V15: &str = "
CREATE TABLE side_index_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    instance    TEXT NOT NULL,
    legacy_mark INTEGER NOT NULL
);
INSERT INTO side_index_state (id, instance, legacy_mark)
SELECT 1, lower(hex(randomblob(16))), COALESCE(MAX(id), 0) FROM items;
CREATE TABLE side_index_log (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    item INTEGER NOT NULL,
    op   INTEGER NOT NULL
);

DROP TRIGGER items_fts_delete;
DROP TRIGGER items_fts_update;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items
WHEN OLD.id <= (SELECT indexed_up_to FROM search_index_state)
 AND (OLD.id % 2 = 0 OR OLD.id <= (SELECT legacy_mark FROM side_index_state)) BEGIN
    DELETE FROM items_fts WHERE rowid = OLD.id;
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, author, content ON items
WHEN OLD.id <= (SELECT indexed_up_to FROM search_index_state)
 AND (OLD.id % 2 = 0 OR OLD.id <= (SELECT legacy_mark FROM side_index_state)) BEGIN
    DELETE FROM items_fts WHERE rowid = OLD.id;
    INSERT INTO items_fts (rowid, title, author, content)
    VALUES (NEW.id, NEW.title, NEW.author, tidings_text(NEW.content));
END;

CREATE TRIGGER side_index_insert AFTER INSERT ON items
WHEN NEW.id % 2 = 1 AND NEW.id > (SELECT legacy_mark FROM side_index_state) BEGIN
    INSERT INTO side_index_log (item, op) VALUES (NEW.id, 1);
END;
CREATE TRIGGER side_index_delete AFTER DELETE ON items
WHEN OLD.id % 2 = 1 AND OLD.id > (SELECT legacy_mark FROM side_index_state) BEGIN
    INSERT INTO side_index_log (item, op) VALUES (OLD.id, 2);
END;
CREATE TRIGGER side_index_update AFTER UPDATE OF title, author, content ON items
WHEN OLD.id % 2 = 1 AND OLD.id > (SELECT legacy_mark FROM side_index_state) BEGIN
    INSERT INTO side_index_log (item, op) VALUES (OLD.id, 2), (NEW.id, 1);
END;
";
