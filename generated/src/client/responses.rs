//! Per-operation response enums → `Result<success, Error>`: each documented error status becomes its
//! [`Error`] variant, anything else [`Error::UnexpectedStatus`].

use std::time::Duration;

use http::{HeaderMap, StatusCode, header};

use super::accepted::Accepted;
use super::error::{Error, NotFoundBody};
use super::media::MediaPage;
use super::retry::parse_retry_after;
use crate::generated::models::{
    CreateMessageRequestError, Message, MessagesList, MessagingRequestError,
};
use crate::generated::operations::{
    CreateMessage, CreateMessageResponse, DeleteMedia, DeleteMediaResponse, GetMedia,
    GetMediaResponse, ListMedia, ListMediaResponse, ListMessages, ListMessagesResponse,
    UploadMedia, UploadMediaResponse,
};
use crate::operation::{BinaryBody, Operation};

/// Turns a decoded response into the typed method's result.
pub(crate) trait IntoResult {
    /// What a success holds.
    type Output;
    /// `headers` are the answer's headers (for `Retry-After` when the variant does not carry it).
    fn into_result(self, headers: &HeaderMap) -> Result<Self::Output, Error>;
}

/// The `Retry-After` of an answer: the decoded header field if the operation declares it, else the raw header.
fn retry_after(declared: Option<u64>, headers: &HeaderMap) -> Option<Duration> {
    declared.map(Duration::from_secs).or_else(|| {
        headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, jiff::Timestamp::now()))
    })
}

/// A `400` of an operation whose documented body has no `fieldErrors`.
fn bad_request(operation: &'static str, body: MessagingRequestError) -> Error {
    let mut full = CreateMessageRequestError::new(body.r#type, body.description);
    full.additional_properties = body.additional_properties;
    Error::BadRequest {
        operation,
        body: Box::new(full),
    }
}

/// The arms shared by every operation: the statuses whose body is a `MessagingRequestError`. A `404` whose body
/// is not the documented shape (Bandwidth's error pages use another) still becomes [`Error::NotFound`].
macro_rules! common_errors {
    ($response:ident, $operation:expr, $value:expr, { $($arm:tt)* }) => {
        match $value {
            $($arm)*
            $response::Unauthorized(body) => Err(Error::Unauthorized { operation: $operation, body: Box::new(body) }),
            $response::Forbidden(body) => Err(Error::Forbidden { operation: $operation, body: Box::new(body) }),
            $response::NotFound(body) => {
                Err(Error::NotFound { operation: $operation, body: NotFoundBody::Documented(Box::new(body)) })
            }
            $response::UnsupportedMediaType(body) => {
                Err(Error::UnsupportedMediaType { operation: $operation, body: Box::new(body) })
            }
            $response::InternalServerError(body) => {
                Err(Error::InternalServerError { operation: $operation, body: Box::new(body) })
            }
            $response::Unknown { status: StatusCode::NOT_FOUND, body } => {
                Err(Error::NotFound { operation: $operation, body: NotFoundBody::Other(body) })
            }
            $response::Unknown { status, body } => {
                Err(Error::UnexpectedStatus { operation: $operation, status, body })
            }
        }
    };
}

impl IntoResult for CreateMessageResponse {
    type Output = Accepted<Message>;
    fn into_result(self, headers: &HeaderMap) -> Result<Self::Output, Error> {
        const OP: &str = CreateMessage::ID;
        common_errors!(CreateMessageResponse, OP, self, {
            CreateMessageResponse::TooManyRequests { body, retry_after: declared } => Err(Error::TooManyRequests {
                operation: OP,
                body: Box::new(body),
                retry_after: retry_after(declared, headers),
            }),
            CreateMessageResponse::Accepted(message) => Ok(Accepted::new(message)),
            CreateMessageResponse::BadRequest(body) => Err(Error::BadRequest { operation: OP, body: Box::new(body) }),
            CreateMessageResponse::MethodNotAllowed(body) => Err(Error::MethodNotAllowed { operation: OP, body: Box::new(body) }),
            CreateMessageResponse::NotAcceptable(body) => Err(Error::NotAcceptable { operation: OP, body: Box::new(body) }),
        })
    }
}

impl IntoResult for ListMessagesResponse {
    type Output = MessagesList;
    fn into_result(self, headers: &HeaderMap) -> Result<Self::Output, Error> {
        const OP: &str = ListMessages::ID;
        common_errors!(ListMessagesResponse, OP, self, {
            ListMessagesResponse::TooManyRequests { body, retry_after: declared } => Err(Error::TooManyRequests {
                operation: OP,
                body: Box::new(body),
                retry_after: retry_after(declared, headers),
            }),
            ListMessagesResponse::Ok(list) => Ok(list),
            ListMessagesResponse::BadRequest(body) => Err(bad_request(OP, body)),
            ListMessagesResponse::MethodNotAllowed(body) => Err(Error::MethodNotAllowed { operation: OP, body: Box::new(body) }),
        })
    }
}

impl IntoResult for ListMediaResponse {
    type Output = MediaPage;
    fn into_result(self, headers: &HeaderMap) -> Result<Self::Output, Error> {
        const OP: &str = ListMedia::ID;
        common_errors!(ListMediaResponse, OP, self, {
            ListMediaResponse::TooManyRequests(body) => Err(Error::TooManyRequests {
                operation: OP,
                body: Box::new(body),
                retry_after: retry_after(None, headers),
            }),
            ListMediaResponse::Ok { body, continuation_token } => Ok(MediaPage { media: body, continuation_token }),
            ListMediaResponse::BadRequest(body) => Err(bad_request(OP, body)),
            ListMediaResponse::NotAcceptable(body) => Err(Error::NotAcceptable { operation: OP, body: Box::new(body) }),
        })
    }
}

impl IntoResult for GetMediaResponse {
    type Output = BinaryBody;
    fn into_result(self, headers: &HeaderMap) -> Result<Self::Output, Error> {
        const OP: &str = GetMedia::ID;
        common_errors!(GetMediaResponse, OP, self, {
            GetMediaResponse::TooManyRequests(body) => Err(Error::TooManyRequests {
                operation: OP,
                body: Box::new(body),
                retry_after: retry_after(None, headers),
            }),
            GetMediaResponse::Ok(body) => Ok(body),
            GetMediaResponse::BadRequest(body) => Err(bad_request(OP, body)),
            GetMediaResponse::NotAcceptable(body) => Err(Error::NotAcceptable { operation: OP, body: Box::new(body) }),
        })
    }
}

impl IntoResult for UploadMediaResponse {
    type Output = ();
    fn into_result(self, headers: &HeaderMap) -> Result<Self::Output, Error> {
        const OP: &str = UploadMedia::ID;
        common_errors!(UploadMediaResponse, OP, self, {
            UploadMediaResponse::TooManyRequests(body) => Err(Error::TooManyRequests {
                operation: OP,
                body: Box::new(body),
                retry_after: retry_after(None, headers),
            }),
            UploadMediaResponse::NoContent => Ok(()),
            UploadMediaResponse::BadRequest(body) => Err(bad_request(OP, body)),
            UploadMediaResponse::NotAcceptable(body) => Err(Error::NotAcceptable { operation: OP, body: Box::new(body) }),
        })
    }
}

impl IntoResult for DeleteMediaResponse {
    type Output = ();
    fn into_result(self, headers: &HeaderMap) -> Result<Self::Output, Error> {
        const OP: &str = DeleteMedia::ID;
        common_errors!(DeleteMediaResponse, OP, self, {
            DeleteMediaResponse::TooManyRequests(body) => Err(Error::TooManyRequests {
                operation: OP,
                body: Box::new(body),
                retry_after: retry_after(None, headers),
            }),
            DeleteMediaResponse::NoContent => Ok(()),
            DeleteMediaResponse::BadRequest(body) => Err(bad_request(OP, body)),
            DeleteMediaResponse::NotAcceptable(body) => Err(Error::NotAcceptable { operation: OP, body: Box::new(body) }),
        })
    }
}
