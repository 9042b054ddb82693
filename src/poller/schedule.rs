//! When a feed may and should be fetched: pure functions of its state, its
//! settings and a clock (unix milliseconds), so they are tested without waiting.

use std::time::Duration;

use crate::model::FetchState;

/// First delay after a failure; it doubles with each failure in a row.
pub const BACKOFF_BASE: Duration = Duration::from_secs(5 * 60);
/// Longest delay after failures, and longest interval a server hint can impose.
pub const MAX_DELAY: Duration = Duration::from_secs(24 * 3600);
/// A `Retry-After` is honoured within these bounds.
pub const MIN_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Why a fetch is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The timer or the start of the TUI: only feeds that are due.
    Auto,
    /// "Refresh all": every feed the server has not asked us to leave alone.
    All,
    /// One feed, asked for by name: only a server's `Retry-After` stops it.
    One,
}

/// Why a feed is not fetched now; one line for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Automatic refresh and not due yet: said to nobody.
    NotDue,
    Gone,
    ServerHold {
        wait_ms: i64,
    },
    Backoff {
        failures: u32,
        wait_ms: i64,
    },
}

impl Skip {
    pub fn reason(&self) -> String {
        match self {
            Skip::NotDue => "not due yet".to_owned(),
            Skip::Gone => "gone (HTTP 410), no longer polled; remove it from the config".to_owned(),
            Skip::ServerHold { wait_ms } => format!("the server asked to wait; next try in {}", human(*wait_ms)),
            Skip::Backoff { failures: 1, wait_ms } => format!("failed last time; next try in {}", human(*wait_ms)),
            Skip::Backoff { failures, wait_ms } => {
                format!("failed {failures} times in a row; next try in {}", human(*wait_ms))
            }
        }
    }
}

/// Whether `trigger` may fetch a feed in `state` at `now`.
pub fn check(state: &FetchState, trigger: Trigger, now: i64) -> Result<(), Skip> {
    if state.gone_at.is_some() && trigger != Trigger::One {
        return Err(Skip::Gone);
    }
    if let Some(at) = state.retry_at_ms.filter(|at| *at > now) {
        let wait_ms = at - now;
        if state.server_hold {
            return Err(Skip::ServerHold { wait_ms });
        }
        if trigger != Trigger::One {
            return Err(Skip::Backoff { failures: state.failures, wait_ms });
        }
    }
    if trigger == Trigger::Auto && state.next_due_ms.is_some_and(|due| due > now) {
        return Err(Skip::NotDue);
    }
    Ok(())
}

/// When an automatic refresh should next look at the feed (None: never).
pub fn next_wake(state: &FetchState, interval: Option<Duration>) -> Option<i64> {
    if state.gone_at.is_some() || interval.is_none() {
        return None;
    }
    let due = state.next_due_ms.unwrap_or(0);
    Some(state.retry_at_ms.map_or(due, |at| at.max(due)))
}

/// Next due time after a success. The user's `interval` is a floor that a
/// server or feed hint (`hint_secs`) may lengthen, up to `MAX_DELAY`.
pub fn next_due(now: i64, interval: Option<Duration>, hint_secs: Option<i64>, use_hints: bool) -> Option<i64> {
    let interval = interval?;
    let hint = hint_secs.filter(|_| use_hints).map_or(Duration::ZERO, |s| Duration::from_secs(s.max(0) as u64));
    let wait = interval.max(hint.min(MAX_DELAY));
    Some(now + millis(wait))
}

/// Delay after `failures` failures in a row: doubling from `BACKOFF_BASE`,
/// capped at `MAX_DELAY`, spread by ±20 % (`jitter` in [0, 1)) so feeds that
/// failed together do not come back together.
pub fn backoff(failures: u32, jitter: f64) -> Duration {
    let doublings = failures.saturating_sub(1).min(20);
    let delay = BACKOFF_BASE.saturating_mul(1 << doublings).min(MAX_DELAY);
    delay.mul_f64(0.8 + 0.4 * jitter.clamp(0.0, 1.0))
}

/// A server's `Retry-After`, within sane bounds.
pub fn retry_after(asked: Duration) -> Duration {
    asked.clamp(MIN_RETRY_AFTER, MAX_DELAY)
}

pub fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// `45 s`, `12 min`, `3 h`.
pub fn human(ms: i64) -> String {
    let s = (ms.max(0) + 999) / 1000;
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", (s + 59) / 60),
        _ => format!("{} h", (s + 3599) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn who_may_fetch_what() {
        let now = 1_000 * MIN;
        let fresh = FetchState::default();
        for trigger in [Trigger::Auto, Trigger::All, Trigger::One] {
            assert_eq!(check(&fresh, trigger, now), Ok(()), "{trigger:?}");
        }
        let not_due = FetchState { next_due_ms: Some(now + MIN), ..FetchState::default() };
        assert_eq!(check(&not_due, Trigger::Auto, now), Err(Skip::NotDue));
        assert_eq!(check(&not_due, Trigger::All, now), Ok(()));
        let gone = FetchState { gone_at: Some(1), ..FetchState::default() };
        assert_eq!(check(&gone, Trigger::All, now), Err(Skip::Gone));
        assert_eq!(check(&gone, Trigger::One, now), Ok(()));
        let held = FetchState { retry_at_ms: Some(now + 2 * MIN), server_hold: true, ..FetchState::default() };
        assert_eq!(check(&held, Trigger::One, now), Err(Skip::ServerHold { wait_ms: 2 * MIN }));
        let backing_off = FetchState { retry_at_ms: Some(now + MIN), failures: 3, ..FetchState::default() };
        assert_eq!(check(&backing_off, Trigger::All, now), Err(Skip::Backoff { failures: 3, wait_ms: MIN }));
        assert_eq!(check(&backing_off, Trigger::One, now), Ok(()));
        assert_eq!(check(&backing_off, Trigger::All, now + MIN), Ok(()), "over");
    }

    #[test]
    fn hints_only_lengthen_the_interval() {
        let thirty = Some(Duration::from_secs(1800));
        assert_eq!(next_due(0, thirty, None, true), Some(1800 * 1000));
        assert_eq!(next_due(0, thirty, Some(60), true), Some(1800 * 1000), "shorter hint ignored");
        assert_eq!(next_due(0, thirty, Some(7200), true), Some(7200 * 1000));
        assert_eq!(next_due(0, thirty, Some(7200), false), Some(1800 * 1000), "switched off");
        assert_eq!(next_due(0, thirty, Some(10_000_000), true), Some(24 * 3600 * 1000), "capped");
        assert_eq!(next_due(0, None, Some(7200), true), None, "no automatic refresh");
    }

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        assert_eq!(backoff(1, 0.5), Duration::from_secs(300));
        assert_eq!(backoff(2, 0.5), Duration::from_secs(600));
        assert_eq!(backoff(3, 0.0), Duration::from_secs(960));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(1440));
        assert_eq!(backoff(40, 0.5), MAX_DELAY);
    }

    #[test]
    fn retry_after_is_clamped_and_readable() {
        assert_eq!(retry_after(Duration::ZERO), MIN_RETRY_AFTER);
        assert_eq!(retry_after(Duration::from_secs(365 * 86_400)), MAX_DELAY);
        assert_eq!(human(45_000), "45 s");
        assert_eq!(human(12 * MIN), "12 min");
        assert_eq!(human(180 * MIN), "3 h");
    }
}
