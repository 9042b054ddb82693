//! The HTTP client, built on a thread of its own: reading the system's
//! certificates takes some milliseconds (145 roots: about 4 ms of CPU), which
//! a caller can spend opening its database instead of waiting.

use std::thread::JoinHandle;

use super::{FetchOptions, Fetcher};

/// A `Fetcher` being built. `finish` waits for it.
pub struct FetcherStart(JoinHandle<Result<Fetcher, String>>);

impl FetcherStart {
    pub fn new(options: FetchOptions) -> FetcherStart {
        FetcherStart(std::thread::spawn(move || Fetcher::with_options(options).map_err(|e| e.to_string())))
    }

    /// The fetcher, or why there is none (every fetch then fails with it).
    pub fn finish(self) -> Result<Fetcher, String> {
        self.0.join().unwrap_or_else(|_| Err("cannot start the HTTP client: its set-up panicked".to_string()))
    }
}
