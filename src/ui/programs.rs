//! The programs the reader starts: the browser or player for a link, and the
//! notification after a background refresh. Argument vectors, never a shell.

use std::process::{Command, Stdio};

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
    let parsed = url::Url::parse(url).map_err(|_| anyhow::anyhow!("not a valid link: {url}"))?;
    if !matches!(parsed.scheme(), "http" | "https" | "mailto") {
        anyhow::bail!("refusing to open a {} link", parsed.scheme());
    }
    let default = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let mut words = browser.unwrap_or(default).split_whitespace();
    let program = words.next().unwrap_or(default);
    let mut child = Command::new(program)
        .args(words)
        .arg(parsed.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run {program}: {e}"))?;
    // Reap the opener so it does not linger as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::arguments;

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
}
