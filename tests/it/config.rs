//! Config loading, validation, exact error messages, feed path resolution and
//! the precedence of config/data locations.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use tidings::config::{Config, ConfigError, FeedConfig, resolve_feed_url};
use tidings::paths;

fn repo_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// The Display string of the error `text` gives, read as `config.toml`.
fn error_of(text: &str) -> String {
    match Config::parse(text, Path::new("config.toml")) {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(e) => e.to_string(),
    }
}

fn file_url(path: &Path) -> String {
    url::Url::from_file_path(path).unwrap().to_string()
}

#[test]
fn the_example_parses_validates_and_documents_the_defaults() {
    let path = repo_file("config.example.toml");
    let config = Config::load(&path).unwrap();
    // The example writes out every setting with its default value.
    let defaults = Config::default();
    assert_eq!(config.refresh_interval, defaults.refresh_interval);
    assert_eq!(config.refresh_on_start, defaults.refresh_on_start);
    assert_eq!(config.max_concurrent_fetches, defaults.max_concurrent_fetches);
    assert_eq!(config.request_timeout, defaults.request_timeout);
    assert_eq!(config.browser, defaults.browser);
    let fetching =
        |c: &Config| (c.max_fetches_per_host, c.connect_timeout, c.stall_timeout, c.max_body_size, c.max_redirects);
    assert_eq!(fetching(&config), fetching(&defaults));
    assert_eq!(
        (config.use_server_intervals, &config.user_agent, &config.proxy),
        (defaults.use_server_intervals, &defaults.user_agent, &defaults.proxy)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    for key in [
        "refresh_interval",
        "refresh_on_start",
        "max_concurrent_fetches",
        "max_fetches_per_host",
        "request_timeout",
        "connect_timeout",
        "stall_timeout",
        "max_body_size",
        "max_redirects",
        "use_server_intervals",
        "user_agent",
        "proxy",
        "browser",
    ] {
        assert!(text.contains(&format!("\n{key} = ")) || text.contains(&format!("\n# {key} = ")), "{key}");
    }

    let sources = config.sources(&path);
    assert_eq!(sources.len(), 5);
    let demo = &sources[0];
    assert_eq!(demo.url, file_url(&repo_file("assets/demo-feed.xml")));
    assert_eq!(demo.tags, ["demo"]);
    let demo_path = url::Url::parse(&demo.url).unwrap().to_file_path().unwrap();
    assert!(demo_path.is_file(), "{}", demo_path.display());
    assert!(sources[1..].iter().all(|s| s.url.starts_with("https://") && !s.tags.is_empty()));
    assert_eq!(sources[1].title.as_deref(), Some("Rust Blog"));
}

#[test]
fn the_demo_feed_is_a_valid_feed_with_the_reference_article() {
    let bytes = std::fs::read(repo_file("assets/demo-feed.xml")).unwrap();
    let feed = feed_rs::parser::parse(bytes.as_slice()).unwrap();
    let titles: Vec<String> = feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
    assert_eq!(titles.len(), 4);
    assert!(titles[0].starts_with("L’ascension fulgurante de DeepSeek chinois"), "{}", titles[0]);
    assert_eq!(titles[1], "Nvidia : la chute historique en Bourse expliquée");
    assert!(titles[3].contains('桜') && titles[3].contains('🌸'));
    let body = feed.entries[0].content.as_ref().unwrap().body.as_ref().unwrap();
    // French typography: no-break spaces inside the guillemets survive.
    assert!(body.contains("«\u{a0}moment Spoutnik\u{a0}»"));
    let code = feed.entries[2].content.as_ref().unwrap().body.as_ref().unwrap();
    for tag in ["<ul>", "<ol>", "<blockquote>", "<pre><code>", "<a href="] {
        assert!(code.contains(tag), "{tag}");
    }
    // Extras are older than the reference article, so it stays on top.
    let dates: Vec<i64> = feed.entries.iter().map(|e| e.published.unwrap().timestamp()).collect();
    assert!(dates.windows(2).all(|w| w[0] > w[1]), "{dates:?}");
}

#[test]
fn absent_keys_take_their_defaults() {
    assert_eq!(Config::parse("", Path::new("config.toml")).unwrap(), Config::default());
    let config =
        Config::parse("request_timeout = 5\n[[feeds]]\nurl = \"https://a.example/\"\n", Path::new("c.toml")).unwrap();
    assert_eq!(
        config,
        Config {
            request_timeout: 5,
            feeds: vec![FeedConfig {
                url: "https://a.example/".to_owned(),
                title: None,
                tags: vec![],
                full_text: false,
                refresh_interval: None,
                headers: Default::default(),
                command: None,
                filter: None,
            }],
            ..Config::default()
        }
    );
    assert_eq!((config.refresh_interval, config.refresh_on_start, config.max_concurrent_fetches), (30, true, 16));
    assert_eq!((config.max_fetches_per_host, config.max_body_size, config.max_redirects), (2, 20, 5));
    assert_eq!((config.connect_timeout, config.stall_timeout, config.use_server_intervals), (10, 15, true));
}

#[test]
fn a_syntax_error_points_at_the_spot() {
    assert_eq!(
        error_of("refresh_interval = 30\n[[feeds]\nurl = \"https://a.example/\"\n"),
        "config.toml:2:9: unclosed array table, expected `]`"
    );
}

#[test]
fn an_unknown_top_level_key_is_an_error() {
    assert_eq!(
        error_of("refresh_interval = 30\nrefresh_intervall = 5\n"),
        "config.toml:2:1: unknown field `refresh_intervall`, expected one of `refresh_interval`, \
         `refresh_on_start`, `max_concurrent_fetches`, `max_fetches_per_host`, `request_timeout`, \
         `connect_timeout`, `stall_timeout`, `max_body_size`, `max_redirects`, `use_server_intervals`, \
         `user_agent`, `proxy`, `browser`, `keep_days`, `max_items_per_feed`, `keep_unread`, `player`, \
         `text_width`, `text_align`, `sort`, `feed_sort`, `mouse`, `notify_command`, `notify_max_titles`, \
         `pipe_command`, `pipe_format`, `pipe_wait`, `save_dir`, `save_format`, `bookmark_command`, \
         `max_browser_tabs`, `layout`, `views`, `keys`, `theme`, `feeds`, `rules`, `highlight`, `accounts`"
    );
}

#[test]
fn an_unknown_key_in_a_feed_is_an_error() {
    assert_eq!(
        error_of("[[feeds]]\n  url = \"https://a.example/\"\n  name = \"A\"\n"),
        "config.toml:3:3: unknown field `name`, expected one of `url`, `title`, `tags`, `full_text`, `refresh_interval`, \
         `headers`, `command`, `filter`"
    );
}

#[test]
fn a_wrong_type_names_the_key() {
    assert_eq!(
        error_of("refresh_on_start = false\nrequest_timeout = \"20s\"\n"),
        "config.toml:2:19: request_timeout: invalid type: string \"20s\", expected a non-negative integer"
    );
    // Columns count characters, not bytes: each `é` is two bytes.
    assert_eq!(
        error_of("[[feeds]]\nurl = \"https://a.example/\"\ntags = [\"été\", 5]\n"),
        "config.toml:3:16: feeds.tags: invalid type: integer `5`, expected a string"
    );
}

#[test]
fn a_bad_scheme_is_a_validation_error_at_the_value() {
    assert_eq!(
        error_of("[[feeds]]\nurl = \"https://ok.example/\"\n\n[[feeds]]\nurl = \"gopher://old.example/\"\n"),
        "config.toml:5:7: unsupported URL scheme `gopher` in \"gopher://old.example/\" \
         (expected http, https, file or a path)"
    );
}

#[test]
fn every_validation_problem_is_reported_from_the_first() {
    let text = "max_concurrent_fetches = 0\nrequest_timeout = 601\n[[feeds]]\nurl = \"\"\ntags = [\"ok\", \" \"]\n";
    assert_eq!(
        error_of(text),
        "config.toml:1:26: max_concurrent_fetches must be between 1 and 64, got 0; \
         2:19: request_timeout must be between 1 and 600 seconds, got 601; \
         4:7: feed url is empty; 5:15: empty tag"
    );
    assert_eq!(
        error_of("refresh_interval = 10081\n"),
        "config.toml:1:20: refresh_interval must be at most 10080 minutes (7 days; 0 turns it off), got 10081"
    );
    assert_eq!(
        error_of("max_concurrent_fetches = 65\n"),
        "config.toml:1:26: max_concurrent_fetches must be between 1 and 64, got 65"
    );
    assert_eq!(
        error_of("request_timeout = 0\n"),
        "config.toml:1:19: request_timeout must be between 1 and 600 seconds, got 0"
    );
    let edges = "refresh_interval = 10080\nmax_concurrent_fetches = 64\nrequest_timeout = 600\n";
    assert!(Config::parse(edges, Path::new("c.toml")).is_ok());
    assert_eq!(Config::parse("refresh_interval = 0\n", Path::new("c.toml")).unwrap().refresh_interval, 0);
}

#[test]
fn duplicate_feeds_are_found_after_resolution() {
    let text = "[[feeds]]\nurl = \"feeds/a.xml\"\n[[feeds]]\nurl = \"./feeds/../feeds/a.xml\"\n";
    let err = Config::parse(text, Path::new("/srv/tidings/config.toml")).unwrap_err();
    let expected = ConfigError {
        path: PathBuf::from("/srv/tidings/config.toml"),
        line: 4,
        column: 7,
        message: format!(
            "duplicate feed url \"{}\" (first listed on line 2)",
            file_url(Path::new("/srv/tidings/feeds/a.xml"))
        ),
    };
    assert_eq!(err, expected);
    assert_eq!(
        error_of("[[feeds]]\nurl = \"https://A.example/x\"\n[[feeds]]\nurl = \"https://a.example/x\"\n"),
        "config.toml:4:7: duplicate feed url \"https://a.example/x\" (first listed on line 2)"
    );
}

#[test]
fn load_reports_the_file_path_and_unreadable_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, b"refresh_interval = 5\nbrowser = \"fire\xfffox\"\n").unwrap();
    let err = Config::load(&path).unwrap_err();
    assert_eq!((err.path.as_path(), err.line, err.column), (path.as_path(), 2, 16));
    assert_eq!(err.message, "the file is not valid UTF-8");

    std::fs::write(&path, "feeds = 3\n").unwrap();
    let err = Config::load(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}:1:9: feeds: invalid type: integer `3`, expected a sequence (write each feed as a [[feeds]] table)",
            path.display()
        )
    );

    let missing = dir.path().join("absent.toml");
    let err = Config::load(&missing).unwrap_err();
    assert_eq!((err.line, err.column), (1, 1));
    assert!(err.message.starts_with("cannot read the config: "), "{}", err.message);
}

#[test]
fn sources_resolve_paths_against_the_config_directory() {
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("conf").join("config.toml");
    let text = r#"
[[feeds]]
url = "  https://a.example/feed  "
title = "A"
tags = ["x", "y"]
[[feeds]]
url = "feeds/local.xml"
[[feeds]]
url = "../up.xml"
[[feeds]]
url = "/srv/abs.xml"
[[feeds]]
url = "file:///srv/given.xml"
"#;
    let config = Config::parse(text, &config_path).unwrap();
    let sources = config.sources(&config_path);
    let urls: Vec<&str> = sources.iter().map(|s| s.url.as_str()).collect();
    let conf = dir.path().join("conf");
    assert_eq!(
        urls,
        [
            "https://a.example/feed",
            file_url(&conf.join("feeds").join("local.xml")).as_str(),
            file_url(&dir.path().join("up.xml")).as_str(),
            "file:///srv/abs.xml",
            "file:///srv/given.xml",
        ]
    );
    assert_eq!(sources[0].title.as_deref(), Some("A"));
    assert_eq!(sources[0].tags, ["x", "y"]);
    assert!(sources[1].title.is_none() && sources[1].tags.is_empty());
}

#[test]
fn tilde_expands_to_the_given_home() {
    let home = Path::new("/home/reader");
    let base = Path::new("/etc/tidings");
    assert_eq!(resolve_feed_url("~/feeds/a.xml", base, Some(home)).unwrap(), "file:///home/reader/feeds/a.xml");
    assert_eq!(resolve_feed_url("~/a.xml", base, None).unwrap_err(), "cannot expand \"~/a.xml\": no home directory");
    assert_eq!(resolve_feed_url("with space.xml", base, None).unwrap(), "file:///etc/tidings/with%20space.xml");
    assert_eq!(
        resolve_feed_url("http://bad host/", base, None).unwrap_err(),
        "invalid URL \"http://bad host/\": invalid international domain name"
    );
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_default() {
    let flag = Some(PathBuf::from("flag.toml"));
    let env = Some("env.toml".into());
    let default = || Some(PathBuf::from("default.toml"));
    assert_eq!(paths::pick(flag.clone(), env.clone(), default), flag);
    assert_eq!(paths::pick(None, env, default), Some(PathBuf::from("env.toml")));
    assert_eq!(paths::pick(None, Some("".into()), default), Some(PathBuf::from("default.toml")));
    assert_eq!(paths::pick(None, None, default), Some(PathBuf::from("default.toml")));
    assert_eq!(paths::pick(None, None, || None), None);
}

/// The variables, read by the real binary in a child process of its own
/// (setting them in this multi-threaded test process would race every test
/// that reads the environment): `TIDINGS_CONFIG` and `TIDINGS_DATA_DIR` are
/// used, flags beat them, and without either the defaults are under `HOME`.
#[test]
fn config_path_and_data_dir_read_their_variables() {
    use crate::common::bin::{stderr, stdout, tidings};
    let dir = tempfile::tempdir().unwrap();
    let (home, at) = (dir.path().join("home"), |name: &str| dir.path().join(name));
    std::fs::create_dir_all(&home).unwrap();
    for name in ["env.toml", "flag.toml"] {
        std::fs::write(at(name), "refresh_interval = 0\n").unwrap();
    }
    let with_env = || {
        let mut cmd = tidings(&home);
        cmd.env(paths::CONFIG_ENV, at("env.toml")).env(paths::DATA_DIR_ENV, at("env-data"));
        cmd
    };
    let out = with_env().arg("check").output().unwrap();
    assert_eq!(stdout(&out), format!("{}: ok, 0 feeds\n", at("env.toml").display()), "{}", stderr(&out));
    let out = with_env().arg("refresh").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(at("env-data").join(paths::LOG_FILE).is_file(), "the data went to $TIDINGS_DATA_DIR");

    let (flag_config, flag_data) = (at("flag.toml"), at("flag-data"));
    let flags = [OsStr::new("--config"), flag_config.as_os_str(), OsStr::new("--data-dir"), flag_data.as_os_str()];
    let out = with_env().args(flags).arg("check").output().unwrap();
    assert!(stdout(&out).starts_with(&format!("{}: ok", flag_config.display())), "{}", stdout(&out));
    std::fs::remove_dir_all(at("env-data")).unwrap();
    assert!(with_env().args(flags).arg("refresh").status().unwrap().success());
    assert!(flag_data.join(paths::LOG_FILE).is_file() && !at("env-data").exists(), "the flag won");

    // Neither: the platform's places under HOME.
    let out = tidings(&home).arg("check").output().unwrap();
    let default = home.join(".config/tidings/config.toml");
    assert_eq!(stderr(&out).trim_end(), format!("tidings: {}: no such config file", default.display()));
    let out = tidings(&home).arg("--config").arg(&flag_config).arg("refresh").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(home.join(".local/share/tidings").join(paths::LOG_FILE).is_file());
}

#[test]
fn reading_settings_are_checked() {
    assert_eq!(
        error_of("text_width = 5\nplayer = \" \"\n"),
        "config.toml:1:14: text_width must be between 20 and 500 columns, got 5; \
         2:10: player is empty (remove the key to use the link opener)"
    );
    assert_eq!(
        error_of("text_align = \"right\"\n"),
        "config.toml:1:14: unknown variant `right`, expected `left` or `center`"
    );
    let config = Config::parse(
        "text_width = 100\ntext_align = \"left\"\nplayer = \"mpv --no-video\"\n[[feeds]]\nurl = \"https://a.example/\"\nfull_text = true\n",
        Path::new("c.toml"),
    )
    .unwrap();
    assert_eq!((config.text_width, config.text_align), (100, tidings::config::TextAlign::Left));
    assert_eq!(config.player.as_deref(), Some("mpv --no-video"));
    assert!(config.sources(Path::new("c.toml"))[0].full_text);
}
