//! [`Nullable`]: the tri-state value of an OpenAPI `nullable: true` field.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that may be absent, explicitly `null`, or hold a value.
///
/// OpenAPI 3.0 `nullable: true` fields on optional properties have three states, and the difference between
/// "not sent" and "sent as null" matters when a body is echoed back. `Option<Option<T>>` says the same thing but
/// reads badly; this enum names the states.
///
/// ```
/// use bandwidth_messaging::Nullable;
/// let n: Nullable<i64> = Nullable::Value(3);
/// assert_eq!(n.as_option(), Some(&3));
/// assert!(Nullable::<i64>::Null.is_null());
/// assert_eq!(Nullable::<i64>::default(), Nullable::Absent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The field was not present.
    #[default]
    Absent,
    /// The field was present with the JSON value `null`.
    Null,
    /// The field was present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, if there is one (absent and null both give `None`).
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Consumes `self`, returning the value if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// `true` when the field was absent (used by serializers to skip it).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// `true` when the field was present as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Absent fields are skipped by the model's serializer; if one is serialized anyway it is `null`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// Deserializing is only called when the field is present, so the result is `Null` or `Value`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Nullable::Null,
            Some(v) => Nullable::Value(v),
        })
    }
}
