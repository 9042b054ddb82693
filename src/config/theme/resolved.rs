//! The theme in force: colours and text styles of every element, from the
//! config's `[theme]` over defaults that use the terminal's named colours (so light and dark
//! backgrounds both read well). `NO_COLOR` keeps the modifiers and drops
//! every colour.

use ratatui::style::{Color, Modifier, Style};

use super::{StyleSpec, ThemeConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub border: Style,
    pub focused_border: Style,
    pub title: Style,
    pub focused_title: Style,
    /// The selected row of the focused list.
    pub selected: Style,
    /// The selected row of a list without focus.
    pub selected_unfocused: Style,
    pub unread: Style,
    pub read: Style,
    pub date: Style,
    /// The feed of a headline, in views that mix feeds.
    pub feed_name: Style,
    pub star: Style,
    /// Unread counts and key names.
    pub count: Style,
    /// Views (All, tags, saved views) in the left list.
    pub view: Style,
    pub dim: Style,
    pub error: Style,
    pub status_bar: Style,
    /// The status-line prompt (search, questions).
    pub prompt: Style,
}

impl Default for Theme {
    fn default() -> Self {
        let plain = Style::new();
        Theme {
            border: plain.fg(Color::DarkGray),
            focused_border: plain.fg(Color::Cyan),
            title: plain,
            focused_title: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            selected_unfocused: plain.add_modifier(Modifier::UNDERLINED),
            unread: plain.add_modifier(Modifier::BOLD),
            read: plain,
            date: plain.add_modifier(Modifier::DIM),
            feed_name: plain.fg(Color::Blue),
            star: plain.fg(Color::Yellow),
            count: plain.fg(Color::Cyan),
            view: plain.fg(Color::Magenta),
            dim: plain.add_modifier(Modifier::DIM),
            error: plain.fg(Color::Red),
            status_bar: plain,
            prompt: plain.add_modifier(Modifier::BOLD),
        }
    }
}

impl Theme {
    /// The defaults with the config's styles laid over them.
    pub fn new(config: &ThemeConfig, no_color: bool) -> Theme {
        let d = Theme::default();
        let pick = |default: Style, spec: Option<super::Style>| {
            let style = spec.map_or(default, |s| apply(default, &s.0));
            if no_color { style.fg(Color::Reset).bg(Color::Reset) } else { style }
        };
        let c = config;
        Theme {
            border: pick(d.border, c.border),
            focused_border: pick(d.focused_border, c.focused_border),
            title: pick(d.title, c.title),
            focused_title: pick(d.focused_title, c.focused_title),
            selected: pick(d.selected, c.selected),
            selected_unfocused: pick(d.selected_unfocused, c.selected_unfocused),
            unread: pick(d.unread, c.unread),
            read: pick(d.read, c.read),
            date: pick(d.date, c.date),
            feed_name: pick(d.feed_name, c.feed_name),
            star: pick(d.star, c.star),
            count: pick(d.count, c.count),
            view: pick(d.view, c.view),
            dim: pick(d.dim, c.dim),
            error: pick(d.error, c.error),
            status_bar: pick(d.status_bar, c.status_bar),
            prompt: pick(d.prompt, c.prompt),
        }
    }
}

/// `NO_COLOR` set to anything but the empty string (no-color.org).
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub(super) fn apply(base: Style, spec: &StyleSpec) -> Style {
    let mut style = base;
    if let Some(fg) = spec.fg {
        style = style.fg(fg);
    }
    if let Some(bg) = spec.bg {
        style = style.bg(bg);
    }
    for (flag, modifier) in [
        (spec.bold, Modifier::BOLD),
        (spec.italic, Modifier::ITALIC),
        (spec.underline, Modifier::UNDERLINED),
        (spec.reversed, Modifier::REVERSED),
        (spec.dim, Modifier::DIM),
    ] {
        style = match flag {
            Some(true) => style.add_modifier(modifier),
            Some(false) => style.remove_modifier(modifier),
            None => style,
        };
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> ThemeConfig {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn config_styles_lay_over_the_defaults() {
        let theme = Theme::new(
            &config("unread = { fg = \"#ff8800\", italic = true }\nselected = { reversed = false, bg = 236 }"),
            false,
        );
        assert_eq!(
            theme.unread,
            Style::new().fg(Color::Rgb(255, 136, 0)).add_modifier(Modifier::BOLD | Modifier::ITALIC)
        );
        assert_eq!(theme.selected, Style::new().bg(Color::Indexed(236)).remove_modifier(Modifier::REVERSED));
        assert_eq!(theme.border, Theme::default().border);
    }

    #[test]
    fn no_color_keeps_only_modifiers() {
        let theme = Theme::new(&config("star = \"red\""), true);
        assert_eq!(theme.star.fg, Some(Color::Reset));
        assert_eq!(theme.focused_title.fg, Some(Color::Reset));
        assert!(theme.focused_title.add_modifier.contains(Modifier::BOLD));
        assert!(theme.selected.add_modifier.contains(Modifier::REVERSED), "selection still shows");
    }
}
