//! [`Accepted`]: a resource the server queued, not one it finished with.

use std::ops::Deref;

/// The server accepted the request and queued the work; it is not done yet.
///
/// `createMessage` answers `202 Accepted`: the message is queued, **not delivered**. Delivery (or failure, with
/// an error code) is reported later by a status webhook (`message-delivered` / `message-failed`). The wrapper
/// makes that visible in the type; it derefs to the inner value and [`Accepted::into_inner`] unwraps it.
///
/// ```
/// use bandwidth_messaging::client::Accepted;
/// let queued = Accepted::new(String::from("1589228074636lm4k2je7j7jklbn2"));
/// assert_eq!(queued.len(), 29); // derefs to the inner value
/// assert_eq!(queued.into_inner(), "1589228074636lm4k2je7j7jklbn2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Accepted<T>(T);

impl<T> Accepted<T> {
    /// Wraps a value the server answered with `202 Accepted`.
    pub fn new(value: T) -> Self {
        Accepted(value)
    }

    /// The accepted value.
    pub fn into_inner(self) -> T {
        self.0
    }

    /// A reference to the accepted value.
    pub fn get(&self) -> &T {
        &self.0
    }
}

impl<T> Deref for Accepted<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> AsRef<T> for Accepted<T> {
    fn as_ref(&self) -> &T {
        &self.0
    }
}
