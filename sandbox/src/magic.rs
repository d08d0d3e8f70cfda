//! Magic destination numbers: deterministic outcomes for outbound messages.
//!
//! A recipient `+1555000EEEE` where `EEEE` is one of Bandwidth's documented messaging error codes
//! (`bandwidth_messaging::webhook::ErrorCode::documented()`, the facts sheet's table; e.g. `+15550004432` -> 4432 `rejected-forbidden-country`) gets `message-failed`
//! with that `errorCode`; every other recipient gets `message-delivered`. Documented in
//! `docs/sandbox.md` with the full list.

/// Prefix of the magic destination numbers; the four digits after it are the error code.
pub const MAGIC_PREFIX: &str = "+1555000";

/// What happens to one recipient of an outbound message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `message-delivered`.
    Delivered,
    /// `message-failed` with this error code and name.
    Failed(ErrorCode),
}

/// A messaging error code and its documented name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The numeric code (`errorCode`).
    pub code: u16,
    /// Bandwidth's name for it, used as the event's `description`.
    pub name: &'static str,
}

/// The outcome for a recipient (see the module documentation).
pub fn outcome_for(recipient: &str) -> Outcome {
    let Some(digits) = recipient.strip_prefix(MAGIC_PREFIX) else {
        return Outcome::Delivered;
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Outcome::Delivered;
    }
    match digits.parse::<u16>().ok().and_then(error_code) {
        Some(code) => Outcome::Failed(code),
        None => Outcome::Delivered,
    }
}

/// The magic destination number that fails with `code`, if `code` is a known error code.
pub fn number_failing_with(code: u16) -> Option<String> {
    error_code(code).map(|_| format!("{MAGIC_PREFIX}{code:04}"))
}

/// Looks up a documented error code (the table of `bandwidth_messaging::webhook::ErrorCode`).
pub fn error_code(code: u16) -> Option<ErrorCode> {
    let name = bandwidth_messaging::webhook::ErrorCode::new(i64::from(code)).name()?;
    Some(ErrorCode { code, name })
}

/// Every magic destination number with its error code, in code order.
pub fn magic_numbers() -> impl Iterator<Item = (String, ErrorCode)> {
    bandwidth_messaging::webhook::ErrorCode::documented().filter_map(|code| {
        let code = error_code(u16::try_from(code.code()).ok()?)?;
        Some((format!("{MAGIC_PREFIX}{:04}", code.code), code))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_has_a_number() {
        let numbers: Vec<_> = magic_numbers().collect();
        assert_eq!(numbers.len(), 76);
        for (number, code) in numbers {
            assert_eq!(outcome_for(&number), Outcome::Failed(code));
        }
    }

    #[test]
    fn magic_numbers_fail_with_their_code() {
        assert_eq!(
            outcome_for("+15550004432"),
            Outcome::Failed(ErrorCode {
                code: 4432,
                name: "rejected-forbidden-country"
            })
        );
        assert_eq!(number_failing_with(9902).as_deref(), Some("+15550009902"));
    }

    #[test]
    fn other_numbers_are_delivered() {
        for number in [
            "+15550000001",
            "+15550001234",
            "+1555000443",
            "+155500044321",
            "+19195551234",
        ] {
            assert_eq!(outcome_for(number), Outcome::Delivered, "{number}");
        }
        assert_eq!(number_failing_with(1234), None);
    }
}
