//! The state file `scripts/sync-servers start` writes: where the live
//! servers listen and how to log in. A test that finds no state, or a
//! server that does not answer, fails: the live target never skips.

use std::path::PathBuf;

use serde_json::Value;

/// `$TIDINGS_SYNC_DIR/state.json`, else `target/sync-servers/state.json`.
pub fn state_path() -> PathBuf {
    let dir = std::env::var_os("TIDINGS_SYNC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/sync-servers"));
    dir.join("state.json")
}

pub fn state() -> Value {
    let path = state_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("no sync servers: cannot read {} ({e}); start them with `scripts/sync-servers start`", path.display())
    });
    serde_json::from_str(&text).expect("state.json is JSON")
}

pub fn field(state: &Value, server: &str, key: &str) -> String {
    state[server][key].as_str().unwrap_or_else(|| panic!("state.json: {server}.{key}")).to_owned()
}
