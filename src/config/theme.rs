//! `[theme]`: a style per element of the screen. A style is a colour
//! (`"cyan"`, `208`, `"#ff8800"`) for the text, or a table
//! `{ fg = ..., bg = ..., bold = true, italic = true, underline = true, reversed = true, dim = true }`.

use std::fmt;

use ratatui::style::Color;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

mod resolved;

pub use resolved::{Theme, no_color_env};

/// A style as written in the config; unset parts keep the default's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    #[serde(default, deserialize_with = "color_opt")]
    pub fg: Option<Color>,
    #[serde(default, deserialize_with = "color_opt")]
    pub bg: Option<Color>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub underline: Option<bool>,
    pub reversed: Option<bool>,
    pub dim: Option<bool>,
}

/// Every element a theme styles; each key of `[theme]` is one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ThemeConfig {
    pub border: Option<Style>,
    pub focused_border: Option<Style>,
    pub title: Option<Style>,
    pub focused_title: Option<Style>,
    pub selected: Option<Style>,
    pub selected_unfocused: Option<Style>,
    pub unread: Option<Style>,
    pub read: Option<Style>,
    pub date: Option<Style>,
    pub feed_name: Option<Style>,
    pub star: Option<Style>,
    pub count: Option<Style>,
    pub view: Option<Style>,
    pub dim: Option<Style>,
    pub error: Option<Style>,
    pub status_bar: Option<Style>,
    pub prompt: Option<Style>,
}

/// `StyleSpec` that also reads from a bare colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style(pub StyleSpec);

impl<'de> Deserialize<'de> for Style {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StyleVisitor;
        impl<'de> Visitor<'de> for StyleVisitor {
            type Value = Style;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a colour (\"cyan\", 208, \"#ff8800\") or a table like { fg = \"cyan\", bold = true }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Style, E> {
                let fg = parse_color(v).map_err(E::custom)?;
                Ok(Style(StyleSpec { fg: Some(fg), ..StyleSpec::default() }))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Style, E> {
                let fg = index_color(v).map_err(E::custom)?;
                Ok(Style(StyleSpec { fg: Some(fg), ..StyleSpec::default() }))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Style, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Style, M::Error> {
                StyleSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(Style)
            }
        }
        d.deserialize_any(StyleVisitor)
    }
}

fn color_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Color>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Name(String),
        Index(i64),
    }
    match Raw::deserialize(d) {
        Ok(Raw::Name(name)) => parse_color(&name).map(Some).map_err(de::Error::custom),
        Ok(Raw::Index(n)) => index_color(n).map(Some).map_err(de::Error::custom),
        Err(_) => Err(de::Error::custom("expected a colour: a name like \"cyan\", a number 0-255 or \"#rrggbb\"")),
    }
}

fn index_color(n: i64) -> Result<Color, String> {
    u8::try_from(n).map(Color::Indexed).map_err(|_| format!("colour index {n} is out of range (0-255)"))
}

/// A colour by name (`cyan`, `lightred`, `default`), 256-colour index
/// (`"208"`) or `#rrggbb`.
pub fn parse_color(text: &str) -> Result<Color, String> {
    let t = text.trim().to_ascii_lowercase();
    if let Some(hex) = t.strip_prefix('#') {
        let ok = hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit());
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        return if ok {
            Ok(Color::Rgb(channel(0), channel(2), channel(4)))
        } else {
            Err(format!("\"{text}\" is not a #rrggbb colour"))
        };
    }
    if let Ok(n) = t.parse::<i64>() {
        return index_color(n);
    }
    let color = match t.replace(['_', '-', ' '], "").as_str() {
        "default" | "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => {
            return Err(format!(
                "unknown colour \"{text}\" (expected a name like cyan or lightred, a number 0-255 or #rrggbb)"
            ));
        }
    };
    Ok(color)
}

impl Style {
    /// The style on its own (over the terminal's defaults), as a headline
    /// highlight uses it; `no_color` keeps only the modifiers.
    pub fn to_style(&self, no_color: bool) -> ratatui::style::Style {
        let style = resolved::apply(ratatui::style::Style::default(), &self.0);
        if no_color { style.fg(Color::Reset).bg(Color::Reset) } else { style }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert_eq!(parse_color("Cyan"), Ok(Color::Cyan));
        assert_eq!(parse_color("light-red"), Ok(Color::LightRed));
        assert_eq!(parse_color("dark_grey"), Ok(Color::DarkGray));
        assert_eq!(parse_color("208"), Ok(Color::Indexed(208)));
        assert_eq!(parse_color("#FF8800"), Ok(Color::Rgb(255, 136, 0)));
        assert!(parse_color("#ff88").is_err());
        assert!(parse_color("256").unwrap_err().contains("out of range"));
        assert!(parse_color("blu").unwrap_err().starts_with("unknown colour \"blu\""));
    }

    #[test]
    fn styles_from_a_colour_or_a_table() {
        let t: ThemeConfig =
            toml::from_str("border = \"red\"\nstar = 214\nselected = { bg = \"#102030\", bold = true }\n").unwrap();
        assert_eq!(t.border.unwrap().0.fg, Some(Color::Red));
        assert_eq!(t.star.unwrap().0.fg, Some(Color::Indexed(214)));
        let sel = t.selected.unwrap().0;
        assert_eq!((sel.bg, sel.bold, sel.fg), (Some(Color::Rgb(16, 32, 48)), Some(true), None));
        let err = toml::from_str::<ThemeConfig>("unread = { fg = \"blu\" }").unwrap_err().to_string();
        assert!(err.contains("unknown colour \"blu\""), "{err}");
        assert!(toml::from_str::<ThemeConfig>("nope = \"red\"").is_err());
        assert!(toml::from_str::<ThemeConfig>("read = { fg = \"red\", blink = true }").is_err());
    }
}
