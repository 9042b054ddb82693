//! What response headers say about timing: `Retry-After`, `Cache-Control`,
//! `Expires`. Pure functions of the header values and a clock.

use std::time::{Duration, SystemTime};

/// `Retry-After`: delta-seconds or an HTTP-date (relative to `now`).
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// How long the response may be cached: `Cache-Control: max-age` (unless
/// `no-cache`/`no-store`), else `Expires` minus `Date` (or `now`).
pub fn freshness(
    cache_control: Option<&str>,
    expires: Option<&str>,
    date: Option<&str>,
    now: SystemTime,
) -> Option<Duration> {
    if let Some(cc) = cache_control {
        let mut max_age = None;
        for directive in cc.split(',').map(|d| d.trim().to_ascii_lowercase()) {
            if directive == "no-cache" || directive == "no-store" {
                return None;
            }
            if let Some(v) = directive.strip_prefix("max-age=") {
                max_age = v.trim_matches('"').parse::<u64>().ok().map(Duration::from_secs);
            }
        }
        if max_age.is_some() {
            return max_age;
        }
    }
    let expires = httpdate::parse_http_date(expires?.trim()).ok()?;
    let reference = date.and_then(|d| httpdate::parse_http_date(d.trim()).ok()).unwrap_or(now);
    Some(expires.duration_since(reference).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> SystemTime {
        httpdate::parse_http_date(s).unwrap()
    }

    #[test]
    fn retry_after_both_forms() {
        let now = at("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:51:37 GMT", now), Some(Duration::from_secs(120)));
        assert_eq!(retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now), Some(Duration::from_secs(60)), "RFC 850");
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), Some(Duration::ZERO), "past");
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-5", now), None);
    }

    #[test]
    fn freshness_from_cache_headers() {
        let now = at("Sun, 06 Nov 1994 08:00:00 GMT");
        assert_eq!(freshness(Some("public, max-age=3600"), None, None, now), Some(Duration::from_secs(3600)));
        assert_eq!(freshness(Some("no-cache, max-age=3600"), None, None, now), None);
        let expires = Some("Sun, 06 Nov 1994 10:00:00 GMT");
        assert_eq!(freshness(None, expires, None, now), Some(Duration::from_secs(7200)));
        assert_eq!(
            freshness(None, expires, Some("Sun, 06 Nov 1994 09:00:00 GMT"), now),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(freshness(None, Some("0"), None, now), None);
    }
}
