//! Support for the sync tests: a replay of a recorded FreshRSS session
//! (`replay`) and the state file of `scripts/sync-servers` (`live`).
#![allow(dead_code)]

pub mod live;
pub mod replay;
