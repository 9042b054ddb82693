//! The one clock: unix time now, and the local offset dates are shown in.
//! Code that needs the time takes a `Clock`, so a test can fix it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The system's wall clock.
    #[default]
    System,
    /// Always this instant, in unix milliseconds (tests).
    Fixed(i64),
}

impl Clock {
    /// Unix milliseconds now (0 before 1970, capped far in the future).
    pub fn now_ms(self) -> i64 {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.min(Duration::from_secs(1 << 40)).as_millis()).unwrap_or(i64::MAX)),
            Clock::Fixed(ms) => ms,
        }
    }

    /// Unix seconds now.
    pub fn unix_now(self) -> i64 {
        self.now_ms().div_euclid(1000)
    }
}

/// Unix seconds now, by the system clock.
pub fn unix_now() -> i64 {
    Clock::System.unix_now()
}

/// The local UTC offset now, in seconds east of UTC, for showing dates.
pub fn local_offset() -> i32 {
    chrono::Local::now().offset().local_minus_utc()
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn a_fixed_clock_says_its_time() {
        assert_eq!(Clock::Fixed(1_700_000_000_999).unix_now(), 1_700_000_000);
        assert_eq!(Clock::Fixed(-1).unix_now(), -1);
        assert!(Clock::System.unix_now() > 1_700_000_000);
    }
}
