//! The Media operations: list (a stream across `Continuation-Token` pages), download (whole or streamed),
//! upload (bytes or a stream) and delete. Media ids may contain `/` (inbound media such as
//! `14762070468292kw2fuqty55yp2b2/0/bw.png`); they are sent as path segments.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::stream::{self, Stream, StreamExt as _, TryStreamExt as _};

use super::Client;
use super::error::Error;
use super::responses::IntoResult as _;
use super::transport::{AnswerBody, Prepared};
use super::validate::{Rule, ValidationError};
use crate::generated::behaviour::limits;
use crate::generated::models::Media;
use crate::generated::operations::{DeleteMedia, GetMedia, ListMedia, UploadMedia};
use crate::operation::{BinaryBody, Operation};

/// One page of `listMedia`.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaPage {
    /// The media of this page (at most 1000).
    pub media: Vec<Media>,
    /// Send this back to get the next page; `None` on the last page.
    pub continuation_token: Option<String>,
}

/// The body of an upload: bytes in memory, or a stream.
///
/// A byte body is retried per the [`RetryPolicy`](super::RetryPolicy); a stream can be sent only once, so an
/// upload from a stream is never retried (and is sent with chunked transfer encoding).
pub struct MediaBody(BodyKind);

enum BodyKind {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl std::fmt::Debug for MediaBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            BodyKind::Bytes(b) => write!(f, "MediaBody::Bytes({} bytes)", b.len()),
            BodyKind::Stream(_) => f.write_str("MediaBody::Stream"),
        }
    }
}

impl MediaBody {
    /// A body read from a stream of byte chunks (a file, another download).
    ///
    /// ```no_run
    /// # async fn run(client: bandwidth_messaging::client::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use bandwidth_messaging::client::MediaBody;
    /// let chunks = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(vec![0u8; 1024]), Ok(vec![1u8; 1024])]);
    /// client.upload_media("recording.wav", MediaBody::stream(chunks), "audio/wav", None).await?;
    /// # Ok(()) }
    /// ```
    pub fn stream<S, B, E>(chunks: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        MediaBody(BodyKind::Stream(reqwest::Body::wrap_stream(
            chunks.map_ok(Into::into),
        )))
    }
}

impl From<Bytes> for MediaBody {
    fn from(bytes: Bytes) -> Self {
        MediaBody(BodyKind::Bytes(bytes))
    }
}

impl From<Vec<u8>> for MediaBody {
    fn from(bytes: Vec<u8>) -> Self {
        MediaBody(BodyKind::Bytes(Bytes::from(bytes)))
    }
}

impl From<&'static [u8]> for MediaBody {
    fn from(bytes: &'static [u8]) -> Self {
        MediaBody(BodyKind::Bytes(Bytes::from_static(bytes)))
    }
}

impl From<String> for MediaBody {
    fn from(text: String) -> Self {
        MediaBody(BodyKind::Bytes(Bytes::from(text)))
    }
}

/// A media download in progress: the headers arrived, the body is a stream of chunks.
pub struct MediaDownload {
    content_type: Option<String>,
    content_length: Option<u64>,
    body: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>,
}

impl std::fmt::Debug for MediaDownload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaDownload")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl MediaDownload {
    /// The `Content-Type` the server sent.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The `Content-Length` the server sent, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Reads the rest of the body into memory.
    pub async fn bytes(mut self) -> Result<Bytes, Error> {
        let capacity = self
            .content_length
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0);
        let mut out = Vec::with_capacity(capacity.min(limits::MAX_MEDIA_BYTES as usize));
        while let Some(chunk) = self.body.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(out))
    }
}

impl Stream for MediaDownload {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body.as_mut().poll_next(cx)
    }
}

impl Client {
    /// One page of the account's stored media (`GET /users/{accountId}/media`). Pass the previous page's
    /// `continuation_token` to get the next one, or use [`list_media_stream`](Self::list_media_stream).
    pub async fn list_media(&self, continuation_token: Option<&str>) -> Result<MediaPage, Error> {
        let op = ListMedia {
            account_id: self.inner.account_id.clone(),
            continuation_token: continuation_token.map(str::to_owned),
        };
        let (response, headers) = self.execute_with_headers(&op).await?;
        response.into_result(&headers)
    }

    /// Every stored media item, following the `Continuation-Token` header across pages.
    pub fn list_media_stream(&self) -> impl Stream<Item = Result<Media, Error>> + Send + 'static {
        let client = self.clone();
        let pages = stream::try_unfold(Some(None::<String>), move |next| {
            let client = client.clone();
            async move {
                let Some(token) = next else {
                    return Ok::<_, Error>(None);
                };
                let page = client.list_media(token.as_deref()).await?;
                let next = page
                    .continuation_token
                    .clone()
                    .filter(|t| !t.is_empty() && Some(t) != token.as_ref())
                    .map(Some);
                Ok(Some((page.media, next)))
            }
        });
        pages
            .map_ok(|media| stream::iter(media.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Downloads a media file into memory: its bytes and content type. For large files see
    /// [`get_media_stream`](Self::get_media_stream).
    pub async fn get_media(&self, media_id: &str) -> Result<BinaryBody, Error> {
        let op = GetMedia {
            account_id: self.inner.account_id.clone(),
            media_id: self.media_id(GetMedia::ID, media_id)?,
        };
        let (response, headers) = self.execute_with_headers(&op).await?;
        response.into_result(&headers)
    }

    /// Starts a media download and returns once the headers arrived; the body is read as a stream of chunks.
    pub async fn get_media_stream(&self, media_id: &str) -> Result<MediaDownload, Error> {
        let op = GetMedia {
            account_id: self.inner.account_id.clone(),
            media_id: self.media_id(GetMedia::ID, media_id)?,
        };
        let request = Prepared::from_operation(self, &op)?;
        let answer = self.send(GetMedia::ID, &request, true).await?;
        match answer.body {
            AnswerBody::Streaming(response) => {
                let content_type = answer
                    .headers
                    .get(http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let content_length = response.content_length();
                let body = response
                    .bytes_stream()
                    .map_err(|e| Error::transport(GetMedia::ID, e));
                Ok(MediaDownload {
                    content_type,
                    content_length,
                    body: Box::pin(body),
                })
            }
            AnswerBody::Buffered(bytes) => {
                let response = GetMedia::decode(answer.status, &answer.headers, bytes)?;
                let body = response.into_result(&answer.headers)?;
                let content_length = Some(body.bytes.len() as u64);
                let content_type = body.content_type;
                let bytes = body.bytes;
                Ok(MediaDownload {
                    content_type,
                    content_length,
                    body: Box::pin(stream::once(async move { Ok(bytes) })),
                })
            }
        }
    }

    /// The URL of a media file of this account (`{base}/users/{accountId}/media/{mediaId}`), as an MMS's `media`
    /// entry names it. The id is encoded as [`get_media`](Self::get_media) sends it (`/` kept, so `abc/0/pic.png`
    /// stays three segments).
    ///
    /// ```
    /// use bandwidth_messaging::client::{Client, Credentials};
    ///
    /// let client = Client::builder()
    ///     .account_id("9900000")
    ///     .credentials(Credentials::basic("user", "pass"))
    ///     .base_url("http://127.0.0.1:8080")
    ///     .build()?;
    /// assert_eq!(client.media_url("cat 1.png"), "http://127.0.0.1:8080/users/9900000/media/cat%201.png");
    /// # Ok::<(), bandwidth_messaging::client::BuildError>(())
    /// ```
    pub fn media_url(&self, media_id: &str) -> String {
        let op = GetMedia {
            account_id: self.inner.account_id.clone(),
            media_id: media_id.to_owned(),
        };
        format!("{}{}", self.inner.base_url, op.path())
    }

    /// Uploads (or replaces) a media file (`PUT /users/{accountId}/media/{mediaId}`) with its content type, e.g.
    /// `image/png`, and an optional `Cache-Control` stored with it. Media is kept for up to 48 hours.
    ///
    /// Answers the file's URL ([`media_url`](Self::media_url)), ready for a message's `media` list.
    pub async fn upload_media(
        &self,
        media_id: &str,
        body: impl Into<MediaBody>,
        content_type: &str,
        cache_control: Option<&str>,
    ) -> Result<String, Error> {
        let media_id = self.media_id(UploadMedia::ID, media_id)?;
        let (bytes, stream) = match body.into().0 {
            BodyKind::Bytes(bytes) => (bytes, None),
            BodyKind::Stream(stream) => (Bytes::new(), Some(stream)),
        };
        if self.inner.validation && bytes.len() as u64 > limits::MAX_MEDIA_BYTES {
            return Err(Error::Validation(ValidationError::one(
                UploadMedia::ID,
                "body",
                Rule::TooLarge {
                    max: limits::MAX_MEDIA_BYTES,
                    actual: bytes.len() as u64,
                },
            )));
        }
        let op = UploadMedia {
            account_id: self.inner.account_id.clone(),
            media_id,
            content_type: Some(content_type.to_owned()),
            cache_control: cache_control.map(str::to_owned),
            body: bytes,
        };
        let mut request = Prepared::from_operation(self, &op)?;
        if let Some(stream) = stream {
            request = request.with_streamed_body(stream);
        }
        let answer = self.send(UploadMedia::ID, &request, false).await?;
        let body = answer.body.into_bytes(UploadMedia::ID).await?;
        UploadMedia::decode(answer.status, &answer.headers, body)?.into_result(&answer.headers)?;
        Ok(self.media_url(&op.media_id))
    }

    /// Deletes a media file (`DELETE /users/{accountId}/media/{mediaId}`).
    pub async fn delete_media(&self, media_id: &str) -> Result<(), Error> {
        let op = DeleteMedia {
            account_id: self.inner.account_id.clone(),
            media_id: self.media_id(DeleteMedia::ID, media_id)?,
        };
        let (response, headers) = self.execute_with_headers(&op).await?;
        response.into_result(&headers)
    }

    fn media_id(&self, operation: &'static str, media_id: &str) -> Result<String, Error> {
        if media_id.is_empty() {
            return Err(Error::Validation(ValidationError::one(
                operation,
                "mediaId",
                Rule::Required,
            )));
        }
        Ok(media_id.to_owned())
    }
}
