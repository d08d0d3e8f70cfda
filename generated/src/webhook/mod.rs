//! Webhook events and the receiver that keeps Bandwidth's delivery contract.
//!
//! Bandwidth reports what became of a message only by webhook: it POSTs a JSON **array** of events to the
//! application's callback URL, retries for 24 hours until it gets a 2xx (so the same event can arrive more
//! than once), and authenticates with HTTP Basic through a challenge. This module holds:
//!
//! - [`parse_body`] (and [`parse_body_as`] for other event types): a body (an array of events, or a single event
//!   object) into [`Event`](crate::generated::webhooks::Event)s, plus accessors on `Event` (message id,
//!   recipient, direction, tag, terminal or not, error code, dedup key);
//! - [`ErrorCode`]: the `errorCode` of `message-failed`, with Bandwidth's documented name, class, origin,
//!   billable flag and retry advice;
//! - [`DedupKey`], [`DedupStore`], [`MemoryDedupStore`]: recognising redeliveries;
//! - [`WebhookEvent`]: what the receiver needs from an event type;
//! - `Receiver` (feature `webhooks`): an axum/tower endpoint with Basic auth, deduplication, a handler deadline
//!   and JSON error bodies;
//! - `testing`: building events and delivering them the way Bandwidth does (the sender needs feature `client`).

mod dedup;
mod error_code;
mod event;
mod parse;
#[cfg(feature = "webhooks")]
mod receiver;
pub mod testing;
mod typed;

pub use crate::credentials::BasicCredentials;
/// The typed webhook event (generated from the spec's callbacks), here beside the receiver that yields it.
pub use crate::generated::webhooks::Event;

/// The receiver's and sender's path to the crate's one [`BasicCredentials`] type.
mod auth {
    pub(crate) use crate::credentials::BasicCredentials;
}
#[cfg(feature = "redis")]
pub use dedup::RedisDedupStore;
pub use dedup::{Claim, ClaimToken, DedupError, DedupKey, DedupStore, MemoryDedupStore, NoDedup};
pub use error_code::{ErrorClass, ErrorCode, Origin, RetryAdvice};
pub use event::{WebhookEvent, dedup_key_from_json};
pub use parse::{ParseError, parse_body_as};
#[cfg(feature = "webhooks")]
pub use receiver::{EventHandler, NoHandler, Receiver, ReceiverBuilder};
pub use typed::parse_body;
