//! Status codes for response enums, built at compile time.

use http::StatusCode;

/// The `StatusCode` for `code`, for use inside `const { ... }` by `operation` expansions.
///
/// The macro only emits codes it validated to be in `100..=599`, and the `const` block makes the evaluation
/// happen at compile time, so the failure branch can only ever be a compile error, never a run-time panic.
///
/// ```
/// use bandwidth_messaging::__private::{StatusCode, status::from_code};
/// assert_eq!(const { from_code(202) }, StatusCode::ACCEPTED);
/// ```
pub const fn from_code(code: u16) -> StatusCode {
    match StatusCode::from_u16(code) {
        Ok(status) => status,
        Err(_) => panic!("an HTTP status code is in 100..=999"),
    }
}
