//! `[[rules]]` and `[[highlight]]` in the config: what they parse to, and
//! every mistake as one line at `path:line:column`, the column on the
//! character that is wrong (inside a query: the regex, the parenthesis).

use std::path::Path;

use ratatui::style::{Color, Modifier};
use tidings::config::Config;
use tidings::model::RuleAction;

const FEEDS: &str = "[[feeds]]\nurl = \"https://a.example/feed\"\ntags = [\"news\"]\n\n";

fn parse(text: &str) -> Config {
    Config::parse(&format!("{FEEDS}{text}"), Path::new("/cfg/config.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// The error of `text` (after the feeds, which take lines 1 to 4).
fn error_of(text: &str) -> String {
    match Config::parse(&format!("{FEEDS}{text}"), Path::new("/cfg/config.toml")) {
        Ok(config) => panic!("expected an error, got {:?}", config.rules),
        Err(e) => e.to_string(),
    }
}

#[test]
fn rules_and_highlights_parse() {
    let config = parse(
        r##"
[[rules]]
query = "title:/^Sponsored/"
action = "hide"

[[rules]]
query = "author:/bot$/i"
action = "read"
feeds = ["https://A.example/feed"]

[[rules]]
query = "rust or (tag:news -unread)"
tag = "lang"
tags = ["news"]

[[rules]]
query = "starred"
action = "tag"
tag = "kept"

[[highlight]]
query = "tag:lang"
style = { fg = "yellow", bold = true }

[[highlight]]
query = "unread newer:1d"
style = "#ff8800"
"##,
    );
    let rules = config.rules_for(Path::new("/cfg/config.toml"));
    let actions: Vec<RuleAction> = rules.iter().map(|r| r.action.clone()).collect();
    assert_eq!(
        actions,
        [RuleAction::Hide, RuleAction::Read, RuleAction::Tag("lang".into()), RuleAction::Tag("kept".into())]
    );
    // The feed is named as `[[feeds]]` spells it, whatever the case of the host.
    assert_eq!(rules[1].feeds, ["https://a.example/feed"]);
    assert_eq!(rules[2].tags, ["news"]);
    let styles = config.highlight_styles(false);
    assert_eq!(styles[0].fg, Some(Color::Yellow));
    assert!(styles[0].add_modifier.contains(Modifier::BOLD));
    assert_eq!(styles[1].fg, Some(Color::Rgb(0xff, 0x88, 0x00)));
    assert_eq!(config.highlight_styles(true)[1].fg, Some(Color::Reset), "NO_COLOR keeps no colour");
    assert_eq!(config.highlight_filters().len(), 2);
}

#[test]
fn mistakes_are_reported_where_they_are() {
    let table: &[(&str, &str)] = &[
        // A bad regex: the column of the pattern's first character.
        (
            "[[rules]]\nquery = \"unread title:/(oops/\"\naction = \"hide\"\n",
            "/cfg/config.toml:6:24: rules: query: invalid regular expression: unclosed group",
        ),
        (
            "[[highlight]]\nquery = \"a or (b\"\nstyle = \"red\"\n",
            "/cfg/config.toml:6:15: highlight: query: `(` without a `)` after it",
        ),
        (
            "[[rules]]\nquery = \"x\"\naction = \"delete\"\n",
            "/cfg/config.toml:7:10: rules: unknown action \"delete\" (expected read, star, hide, or tag = \"NAME\")",
        ),
        (
            "[[rules]]\nquery = \"x\"\n",
            "/cfg/config.toml:6:9: rules: the rule needs an action (action = \"read\", \"star\" or \"hide\", or tag = \"NAME\")",
        ),
        (
            "[[rules]]\nquery = \"x\"\naction = \"hide\"\ntag = \"y\"\n",
            "/cfg/config.toml:8:7: rules: a rule does one thing: action = \"hide\" or tag = …, not both",
        ),
        (
            "[[rules]]\nquery = \"x\"\naction = \"tag\"\n",
            "/cfg/config.toml:7:10: rules: action = \"tag\" needs tag = \"NAME\"",
        ),
        (
            "[[rules]]\nquery = \"x\"\nfeeds = [\"https://b.example/feed\"]\naction = \"read\"\n",
            "/cfg/config.toml:7:10: rules: \"https://b.example/feed\" is not a feed of this config",
        ),
        (
            "[[rules]]\nquery = \"x\"\ntags = [\"nwes\"]\naction = \"read\"\n",
            "/cfg/config.toml:7:9: rules: no feed has the tag \"nwes\"",
        ),
        (
            "[[rules]]\nquery = \" \"\naction = \"read\"\n",
            "/cfg/config.toml:6:9: rules: the query is empty (it would match every item)",
        ),
        (
            "[[rules]]\nquery = \"x\"\nactoin = \"read\"\n",
            "/cfg/config.toml:7:1: unknown field `actoin`, expected one of `query`, `action`, `tag`, `feeds`, `tags`",
        ),
    ];
    for (text, want) in table {
        let got = error_of(text);
        assert!(got.starts_with(want), "{text}\n got: {got}\nwant: {want}");
    }
    // A style in the theme syntax, checked like the theme's.
    let got = error_of("[[highlight]]\nquery = \"x\"\nstyle = \"blurple\"\n");
    assert!(got.starts_with("/cfg/config.toml:7:9: "), "{got}");
}
