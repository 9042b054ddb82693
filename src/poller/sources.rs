//! Where a job's bytes come from: a conditional HTTP (or file) fetch, or the
//! feed's command; and the filter they go through before they are read.
//!
//! The body hash that lets an unchanged feed skip its parse is taken of the
//! bytes as fetched, before the filter, so an unchanged feed does not run its
//! filter either. A filtered feed's hash starts with a fingerprint of the
//! filter: when the filter changes, the stored validators belong to bytes
//! read another way, so the next request is unconditional and the feed is
//! read again through the new filter.

use super::FeedError;
use super::job::{Failure, Job};
use crate::fetch::command::{self, Role};
use crate::fetch::{Request, Response};

/// The bytes of the feed: its command's output, or the answer to a
/// conditional request for its URL (or where it moved).
pub(super) async fn fetch(job: &Job) -> Result<Response, Failure> {
    if let Some(argv) = &job.feed.command {
        let body = command::run(Role::Source, argv, None, job.limits).await.map_err(Failure::Command)?;
        // No URL: relative links have nothing to resolve against.
        return Ok(Response { body: Some(body), ..Response::default() });
    }
    let fetcher = job.fetcher.as_ref().map_err(|error| Failure::Other(FeedError::client(error)))?;
    let url = job.state.moved_to.clone().unwrap_or_else(|| job.feed.url.clone());
    let conditional = same_filter(job.feed.filter.as_deref(), job.state.body_hash.as_deref());
    let request = Request {
        url: &url,
        etag: job.state.etag.as_deref().filter(|_| conditional),
        last_modified: job.state.last_modified.as_deref().filter(|_| conditional),
        headers: &job.feed.headers,
    };
    fetcher.get(&request).await.map_err(Failure::Fetch)
}

/// The response with its body put through the feed's filter, if it has one.
pub(super) async fn filtered(job: &Job, response: Response) -> Result<Response, Failure> {
    let Some(argv) = &job.feed.filter else { return Ok(response) };
    let input = response.body.unwrap_or_default();
    let body = command::run(Role::Filter, argv, Some(input), job.limits).await.map_err(Failure::Command)?;
    // The output is a document of its own: the server's charset no longer describes it.
    Ok(Response { body: Some(body), content_type: None, ..response })
}

/// Identity of a body: xxh3-128 is fast enough to run on every fetch of every
/// feed, and a collision only delays an update until the bytes change again.
/// A filtered body's starts with the filter's fingerprint.
pub(super) fn body_hash(filter: Option<&[String]>, body: &[u8]) -> String {
    let hash = xxhash_rust::xxh3::xxh3_128(body);
    match filter {
        None => format!("{hash:032x}"),
        Some(argv) => format!("{}{hash:032x}", filter_prefix(argv)),
    }
}

/// Whether the stored hash was taken under this same filter (or none).
fn same_filter(filter: Option<&[String]>, stored: Option<&str>) -> bool {
    match (filter, stored) {
        (_, None) => true,
        (None, Some(hash)) => !hash.contains('-'),
        (Some(argv), Some(hash)) => hash.starts_with(&filter_prefix(argv)),
    }
}

fn filter_prefix(argv: &[String]) -> String {
    let joined = argv.join("\0");
    format!("{:016x}-", xxhash_rust::xxh3::xxh3_64(joined.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators_hold_only_under_the_same_filter() {
        let sed = vec!["sed".to_owned(), "s/a/b/".to_owned()];
        let other = vec!["sed".to_owned(), "s/a/c/".to_owned()];
        let plain = body_hash(None, b"<rss/>");
        let filtered = body_hash(Some(&sed), b"<rss/>");
        assert_ne!(plain, filtered);
        assert!(same_filter(None, Some(&plain)) && same_filter(Some(&sed), Some(&filtered)));
        assert!(!same_filter(Some(&sed), Some(&plain)), "a filter was added");
        assert!(!same_filter(None, Some(&filtered)), "the filter was removed");
        assert!(!same_filter(Some(&other), Some(&filtered)), "the filter changed");
        assert!(same_filter(Some(&sed), None), "nothing stored yet");
    }
}
