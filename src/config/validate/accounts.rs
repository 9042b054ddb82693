//! Checks of `[[accounts]]`: names, addresses (https unless the host is this
//! machine or `allow_http` says so), exactly one password source, intervals.
//! Messages never quote a password.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Doc, Problem, check_interval, line_col, mirror, problem};
use crate::config::is_loopback;

#[derive(Deserialize)]
struct Spans {
    #[serde(default)]
    accounts: Vec<AccountSpans>,
}

#[derive(Deserialize)]
struct AccountSpans {
    name: Spanned<String>,
    url: Spanned<String>,
    user: Spanned<String>,
    password_command: Option<Spanned<Vec<Spanned<String>>>>,
    password_file: Option<Spanned<String>>,
    // The value is never read: only where it is and whether it is empty.
    password: Option<Spanned<toml::Value>>,
    sync_interval: Option<Spanned<u64>>,
    tag: Option<Spanned<String>>,
    allow_http: Option<Spanned<bool>>,
}

/// Longest account name, in characters.
const MAX_NAME: usize = 64;

pub(super) fn check(text: &str, doc: &Doc<'_>, problems: &mut Vec<Problem>) -> Result<(), toml::de::Error> {
    let spans: Spans = mirror(doc, false)?;
    let mut names: HashMap<String, usize> = HashMap::new();
    for account in &spans.accounts {
        check_name(text, &account.name, &mut names, problems);
        check_url(account, problems);
        if account.user.get_ref().trim().is_empty() {
            problems.push(problem(&account.user, "user is empty".to_owned()));
        }
        check_password(account, problems);
        if let Some(v) = &account.sync_interval {
            check_interval(v, "sync_interval", problems);
        }
        if let Some(tag) = &account.tag
            && tag.get_ref().trim().is_empty()
        {
            problems.push(problem(tag, "empty tag (remove the key for none)".to_owned()));
        }
    }
    Ok(())
}

fn check_name(text: &str, name: &Spanned<String>, seen: &mut HashMap<String, usize>, problems: &mut Vec<Problem>) {
    let value = name.get_ref().trim();
    if value.is_empty() {
        problems.push(problem(name, "account name is empty".to_owned()));
    } else if value.chars().count() > MAX_NAME || value.chars().any(char::is_control) {
        problems.push(problem(name, format!("account name must be one line of at most {MAX_NAME} characters")));
    } else if let Some(first) = seen.get(&value.to_lowercase()) {
        let (line, _) = line_col(text, *first);
        problems.push(problem(name, format!("duplicate account name \"{value}\" (first used on line {line})")));
    } else {
        seen.insert(value.to_lowercase(), name.span().start);
    }
}

fn check_url(account: &AccountSpans, problems: &mut Vec<Problem>) {
    let raw = account.url.get_ref().trim();
    let url = match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => url,
        Ok(_) | Err(_) => {
            let message = format!("account url must be an https:// (or http://) URL, got \"{raw}\"");
            problems.push(problem(&account.url, message));
            return;
        }
    };
    if !url.username().is_empty() || url.password().is_some() {
        let message = "put the user name and password in user and password_command, not in the url".to_owned();
        problems.push(problem(&account.url, message));
    } else if url.scheme() == "http" && !is_loopback(&url) && !account.allow_http.as_ref().is_some_and(|a| *a.get_ref())
    {
        let host = url.host_str().unwrap_or_default();
        let message = format!(
            "plain http to {host} sends the password unencrypted: use https, or set allow_http = true for this account"
        );
        problems.push(problem(&account.url, message));
    }
}

fn check_password(account: &AccountSpans, problems: &mut Vec<Problem>) {
    let sources = [account.password_command.is_some(), account.password_file.is_some(), account.password.is_some()];
    match sources.iter().filter(|s| **s).count() {
        0 => problems.push(problem(
            &account.name,
            "the account needs a password: set password_command, password_file or password".to_owned(),
        )),
        1 => {}
        _ => {
            // Reported at the second source in the document.
            let mut offsets: Vec<usize> = [
                account.password_command.as_ref().map(|v| v.span().start),
                account.password_file.as_ref().map(|v| v.span().start),
                account.password.as_ref().map(|v| v.span().start),
            ]
            .into_iter()
            .flatten()
            .collect();
            offsets.sort_unstable();
            problems.push(Problem {
                offset: offsets[1],
                message: "give only one of password_command, password_file and password".to_owned(),
            });
        }
    }
    if let Some(argv) = &account.password_command
        && argv.get_ref().first().is_none_or(|program| program.get_ref().trim().is_empty())
    {
        problems.push(problem(argv, "password_command needs a program: [\"pass\", \"show\", \"rss\"]".to_owned()));
    }
    if let Some(file) = &account.password_file
        && file.get_ref().trim().is_empty()
    {
        problems.push(problem(file, "password_file is empty".to_owned()));
    }
    if let Some(password) = &account.password
        && password.get_ref().as_str().is_none_or(|p| p.is_empty())
    {
        problems.push(problem(password, "password must be a non-empty string".to_owned()));
    }
}
