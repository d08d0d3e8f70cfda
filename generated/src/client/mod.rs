//! Typed async client for the Messaging API v2 (reqwest + tokio, rustls).
//!
//! ```no_run
//! use bandwidth_messaging::client::{Client, Credentials};
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new("9900000", Credentials::oauth2("client-id", "client-secret"))?;
//! # let _ = client;
//! # Ok(()) }
//! ```
//!
//! What it does for every call: validates message requests before sending ([`validate`]), authenticates (Basic,
//! or an OAuth2 token that is cached, refreshed before expiry and fetched once for concurrent callers), opens a
//! `tracing` span `bandwidth_messaging.request` per attempt (operation, method, attempt, status, latency; never
//! bodies, message text or credentials), retries per [`RetryPolicy`] without ever sending a message twice, and
//! maps every documented status to a typed [`Error`] variant.

mod accepted;
mod builder;
mod credentials;
mod error;
mod media;
mod messages;
mod oauth;
mod request;
mod responses;
mod retry;
mod tls;
mod transport;
pub mod validate;

pub use crate::credentials::BasicCredentials;
pub use crate::credentials::Secret;
pub use accepted::Accepted;
pub use builder::{
    BuildError, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
};
pub use credentials::{Credentials, DEFAULT_REFRESH_MARGIN, DEFAULT_TOKEN_URL, OAuth2Credentials};
pub use error::{AuthError, Error, NotFoundBody};
pub use media::{MediaBody, MediaDownload, MediaPage};
pub use messages::ListMessagesParams;
pub use request::SegmentPreview;
pub use retry::{
    Attempt, RetryDecision, RetryPolicy, RetryReason, Sleeper, TokioSleeper, parse_retry_after,
};
pub use tls::{ensure_crypto_provider, http_client_builder};
pub use transport::Client;
pub use validate::{Rule, ValidationError, Violation};
