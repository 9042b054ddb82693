//! Support for the live sync targets (`sync_live`, `sync_engine_live`,
//! `sync_reader_live`, `sync_bench`): the state file of `scripts/sync-servers`
//! (`live`), the servers' own APIs (`raw`), and the suite's way to run the
//! binary and drive it in a pseudo-terminal (`bin`, `pty`: the files of
//! `tests/it/common/`, shared as they are). The replay of a recorded FreshRSS
//! session is in `tests/it/common/replay.rs`.
#![allow(dead_code)]

#[path = "../it/common/bin.rs"]
pub mod bin;
pub mod live;
#[path = "../it/common/pty.rs"]
pub mod pty;
pub mod raw;
