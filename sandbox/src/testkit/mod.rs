//! A test kit for applications that use `bandwidth-messaging`: the emulator in-process, a webhook
//! recorder, typed admin data and magic numbers. Guide with a complete example: `docs/testing.md`.
//!
//! - [`TestSandbox::builder`] starts the emulator on a free loopback port with test-friendly
//!   settings (a time scale of 3600, so the 24-hour retry ladder passes in 24 seconds) and registers
//!   applications ([`ApplicationConfig`](crate::ApplicationConfig) has chained setters).
//! - [`WebhookRecorder`] is a loopback receiver built with the crate's
//!   [`Receiver`](bandwidth_messaging::webhook::Receiver): it records every event it acknowledges,
//!   can refuse the next deliveries to exercise retries, and waits for "the terminal event of message
//!   X for recipient Y" with a timeout ([`WebhookRecorder::terminal_event`]).
//! - [`TestSandbox::deliveries`] returns the admin API's delivery log typed ([`Delivery`],
//!   [`Attempt`]); [`TestSandbox::inject_inbound`] makes a `message-received` event.
//! - [`magic`]: destination numbers whose messages fail with a given
//!   [`ErrorCode`](bandwidth_messaging::webhook::ErrorCode).

mod admin;
pub mod magic;
mod recorder;
mod sandbox;

pub use admin::{Attempt, Delivery, DeliveryFilter, DeliveryState, Inbound, TestKitError};
pub use recorder::{WebhookRecorder, WebhookRecorderBuilder};
pub use sandbox::{TestSandbox, TestSandboxBuilder};
