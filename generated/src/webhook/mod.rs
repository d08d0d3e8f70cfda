//! Webhook events and receiver.
