//! Helpers for testing your own webhook code: build events, and deliver them to a receiver the way Bandwidth
//! does (JSON array body, `User-Agent: BandwidthAPI/v2`, Basic challenge flow, 10-second timeout).
//!
//! The sender ([`deliver_body`] and friends) needs feature `client` (it uses reqwest).

mod build;
#[cfg(feature = "client")]
mod sender;

pub use build::Inbound;

#[cfg(feature = "client")]
pub use sender::{
    ChallengeFailure, DELIVERY_TIMEOUT, DeliveryOutcome, USER_AGENT_VALUE, deliver_body,
    deliver_body_with_timeout, sender_client,
};

use bytes::Bytes;
use serde::Serialize;

/// Serializes events as Bandwidth sends them: one JSON array.
pub fn events_body<E: Serialize>(events: &[E]) -> Result<Bytes, serde_json::Error> {
    serde_json::to_vec(events).map(Bytes::from)
}

/// Delivers `events` as one JSON-array body with [`deliver_body`] (one attempt with the challenge flow).
#[cfg(feature = "client")]
pub async fn deliver<E: Serialize>(
    client: &reqwest::Client,
    url: &str,
    events: &[E],
    credentials: Option<&crate::webhook::BasicCredentials>,
) -> Result<DeliveryOutcome, serde_json::Error> {
    let body = events_body(events)?;
    Ok(deliver_body(client, url, body, credentials).await)
}

#[cfg(feature = "webhooks")]
mod loopback;
#[cfg(feature = "webhooks")]
pub use loopback::LoopbackServer;
