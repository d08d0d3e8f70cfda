//! Reading the discriminator of a JSON object before choosing the type to parse it into.
//!
//! `one_of` and `webhook_events` expansions use [`find`] in their `from_json_slice` fast path: one pass over the
//! bytes that only looks at top-level keys (values are skipped without allocating), then a second, direct parse
//! of the same bytes into the payload type the discriminator names. That avoids building a `serde_json::Value`
//! and converting it, which is what the generic `Deserialize` impl has to do.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Finds the string property `key` of the top-level JSON object in `bytes`.
///
/// Returns `Ok(None)` when the object has no such property or its value is not a string (the caller then keeps
/// the object as unknown). Fails when `bytes` is not one JSON object (malformed JSON, an array, trailing data).
/// When the key appears more than once, the last one wins, as it does when parsing into `serde_json::Value`.
///
/// ```
/// use bandwidth_messaging::__private::discriminator::find;
/// let tag = find(br#"{"time":"x","type":"message-delivered","n":[1,{}]}"#, "type").unwrap();
/// assert_eq!(tag.as_deref(), Some("message-delivered"));
/// assert_eq!(find(br#"{"type":7}"#, "type").unwrap(), None);
/// assert!(find(b"[1]", "type").is_err());
/// ```
pub fn find<'a>(bytes: &'a [u8], key: &str) -> Result<Option<Cow<'a, str>>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let found = Scan { key }.deserialize(&mut de)?;
    de.end()?;
    Ok(found)
}

/// Looks at one object's keys for `key`.
struct Scan<'k> {
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object with a `{}` property", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(is_key) = map.next_key_seed(KeyIs(self.key))? {
            if is_key {
                found = map.next_value_seed(TagValue)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Compares one object key with the discriminator name without allocating.
struct KeyIs<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
    }
}

/// The discriminator's value: a string (borrowed when it has no escapes), or `None` for anything else.
struct TagValue;

impl<'de> DeserializeSeed<'de> for TagValue {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TagValue {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }

    fn visit_bool<E: Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::find;
    use std::borrow::Cow;

    #[test]
    fn borrows_plain_tags_and_owns_escaped_ones() {
        let plain = find(br#"{"type":"message-sent"}"#, "type").unwrap();
        assert!(matches!(plain, Some(Cow::Borrowed("message-sent"))));
        let escaped = find(br#"{"type":"message\u002dsent"}"#, "type").unwrap();
        assert_eq!(escaped.as_deref(), Some("message-sent"));
    }

    #[test]
    fn only_top_level_keys_count_and_last_wins() {
        let nested = find(br#"{"message":{"type":"inner"},"x":1}"#, "type").unwrap();
        assert_eq!(nested, None);
        let twice = find(br#"{"type":"a","type":"b"}"#, "type").unwrap();
        assert_eq!(twice.as_deref(), Some("b"));
    }

    #[test]
    fn rejects_what_is_not_one_object() {
        assert!(find(b"\"type\"", "type").is_err());
        assert!(find(b"{\"type\":\"a\"} {}", "type").is_err());
        assert!(find(b"{\"type\":", "type").is_err());
    }
}
