//! `bandwidth-sandbox`: a local, stateful emulator of Bandwidth's Messaging API v2 and its webhooks.
//!
//! It serves the 6 Messaging operations under `/api/v2/users/{accountId}/...` with Bandwidth's JSON,
//! status codes and error bodies, answers createMessage with `202` and then delivers the status
//! webhooks the way Bandwidth does (JSON array body, Basic challenge flow, retries over 24 h with a
//! configurable ladder and a time scale), keeps metadata (never message text) in SQLite with a
//! transactional outbox, stores media, and has an admin API to configure applications, inject inbound
//! messages and inspect delivery attempts. User documentation: `docs/sandbox.md`.
//!
//! ```no_run
//! use bandwidth_sandbox::{Config, Sandbox};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mut config = Config::default();
//! config.server.listen = "127.0.0.1:0".parse()?;
//! config.server.time_scale = 3600.0;
//! let sandbox = Sandbox::start(config).await?;
//! // Point a client at sandbox.base_url() with user "sandbox" / password "sandbox", account 9900000.
//! sandbox.shutdown().await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod admin;
pub mod admin_token;
pub mod api;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
mod connections;
pub mod delivery;
pub mod events;
pub mod ids;
pub mod lifecycle;
pub mod limits;
pub mod magic;
pub mod registry;
mod server;
pub mod state;
pub mod store;
pub mod testkit;
pub mod ui;

pub use config::{AccountConfig, ApplicationConfig, Config, ConfigError, Credentials};
pub use server::{Sandbox, StartError};
