//! What the `config` fuzz target checks of any text as a config file: an
//! error with a position, on one line, never a panic. The fuzz target calls
//! it, and so does the test suite on every file of `fuzz/corpus/config/`
//! (`tests/it/fuzz_corpus.rs`).

pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = tidings::config::Config::parse(text, std::path::Path::new("/fuzz/config.toml")) {
        assert!(e.line >= 1 && e.column >= 1, "{e}");
        assert!(!e.to_string().contains('\n'), "one line: {e}");
    }
}
