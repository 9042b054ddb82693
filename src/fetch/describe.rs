//! One short line for a reqwest error (its Display chains the whole stack and
//! repeats the URL, which may say anything).

use std::error::Error as _;

use super::{FetchError, FetchOptions};

pub(super) fn describe(error: &reqwest::Error, options: &FetchOptions) -> FetchError {
    let timeout = options.timeout;
    if error.is_timeout() && error.is_connect() {
        // The connect deadline, not the whole fetch's, ended it.
        return FetchError::Network(format!("cannot connect: timed out after {:?}", options.connect_timeout));
    }
    if error.is_timeout() {
        return FetchError::Timeout(timeout);
    }
    let cause = root_cause(error);
    if let Some(kind) = io_kind(error) {
        use std::io::ErrorKind::*;
        let text = match kind {
            ConnectionRefused => Some("connection refused"),
            ConnectionReset => Some("connection reset by the server"),
            ConnectionAborted | UnexpectedEof => Some("connection closed by the server"),
            TimedOut => return FetchError::Timeout(timeout),
            _ => None,
        };
        if let Some(text) = text {
            return FetchError::Network(text.to_owned());
        }
    }
    let lower = source_chain(error).to_ascii_lowercase();
    let message = if lower.contains("dns error") || lower.contains("failed to lookup") {
        let host = error.url().and_then(|u| u.host_str()).unwrap_or("host");
        format!("cannot resolve {host}")
    } else if lower.contains("certificate") || lower.contains("tls") {
        format!("TLS error: {}", certificate_problem(&cause))
    } else if error.is_connect() {
        format!("cannot connect: {cause}")
    } else if error.is_decode() || error.is_body() {
        format!("broken response body: {cause}")
    } else {
        format!("request failed: {cause}")
    };
    FetchError::Network(crate::sanitize::line(&message))
}

/// rustls's certificate errors (`invalid peer certificate: UnknownIssuer`) in words.
fn certificate_problem(cause: &str) -> String {
    let problem = cause.strip_prefix("invalid peer certificate: ").unwrap_or(cause);
    match problem {
        "UnknownIssuer" => "certificate not trusted (self-signed or unknown issuer)".to_owned(),
        "Expired" => "certificate expired".to_owned(),
        "NotValidForName" => "certificate not valid for this host".to_owned(),
        "Revoked" => "certificate revoked".to_owned(),
        _ => problem.to_owned(),
    }
}

/// The innermost error message, usually the only informative one.
pub(super) fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

fn source_chain(error: &reqwest::Error) -> String {
    let mut text = String::new();
    let mut current = error.source();
    while let Some(e) = current {
        text.push_str(&e.to_string());
        text.push_str(": ");
        current = e.source();
    }
    text
}

fn io_kind(error: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut current = error.source();
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        current = e.source();
    }
    None
}

/// `20 MiB`, `512 KiB`, `100 bytes`.
pub(super) fn human_size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}
