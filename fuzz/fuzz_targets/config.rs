//! Any text as a config file: an error with a position, never a panic
//! (`fuzz/checks/config.rs`, which the test suite also runs on the corpus).
#![no_main]

#[path = "../checks/config.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check(data));
