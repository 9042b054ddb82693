//! Checks of the programs a feed runs: `command` (a command source) and
//! `filter`. Each is an argument vector with a program name; a command
//! source has no URL, so no request headers, and no twin.

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;

use super::{Problem, line_col, problem};
use crate::model::{command_key, quoted};

type Argv = Spanned<Vec<Spanned<String>>>;

/// A command source: a good argument vector, no headers, listed once.
pub(super) fn check_source(
    text: &str,
    argv: &Argv,
    headers: &BTreeMap<Spanned<String>, Spanned<String>>,
    seen: &mut HashMap<String, usize>,
    problems: &mut Vec<Problem>,
) {
    if let Some((name, _)) = headers.iter().next() {
        problems.push(problem(name, "headers are sent with HTTP requests; a command feed makes none".to_owned()));
    }
    if !check_argv("command", argv, problems) {
        return;
    }
    let words: Vec<String> = argv.get_ref().iter().map(|a| a.get_ref().clone()).collect();
    let key = command_key(&words);
    if let Some(first) = seen.get(&key) {
        let (line, _) = line_col(text, *first);
        let message = format!("duplicate feed command `{}` (first listed on line {line})", quoted(&words));
        problems.push(problem(argv, message));
    } else {
        seen.insert(key, argv.span().start);
    }
}

/// `key = ["program", "arg", ...]`: not empty, a program name, no NUL; true when good.
pub(super) fn check_argv(key: &str, argv: &Argv, problems: &mut Vec<Problem>) -> bool {
    let before = problems.len();
    match argv.get_ref().first() {
        None => problems.push(problem(
            argv,
            format!(
                "{key} is empty: write the program and its arguments, e.g. {key} = [\"my-{key}\", \"--site\", \"x\"]"
            ),
        )),
        Some(program) if program.get_ref().trim().is_empty() => {
            problems.push(problem(program, format!("{key}: the program name is empty")));
        }
        Some(_) => {}
    }
    for arg in argv.get_ref() {
        if arg.get_ref().contains('\0') {
            problems.push(problem(arg, format!("{key}: an argument holds a NUL character")));
        }
    }
    problems.len() == before
}
