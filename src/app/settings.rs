//! The reader's choices from the config: what the app starts with, and how a
//! reloaded config's choices come into force.

use super::{ActionSettings, App, Effect, Keymap, SubscribeTarget, receive};
use crate::config::{Config, FeedSort, LayoutConfig, TextColumn, Theme, theme::no_color_env};
use crate::model::{SavedView, Sort, View};

/// Choices from the config (and the saved UI state) the app starts with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    pub keymap: Keymap,
    pub theme: Theme,
    pub layout: LayoutConfig,
    pub sort: Sort,
    pub feed_sort: FeedSort,
    pub hide_read: bool,
    pub saved_views: Vec<SavedView>,
    /// Notify after background refreshes (a notify command is configured).
    pub notify: bool,
    pub text_column: TextColumn,
    /// Pipe, save and open-all choices.
    pub actions: ActionSettings,
    /// `[[highlight]]` styles, in config order.
    pub highlights: Vec<ratatui::style::Style>,
    /// Offer the Hidden view: the config has a `hide` rule (the runtime also
    /// sets it when the database holds hidden items).
    pub hidden_view: bool,
    /// The config's accounts, where `a` can subscribe besides the config.
    pub accounts: Vec<SubscribeTarget>,
}

impl Settings {
    /// The reader's choices from `config`; `hide_read` is the one saved from
    /// the last run.
    pub fn from_config(config: &Config, hide_read: bool) -> Settings {
        let keymap = Keymap::from_config(&config.keys).unwrap_or_else(|errors| {
            // Validation reports these before the TUI starts; never reached with a checked config.
            tracing::warn!(?errors, "keymap errors, using the defaults");
            Keymap::default()
        });
        Settings {
            keymap,
            theme: Theme::new(&config.theme, no_color_env()),
            layout: config.layout,
            sort: config.sort,
            feed_sort: config.feed_sort,
            hide_read,
            saved_views: config.saved_views(),
            notify: config.notify_command.is_some(),
            text_column: config.text_column(),
            actions: ActionSettings::from_config(config),
            highlights: config.highlight_styles(no_color_env()),
            hidden_view: config.rules.iter().any(|r| r.action() == Some(crate::model::RuleAction::Hide)),
            accounts: config
                .accounts
                .iter()
                .map(|a| SubscribeTarget {
                    name: a.name.trim().to_owned(),
                    can_subscribe: a.kind != crate::config::AccountKind::Fever,
                })
                .collect(),
        }
    }
}

impl App {
    /// Puts a reloaded config's keys, colours, layout, saved views and reading
    /// settings in force. The orders and hide-read stay as the user switched
    /// them; a saved view that is gone leaves its listing for All.
    pub(super) fn take_settings(&mut self, settings: Settings) -> Vec<Effect> {
        self.keymap = settings.keymap;
        self.pending_keys.clear();
        self.theme = settings.theme;
        self.layout = settings.layout;
        self.notify = settings.notify;
        self.text_column = settings.text_column;
        self.actions.settings = settings.actions;
        self.saved_views = settings.saved_views;
        self.highlights = settings.highlights;
        self.hidden_view |= settings.hidden_view;
        self.subscribe_accounts = settings.accounts;
        if let View::Saved(shown) = &self.view {
            match self.saved_views.iter().find(|v| v.name == shown.name) {
                // Its query may have changed.
                Some(now) => self.view = View::Saved(now.clone()),
                None => {
                    self.view = View::All;
                    self.feed_sel = 0;
                    self.search = None;
                }
            }
        }
        self.rebuild_nav();
        let mut effects = receive::relayout_article(self);
        effects.extend(self.follow_selection());
        effects
    }
}
