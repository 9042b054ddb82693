//! Support for the live sync targets (`sync_live`, `sync_bench`): the state
//! file of `scripts/sync-servers` (`live`). The replay of a recorded FreshRSS
//! session is in `tests/it/common/replay.rs`.
#![allow(dead_code)]

pub mod live;
