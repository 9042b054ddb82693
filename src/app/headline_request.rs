//! What the app asks the store for: a window of a listing's headlines
//! around an anchor (see `model::Window`).

use crate::model::{Anchor, Listing};

/// A request for a window of headlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadlineRequest {
    pub listing: Listing,
    pub anchor: Anchor,
    /// Open the selected item once it is loaded ("next unread").
    pub open: bool,
}

impl HeadlineRequest {
    pub fn top(listing: impl Into<Listing>) -> HeadlineRequest {
        HeadlineRequest { listing: listing.into(), anchor: Anchor::Index(0), open: false }
    }
}
