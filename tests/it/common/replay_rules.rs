//! Which recorded exchange may answer a request, beyond the exact match:
//! the side of the recorded refresh, and the one parameter whose value can
//! differ without changing the answer (`n` over a partial page).

use super::replay_data::Exchange;

/// The first exchange recorded after the refresh (alpha generation 2).
pub const FIRST_AFTER_REFRESH: u64 = 87;

/// Which of the recorded server states the replay serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Every exchange, in recorded order (the clients' own tests).
    Whole,
    /// Only what was recorded before the refresh (exchanges 1–86).
    BeforeRefresh,
    /// Only what was recorded after it (87–95).
    AfterRefresh,
}

/// Calls whose answer does not depend on the account's items or
/// subscriptions: the login, the token, the user and the API check.
fn stateless(path: &str) -> bool {
    ["/accounts/ClientLogin", "/reader/api/0/token", "/reader/api/0/user-info", "/check/compatibility"]
        .iter()
        .any(|end| path.ends_with(end))
        || path.ends_with("/api/greader.php")
}

/// Whether `e` may answer in `phase`.
pub fn in_phase(phase: Phase, e: &Exchange) -> bool {
    match phase {
        Phase::Whole => true,
        _ if stateless(&e.path) => true,
        Phase::BeforeRefresh => e.n < FIRST_AFTER_REFRESH,
        Phase::AfterRefresh => e.n >= FIRST_AFTER_REFRESH,
    }
}

/// The items of a recorded list answer (`itemRefs` of items/ids, `items` of
/// a stream) and whether it carried a continuation; None for other answers.
fn page_shape(e: &Exchange) -> Option<(usize, bool)> {
    let json: serde_json::Value = serde_json::from_str(&e.response).ok()?;
    let items = json.get("itemRefs").or_else(|| json.get("items"))?.as_array()?.len();
    Some((items, json.get("continuation").is_some()))
}

fn without_n(params: &[(String, String)]) -> (Vec<(String, String)>, Option<usize>) {
    let n = params.iter().find(|(k, _)| k == "n").and_then(|(_, v)| v.parse().ok());
    (params.iter().filter(|(k, _)| k != "n").cloned().collect(), n)
}

/// The larger-page rule: on a stream read (GET `stream/items/ids` or
/// `stream/contents/…`), `n` only caps the page. A recorded answer with k
/// items, fewer than its own `n` and no continuation, is the whole listing;
/// the same request with any `n` > k has exactly that answer. Every other
/// parameter (`s`, `xt`, `it`, `ot`, `nt`, `r`, `c`) must be the same.
/// `query` is the normalized query of the request, `e_query` the exchange's.
pub fn larger_page(e: &Exchange, query: &[(String, String)], e_query: &[(String, String)]) -> bool {
    if e.method != "GET" || !(e.path.ends_with("/stream/items/ids") || e.path.contains("/stream/contents/")) {
        return false;
    }
    let ((asked, asked_n), (recorded, recorded_n)) = (without_n(query), without_n(e_query));
    let (Some(asked_n), Some(recorded_n)) = (asked_n, recorded_n) else { return false };
    match page_shape(e) {
        Some((k, false)) => asked == recorded && e.status == 200 && k < recorded_n && asked_n > k,
        _ => false,
    }
}

/// The Fever first-page rule: `items&since_id=0` is answered by the recorded
/// `items` with no argument (fever 7). FreshRSS's fever.php reads
/// `since_id=0` as `id > 0 ORDER BY id ASC LIMIT 50` and no argument as
/// every item, unordered; 7 holds all 24 items (under the 50 limit), every
/// id is above 0, and 7 lists them in ascending id order: the same bytes.
pub fn fever_since_zero(e: &Exchange, query: &[(String, String)], e_query: &[(String, String)]) -> bool {
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    e.path.ends_with("/api/fever.php")
        && e.status == 200
        && query == [pair("api", ""), pair("items", ""), pair("since_id", "0")]
        && e_query == [pair("api", ""), pair("items", "")]
}
