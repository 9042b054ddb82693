//! The desktop notification after a background refresh: the configured
//! argument vector, run without a shell, given the count and the titles.

use std::process::{Command, Stdio};

/// The arguments for `count` new items with these `titles`: `{count}` and
/// `{titles}` (one per line) are replaced in each argument; when no argument
/// has either, a summary and the titles are appended as two arguments
/// (what `notify-send SUMMARY BODY` expects).
pub fn arguments(argv: &[String], count: usize, titles: &[String]) -> Vec<String> {
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

pub fn run(argv: &[String], count: usize, titles: &[String]) -> anyhow::Result<()> {
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
