//! The user's code that processes one event.

use std::fmt;
use std::future::Future;

/// Processes one event. `Ok(())` means the event is done: the receiver records it as handled and, once every
/// event of the body is done, acknowledges the delivery. `Err` makes the receiver answer 500, so Bandwidth
/// delivers the body again later.
///
/// Implemented for closures `Fn(Event) -> impl Future<Output = Result<(), E>>` where `E: Display`; the error
/// is logged (through `tracing`), so keep message text out of it.
pub trait EventHandler<Ev>: Send + Sync + 'static {
    /// What the handler reports when it could not process an event.
    type Error: fmt::Display + Send + 'static;

    /// Processes one event.
    fn handle(&self, event: Ev) -> impl Future<Output = Result<(), Self::Error>> + Send;
}

impl<Ev, F, Fut, E> EventHandler<Ev> for F
where
    F: Fn(Ev) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send,
    E: fmt::Display + Send + 'static,
{
    type Error = E;

    fn handle(&self, event: Ev) -> impl Future<Output = Result<(), E>> + Send {
        self(event)
    }
}

/// The handler slot of a [`ReceiverBuilder`](super::ReceiverBuilder) before `.handler(...)` was called.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHandler;
