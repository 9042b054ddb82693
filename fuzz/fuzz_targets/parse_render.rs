//! Any bytes through the parser and the article renderer: no panic, and no
//! control character in anything that would reach the terminal
//! (`fuzz/checks/parse_render.rs`, which the test suite also runs on the corpus).
#![no_main]

#[path = "../checks/parse_render.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check(data));
