//! Which feeds wait and which are being fetched: pure bookkeeping, no I/O.

use std::collections::{HashSet, VecDeque};

use crate::model::FeedId;

#[derive(Debug, Default)]
pub(crate) struct Queue {
    waiting: VecDeque<FeedId>,
    /// Waiting or in flight: a feed is never queued twice.
    busy: HashSet<FeedId>,
    in_flight: usize,
}

impl Queue {
    /// Queues the feeds that are neither waiting nor in flight, in order;
    /// returns the ones added.
    pub(crate) fn push(&mut self, feeds: impl IntoIterator<Item = FeedId>) -> Vec<FeedId> {
        let added: Vec<FeedId> = feeds.into_iter().filter(|id| self.busy.insert(*id)).collect();
        self.waiting.extend(&added);
        added
    }

    /// The next feed to fetch, if fewer than `limit` are in flight.
    pub(crate) fn start_next(&mut self, limit: usize) -> Option<FeedId> {
        if self.in_flight >= limit.max(1) {
            return None;
        }
        let feed = self.waiting.pop_front()?;
        self.in_flight += 1;
        Some(feed)
    }

    /// A started feed is done (stored or failed); it may be queued again.
    pub(crate) fn finish(&mut self, feed: FeedId) {
        if self.busy.remove(&feed) {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
    }

    pub(crate) fn is_idle(&self) -> bool {
        self.busy.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Queue;

    #[test]
    fn never_queues_a_feed_twice() {
        let mut q = Queue::default();
        assert_eq!(q.push([1, 2, 2, 3]), [1, 2, 3]);
        assert_eq!(q.start_next(8), Some(1));
        assert_eq!(q.push([1, 3, 4]), [4], "1 in flight, 3 waiting");
        q.finish(1);
        assert_eq!(q.push([1]), [1], "done: may come back");
    }

    #[test]
    fn respects_the_limit_and_reports_idle() {
        let mut q = Queue::default();
        assert!(q.is_idle());
        q.push([1, 2, 3]);
        assert_eq!(q.start_next(2), Some(1));
        assert_eq!(q.start_next(2), Some(2));
        assert_eq!(q.start_next(2), None, "two in flight");
        q.finish(1);
        assert_eq!(q.start_next(2), Some(3));
        assert_eq!(q.start_next(2), None, "nothing waiting");
        q.finish(2);
        assert!(!q.is_idle());
        q.finish(3);
        assert!(q.is_idle());
    }

    #[test]
    fn a_zero_limit_still_makes_progress() {
        let mut q = Queue::default();
        q.push([7]);
        assert_eq!(q.start_next(0), Some(7));
    }
}
