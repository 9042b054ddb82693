//! `tidings man`: the manual page, in roff, made from the clap definitions
//! that also make `--help` and the completions: clap_mangen's title, name,
//! synopsis and options, a description, then one section per command with
//! exactly what `tidings <command> --help` says, examples included.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

/// Writes the page; `man -l -` reads it from a pipe.
pub fn run(out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut text = Vec::new();
    render(&mut text)?;
    super::list::write_out(out, &String::from_utf8_lossy(&text))?;
    Ok(ExitCode::SUCCESS)
}

/// What the page says before the commands, in roff.
const DESCRIPTION: &str = r#".SH DESCRIPTION
Without a command, tidings opens the reader: feeds and views on the left,
headlines in the middle, the article on the right, refreshed in the
background. Press ? in the reader for every key. With no config file yet, a
welcome screen offers to subscribe to a first feed, which creates the file.
.PP
The config file is TOML; config.example.toml in the source documents every
setting with its default. The database (tidings.db), half of its search
index (tidings-search.db, rebuilt from the database when lost) and the log
(tidings.log, level set by TIDINGS_LOG) live in the data directory.
"#;

pub fn render(out: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = super::Cli::command();
    cmd.build();
    let version = cmd.get_version().unwrap_or_default().to_owned();
    let man = clap_mangen::Man::new(cmd.clone()).source(format!("tidings {version}")).manual("tidings manual");
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    out.write_all(DESCRIPTION.as_bytes())?;
    man.render_options_section(out)?;
    for sub in cmd.get_subcommands_mut().filter(|c| !c.is_hide_set()) {
        commands(sub, out)?;
    }
    let notes = cmd.get_after_help().map(ToString::to_string).unwrap_or_default();
    verbatim(out, "EXIT STATUS, ENVIRONMENT, EXAMPLES", &notes)
}

/// One section per command (and per subcommand of `db`): its help, verbatim.
fn commands(cmd: &mut clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let name = cmd.get_bin_name().unwrap_or(cmd.get_name()).to_uppercase();
    verbatim(out, &name, &cmd.render_help().to_string())?;
    for sub in cmd.get_subcommands_mut().filter(|c| !c.is_hide_set()) {
        commands(sub, out)?;
    }
    Ok(())
}

/// A section with `text` shown line for line, as in the terminal.
fn verbatim(out: &mut dyn Write, heading: &str, text: &str) -> std::io::Result<()> {
    writeln!(out, ".SH \"{}\"", escape(heading))?;
    writeln!(out, ".nf")?;
    for line in text.lines() {
        writeln!(out, "{}", escape(line))?;
    }
    writeln!(out, ".fi")
}

/// Text as roff shows it verbatim: backslashes escaped, and no line taken
/// for a request because it starts with `.` or `'`.
fn escape(line: &str) -> String {
    let line = line.replace('\\', "\\e");
    if line.starts_with(['.', '\'']) { format!("\\&{line}") } else { line }
}
