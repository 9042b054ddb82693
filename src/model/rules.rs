//! Rules on arrival (`[[rules]]` in the config): a query and what to do
//! with the items it matches.

use crate::query::Filter;

/// One rule, as validated from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The query as written, for reports and the Hidden view.
    pub query: String,
    pub filter: Filter,
    pub action: RuleAction,
    /// Only items of these feeds (URLs as resolved from the config)...
    pub feeds: Vec<String>,
    /// ...or of feeds with one of these tags. Both empty: every feed.
    pub tags: Vec<String>,
}

/// What a rule does to the items it matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RuleAction {
    Read,
    Star,
    /// Never shown, kept so it never comes back as new (the Hidden view lists it).
    Hide,
    /// Gives the item this tag (`tag:NAME` matches it).
    Tag(String),
}

impl RuleAction {
    /// The action as written in the config: `read`, `star`, `hide`, `tag = "x"`.
    pub fn label(&self) -> String {
        match self {
            RuleAction::Read => "read".into(),
            RuleAction::Star => "star".into(),
            RuleAction::Hide => "hide".into(),
            RuleAction::Tag(tag) => format!("tag = \"{tag}\""),
        }
    }
}

impl Rule {
    /// `hide: title:/^Sponsored/` for messages.
    pub fn label(&self) -> String {
        format!("{}: {}", self.action.label(), self.query)
    }
}

/// What a rule matches among the stored items (`tidings check`, `rules apply`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatches {
    pub rule: Rule,
    /// Stored items it matches (shown ones; hidden ones are counted apart).
    pub matched: usize,
    /// Of those, how many applying it would change (or changed).
    pub changes: usize,
    /// Items this rule has hidden so far.
    pub hidden: usize,
}

/// What undoing the last bulk mark or rule application did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoneMark {
    /// Items put back as they were.
    pub restored: usize,
    /// The rule whose application was undone (`hide: title:/x/`); None for a mark.
    pub rule: Option<String>,
}
