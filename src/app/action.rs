//! What the user can ask for, independent of the keys bound to it.

/// A user intent. Keys map to these through the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    NextPane,
    NextUnread,
    PrevUnread,
    NextItem,
    PrevItem,
    ToggleRead,
    ToggleStar,
    MarkFeedRead,
    MarkAllRead,
    Undo,
    ToggleHideRead,
    CycleSort,
    CycleFeedSort,
    Search,
    Zen,
    RefreshFeed,
    RefreshAll,
    OpenLink,
    Help,
    Quit,
}

impl Action {
    /// Every action, in the order the help overlay lists them.
    pub const ALL: [Action; 28] = [
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageDown,
        Action::PageUp,
        Action::Open,
        Action::Back,
        Action::NextPane,
        Action::NextUnread,
        Action::PrevUnread,
        Action::NextItem,
        Action::PrevItem,
        Action::ToggleRead,
        Action::ToggleStar,
        Action::MarkFeedRead,
        Action::MarkAllRead,
        Action::Undo,
        Action::ToggleHideRead,
        Action::CycleSort,
        Action::CycleFeedSort,
        Action::Search,
        Action::Zen,
        Action::RefreshFeed,
        Action::RefreshAll,
        Action::OpenLink,
        Action::Help,
        Action::Quit,
    ];

    /// The name used in the config's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Open => "open",
            Action::Back => "back",
            Action::NextPane => "next_pane",
            Action::NextUnread => "next_unread",
            Action::PrevUnread => "prev_unread",
            Action::NextItem => "next_item",
            Action::PrevItem => "prev_item",
            Action::ToggleRead => "toggle_read",
            Action::ToggleStar => "toggle_star",
            Action::MarkFeedRead => "mark_feed_read",
            Action::MarkAllRead => "mark_all_read",
            Action::Undo => "undo",
            Action::ToggleHideRead => "hide_read",
            Action::CycleSort => "sort",
            Action::CycleFeedSort => "sort_feeds",
            Action::Search => "search",
            Action::Zen => "zen",
            Action::RefreshFeed => "refresh",
            Action::RefreshAll => "refresh_all",
            Action::OpenLink => "open_link",
            Action::Help => "help",
            Action::Quit => "quit",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// One line for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Action::Up => "move up / scroll the article up",
            Action::Down => "move down / scroll the article down",
            Action::Top => "go to the top",
            Action::Bottom => "go to the bottom",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::Open => "open the feed or item",
            Action::Back => "go back one pane / clear the search",
            Action::NextPane => "cycle panes",
            Action::NextUnread => "open the next unread item, across feeds",
            Action::PrevUnread => "open the previous unread item, across feeds",
            Action::NextItem => "open the next item",
            Action::PrevItem => "open the previous item",
            Action::ToggleRead => "toggle read",
            Action::ToggleStar => "star or unstar",
            Action::MarkFeedRead => "mark the feed or view read (the results when searching)",
            Action::MarkAllRead => "mark everything read (asks first)",
            Action::Undo => "undo the last mark-read of a feed, view or everything",
            Action::ToggleHideRead => "hide or show read items and feeds with nothing unread",
            Action::CycleSort => "sort headlines: newest, oldest, by feed",
            Action::CycleFeedSort => "sort feeds: config order, by name, most unread",
            Action::Search => "search the view as you type (Enter keeps, Esc clears)",
            Action::Zen => "article alone, full width (zen)",
            Action::RefreshFeed => "refresh the selected feed",
            Action::RefreshAll => "refresh all feeds",
            Action::OpenLink => "open the item's link in the browser",
            Action::Help => "show or hide this help",
            Action::Quit => "quit",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        assert_eq!(Action::from_name("nope"), None);
    }
}
