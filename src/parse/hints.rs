//! What a feed says about how often to poll it: RSS `<ttl>` (minutes) and the
//! syndication module's `sy:updatePeriod` / `sy:updateFrequency`.

use crate::scan::find;

/// How far into the document the channel's own elements are looked for.
const HEAD_BYTES: usize = 16 * 1024;

/// Seconds per `sy:updatePeriod` value.
fn period_seconds(period: &str) -> Option<u64> {
    Some(match period.trim().to_ascii_lowercase().as_str() {
        "hourly" => 3600,
        "daily" => 86_400,
        "weekly" => 7 * 86_400,
        "monthly" => 30 * 86_400,
        "yearly" => 365 * 86_400,
        _ => return None,
    })
}

/// The longest interval the feed asks for, in seconds: `ttl` (already parsed
/// by feed-rs, minutes) or the `sy:` elements found in the channel head.
pub(crate) fn interval(ttl_minutes: Option<u32>, text: &[u8]) -> Option<u64> {
    let ttl = ttl_minutes.filter(|m| *m > 0).map(|m| u64::from(m) * 60);
    // The channel's elements come before its items: do not scan megabytes.
    let head = &text[..text.len().min(HEAD_BYTES)];
    let head = &head[..find(head, b"<item").or_else(|| find(head, b"<entry")).unwrap_or(head.len())];
    let sy = element_text(head, b":updatePeriod>").and_then(|p| period_seconds(&p)).map(|period| {
        let frequency = element_text(head, b":updateFrequency>").and_then(|f| f.trim().parse::<u64>().ok());
        period / frequency.filter(|f| *f > 0).unwrap_or(1)
    });
    ttl.into_iter().chain(sy).max()
}

/// Text after the first `name` (an element's start tag end), up to the next `<`.
fn element_text(head: &[u8], name: &[u8]) -> Option<String> {
    let start = find(head, name)? + name.len();
    let len = head[start..].iter().position(|b| *b == b'<')?;
    std::str::from_utf8(&head[start..start + len]).ok().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::interval;

    #[test]
    fn ttl_and_syndication_module() {
        assert_eq!(interval(Some(60), b"<channel>"), Some(3600));
        let sy = b"<channel><sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency><item>";
        assert_eq!(interval(None, sy), Some(21_600));
        assert_eq!(interval(Some(600), sy), Some(36_000), "the longer one");
        assert_eq!(
            interval(None, b"<channel><item><sy:updatePeriod>yearly</sy:updatePeriod>"),
            None,
            "items are not scanned"
        );
        assert_eq!(interval(Some(0), b"<sy:updatePeriod>often</sy:updatePeriod>"), None);
    }
}
