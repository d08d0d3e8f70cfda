//! Small generic helpers that `model` expansions call, so each model's serde impls stay short (compile time is
//! a feature: these are compiled once, not once per model).

use serde::de::{Deserialize, Error, MapAccess};
use serde::ser::{Serialize, SerializeMap};

use crate::nullable::Nullable;

/// Reads the value of a declared field into its slot; a second occurrence of the key is `duplicate_field`.
pub fn fill<'de, A, T>(
    slot: &mut Option<T>,
    map: &mut A,
    json_name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(json_name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required field, or `missing_field` naming its JSON name.
pub fn required<T, E: Error>(slot: Option<T>, json_name: &'static str) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => Err(E::missing_field(json_name)),
    }
}

/// A timestamp written in Bandwidth's spelling: RFC 3339 UTC with exactly three fractional digits
/// (`2026-12-01T21:28:49.190Z`), never jiff's shortest form (`.19Z`, or no fraction), which strict
/// fixed-pattern parsers in other languages reject. Model fields of type `Timestamp` serialize through it.
pub struct Millis<'a>(pub &'a jiff::Timestamp);

impl Serialize for Millis<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{:.3}", self.0))
    }
}

/// Writes a required timestamp field in Bandwidth's spelling ([`Millis`]).
pub fn timestamp_entry<M: SerializeMap>(
    map: &mut M,
    json_name: &'static str,
    value: &jiff::Timestamp,
) -> Result<(), M::Error> {
    map.serialize_entry(json_name, &Millis(value))
}

/// Writes an optional timestamp field in Bandwidth's spelling when it is `Some`.
pub fn optional_timestamp_entry<M: SerializeMap>(
    map: &mut M,
    json_name: &'static str,
    value: &Option<jiff::Timestamp>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(json_name, &Millis(value)),
        None => Ok(()),
    }
}

/// Writes a nullable timestamp field in Bandwidth's spelling unless it is `Absent`.
pub fn nullable_timestamp_entry<M: SerializeMap>(
    map: &mut M,
    json_name: &'static str,
    value: &Nullable<jiff::Timestamp>,
) -> Result<(), M::Error> {
    match value {
        Nullable::Absent => Ok(()),
        Nullable::Null => map.serialize_entry(json_name, &()),
        Nullable::Value(value) => map.serialize_entry(json_name, &Millis(value)),
    }
}

/// Writes an optional field when it is `Some`.
pub fn optional_entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    json_name: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(json_name, value),
        None => Ok(()),
    }
}

/// Writes a nullable field unless it is `Absent` (`Null` is written as `null`).
pub fn nullable_entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    json_name: &'static str,
    value: &Nullable<T>,
) -> Result<(), M::Error> {
    match value {
        Nullable::Absent => Ok(()),
        present => map.serialize_entry(json_name, present),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_names_the_missing_field() {
        let err = required::<u8, serde_json::Error>(None, "applicationId").unwrap_err();
        assert_eq!(err.to_string(), "missing field `applicationId`");
        assert_eq!(required::<u8, serde_json::Error>(Some(3), "x").unwrap(), 3);
    }
}
