//! [`Client`] and the one code path every operation goes through: authenticate, send, trace, retry, decode.

use std::sync::{Arc, Mutex as SyncMutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use tracing::Instrument as _;

use super::error::{Error, is_bandwidth_error_body};
use super::oauth::{CachedToken, TokenCache};
use super::retry::{Attempt, RetryDecision, RetryPolicy, Sleeper, parse_retry_after};
use crate::operation::{Operation, RequestBody};

/// A Bandwidth Messaging API client.
///
/// Build one with [`Client::builder`]. Cloning is cheap (an `Arc`): clone it into tasks rather than building a
/// new one, so they share the connection pool and the OAuth2 token. `Debug` shows the account, base URL and
/// credential scheme, never a secret.
///
/// Besides the typed methods, [`Client::execute`] sends any [`Operation`] value (the generated operation structs
/// in `bandwidth_messaging::generated::operations`) and returns its per-status response enum.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) account_id: String,
    pub(crate) auth: Auth,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) sleeper: Arc<dyn Sleeper>,
    pub(crate) validation: bool,
}

pub(crate) enum Auth {
    /// `Basic base64(user:password)`, marked sensitive.
    Basic(HeaderValue),
    OAuth2(TokenCache),
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("account_id", &inner.account_id)
            .field("base_url", &inner.base_url)
            .field(
                "credentials",
                &match &inner.auth {
                    Auth::Basic(_) => "basic [redacted]",
                    Auth::OAuth2(_) => "oauth2 [redacted]",
                },
            )
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("validation", &inner.validation)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The account id every path is built with.
    pub fn account_id(&self) -> &str {
        &self.inner.account_id
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Whether requests are checked before they are sent (see [`ClientBuilder::validation`]).
    ///
    /// [`ClientBuilder::validation`]: super::ClientBuilder::validation
    pub fn validates(&self) -> bool {
        self.inner.validation
    }

    /// Sends one operation and decodes the answer into its per-status response enum.
    ///
    /// Every documented status, errors included, comes back as `Ok` with its variant; `Err` means there was no
    /// usable answer (transport, token, encoding, or a success body that does not decode). Authentication,
    /// tracing and the [`RetryPolicy`] apply as for the typed methods.
    pub async fn execute<O: Operation>(&self, op: &O) -> Result<O::Response, Error> {
        Ok(self.execute_with_headers(op).await?.0)
    }

    /// [`execute`](Self::execute), also returning the answer's headers.
    pub(crate) async fn execute_with_headers<O: Operation>(
        &self,
        op: &O,
    ) -> Result<(O::Response, HeaderMap), Error> {
        let request = Prepared::from_operation(self, op)?;
        let answer = self.send(O::ID, &request, false).await?;
        let body = answer.body.into_bytes(O::ID).await?;
        let response = O::decode(answer.status, &answer.headers, body)?;
        Ok((response, answer.headers))
    }

    /// Sends `request`, retrying per the policy. With `stream_success`, a 2xx body is left unread.
    pub(crate) async fn send(
        &self,
        operation: &'static str,
        request: &Prepared,
        stream_success: bool,
    ) -> Result<Answer, Error> {
        let inner = &self.inner;
        let mut attempt: u32 = 0;
        let mut retries: u32 = 0;
        let mut reauthorized = false;
        loop {
            attempt += 1;
            let token = match &inner.auth {
                Auth::OAuth2(cache) => Some(
                    cache
                        .token(&inner.http, inner.timeout, &inner.user_agent)
                        .await?,
                ),
                Auth::Basic(_) => None,
            };
            let Some(http_request) = request.build(inner, token.as_deref()) else {
                // A streamed body can be sent once; `replayable()` keeps us from getting here.
                return Err(Error::InvalidRequest {
                    operation,
                    reason: "a streamed body cannot be sent twice".to_owned(),
                });
            };
            let span = tracing::info_span!(
                "bandwidth_messaging.request",
                operation,
                method = %request.method,
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let result = async {
                let response = inner.http.execute(http_request).await?;
                let status = response.status();
                let headers = response.headers().clone();
                let body = if stream_success && status.is_success() {
                    AnswerBody::Streaming(response)
                } else {
                    AnswerBody::Buffered(response.bytes().await?)
                };
                Ok::<_, reqwest::Error>(Answer {
                    status,
                    headers,
                    body,
                })
            }
            .instrument(span.clone())
            .await;
            let latency_ms = started.elapsed().as_millis() as u64;
            if let Ok(answer) = &result {
                span.record("status", answer.status.as_u16());
            }
            span.record("latency_ms", latency_ms);
            let outcome = match &result {
                Ok(answer) => {
                    if answer.status.is_success() {
                        return result.map_err(|e| Error::transport(operation, e));
                    }
                    if let (StatusCode::UNAUTHORIZED, Some(token), Auth::OAuth2(cache)) =
                        (answer.status, &token, &inner.auth)
                        && !reauthorized
                        && request.replayable()
                    {
                        // The cached token may have been revoked: fetch a new one and try once more.
                        cache.invalidate(token);
                        reauthorized = true;
                        tracing::info!(parent: &span, "token refused with 401, fetching a new one");
                        continue;
                    }
                    let retry_after = answer
                        .headers
                        .get(header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, jiff::Timestamp::now()));
                    let bandwidth_error = match &answer.body {
                        AnswerBody::Buffered(bytes) => is_bandwidth_error_body(bytes),
                        AnswerBody::Streaming(_) => false,
                    };
                    Attempt::Status {
                        status: answer.status,
                        retry_after,
                        bandwidth_error,
                    }
                }
                Err(e) if e.is_connect() => Attempt::ConnectFailed,
                Err(_) => Attempt::TransportFailed,
            };
            let decision = if request.replayable() {
                inner.retry.decide(
                    retries + 1,
                    request.idempotent,
                    &outcome,
                    rand::random::<f64>(),
                )
            } else {
                RetryDecision::GiveUp
            };
            match decision {
                RetryDecision::Retry { delay, reason } => {
                    retries += 1;
                    tracing::info!(
                        parent: &span,
                        delay_ms = delay.as_millis() as u64,
                        reason = ?reason,
                        outcome = ?outcome,
                        "retrying"
                    );
                    inner.sleeper.sleep(delay).await;
                }
                RetryDecision::GiveUp => return result.map_err(|e| Error::transport(operation, e)),
            }
        }
    }
}

/// An HTTP answer.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: AnswerBody,
}

/// An answer's body: read, or (for a streamed 2xx) still on the wire.
pub(crate) enum AnswerBody {
    Buffered(Bytes),
    Streaming(reqwest::Response),
}

impl AnswerBody {
    pub(crate) async fn into_bytes(self, operation: &'static str) -> Result<Bytes, Error> {
        match self {
            AnswerBody::Buffered(bytes) => Ok(bytes),
            AnswerBody::Streaming(response) => response
                .bytes()
                .await
                .map_err(|e| Error::transport(operation, e)),
        }
    }
}

/// A request ready to send, possibly several times.
pub(crate) struct Prepared {
    pub(crate) method: Method,
    url: reqwest::Url,
    headers: HeaderMap,
    body: PreparedBody,
    pub(crate) idempotent: bool,
}

enum PreparedBody {
    Empty,
    Bytes(Bytes),
    /// A streamed body: taken by the first attempt.
    Once(SyncMutex<Option<reqwest::Body>>),
}

impl Prepared {
    /// Encodes `op` against the client's base URL.
    pub(crate) fn from_operation<O: Operation>(client: &Client, op: &O) -> Result<Self, Error> {
        let mut headers = HeaderMap::new();
        let body = match op.body()? {
            RequestBody::Empty => PreparedBody::Empty,
            RequestBody::Json(bytes) => {
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                PreparedBody::Bytes(Bytes::from(bytes))
            }
            RequestBody::Binary {
                content_type,
                bytes,
            } => {
                let value = HeaderValue::from_str(&content_type).map_err(|_| {
                    crate::operation::EncodeError::InvalidHeader {
                        operation: O::ID,
                        header: "Content-Type",
                    }
                })?;
                headers.insert(header::CONTENT_TYPE, value);
                PreparedBody::Bytes(bytes)
            }
        };
        for (name, value) in op.headers()? {
            headers.insert(name, value);
        }
        let url = build_url(&client.inner.base_url, &op.path(), &op.query()).map_err(|reason| {
            Error::InvalidRequest {
                operation: O::ID,
                reason,
            }
        })?;
        Ok(Prepared {
            method: op.method(),
            url,
            headers,
            body,
            idempotent: op.is_idempotent(),
        })
    }

    /// Replaces the body with a stream, sent once (no retries).
    pub(crate) fn with_streamed_body(mut self, body: reqwest::Body) -> Self {
        self.body = PreparedBody::Once(SyncMutex::new(Some(body)));
        self
    }

    /// `true` when the body can be sent again.
    fn replayable(&self) -> bool {
        !matches!(self.body, PreparedBody::Once(_))
    }

    /// The reqwest request for one attempt; `None` when a streamed body was already used.
    fn build(&self, inner: &Inner, token: Option<&CachedToken>) -> Option<reqwest::Request> {
        let body = match &self.body {
            PreparedBody::Empty => None,
            PreparedBody::Bytes(bytes) => Some(reqwest::Body::from(bytes.clone())),
            PreparedBody::Once(slot) => {
                Some(slot.lock().unwrap_or_else(|p| p.into_inner()).take()?)
            }
        };
        let mut request = reqwest::Request::new(self.method.clone(), self.url.clone());
        let headers = request.headers_mut();
        headers.clone_from(&self.headers);
        let authorization = match (token, &inner.auth) {
            (Some(token), _) => Some(&token.header),
            (None, Auth::Basic(value)) => Some(value),
            (None, Auth::OAuth2(_)) => None,
        };
        if let Some(value) = authorization {
            headers.insert(header::AUTHORIZATION, value.clone());
        }
        headers.insert(header::USER_AGENT, inner.user_agent.clone());
        *request.body_mut() = body;
        *request.timeout_mut() = inner.timeout;
        Some(request)
    }
}

/// `base + path + ?query`, with each query name and value percent-encoded (`+` becomes `%2B`).
fn build_url(
    base: &str,
    path: &str,
    query: &[(&'static str, String)],
) -> Result<reqwest::Url, String> {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const QUERY: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let mut url = String::with_capacity(base.len() + path.len() + 16 * query.len());
    url.push_str(base);
    url.push_str(path);
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.extend(utf8_percent_encode(name, QUERY));
        url.push('=');
        url.extend(utf8_percent_encode(value, QUERY));
    }
    reqwest::Url::parse(&url)
        .map_err(|e| format!("`{base}` + the operation path is not a valid URL: {e}"))
}

#[cfg(test)]
mod tests {
    use super::build_url;

    #[test]
    fn query_values_are_percent_encoded() {
        let url = build_url(
            "http://127.0.0.1:1/api/v2",
            "/users/1/messages",
            &[
                ("sourceTn", "+1919,+1920".to_owned()),
                ("carrierName", "AT&T".to_owned()),
            ],
        );
        assert_eq!(
            url.map(|u| u.to_string()).ok().as_deref(),
            Some(
                "http://127.0.0.1:1/api/v2/users/1/messages?sourceTn=%2B1919%2C%2B1920&carrierName=AT%26T"
            )
        );
    }

    #[test]
    fn encoded_slashes_stay_encoded() {
        let url = build_url("http://h/api/v2", "/users/1/media/a%2Fb/c.png", &[]);
        assert_eq!(
            url.map(|u| u.path().to_owned()).ok().as_deref(),
            Some("/api/v2/users/1/media/a%2Fb/c.png")
        );
    }
}
