//! Items the macro expansions refer to (mounted as `bandwidth_messaging::__private`). Not part of the public API;
//! may change in any release. Public fields and signatures name `bandwidth_messaging::types`, never this module.

pub mod discriminator;
pub mod model;
pub mod status;

pub use crate::nullable::Nullable;
pub use crate::operation::{
    BinaryBody, DecodeError, EncodeError, Operation, QueryParams, RequestBody, encode_path_param,
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
