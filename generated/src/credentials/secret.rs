//! [`Secret`]: a string that never shows up in `Debug` or `Display` output.

use std::fmt;

/// A secret string (password, client secret, access token).
///
/// `Debug` prints `[redacted]` and there is no `Display`, so a secret cannot leak through `{:?}`, a log line or
/// an error message by accident. Read it with [`Secret::expose`] where it is really needed (building the
/// `Authorization` header). Comparing secrets in constant time is the business of whoever receives them.
///
/// ```
/// use bandwidth_messaging::credentials::Secret;
/// let s = Secret::new("hunter2");
/// assert_eq!(format!("{s:?}"), "[redacted]");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone)]
pub struct Secret(Box<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into().into_boxed_str())
    }

    /// The secret value. Call this only where the value must leave the program (an HTTP header).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `true` when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T: Into<String>> From<T> for Secret {
    fn from(value: T) -> Self {
        Secret::new(value)
    }
}
