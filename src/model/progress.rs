//! The progress of a refresh as one line, the same in the reader's status
//! line and on `tidings refresh`'s terminal: `refreshing 12/40 feeds, 5 new
//! items, 1 failed`.

/// Counts of the refresh in flight.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Feeds finished (stored, unchanged, failed or skipped).
    pub done: usize,
    /// Feeds in this refresh.
    pub total: usize,
    pub new_items: usize,
    pub failed: usize,
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let feeds = if self.total == 1 { "feed" } else { "feeds" };
        write!(f, "refreshing {}/{} {feeds}", self.done, self.total)?;
        let items = if self.new_items == 1 { "item" } else { "items" };
        write!(f, ", {} new {items}", self.new_items)?;
        if self.failed > 0 {
            write!(f, ", {} failed", self.failed)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;

    #[test]
    fn reads_as_one_line() {
        let p = Progress { done: 3, total: 40, new_items: 1, failed: 0 };
        assert_eq!(p.to_string(), "refreshing 3/40 feeds, 1 new item");
        let p = Progress { done: 1, total: 1, new_items: 5, failed: 1 };
        assert_eq!(p.to_string(), "refreshing 1/1 feed, 5 new items, 1 failed");
    }
}
