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
    /// Opens link N (1 to 9) of the article.
    OpenLinkNumber(u8),
    /// Asks for a link number (for links past 9).
    LinkPrompt,
    ShowLinks,
    CopyLink,
    PlayEnclosure,
    ToggleFullText,
    AddFeed,
    RemoveFeed,
    EditConfig,
    Help,
    Quit,
    /// The selected feed's details: site, description, language, last fetch.
    FeedInfo,
    /// Pipes the article to a command (typed, or `pipe_command`).
    PipeArticle,
    /// Saves the article as a Markdown or text file.
    SaveArticle,
    /// Runs `bookmark_command` for the item.
    Bookmark,
    /// Opens every unread item of the feed or view in the browser, marked read.
    OpenAllUnread,
    /// Opens the item's link, marks it read, goes on to the next unread.
    OpenReadNext,
    /// Brings the selected item of the Hidden view back.
    Unhide,
}

/// `[keys]` names of the nine link-number actions.
const LINK_NAMES: [&str; 9] = [
    "open_link_1",
    "open_link_2",
    "open_link_3",
    "open_link_4",
    "open_link_5",
    "open_link_6",
    "open_link_7",
    "open_link_8",
    "open_link_9",
];

impl Action {
    /// Every action, in the order the help overlay lists them.
    pub const ALL: [Action; 44] = [
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
        Action::OpenReadNext,
        Action::OpenAllUnread,
        Action::OpenLinkNumber(1),
        Action::LinkPrompt,
        Action::ShowLinks,
        Action::CopyLink,
        Action::PlayEnclosure,
        Action::ToggleFullText,
        Action::PipeArticle,
        Action::SaveArticle,
        Action::Bookmark,
        Action::AddFeed,
        Action::RemoveFeed,
        Action::EditConfig,
        Action::Help,
        Action::Quit,
        Action::FeedInfo,
        Action::Unhide,
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
            Action::OpenLinkNumber(n) => LINK_NAMES[usize::from(n.clamp(1, 9)) - 1],
            Action::LinkPrompt => "link_prompt",
            Action::ShowLinks => "show_links",
            Action::CopyLink => "copy_link",
            Action::PlayEnclosure => "play_enclosure",
            Action::ToggleFullText => "full_text",
            Action::AddFeed => "add_feed",
            Action::RemoveFeed => "remove_feed",
            Action::EditConfig => "edit_config",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::FeedInfo => "feed_info",
            Action::PipeArticle => "pipe",
            Action::SaveArticle => "save",
            Action::Bookmark => "bookmark",
            Action::OpenAllUnread => "open_all_unread",
            Action::OpenReadNext => "open_read_next",
            Action::Unhide => "unhide",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        let link = (1..=9u8).map(Action::OpenLinkNumber);
        Action::ALL.into_iter().chain(link).find(|a| a.name() == name)
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
            Action::Undo => "undo the last mark-read of a feed, view or everything, or rule applied",
            Action::ToggleHideRead => "hide or show read items and feeds with nothing unread",
            Action::CycleSort => "sort headlines: newest, oldest, by feed",
            Action::CycleFeedSort => "sort feeds: config order, by name, most unread",
            Action::Search => "search the view as you type (Enter keeps, Esc clears)",
            Action::Zen => "article alone, full width (zen)",
            Action::RefreshFeed => "refresh the selected feed",
            Action::RefreshAll => "refresh all feeds",
            Action::OpenLink => "open the item's link in the browser",
            Action::OpenLinkNumber(_) => "open link N of the article",
            Action::LinkPrompt => "open a link by number (for links past 9)",
            Action::ShowLinks => "show or hide the article's links",
            Action::CopyLink => "copy the item's link",
            Action::PlayEnclosure => "play the enclosure (podcast, video)",
            Action::ToggleFullText => "toggle the full article from its page",
            Action::AddFeed => "add a feed (feed or site address)",
            Action::RemoveFeed => "remove the selected feed",
            Action::EditConfig => "edit the config in $EDITOR",
            Action::Help => "show or hide this help",
            Action::Quit => "quit",
            Action::FeedInfo => "show the feed's details: site, description, last fetch",
            Action::PipeArticle => "pipe the article to a command (pipe_command, or one typed)",
            Action::SaveArticle => "save the article as a Markdown or text file",
            Action::Bookmark => "bookmark the item (bookmark_command)",
            Action::OpenAllUnread => "open all unread items in the browser and mark them read",
            Action::OpenReadNext => "open the item's link, mark it read, go to the next unread",
            Action::Unhide => "bring back the item a rule hid (Hidden view)",
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
