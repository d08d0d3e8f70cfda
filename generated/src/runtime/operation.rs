//! The runtime side of a generated operation: what the `operation` macro implements and the client calls.

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

/// One HTTP operation of the API, implemented by the `operation` macro for each operation declaration.
///
/// The client turns a value of this trait into a request (`method`, `path`, `query`, `headers`, `body`) and an
/// HTTP answer back into [`Operation::Response`], a per-operation enum with one variant per documented status.
pub trait Operation {
    /// The per-operation response enum (`{Name}Response`).
    type Response;
    /// The spec's `operationId`, e.g. `"createMessage"`.
    const ID: &'static str;
    /// The path template as written in the spec, e.g. `"/users/{accountId}/messages"`.
    const PATH_TEMPLATE: &'static str;

    /// The HTTP method.
    fn method(&self) -> Method;
    /// The path with every placeholder filled and percent-encoded, relative to the base URL (starts with `/`).
    fn path(&self) -> String;
    /// Query pairs, unencoded, in declaration order; absent values are skipped.
    fn query(&self) -> Vec<(&'static str, String)>;
    /// Request headers from header parameters. A value that is not a valid header value is an error.
    fn headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, EncodeError>;
    /// The request body.
    fn body(&self) -> Result<RequestBody, EncodeError>;
    /// Decodes an HTTP answer into the per-operation response.
    fn decode(
        status: StatusCode,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Self::Response, DecodeError>;
    /// `true` when sending the request twice has the same effect as once (GET, PUT, DELETE, HEAD, OPTIONS).
    fn is_idempotent(&self) -> bool {
        let m = self.method();
        m == Method::GET
            || m == Method::PUT
            || m == Method::DELETE
            || m == Method::HEAD
            || m == Method::OPTIONS
    }
}

/// The query string of one operation, implemented by the `query_params` macro.
pub trait QueryParams {
    /// Appends the present parameters as unencoded `(name, value)` pairs, in declaration order.
    fn append_pairs(&self, out: &mut Vec<(&'static str, String)>);
}

/// A request body ready to send.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestBody {
    /// No body.
    Empty,
    /// A JSON document (already serialized).
    Json(Vec<u8>),
    /// Raw bytes with their content type.
    Binary {
        /// The `Content-Type` to send.
        content_type: String,
        /// The bytes.
        bytes: Bytes,
    },
}

/// A binary response body (e.g. `getMedia`) with the content type the server sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryBody {
    /// The `Content-Type` header of the answer, if any.
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

/// A request could not be encoded (before anything was sent).
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// The JSON body could not be serialized.
    #[error("operation {operation}: the request body could not be serialized as JSON: {source}")]
    Json {
        /// The operationId.
        operation: &'static str,
        /// What serde_json said.
        #[source]
        source: serde_json::Error,
    },
    /// A header parameter holds bytes that cannot go in an HTTP header.
    #[error("operation {operation}: header parameter `{header}` is not a valid HTTP header value")]
    InvalidHeader {
        /// The operationId.
        operation: &'static str,
        /// The header name.
        header: &'static str,
    },
}

/// An HTTP answer with a documented success status whose body did not match the documented type.
#[derive(Debug, thiserror::Error)]
#[error(
    "operation {operation}: the {status} answer did not decode as {expected}: {message}; body starts with {snippet:?}"
)]
pub struct DecodeError {
    /// The operationId.
    pub operation: &'static str,
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// The Rust type that was expected.
    pub expected: &'static str,
    /// What the decoder said.
    pub message: String,
    /// The first 256 characters of the body (lossy UTF-8).
    pub snippet: String,
}

impl DecodeError {
    /// Builds a decode error, taking a snippet of at most 256 characters of `body`.
    pub fn new(
        operation: &'static str,
        status: StatusCode,
        expected: &'static str,
        message: impl std::fmt::Display,
        body: &[u8],
    ) -> Self {
        let text = String::from_utf8_lossy(&body[..body.len().min(1024)]);
        let snippet: String = text.chars().take(256).collect();
        DecodeError {
            operation,
            status,
            expected,
            message: message.to_string(),
            snippet,
        }
    }
}

/// Percent-encodes one path parameter value.
///
/// Unreserved characters (RFC 3986 `A-Z a-z 0-9 - . _ ~`) are kept; everything else is `%XX`-encoded. With
/// `keep_slashes`, `/` is kept too, so a media id like `abc/0/pic.png` stays three path segments.
///
/// ```
/// use bandwidth_messaging::__private::encode_path_param;
/// assert_eq!(encode_path_param("a b/c", false), "a%20b%2Fc");
/// assert_eq!(encode_path_param("a b/c", true), "a%20b/c");
/// ```
pub fn encode_path_param(value: &str, keep_slashes: bool) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    const SEGMENTS: &AsciiSet = &SEGMENT.remove(b'/');
    let set = if keep_slashes { SEGMENTS } else { SEGMENT };
    let encoded = utf8_percent_encode(value, set).to_string();
    // `.` and `..` as whole segments would be normalised away by URL parsers: encode them.
    if keep_slashes {
        encoded
            .split('/')
            .map(|seg| match seg {
                "." => "%2E",
                ".." => "%2E%2E",
                other => other,
            })
            .collect::<Vec<_>>()
            .join("/")
    } else {
        match encoded.as_str() {
            "." => "%2E".to_owned(),
            ".." => "%2E%2E".to_owned(),
            _ => encoded,
        }
    }
}
