//! Identifiers in Bandwidth's shapes.

use rand::Rng;

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Length of a message id (`1589228074636lm4k2je7j7jklbn2`).
pub const MESSAGE_ID_LENGTH: usize = 29;

/// A message id as Bandwidth shapes them: the epoch milliseconds (13 digits today) followed by lowercase
/// letters and digits, 29 characters in all.
pub fn message_id(epoch_ms: i64) -> String {
    let mut id = epoch_ms.max(0).to_string();
    id.truncate(MESSAGE_ID_LENGTH);
    let missing = MESSAGE_ID_LENGTH - id.len();
    random_lower_alnum_into(&mut id, missing);
    id
}

/// An opaque token of `length` lowercase letters and digits (OAuth2 access tokens, test ids).
pub fn token(length: usize) -> String {
    let mut out = String::with_capacity(length);
    random_lower_alnum_into(&mut out, length);
    out
}

fn random_lower_alnum_into(out: &mut String, count: usize) {
    let mut rng = rand::rng();
    for _ in 0..count {
        let index = rng.random_range(0..LOWER_ALNUM.len());
        out.push(char::from(LOWER_ALNUM[index]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_id_has_bandwidths_shape() {
        let id = message_id(1_589_228_074_636);
        assert_eq!(id.len(), 29);
        assert!(id.starts_with("1589228074636"));
        assert!(
            id[13..]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert_ne!(message_id(1_589_228_074_636), id);
    }
}
