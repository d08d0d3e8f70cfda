//! The Messages operations: `createMessage` and `listMessages` (one page, or a stream across pages).

use futures_util::stream::{self, Stream, TryStreamExt as _};

use super::Client;
use super::accepted::Accepted;
use super::error::Error;
use super::responses::IntoResult as _;
use crate::generated::models::{ListMessageItem, Message, MessageRequest, MessagesList};
use crate::generated::operations::{
    CreateMessage, CreateMessageResponse, ListMessages, ListMessagesQuery,
};
use crate::operation::{DecodeError, EncodeError, Operation, RequestBody};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

/// `createMessage` over a borrowed request, so sending does not clone it.
///
/// Everything but the body comes from the generated [`CreateMessage`] (built with an empty body, which does not
/// allocate); the body is encoded exactly as its expansion encodes it.
struct CreateMessageRef<'a> {
    shell: CreateMessage,
    body: &'a MessageRequest,
}

impl<'a> CreateMessageRef<'a> {
    fn new(account_id: &str, body: &'a MessageRequest) -> Self {
        let shell = CreateMessage {
            account_id: account_id.to_owned(),
            body: MessageRequest::default(),
        };
        CreateMessageRef { shell, body }
    }
}

impl Operation for CreateMessageRef<'_> {
    type Response = CreateMessageResponse;
    const ID: &'static str = CreateMessage::ID;
    const PATH_TEMPLATE: &'static str = CreateMessage::PATH_TEMPLATE;

    fn method(&self) -> Method {
        self.shell.method()
    }
    fn path(&self) -> String {
        self.shell.path()
    }
    fn query(&self) -> Vec<(&'static str, String)> {
        self.shell.query()
    }
    fn headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, EncodeError> {
        self.shell.headers()
    }
    fn body(&self) -> Result<RequestBody, EncodeError> {
        serde_json::to_vec(self.body)
            .map(RequestBody::Json)
            .map_err(|source| EncodeError::Json {
                operation: Self::ID,
                source,
            })
    }
    fn decode(
        status: StatusCode,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Self::Response, DecodeError> {
        CreateMessage::decode(status, headers, body)
    }
    fn is_idempotent(&self) -> bool {
        self.shell.is_idempotent()
    }
}

/// The filters of `listMessages` (every field optional; fill the ones you need and `..Default::default()`).
pub type ListMessagesParams = ListMessagesQuery;

impl Client {
    /// Sends an SMS or MMS (`POST /users/{accountId}/messages`).
    ///
    /// `Ok` means Bandwidth **queued** the message (`202 Accepted`), not that it was delivered: the outcome
    /// arrives later as a `message-delivered` or `message-failed` webhook. The request is validated first
    /// (unless turned off with [`ClientBuilder::validation`](super::ClientBuilder::validation)); a `400` names
    /// the rejected fields in [`Error::field_errors`]. The call is retried only when the server provably did not
    /// accept it (a `429`, or no connection), never after a `5xx`.
    ///
    /// ```no_run
    /// # use bandwidth_messaging::client::{Client, Credentials};
    /// # use bandwidth_messaging::generated::models::MessageRequest;
    /// # async fn run(client: Client) -> Result<(), bandwidth_messaging::client::Error> {
    /// let request = MessageRequest::sms("93de2206-9669-4e07-948d-329f4b722ee2", "+15557654321", "+15551234567", "Hello!");
    /// let queued = client.create_message(&request).await?;
    /// println!("queued {:?} in {:?} segments", queued.id, queued.segment_count);
    /// # Ok(()) }
    /// ```
    pub async fn create_message(
        &self,
        request: &MessageRequest,
    ) -> Result<Accepted<Message>, Error> {
        if self.inner.validation {
            request.validate()?;
        }
        let op = CreateMessageRef::new(&self.inner.account_id, request);
        let (response, headers) = self.execute_with_headers(&op).await?;
        response.into_result(&headers)
    }

    /// One page of message metadata (`GET /users/{accountId}/messages`). Message text is never returned.
    ///
    /// Bandwidth wants at least one filter. Follow `page_info.next_page_token` with `page_token`, or use
    /// [`list_messages_stream`](Self::list_messages_stream).
    pub async fn list_messages(&self, params: &ListMessagesParams) -> Result<MessagesList, Error> {
        let op = ListMessages {
            account_id: self.inner.account_id.clone(),
            query: params.clone(),
        };
        let (response, headers) = self.execute_with_headers(&op).await?;
        response.into_result(&headers)
    }

    /// Every page of a `listMessages` search, following `pageInfo.nextPageToken` until there is none (or the
    /// server repeats a token).
    pub fn list_messages_pages(
        &self,
        params: ListMessagesParams,
    ) -> impl Stream<Item = Result<MessagesList, Error>> + Send + 'static {
        let client = self.clone();
        stream::try_unfold(Some(params), move |next| {
            let client = client.clone();
            async move {
                let Some(params) = next else {
                    return Ok::<_, Error>(None);
                };
                let page = client.list_messages(&params).await?;
                let token = page
                    .page_info
                    .as_ref()
                    .and_then(|info| info.next_page_token.clone())
                    .filter(|token| !token.is_empty() && Some(token) != params.page_token.as_ref());
                let next = token.map(|token| ListMessagesParams {
                    page_token: Some(token),
                    ..params
                });
                Ok(Some((page, next)))
            }
        })
    }

    /// Every message of a `listMessages` search, across pages (see
    /// [`list_messages_pages`](Self::list_messages_pages)).
    ///
    /// ```no_run
    /// # use bandwidth_messaging::client::{Client, ListMessagesParams};
    /// use futures_util::TryStreamExt as _;
    /// # async fn run(client: Client) -> Result<(), bandwidth_messaging::client::Error> {
    /// let params = ListMessagesParams { source_tn: Some("+15557654321".into()), ..Default::default() };
    /// let mut messages = std::pin::pin!(client.list_messages_stream(params));
    /// while let Some(item) = messages.try_next().await? {
    ///     println!("{:?} {:?}", item.message_id, item.message_status);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_messages_stream(
        &self,
        params: ListMessagesParams,
    ) -> impl Stream<Item = Result<ListMessageItem, Error>> + Send + 'static {
        self.list_messages_pages(params)
            .map_ok(|page| stream::iter(page.messages.unwrap_or_default().into_iter().map(Ok)))
            .try_flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated::models::PriorityEnum;

    #[test]
    fn the_borrowing_operation_encodes_like_the_generated_one() {
        let mut request = MessageRequest::mms(
            "app",
            "+15550000002",
            "+15550000001",
            ["https://example.com/a.png"],
        )
        .with_text("hi")
        .tag("t")
        .priority(PriorityEnum::High);
        request
            .additional_properties
            .insert("future".to_owned(), serde_json::json!(1));
        let generated = CreateMessage {
            account_id: "99 00/1".to_owned(),
            body: request.clone(),
        };
        let borrowed = CreateMessageRef::new("99 00/1", &request);
        assert_eq!(borrowed.method(), generated.method());
        assert_eq!(borrowed.path(), generated.path());
        assert_eq!(borrowed.query(), generated.query());
        assert_eq!(borrowed.headers().ok(), generated.headers().ok());
        assert_eq!(borrowed.body().ok(), generated.body().ok());
        assert_eq!(borrowed.is_idempotent(), generated.is_idempotent());
    }
}
