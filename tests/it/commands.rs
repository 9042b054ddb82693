//! Command sources and filters through the real binary: `tidings refresh
//! --json` over feeds made, or rewritten, by the small programs of
//! `tests/fixtures/commands/`. Deadlines are the config's own (a second);
//! nothing here sleeps to wait.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::{Response, TestServer};
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// A config of `text` (settings, then `[[feeds]]` tables) in a temp dir.
    fn new(text: &str) -> Env {
        let env = Env { dir: tempfile::tempdir().unwrap() };
        env.write_config(text);
        env
    }

    fn write_config(&self, text: &str) {
        std::fs::write(self.path("config.toml"), text).unwrap();
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = crate::common::bin::tidings_at(&self.path("config.toml"), &self.path("data"));
        command.args(args);
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().unwrap()
    }

    /// `tidings refresh --json`: its exit status and one object per feed (the summary dropped).
    fn refresh(&self) -> (Option<i32>, Vec<Value>) {
        lines_of(self.run(&["refresh", "--json"]))
    }

    /// The stored items' titles, sorted.
    fn titles(&self) -> Vec<String> {
        let out = self.run(&["list", "--json"]);
        let text = String::from_utf8(out.stdout).unwrap();
        let mut titles: Vec<String> =
            text.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["title"].as_str().unwrap().into()).collect();
        titles.sort();
        titles
    }
}

fn lines_of(out: Output) -> (Option<i32>, Vec<Value>) {
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary = lines.pop().unwrap_or_else(|| panic!("no output; stderr: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(summary["type"], "summary", "{text}");
    (out.status.code(), lines)
}

/// The line of the feed with this title.
fn feed<'a>(lines: &'a [Value], title: &str) -> &'a Value {
    lines.iter().find(|l| l["title"] == title).unwrap_or_else(|| panic!("no feed {title:?} in {lines:#?}"))
}

fn script(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/commands").join(name);
    path.to_str().unwrap().to_owned()
}

/// A TOML string (the fixture paths hold no quotes or backslashes).
fn q(s: &str) -> String {
    format!("\"{s}\"")
}

#[test]
fn a_commands_output_is_the_feed_and_its_arguments_arrive_as_written() {
    let env = Env::new(&format!(
        "[[feeds]]\ncommand = [{}, \"Scraped\", \"two words; echo $HOME\", \"*\", \"--flag='q'\"]\n\n\
         [[feeds]]\ncommand = [\"scripts/feed.sh\", \"Beside the config\", \"x\"]\n",
        q(&script("feed.sh"))
    ));
    // A program path relative to the config file.
    std::fs::create_dir(env.path("scripts")).unwrap();
    std::fs::copy(script("feed.sh"), env.path("scripts/feed.sh")).unwrap();

    let (code, lines) = env.refresh();
    assert_eq!(code, Some(0), "{lines:#?}");
    assert_eq!((&feed(&lines, "Scraped")["status"], &feed(&lines, "Scraped")["new_items"]), (&"ok".into(), &3.into()));
    assert_eq!(feed(&lines, "Beside the config")["status"], "ok");
    let argv = [script("feed.sh"), "Scraped".into(), "two words; echo $HOME".into(), "*".into(), "--flag='q'".into()];
    let key = tidings::model::command_key(&argv);
    assert!(key.ends_with(" Scraped 'two words; echo $HOME' '*' '--flag='\\''q'\\'''"), "{key}");
    assert_eq!(feed(&lines, "Scraped")["url"], key.as_str(), "the feed's identity is its argument vector");
    // No shell: no expansion, no globbing, no second command.
    assert_eq!(env.titles(), ["arg 1: two words; echo $HOME", "arg 1: x", "arg 2: *", "arg 3: --flag='q'"]);

    // The same output again is not read again.
    let (_, again) = env.refresh();
    assert_eq!(feed(&again, "Scraped")["status"], "unchanged");
}

#[test]
fn output_that_is_no_feed_is_the_feeds_error() {
    let env = Env::new(&format!("[[feeds]]\ncommand = [{}]\ntitle = \"Banner\"\n", q(&script("garbage.sh"))));
    let (code, lines) = env.refresh();
    assert_eq!(code, Some(1));
    let error = "not a feed: no RSS, Atom or JSON Feed document found";
    assert_eq!(
        (&feed(&lines, "Banner")["status"], &feed(&lines, "Banner")["error"]),
        (&"failed".into(), &error.into())
    );
    let feeds = String::from_utf8(env.run(&["feeds", "--json"]).stdout).unwrap();
    let row: Value = serde_json::from_str(feeds.lines().next().unwrap()).unwrap();
    assert_eq!(row["last_error"], error, "the same line is kept on the feed");
}

#[test]
fn a_hung_command_is_stopped_at_the_deadline_with_everything_it_started() {
    let pid_file = tempfile::NamedTempFile::new().unwrap();
    let env = Env::new(&format!(
        "request_timeout = 1\n\n[[feeds]]\ncommand = [{}, {}]\ntitle = \"Hung\"\n\n\
         [[feeds]]\ncommand = [{}, \"Fine\", \"one\"]\n",
        q(&script("hang.sh")),
        q(pid_file.path().to_str().unwrap()),
        q(&script("feed.sh")),
    ));
    let (code, lines) = env.refresh();
    assert_eq!(code, Some(1));
    assert_eq!(
        feed(&lines, "Hung")["error"],
        "hang.sh: timed out after 1s and was stopped: scraping page 1 of 40",
        "the deadline, then the first line of its standard error"
    );
    assert_eq!(feed(&lines, "Fine")["status"], "ok", "a hung command holds up no other feed");
    // The child that kept the output open went with the script.
    let pid = crate::common::process::written_pid(pid_file.path());
    assert!(crate::common::process::ends(&pid), "process {pid} of the hung command's group is still running");
}

#[test]
fn endless_output_stops_at_the_size_cap() {
    let env = Env::new(&format!(
        "max_body_size = 1\n\n[[feeds]]\ncommand = [{}]\ntitle = \"Flood\"\n",
        q(&script("flood.sh"))
    ));
    let (code, lines) = env.refresh();
    assert_eq!(code, Some(1));
    assert_eq!(feed(&lines, "Flood")["error"], "flood.sh: output larger than 1 MiB, stopped");
}

#[test]
fn a_failure_says_its_exit_status_and_the_first_line_of_its_standard_error() {
    let env = Env::new(&format!(
        "[[feeds]]\ncommand = [{}]\ntitle = \"Failing\"\n\n\
         [[feeds]]\ncommand = [\"no-such-scraper-for-tidings-tests\"]\ntitle = \"Missing\"\n",
        q(&script("fail.sh"))
    ));
    let (code, lines) = env.refresh();
    assert_eq!(code, Some(1));
    assert_eq!(
        feed(&lines, "Failing")["error"],
        "fail.sh: exited with status 3: scraper: login failed for x@example.org"
    );
    assert_eq!(
        feed(&lines, "Missing")["error"],
        "no-such-scraper-for-tidings-tests: cannot run it: no such program in PATH"
    );
}

#[test]
fn a_command_gets_the_environment_and_no_input() {
    let printer = "cat >/dev/null; printf '<rss version=\"2.0\"><channel><title>%s</title></channel></rss>' \"$TIDINGS_TEST_MARK\"";
    let env =
        Env::new(&format!("request_timeout = 5\n\n[[feeds]]\ncommand = [\"sh\", \"-c\", {}]\n", toml_string(printer)));
    // tidings' own standard input stays open: a command that read it would wait for the deadline.
    let mut child = env
        .command(&["refresh", "--json"])
        .env("TIDINGS_TEST_MARK", "marked by the test")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    let (code, lines) = lines_of(out);
    assert_eq!(code, Some(0), "{lines:#?}");
    assert_eq!(lines[0]["title"], "marked by the test");
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

#[test]
fn commands_count_against_the_concurrency_limit() {
    // Each run of overlap.sh finishes only once another is running beside it.
    let config = |limit: usize, timeout: u64, marks: &Path| {
        let feeds = ["one", "two"].map(|name| {
            format!("[[feeds]]\ncommand = [{}, \"{name}\", {}]\n", q(&script("overlap.sh")), q(marks.to_str().unwrap()))
        });
        format!("max_concurrent_fetches = {limit}\nrequest_timeout = {timeout}\n\n{}", feeds.join("\n"))
    };
    // One at a time: neither ever has company, so each waits until its deadline.
    let alone = Env::new("");
    alone.write_config(&config(1, 1, alone.dir.path()));
    let (code, lines) = alone.refresh();
    assert_eq!(code, Some(1));
    let errors: Vec<&Value> = lines.iter().map(|l| &l["error"]).collect();
    assert_eq!(errors, ["overlap.sh: timed out after 1s and was stopped"; 2], "{lines:#?}");

    // Two at a time: they meet (the long deadline is only reached if they never do).
    let together = Env::new("");
    together.write_config(&config(2, 120, together.dir.path()));
    let (code, lines) = together.refresh();
    assert_eq!(code, Some(0), "{lines:#?}");
    assert_eq!(together.titles(), ["one met another run", "two met another run"]);
}

#[test]
fn a_filter_rewrites_the_feed_runs_only_on_new_bytes_and_a_new_filter_reads_it_again() {
    let server = TestServer::start();
    let body = "<rss version=\"2.0\"><channel><title>Notes</title>\
                <item><title>First note</title><guid>n1</guid></item>\
                <item><title>Second note</title><guid>n2</guid></item></channel></rss>";
    server.route("/feed.xml", Response::rss(body).header("ETag", "\"v1\""));
    let runs = tempfile::NamedTempFile::new().unwrap();
    let config = |prefix: &str| {
        format!(
            "[[feeds]]\nurl = \"{}\"\nfilter = [{}, \"{prefix}\", {}]\n",
            server.url("/feed.xml"),
            q(&script("prefix.sh")),
            q(runs.path().to_str().unwrap())
        )
    };
    let env = Env::new(&config("F: "));
    let run_count = || std::fs::read_to_string(runs.path()).unwrap().lines().count();

    let (code, lines) = env.refresh();
    assert_eq!((code, &lines[0]["new_items"]), (Some(0), &2.into()), "{lines:#?}");
    assert_eq!(env.titles(), ["F: First note", "F: Second note"]);
    assert_eq!(run_count(), 1);

    // 304: nothing new, and the filter is not run.
    let (_, lines) = env.refresh();
    assert_eq!(lines[0]["status"], "unchanged");
    assert_eq!(server.requests().last().unwrap().header("if-none-match"), Some("\"v1\""));
    assert_eq!(run_count(), 1);

    // Another filter: the validators belonged to the old one; the feed is read again through the new.
    env.write_config(&config("G: "));
    let (_, lines) = env.refresh();
    assert_eq!(lines[0]["status"], "ok");
    assert_eq!(server.requests().last().unwrap().header("if-none-match"), None);
    assert_eq!(env.titles(), ["G: First note", "G: Second note"], "the same items, read through the new filter");
    assert_eq!(run_count(), 2);
}

#[test]
fn a_failing_filter_is_the_feeds_error() {
    let server = TestServer::start();
    server.route("/feed.xml", Response::rss(crate::common::fixture("rss.xml")));
    let env = Env::new(&format!(
        "[[feeds]]\nurl = \"{}\"\ntitle = \"Filtered\"\nfilter = [{}]\n",
        server.url("/feed.xml"),
        q(&script("fail.sh"))
    ));
    let (code, lines) = env.refresh();
    assert_eq!(code, Some(1));
    assert_eq!(
        feed(&lines, "Filtered")["error"],
        "filter fail.sh: exited with status 3: scraper: login failed for x@example.org"
    );
    assert!(env.titles().is_empty(), "nothing of the unfiltered feed is stored");
}
