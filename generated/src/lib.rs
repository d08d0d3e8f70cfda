#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

extern crate self as bandwidth_messaging;

/// Declarations generated from `spec/messaging.yaml` (never edited by hand).
#[path = "gen/mod.rs"]
pub mod generated;
pub mod nullable;
pub mod operation;

#[cfg(feature = "client")]
pub mod client;
pub mod segment;
pub mod webhook;

pub use nullable::Nullable;

/// The proc macros that expand declarations (see `docs/declarations.md` in the repository).
pub mod decl {
    pub use bandwidth_messaging_macros::{
        model, one_of, open_enum, operation, query_params, webhook_events,
    };
}

/// Items the macro expansions refer to. Not part of the public API; may change in any release.
#[doc(hidden)]
pub mod __private {
    pub mod discriminator;
    pub mod model;
    pub mod status;

    pub use crate::nullable::Nullable;
    pub use crate::operation::{
        BinaryBody, DecodeError, EncodeError, Operation, QueryParams, RequestBody,
        encode_path_param,
    };
    pub use bytes::{self, Bytes};
    pub use http::{self, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
    pub use jiff::{self, Timestamp};
    pub use serde::{self, Deserialize, Deserializer, Serialize, Serializer};
    pub use serde_json::{self, Map, Value};
    pub use std::{
        borrow::Cow,
        clone::Clone,
        cmp::{Eq, PartialEq},
        convert::{From, Infallible},
        default::Default,
        fmt::{self, Debug},
        hash::Hash,
        option::Option::{self, None, Some},
        result::Result::{self, Err, Ok},
        str::FromStr,
        string::{String, ToString},
        vec::Vec,
    };
}

/// The repository README's examples, compiled as doctests so they cannot rot.
#[cfg(all(doctest, feature = "client", feature = "webhooks"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
