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

/// A whole number as a server may write it (a number, a string of digits,
/// a float without fraction); anything else, an object or list included, is
/// None and read past without building it, so one odd field never costs
/// the row (no `serde_json::Value` in between).
pub(crate) fn loose_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(LooseU64)
}

struct LooseU64;

impl<'de> serde::de::Visitor<'de> for LooseU64 {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Some(n))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(u64::try_from(n).ok())
    }

    fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
        Ok((n.fract() == 0.0 && (0.0..9.0e15).contains(&n)).then_some(n as u64))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(super::numeric(s.trim()))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(LooseU64)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
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

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(default, deserialize_with = "loose_u64")]
        id: Option<u64>,
    }

    #[test]
    fn loose_numbers_never_fail_the_row() {
        let rows: Vec<Row> = serde_json::from_str(
            r#"[{"id": 7}, {"id": "8"}, {"id": 9.0}, {"id": {"a": [1]}}, {"id": [2]}, {"id": null},
                {"id": -1}, {"id": "x1"}, {"id": true}, {}]"#,
        )
        .expect("rows");
        let ids: Vec<Option<u64>> = rows.into_iter().map(|r| r.id).collect();
        assert_eq!(ids, [Some(7), Some(8), Some(9), None, None, None, None, None, None, None]);
    }
}
