//! Lenient readers for the loose JSON of sync servers: ids as numbers or
//! strings, flags as 0/1, booleans or "t", lists as arrays or
//! comma-separated strings, null where a string was expected.

use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Bool(bool),
    UInt(u64),
    Int(i64),
    Float(f64),
    Str(String),
}

impl Scalar {
    fn text(self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::UInt(n) => n.to_string(),
            Scalar::Int(n) => n.to_string(),
            Scalar::Float(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => (n as i64).to_string(),
            Scalar::Float(n) => n.to_string(),
            Scalar::Str(s) => s,
        }
    }

    fn flag(&self) -> bool {
        match self {
            Scalar::Bool(b) => *b,
            Scalar::UInt(n) => *n != 0,
            Scalar::Int(n) => *n != 0,
            Scalar::Float(n) => *n != 0.0,
            Scalar::Str(s) => matches!(s.trim(), "1" | "t" | "true" | "yes"),
        }
    }

    fn number(&self) -> Option<i64> {
        match self {
            Scalar::UInt(n) => i64::try_from(*n).ok(),
            Scalar::Int(n) => Some(*n),
            Scalar::Float(n) if n.is_finite() => Some(*n as i64),
            Scalar::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// A number or string as text; null or absent as "".
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<Scalar>::deserialize(d)?.map(Scalar::text).unwrap_or_default())
}

/// A number or string as text, None when null, absent or empty.
pub(crate) fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Scalar>::deserialize(d)?.map(Scalar::text).filter(|s| !s.trim().is_empty()))
}

/// 0/1, true/false, "t"/"f", "1"/"0"; null as false.
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<Scalar>::deserialize(d)?.is_some_and(|s| s.flag()))
}

/// A number, or a string holding one.
pub(crate) fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<Scalar>::deserialize(d)?.and_then(|s| s.number()))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum List {
    Joined(String),
    Items(Vec<Option<Scalar>>),
}

/// `"1,2,3"`, `[1, 2, 3]` or `["1", "2"]`; null as empty.
pub(crate) fn id_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Option::<List>::deserialize(d)? {
        None => Vec::new(),
        Some(List::Joined(s)) => s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        Some(List::Items(items)) => items.into_iter().flatten().map(Scalar::text).filter(|s| !s.is_empty()).collect(),
    })
}

/// Like `id_list`, for a field whose absence means something (Some when present).
pub(crate) fn some_id_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    id_list(d).map(Some)
}

/// A list whose malformed entries are dropped, not fatal.
pub(crate) fn lenient_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let values = Option::<Vec<serde_json::Value>>::deserialize(d)?.unwrap_or_default();
    Ok(values.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Probe {
        #[serde(default, deserialize_with = "text")]
        id: String,
        #[serde(default, deserialize_with = "flag")]
        on: bool,
        #[serde(default, deserialize_with = "id_list")]
        ids: Vec<String>,
        #[serde(default, deserialize_with = "opt_number")]
        n: Option<i64>,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).expect(json)
    }

    #[test]
    fn loose_values_are_read() {
        assert_eq!(probe(r#"{"id": 1796164409347442}"#).id, "1796164409347442");
        assert_eq!(probe(r#"{"id": "17"}"#).id, "17");
        assert_eq!(probe(r#"{"id": null}"#).id, "");
        assert!(probe(r#"{"on": 1}"#).on && probe(r#"{"on": "t"}"#).on && probe(r#"{"on": true}"#).on);
        assert!(!probe(r#"{"on": 0}"#).on && !probe(r#"{"on": "f"}"#).on && !probe(r#"{"on": null}"#).on);
        assert_eq!(probe(r#"{"ids": "1,2, 3,"}"#).ids, ["1", "2", "3"]);
        assert_eq!(probe(r#"{"ids": [4, "5", null]}"#).ids, ["4", "5"]);
        assert_eq!(probe(r#"{"ids": ""}"#).ids, Vec::<String>::new());
        assert_eq!(probe(r#"{"n": "42"}"#).n, Some(42));
        assert_eq!(probe(r#"{"n": "x"}"#).n, None);
    }
}
