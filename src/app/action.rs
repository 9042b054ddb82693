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
    ToggleRead,
    MarkFeedRead,
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
}

impl Action {
    /// Every action, in the order the help overlay lists them.
    pub const ALL: [Action; 26] = [
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
        Action::ToggleRead,
        Action::MarkFeedRead,
        Action::RefreshFeed,
        Action::RefreshAll,
        Action::OpenLink,
        Action::OpenLinkNumber(1),
        Action::LinkPrompt,
        Action::ShowLinks,
        Action::CopyLink,
        Action::PlayEnclosure,
        Action::ToggleFullText,
        Action::AddFeed,
        Action::RemoveFeed,
        Action::EditConfig,
        Action::Help,
        Action::Quit,
    ];

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
            Action::Back => "go back one pane",
            Action::NextPane => "cycle panes",
            Action::NextUnread => "open the next unread item",
            Action::ToggleRead => "toggle read",
            Action::MarkFeedRead => "mark the selected feed read",
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
        }
    }
}
