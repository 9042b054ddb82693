//! Removes what must never reach the terminal from feed text: C0/C1 controls,
//! escape sequences, bidi overrides and isolates.
//! STUB: signatures are the contract; bodies are being written.

/// A one-line field (title, author): controls removed, whitespace collapsed, trimmed.
pub fn line(s: &str) -> String {
    let _ = s;
    todo!()
}

/// A multi-line text: controls removed except newline; tabs become spaces.
pub fn text(s: &str) -> String {
    let _ = s;
    todo!()
}
