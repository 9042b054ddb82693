//! The programs the reader starts: the browser or player for a link, the
//! notification after a background refresh, the command an article is piped
//! to, the bookmark command. Argument vectors, never a shell.

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The arguments for `count` new items with these `titles`: `{count}` and
/// `{titles}` (one per line) are replaced in each argument; when no argument
/// has either, a summary and the titles are appended as two arguments
/// (what `notify-send SUMMARY BODY` expects).
pub(super) fn arguments(argv: &[String], count: usize, titles: &[String]) -> Vec<String> {
    let s = if count == 1 { "" } else { "s" };
    let joined = titles.join("\n");
    let placeholders = argv.iter().any(|a| a.contains("{count}") || a.contains("{titles}"));
    let mut args: Vec<String> =
        argv.iter().map(|a| a.replace("{count}", &count.to_string()).replace("{titles}", &joined)).collect();
    if !placeholders {
        args.push(format!("tidings: {count} new item{s}"));
        args.push(joined);
    }
    args
}

pub(super) fn notify(argv: &[String], count: usize, titles: &[String]) -> anyhow::Result<()> {
    let args = arguments(argv, count, titles);
    let Some((program, rest)) = args.split_first() else {
        return Ok(());
    };
    let mut child = Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run the notify command {program}: {e}"))?;
    // Reap it so it does not linger as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Opens `url` with `program` (a command and its arguments, split on spaces)
/// as an argument vector, never through a shell, and only for schemes a
/// browser or player should handle.
pub(super) fn open_url(url: &str, browser: Option<&str>) -> anyhow::Result<()> {
    let mut child = spawn_opener(url, browser)?;
    // Reap the opener so it does not linger as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// `open_url`'s process, started.
fn spawn_opener(url: &str, browser: Option<&str>) -> anyhow::Result<Child> {
    let parsed = url::Url::parse(url).map_err(|_| anyhow::anyhow!("not a valid link: {url}"))?;
    if !matches!(parsed.scheme(), "http" | "https" | "mailto") {
        anyhow::bail!("refusing to open a {} link", parsed.scheme());
    }
    let default = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let mut words = browser.unwrap_or(default).split_whitespace();
    let program = words.next().unwrap_or(default);
    Command::new(program)
        .args(words)
        .arg(parsed.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run {program}: {e}"))
}

/// How long one opener of `open_all` may take before the next starts anyway
/// (an opener that is the browser itself runs as long as the browser).
const OPENER_TURN: Duration = Duration::from_secs(3);

/// Opens every URL in order, one opener each (what `xdg-open` takes). The
/// first starts here, so a missing browser is an error before anything is
/// marked read; the others start on a thread, each after the previous
/// opener exits (tabs open in order) or has had `OPENER_TURN`. A later
/// failure goes to `failed`.
pub(super) fn open_all(
    urls: Vec<String>,
    browser: Option<String>,
    failed: impl FnOnce(String) + Send + 'static,
) -> anyhow::Result<()> {
    let Some(first) = urls.first() else { return Ok(()) };
    let mut child = spawn_opener(first, browser.as_deref())?;
    std::thread::spawn(move || {
        for url in &urls[1..] {
            let started = Instant::now();
            while matches!(child.try_wait(), Ok(None)) && started.elapsed() < OPENER_TURN {
                std::thread::sleep(Duration::from_millis(10));
            }
            reap(child);
            match spawn_opener(url, browser.as_deref()) {
                Ok(next) => child = next,
                Err(e) => return failed(format!("{e:#}")),
            }
        }
        reap(child);
    });
    Ok(())
}

/// Waits for `child` on a thread of its own, so it does not linger as a zombie.
fn reap(mut child: Child) {
    if !matches!(child.try_wait(), Ok(Some(_))) {
        std::thread::spawn(move || child.wait());
    }
}

/// Runs `argv` with `input` on its standard input and the terminal for the
/// rest; waits for it to exit. A command that does not read its input is
/// fine (the rest of the input is dropped).
pub(super) fn pipe_to(argv: &[String], input: Vec<u8>) -> anyhow::Result<ExitStatus> {
    let (program, rest) = argv.split_first().ok_or_else(|| anyhow::anyhow!("no command to pipe to"))?;
    let mut child = Command::new(program)
        .args(rest)
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run {program}: {e}"))?;
    let stdin = child.stdin.take();
    // Written on a thread: a command that writes much before it reads must not deadlock with us.
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(&input);
        }
    });
    let status = child.wait().map_err(|e| anyhow::anyhow!("{program}: {e}"))?;
    let _ = writer.join();
    Ok(status)
}

/// The bookmark command's arguments: `{url}`, `{title}` and `{feed}`
/// replaced in each; when no argument has any, the three are appended (as
/// newsboat's `bookmark-cmd` gets them).
pub(super) fn bookmark_arguments(argv: &[String], url: &str, title: &str, feed: &str) -> Vec<String> {
    let names = ["{url}", "{title}", "{feed}"];
    if !argv.iter().any(|a| names.iter().any(|n| a.contains(n))) {
        return argv.iter().cloned().chain([url, title, feed].map(String::from)).collect();
    }
    // One pass per argument, so a title holding `{url}` stays as written.
    argv.iter()
        .map(|arg| {
            let mut out = String::new();
            let mut rest = arg.as_str();
            while let Some(at) = rest.find('{') {
                out.push_str(&rest[..at]);
                rest = &rest[at..];
                let found = names.iter().zip([url, title, feed]).find(|(n, _)| rest.starts_with(**n));
                match found {
                    Some((name, value)) => {
                        out.push_str(value);
                        rest = &rest[name.len()..];
                    }
                    None => {
                        out.push('{');
                        rest = &rest[1..];
                    }
                }
            }
            out.push_str(rest);
            out
        })
        .collect()
}

/// Most of a failing command's standard error kept for its message.
const STDERR_KEPT: u64 = 4096;

/// Runs `args` with no input and no terminal, and reports on a thread when
/// it ends: Ok, or one line (its status and the first line of its stderr).
pub(super) fn run_reported(
    args: Vec<String>,
    done: impl FnOnce(Result<(), String>) + Send + 'static,
) -> anyhow::Result<()> {
    let (program, rest) = args.split_first().ok_or_else(|| anyhow::anyhow!("the command is empty"))?;
    let program = program.clone();
    let mut child = Command::new(&program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run {program}: {e}"))?;
    let stderr = child.stderr.take();
    std::thread::spawn(move || {
        let mut said = String::new();
        if let Some(stderr) = stderr {
            let mut bytes = Vec::new();
            let mut limited = stderr.take(STDERR_KEPT);
            let _ = limited.read_to_end(&mut bytes);
            // The rest, unread, so the command never blocks on a full pipe.
            let _ = std::io::copy(&mut limited.into_inner(), &mut std::io::sink());
            said = String::from_utf8_lossy(&bytes).lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").into();
        }
        let result = match child.wait() {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(exit_line(&program, status, &said)),
            Err(e) => Err(format!("{program}: {e}")),
        };
        done(result);
    });
    Ok(())
}

/// `buku exited with status 2: no such option`.
pub(super) fn exit_line(program: &str, status: ExitStatus, said: &str) -> String {
    let how = match status.code() {
        Some(code) => format!("{program} exited with status {code}"),
        None => format!("{program} was stopped by a signal"),
    };
    if said.is_empty() { how } else { format!("{how}: {said}") }
}

#[cfg(test)]
mod tests {
    use super::{arguments, bookmark_arguments};

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn titles_are_appended_or_substituted() {
        let titles = strings(&["Première", "Second; rm -rf ~"]);
        assert_eq!(
            arguments(&strings(&["notify-send"]), 7, &titles),
            strings(&["notify-send", "tidings: 7 new items", "Première\nSecond; rm -rf ~"])
        );
        assert_eq!(
            arguments(&strings(&["notify", "--title={count} new", "{titles}"]), 1, &titles[..1]),
            strings(&["notify", "--title=1 new", "Première"])
        );
    }

    #[test]
    fn bookmark_placeholders_are_replaced_once_per_argument() {
        let args = |argv: &[&str]| bookmark_arguments(&strings(argv), "https://e.example/a", "Un {url} titre", "Flux");
        assert_eq!(
            args(&["buku", "-a", "{url}", "--title", "{title}", "--tag", "from:{feed}"]),
            strings(&["buku", "-a", "https://e.example/a", "--title", "Un {url} titre", "--tag", "from:Flux"])
        );
        assert_eq!(
            args(&["k", "{nope}{", "<{url}>"]),
            strings(&["k", "{nope}{", "<https://e.example/a>"]),
            "braces stay"
        );
        assert_eq!(args(&["bm"]), strings(&["bm", "https://e.example/a", "Un {url} titre", "Flux"]));
    }
}
