//! The fuzz targets' corpora replayed as ordinary tests, so CI runs them on
//! stable: every file of `fuzz/corpus/<target>/` goes through the same check
//! the fuzz target calls (`fuzz/checks/<target>.rs`).

use std::path::PathBuf;

#[path = "../../fuzz/checks/config.rs"]
mod config;
#[path = "../../fuzz/checks/parse_render.rs"]
mod parse_render;

/// Runs `check` on every file of the target's corpus (at least one); fails
/// naming each file whose check panicked.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    let failed: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            std::panic::catch_unwind(|| check(&data)).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{} of {} {target} corpus files fail: {failed:#?}", failed.len(), files.len());
}

#[test]
fn the_parse_render_corpus_passes_the_fuzz_check() {
    replay("parse_render", parse_render::check);
}

#[test]
fn the_config_corpus_passes_the_fuzz_check() {
    replay("config", config::check);
}
