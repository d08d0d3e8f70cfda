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
