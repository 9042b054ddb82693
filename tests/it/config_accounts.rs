//! `[[accounts]]` in the config: what is accepted, each mistake as one
//! file:line:column error, passwords never in a message, `check`'s warning.

use std::path::Path;

use tidings::config::{AccountKind, Config, PasswordSource};

fn parse(text: &str) -> Result<Config, String> {
    Config::parse(text, Path::new("/cfg/config.toml")).map_err(|e| e.to_string())
}

const GOOD: &str = r#"
[[accounts]]
name = "home"
kind = "greader"
url = "https://rss.example.org/api/greader.php"
user = "alice"
password_command = ["pass", "show", "rss"]
tag = "home"

[[accounts]]
name = "old"
kind = "fever"
url = "http://127.0.0.1:8080/fever/"
user = "bob"
password_file = "fever-password"
sync_interval = 0

[[accounts]]
name = "work"
kind = "ttrss"
url = "http://rss.lan/api/"
allow_http = true
user = "carol"
password = "hunter2-secret"
"#;

#[test]
fn accounts_are_read_with_their_password_sources() {
    let config = parse(GOOD).unwrap();
    let kinds: Vec<_> = config.accounts.iter().map(|a| (a.name.as_str(), a.kind, a.sync_interval)).collect();
    assert_eq!(
        kinds,
        [("home", AccountKind::GReader, 15), ("old", AccountKind::Fever, 0), ("work", AccountKind::TtRss, 15)]
    );
    let path = Path::new("/cfg/config.toml");
    assert_eq!(
        config.accounts[0].password_source(path),
        PasswordSource::Command(vec!["pass".into(), "show".into(), "rss".into()])
    );
    assert_eq!(config.accounts[1].password_source(path), PasswordSource::File("/cfg/fever-password".into()));
    assert!(!format!("{config:?}").contains("hunter2"), "Debug never shows a password");
}

#[test]
fn mistakes_are_errors_with_their_position() {
    let cases = [
        ("kind = \"greader\"", "kind = \"miniflux\"", "8:8", "unknown variant `miniflux`"),
        (
            "url = \"https://rss.example.org/api/greader.php\"",
            "url = \"http://rss.example.org/api/\"",
            "9:7",
            "plain http to rss.example.org",
        ),
        ("url = \"https://rss.example.org/api/greader.php\"", "url = \"ftp://x/\"", "9:7", "must be an https://"),
        ("user = \"alice\"", "user = \" \"", "10:8", "user is empty"),
        ("password_command = [\"pass\", \"show\", \"rss\"]", "password_command = []", "11:20", "needs a program"),
        ("password_command = [\"pass\", \"show\", \"rss\"]", "", "7:8", "needs a password"),
        ("tag = \"home\"", "tag = \"home\"\npassword = \"x\"", "13:12", "only one of"),
        ("name = \"old\"", "name = \"HOME\"", "15:8", "duplicate account name \"HOME\" (first used on line 7)"),
        ("sync_interval = 0", "sync_interval = 99999", "20:17", "sync_interval must be at most"),
        (
            "url = \"https://rss.example.org/api/greader.php\"",
            "url = \"https://me:pw@rss.example.org/\"",
            "9:7",
            "not in the url",
        ),
    ];
    let header = "refresh_interval = 30\n\n[[feeds]]\nurl = \"https://a.example/feed\"\n";
    for (from, to, at, message) in cases {
        let text = format!("{header}{}", GOOD.replacen(from, to, 1));
        let error = parse(&text).expect_err(to);
        assert!(error.starts_with(&format!("/cfg/config.toml:{at}: ")), "{to}: {error}");
        assert!(error.contains(message), "{to}: {error}");
        assert!(!error.contains("hunter2"), "{error}");
    }
}

#[test]
fn check_warns_when_others_can_read_a_password() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, GOOD).unwrap();
    std::fs::write(dir.path().join("fever-password"), "secret\n").unwrap();
    std::fs::set_permissions(dir.path().join("fever-password"), std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = crate::common::bin::clean()
        .args(["check", "--config", path.to_str().unwrap(), "--data-dir", dir.path().join("d").to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("ok, 0 feeds, 3 accounts"), "{stdout}");
    let warnings: Vec<&str> = stdout.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{stdout}");
    assert!(warnings[0].contains("password of account work") && warnings[0].contains("chmod 600"), "{stdout}");
    assert!(!stdout.contains("hunter2"));

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(dir.path().join("fever-password"), std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = crate::common::bin::clean()
        .args(["check", "--config", path.to_str().unwrap(), "--data-dir", dir.path().join("d").to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let warnings: Vec<&str> = stdout.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{stdout}");
    assert!(warnings[0].contains("password file of account old"), "{stdout}");
}
