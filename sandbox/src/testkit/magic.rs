//! Magic destination numbers typed with the crate's
//! [`ErrorCode`](bandwidth_messaging::webhook::ErrorCode) (the same type `Event::error_code` returns).
//!
//! ```
//! use bandwidth_messaging::webhook::ErrorCode;
//! use bandwidth_sandbox::testkit::magic;
//!
//! let number = magic::failing_with(ErrorCode::new(4432)).expect("a documented code");
//! assert_eq!(number, "+15550004432");
//! assert_eq!(magic::outcome_of(&number), Some(ErrorCode::new(4432)));
//! assert_eq!(magic::outcome_of(magic::DELIVERED), None);
//! assert_eq!(magic::failing_with(ErrorCode::new(1234)), None);
//! ```

use bandwidth_messaging::webhook::ErrorCode;

use crate::magic::{Outcome, outcome_for};

/// A destination that is always delivered (`message-delivered`).
pub const DELIVERED: &str = "+15551234567";

/// The destination whose messages get `message-failed` with `code`, when `code` is one of the
/// documented codes ([`ErrorCode::documented`]); `None` otherwise.
pub fn failing_with(code: ErrorCode) -> Option<String> {
    let code = u16::try_from(code.code()).ok()?;
    crate::magic::number_failing_with(code)
}

/// The error code the emulator fails messages to `number` with, or `None` when they are delivered.
pub fn outcome_of(number: &str) -> Option<ErrorCode> {
    match outcome_for(number) {
        Outcome::Delivered => None,
        Outcome::Failed(code) => Some(ErrorCode::new(i64::from(code.code))),
    }
}

/// Every magic destination with its code, in code order.
pub fn all() -> impl Iterator<Item = (String, ErrorCode)> {
    crate::magic::magic_numbers()
        .map(|(number, code)| (number, ErrorCode::new(i64::from(code.code))))
}
