//! Any text as a config file: an error with a position, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = tidings::config::Config::parse(text, std::path::Path::new("/fuzz/config.toml")) {
        assert!(e.line >= 1 && e.column >= 1, "{e}");
        assert!(!e.to_string().contains('\n'), "one line: {e}");
    }
});
