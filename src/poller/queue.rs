//! Which feeds wait and which are being fetched, with a limit in all and one
//! per host: pure bookkeeping, no I/O.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::model::FeedId;

#[derive(Debug, Default)]
pub(crate) struct Queue {
    waiting: VecDeque<FeedId>,
    /// Waiting or in flight: a feed is never queued twice.
    busy: HashSet<FeedId>,
    /// Host of each busy feed (None: no host, e.g. a local file).
    hosts: HashMap<FeedId, Option<String>>,
    per_host: HashMap<String, usize>,
    in_flight: usize,
}

impl Queue {
    /// Queues the feeds that are neither waiting nor in flight, in order;
    /// returns the ones added.
    pub(crate) fn push(&mut self, feeds: impl IntoIterator<Item = (FeedId, Option<String>)>) -> Vec<FeedId> {
        let mut added = Vec::new();
        for (id, host) in feeds {
            if self.busy.insert(id) {
                self.hosts.insert(id, host);
                added.push(id);
            }
        }
        self.waiting.extend(&added);
        added
    }

    /// The first waiting feed whose host has room, if fewer than `limit` are
    /// in flight and fewer than `per_host` of its host.
    pub(crate) fn start_next(&mut self, limit: usize, per_host: usize) -> Option<FeedId> {
        if self.in_flight >= limit.max(1) {
            return None;
        }
        let per_host = per_host.max(1);
        let position = self.waiting.iter().position(|id| match self.hosts.get(id).and_then(Option::as_ref) {
            Some(host) => self.per_host.get(host).copied().unwrap_or(0) < per_host,
            None => true,
        })?;
        let feed = self.waiting.remove(position)?;
        if let Some(Some(host)) = self.hosts.get(&feed) {
            *self.per_host.entry(host.clone()).or_default() += 1;
        }
        self.in_flight += 1;
        Some(feed)
    }

    /// A started feed is done (stored or failed); it may be queued again.
    pub(crate) fn finish(&mut self, feed: FeedId) {
        if !self.busy.remove(&feed) {
            return;
        }
        self.in_flight = self.in_flight.saturating_sub(1);
        if let Some(Some(host)) = self.hosts.remove(&feed)
            && let Some(count) = self.per_host.get_mut(&host)
        {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.per_host.remove(&host);
            }
        }
    }

    /// Waiting or in flight.
    pub(crate) fn is_busy(&self, feed: FeedId) -> bool {
        self.busy.contains(&feed)
    }

    pub(crate) fn is_idle(&self) -> bool {
        self.busy.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Queue;
    use crate::model::FeedId;

    fn on(host: &str, ids: &[i64]) -> Vec<(FeedId, Option<String>)> {
        ids.iter().map(|id| (FeedId(*id), Some(host.to_owned()))).collect()
    }

    fn ids(ids: &[i64]) -> Vec<FeedId> {
        ids.iter().copied().map(FeedId).collect()
    }

    #[test]
    fn never_queues_a_feed_twice() {
        let mut q = Queue::default();
        assert_eq!(q.push(on("a", &[1, 2, 2, 3])), ids(&[1, 2, 3]));
        assert_eq!(q.start_next(8, 8), Some(FeedId(1)));
        assert_eq!(q.push(on("a", &[1, 3, 4])), ids(&[4]), "1 in flight, 3 waiting");
        q.finish(FeedId(1));
        assert_eq!(q.push(on("a", &[1])), ids(&[1]), "done: may come back");
    }

    #[test]
    fn respects_the_limit_and_reports_idle() {
        let mut q = Queue::default();
        assert!(q.is_idle());
        q.push([(FeedId(1), None), (FeedId(2), None), (FeedId(3), None)]);
        assert_eq!(q.start_next(2, 1), Some(FeedId(1)));
        assert_eq!(q.start_next(2, 1), Some(FeedId(2)), "no host, no host limit");
        assert_eq!(q.start_next(2, 1), None, "two in flight");
        q.finish(FeedId(1));
        assert_eq!(q.start_next(2, 1), Some(FeedId(3)));
        assert_eq!(q.start_next(2, 1), None, "nothing waiting");
        q.finish(FeedId(2));
        assert!(!q.is_idle());
        q.finish(FeedId(3));
        assert!(q.is_idle());
    }

    #[test]
    fn one_host_never_takes_more_than_its_share() {
        let mut q = Queue::default();
        q.push(on("busy.example", &[1, 2, 3]));
        q.push(on("other.example", &[4]));
        assert_eq!(q.start_next(8, 2), Some(FeedId(1)));
        assert_eq!(q.start_next(8, 2), Some(FeedId(2)));
        assert_eq!(q.start_next(8, 2), Some(FeedId(4)), "3 waits for its host; 4 goes ahead");
        assert_eq!(q.start_next(8, 2), None);
        q.finish(FeedId(2));
        assert_eq!(q.start_next(8, 2), Some(FeedId(3)));
    }

    #[test]
    fn a_zero_limit_still_makes_progress() {
        let mut q = Queue::default();
        q.push([(FeedId(7), None)]);
        assert_eq!(q.start_next(0, 0), Some(FeedId(7)));
    }
}
