//! Entry point: everything lives in the library (`tidings::cli`), so tests
//! and tools reach the same definitions.

use std::process::ExitCode;

use clap::Parser;
use tidings::cli::{self, Cli};

fn main() -> ExitCode {
    match cli::run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tidings: {}", tidings::sanitize::line(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}
