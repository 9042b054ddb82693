//! The reader-workflow settings: `[keys]`, `[[views]]`, `[theme]`,
//! `[layout]` and notifications parse, and every mistake is
//! one line at `path:line:col`.

use std::path::Path;

use tidings::config::{Config, FeedSort};
use tidings::keymap::{Action, Keymap, Lookup, parse_sequence};
use tidings::model::Sort;

fn parse(text: &str) -> Config {
    Config::parse(text, Path::new("config.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn error_of(text: &str) -> String {
    match Config::parse(text, Path::new("config.toml")) {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_example_documents_every_new_key() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let config = Config::load(&path).unwrap();
    let defaults = Config::default();
    assert_eq!((config.sort, config.feed_sort, config.mouse), (defaults.sort, defaults.feed_sort, defaults.mouse));
    assert_eq!((config.layout, config.retention()), (defaults.layout, defaults.retention()));
    assert_eq!(config.notify_max_titles, defaults.notify_max_titles);
    assert_eq!(config.saved_views().len(), 2);
    assert_eq!(Keymap::from_config(&config.keys), Ok(Keymap::default()));
    let text = std::fs::read_to_string(&path).unwrap();
    for key in ["sort", "feed_sort", "mouse", "notify_command", "notify_max_titles", "feeds_width", "headlines_width"] {
        assert!(text.contains(&format!("\n{key} = ")) || text.contains(&format!("\n# {key} = ")), "{key}");
    }
    for key in ["stacked_below", "stacked_list_height", "keep_days", "max_items_per_feed", "keep_unread"] {
        assert!(text.contains(&format!("\n{key} = ")), "{key}");
    }
    // Every action name is listed where the example explains [keys].
    for action in Action::ALL {
        assert!(text.contains(&format!(" {} ", action.name())), "{} is not documented", action.name());
    }
}

#[test]
fn reader_settings_parse() {
    let config = parse(
        "keep_days = 30\nmax_items_per_feed = 200\n\
         sort = \"feed\"\nfeed_sort = \"unread\"\nmouse = false\nnotify_command = [\"notify-send\"]\n\
         [layout]\nfeeds_width = 30\n\
         [[views]]\nname = \"Rust\"\nquery = \"tag:rust unread\"\n\
         [keys]\nquit = [\"x\", \"Ctrl-q\"]\ntop = \"g t\"\n\
         [theme]\nstar = \"#ff8800\"\nselected = { bg = 236, bold = true }\n",
    );
    assert_eq!((config.sort, config.feed_sort, config.mouse), (Sort::Feed, FeedSort::Unread, false));
    assert_eq!(config.layout.feeds_width, 30);
    assert_eq!((config.retention().keep_days, config.retention().max_items_per_feed), (30, 200));
    assert_eq!(config.saved_views()[0].name, "Rust");
    let keymap = Keymap::from_config(&config.keys).unwrap();
    assert_eq!(keymap.lookup(&parse_sequence("g t").unwrap()), Lookup::Action(Action::Top));
    assert_eq!(keymap.lookup(&parse_sequence("Ctrl-q").unwrap()), Lookup::Action(Action::Quit));
    assert!(config.theme.star.is_some() && config.theme.selected.is_some());
}

#[test]
fn key_mistakes_point_at_the_key() {
    assert_eq!(
        error_of("[keys]\nsearch = [\"/\", \"n\"]\n"),
        "config.toml:2:16: keys.search: `n` is already bound to next_unread; rebind or unbind it: next_unread = []"
    );
    assert_eq!(
        error_of("[keys]\njump = \"x\"\n"),
        "config.toml:2:1: keys.jump: unknown action `jump` in [keys] (the names are listed in config.example.toml)"
    );
    assert_eq!(
        error_of("[keys]\nquit = [\"q\", \"Hyper-q\"]\n"),
        "config.toml:2:14: keys.quit: unknown key \"Hyper-q\""
    );
    assert_eq!(
        error_of("[keys]\nzen = \"g\"\n"),
        "config.toml:2:7: keys.zen: `g` and `g g` (top) start alike, so one could never be typed; \
         rebind or unbind it: top = []"
    );
    // Unbinding the other action first makes the same key fine.
    parse("[keys]\nsearch = \"n\"\nnext_unread = \"Ctrl-n\"\n");
    let e = error_of("[keys]\nquit = 3\n");
    assert_eq!(e, "config.toml:2:8: expected a key like \"q\" or a list like [\"q\", \"Ctrl-c\"]");
}

#[test]
fn view_mistakes_point_into_the_query() {
    assert_eq!(
        error_of("[[views]]\nname = \"x\"\nquery = \"unread tga:rust\"\n"),
        "config.toml:3:17: query: unknown filter `tga:` (expected tag:, feed:, title:, author:, content:, link:, newer:, older:)"
    );
    assert_eq!(
        error_of("[[views]]\nname = \"a\"\nquery = \"unread\"\n[[views]]\nname = \"a\"\nquery = \"starred\"\n"),
        "config.toml:5:8: duplicate view name \"a\" (first on line 2)"
    );
    assert!(error_of("[[views]]\nname = \" \"\nquery = \"\"\n").starts_with("config.toml:2:8: view name is empty"));
    assert!(error_of("[[views]]\nname = \"x\"\n").contains("missing field `query`"));
}

#[test]
fn theme_layout_and_notify_mistakes() {
    let e = error_of("[theme]\nstar = \"blu\"\n");
    assert!(e.starts_with("config.toml:2:8: ") && e.contains("unknown colour \"blu\""), "{e}");
    let e = error_of("[theme]\nunread = { fg = 300 }\n");
    assert!(e.starts_with("config.toml:2:") && e.contains("out of range"), "{e}");
    assert!(error_of("[theme]\nbanner = \"red\"\n").contains("unknown field `banner`"));
    assert_eq!(
        error_of("[layout]\nfeeds_width = 90\n"),
        "config.toml:2:15: layout.feeds_width must be between 10 and 60 percent, got 90"
    );
    assert_eq!(
        error_of("notify_command = []\n"),
        "config.toml:1:18: notify_command is empty (remove it to turn notifications off)"
    );
    assert!(error_of("sort = \"random\"\n").contains("unknown variant `random`"));
}
