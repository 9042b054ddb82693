//! The headline list as the UI holds it: a window of a view's rows around the
//! selection, never the whole view, so 100,000 items cost what 100 do.

use std::collections::BTreeMap;

use super::{Headline, ItemId};

/// Rows fetched around the selection: several screens, so moving the cursor
/// reloads rarely, and small enough to stay cheap.
pub const WINDOW: usize = 300;

/// Positions `offset .. offset + rows.len()` of a view of `total` rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Window {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<Headline>,
    /// Rows a `[[highlight]]` query matches: the first such entry, by its
    /// place in the config (the store finds them with the window).
    pub highlights: BTreeMap<ItemId, usize>,
}

impl Window {
    pub fn get(&self, pos: usize) -> Option<&Headline> {
        pos.checked_sub(self.offset).and_then(|i| self.rows.get(i))
    }

    pub fn get_mut(&mut self, pos: usize) -> Option<&mut Headline> {
        pos.checked_sub(self.offset).and_then(|i| self.rows.get_mut(i))
    }

    /// Position of a loaded row by item id.
    pub fn position(&self, id: ItemId) -> Option<usize> {
        self.rows.iter().position(|h| h.id == id).map(|i| i + self.offset)
    }

    /// Whether every position in `range` that exists in the view is loaded.
    pub fn covers(&self, start: usize, end: usize) -> bool {
        let end = end.min(self.total);
        start >= self.offset && end <= self.offset + self.rows.len() || start >= end
    }
}

/// Which row of a listing a window is loaded around (and selects).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The row at this position (clamped to the list).
    Index(usize),
    /// The row of this item, wherever it now is; else the position given.
    Item { id: ItemId, fallback: usize },
    /// The first unread row at or after this position (none if there is none).
    NextUnread { from: usize },
    /// The last unread row at or before this position (clamped to the list).
    PrevUnread { from: usize },
}
