#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

extern crate self as bandwidth_messaging;

// Layout: a folder is either written by `cargo xtask codegen` or by people.
// - `generated/` (machine-written, `@generated`, marked `linguist-generated` in `.gitattributes`): the declarations.
// - `runtime/` (hand-written): what the macro expansions call (the `Operation` trait, `Nullable`, helpers).
// - `client/`, `rules/`, `segment/`, `webhook/` (hand-written): the SDK's policy: transport, retries, receiver, segmenter.

/// Declarations generated from `spec/messaging.yaml` by `cargo xtask codegen` (never edited by hand).
pub mod generated;
mod runtime;

pub use runtime::{nullable, operation};

#[cfg(feature = "client")]
pub mod client;
pub mod credentials;
pub mod rules;
pub mod segment;
pub mod webhook;

pub use nullable::Nullable;

/// The types that appear in the public fields and signatures of the generated models, operations and events,
/// re-exported so that users need no matching versions of `jiff`, `bytes` or `serde_json`.
pub mod types {
    pub use crate::nullable::Nullable;
    pub use bytes::Bytes;
    pub use jiff::Timestamp;
    pub use serde_json::{Map, Value};
}

/// The crates whose types appear in this crate's public signatures, re-exported at the versions it was built
/// with, so an application needs no matching version of its own: `jiff` (timestamps), `futures_util` (the
/// streams of the paginating calls, with feature `client`) and `axum` (the receiver's router, with feature
/// `webhooks`).
pub mod deps {
    #[cfg(feature = "webhooks")]
    pub use axum;
    #[cfg(feature = "client")]
    pub use futures_util;
    pub use jiff;
}

/// The names most applications use, in one import: `use bandwidth_messaging::prelude::*;`.
///
/// ```
/// use bandwidth_messaging::prelude::*;
///
/// fn is_final(event: &Event) -> bool {
///     matches!(event, Event::MessageDelivered(_) | Event::MessageFailed(_))
/// }
/// # #[cfg(feature = "client")]
/// # {
/// let request = MessageRequest::sms("app-id", "+15557654321", "+15551234567", "Your order has shipped");
/// assert_eq!(request.segment_preview().segments, 1);
/// # }
/// # let _ = is_final;
/// ```
pub mod prelude {
    #[cfg(feature = "client")]
    pub use crate::client::{
        Accepted, Client, Credentials, Error as ClientError, OAuth2Credentials,
    };
    pub use crate::generated::models::{
        ListMessageItem, Media, Message, MessageRequest, MessageStatusEnum, StatusCallback,
    };
    pub use crate::generated::webhooks::Event;
    pub use crate::segment::{Encoding, MessageKind};
    pub use crate::types::Timestamp;
    #[cfg(feature = "webhooks")]
    pub use crate::webhook::{EventHandler, Receiver, ReceiverBuilder};
    #[cfg(feature = "client")]
    pub use futures_util::{StreamExt as _, TryStreamExt as _};
}

/// The proc macros that expand declarations (see `docs/declarations.md` in the repository).
pub mod decl {
    pub use bandwidth_messaging_macros::{
        model, one_of, open_enum, operation, query_params, webhook_events,
    };
}

/// Items the macro expansions refer to. Not part of the public API; may change in any release.
#[doc(hidden)]
pub use runtime::expansion as __private;

/// The repository README's examples, compiled as doctests so they cannot rot.
#[cfg(all(doctest, feature = "client", feature = "webhooks"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
