//! The orders headlines are listed in, as SQL: the sort key of a row and
//! the conditions "before" and "at or after" a key. Shared by the date-ordered
//! windows (`window`) and the feed order (`grouped`).

use rusqlite::types::Value;

use crate::model::{ItemId, Sort};

/// Sort key of a row: (sort_date, id).
pub(super) type Key = (i64, ItemId);

/// Direction of a date order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    NewestFirst,
    OldestFirst,
}

impl Dir {
    pub(super) fn order(self) -> &'static str {
        match self {
            Dir::NewestFirst => "ORDER BY i.sort_date DESC, i.id DESC",
            Dir::OldestFirst => "ORDER BY i.sort_date ASC, i.id ASC",
        }
    }

    pub(super) fn reversed(self) -> Dir {
        match self {
            Dir::NewestFirst => Dir::OldestFirst,
            Dir::OldestFirst => Dir::NewestFirst,
        }
    }

    /// Rows strictly before `key` in this order (2 parameters: date, id).
    /// Row values, so SQLite seeks the date indexes to the key (an OR of
    /// the two columns made it scan from the top).
    pub(super) fn before(self) -> &'static str {
        match self {
            Dir::NewestFirst => "(i.sort_date, i.id) > (?, ?)",
            Dir::OldestFirst => "(i.sort_date, i.id) < (?, ?)",
        }
    }

    /// Rows at `key` or after it.
    pub(super) fn at_or_after(self) -> &'static str {
        match self {
            Dir::NewestFirst => "(i.sort_date, i.id) <= (?, ?)",
            Dir::OldestFirst => "(i.sort_date, i.id) >= (?, ?)",
        }
    }
}

pub(super) fn key_params(key: Key) -> [Value; 2] {
    [Value::Integer(key.0), Value::Integer(key.1.0)]
}

pub(super) fn dir_of(sort: Sort) -> Option<Dir> {
    match sort {
        Sort::Newest => Some(Dir::NewestFirst),
        Sort::Oldest => Some(Dir::OldestFirst),
        Sort::Feed => None,
    }
}
