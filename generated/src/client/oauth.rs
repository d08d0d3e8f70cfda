//! The OAuth2 token cache: one token per client, refreshed before expiry, one refresh at a time.

use std::sync::Arc;
use std::sync::Mutex as SyncMutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http::{HeaderValue, header};
use tracing::Instrument as _;

use super::credentials::OAuth2Credentials;
use super::error::AuthError;

/// A token's lifetime when the endpoint does not say (`expires_in` missing): short, so a wrong guess costs
/// little; a `401` also replaces the token.
const FALLBACK_LIFETIME: Duration = Duration::from_secs(300);

/// A bearer token ready to send.
#[derive(Debug)]
pub(crate) struct CachedToken {
    /// `Bearer <token>`, marked sensitive.
    pub(crate) header: HeaderValue,
    /// When to stop using it and fetch another.
    refresh_at: Instant,
    /// Which fetch produced it (see [`TokenCache::invalidate`]).
    generation: u64,
}

/// Fetches, caches and refreshes the OAuth2 token of one client.
pub(crate) struct TokenCache {
    token_url: String,
    refresh_margin: Duration,
    /// `Basic base64(client_id:client_secret)`, marked sensitive.
    client_auth: HeaderValue,
    current: SyncMutex<Option<Arc<CachedToken>>>,
    /// Bumped by every successful fetch.
    generation: AtomicU64,
    /// Held while a token request is in flight: concurrent callers wait for it instead of sending their own.
    refresh: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("token_url", &self.token_url)
            .field("refresh_margin", &self.refresh_margin)
            .field("generation", &self.generation.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    /// A cache for `credentials`; `None` when the client id or secret cannot go in an HTTP header.
    pub(crate) fn new(credentials: &OAuth2Credentials) -> Option<Self> {
        let client_auth = crate::credentials::BasicCredentials::new(
            credentials.client_id.clone(),
            credentials.client_secret.clone(),
        )
        .header_value()?;
        Some(TokenCache {
            token_url: credentials.token_url.clone(),
            refresh_margin: credentials.refresh_margin,
            client_auth,
            current: SyncMutex::new(None),
            generation: AtomicU64::new(0),
            refresh: tokio::sync::Mutex::new(()),
        })
    }

    fn cached(&self) -> Option<Arc<CachedToken>> {
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// A usable token: the cached one while it is fresh, otherwise a new one (fetched once for all callers
    /// waiting at the same time).
    pub(crate) async fn token(
        &self,
        http: &reqwest::Client,
        timeout: Option<Duration>,
        user_agent: &HeaderValue,
    ) -> Result<Arc<CachedToken>, AuthError> {
        let seen = self.generation.load(Ordering::Acquire);
        if let Some(token) = self.cached()
            && Instant::now() < token.refresh_at
        {
            return Ok(token);
        }
        let _guard = self.refresh.lock().await;
        // Someone else may have fetched while we waited: a token newer than what we saw is good enough even if
        // the endpoint gave it a lifetime shorter than the margin.
        if let Some(token) = self.cached()
            && (token.generation != seen || Instant::now() < token.refresh_at)
        {
            return Ok(token);
        }
        let token = Arc::new(self.fetch(http, timeout, user_agent).await?);
        *self
            .current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Arc::clone(&token));
        Ok(token)
    }

    /// Drops `token` from the cache after the API refused it with `401`, unless a newer token replaced it already.
    pub(crate) fn invalidate(&self, token: &CachedToken) {
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if current
            .as_ref()
            .is_some_and(|c| c.generation == token.generation)
        {
            *current = None;
        }
    }

    async fn fetch(
        &self,
        http: &reqwest::Client,
        timeout: Option<Duration>,
        user_agent: &HeaderValue,
    ) -> Result<CachedToken, AuthError> {
        let span = tracing::info_span!(
            "bandwidth_messaging.oauth2_token",
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        async {
            let started = Instant::now();
            let mut request = http
                .post(&self.token_url)
                .header(header::AUTHORIZATION, self.client_auth.clone())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header(header::USER_AGENT, user_agent.clone())
                .body("grant_type=client_credentials");
            if let Some(timeout) = timeout {
                request = request.timeout(timeout);
            }
            let response = request.send().await.map_err(|e| AuthError::Transport {
                source: e.without_url(),
            })?;
            let status = response.status();
            let body = response.bytes().await.map_err(|e| AuthError::Transport {
                source: e.without_url(),
            })?;
            let span = tracing::Span::current();
            span.record("status", status.as_u16());
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            if !status.is_success() {
                return Err(AuthError::Rejected { status, body });
            }
            let (access_token, lifetime) = parse_token_answer(&body)?;
            let mut header =
                HeaderValue::from_str(&format!("Bearer {access_token}")).map_err(|_| {
                    AuthError::InvalidAnswer {
                        reason: "`access_token` holds bytes not allowed in a header".to_owned(),
                    }
                })?;
            header.set_sensitive(true);
            let margin = self.refresh_margin.min(lifetime / 2);
            let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
            tracing::debug!(
                lifetime_s = lifetime.as_secs(),
                "fetched an OAuth2 access token"
            );
            Ok(CachedToken {
                header,
                refresh_at: started + lifetime.saturating_sub(margin),
                generation,
            })
        }
        .instrument(span)
        .await
    }
}

/// Reads `access_token` and `expires_in` without letting serde quote the body back in an error (it holds the
/// token).
fn parse_token_answer(body: &[u8]) -> Result<(String, Duration), AuthError> {
    let invalid = |reason: &str| AuthError::InvalidAnswer {
        reason: reason.to_owned(),
    };
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| invalid("the body is not JSON"))?;
    let object = value
        .as_object()
        .ok_or_else(|| invalid("the body is not a JSON object"))?;
    let token = match object.get("access_token") {
        Some(serde_json::Value::String(token)) if !token.is_empty() => token.clone(),
        Some(_) => return Err(invalid("`access_token` is not a non-empty string")),
        None => return Err(invalid("missing `access_token`")),
    };
    let lifetime = match object.get("expires_in") {
        None | Some(serde_json::Value::Null) => FALLBACK_LIFETIME,
        Some(serde_json::Value::Number(n)) => match n.as_u64() {
            Some(seconds) => Duration::from_secs(seconds),
            None => match n.as_f64() {
                Some(seconds) if seconds.is_finite() && seconds >= 0.0 => {
                    Duration::from_secs_f64(seconds)
                }
                _ => return Err(invalid("`expires_in` is not a non-negative number")),
            },
        },
        Some(serde_json::Value::String(s)) => Duration::from_secs(
            s.trim()
                .parse()
                .map_err(|_| invalid("`expires_in` is not a number of seconds"))?,
        ),
        Some(_) => return Err(invalid("`expires_in` is not a number of seconds")),
    };
    Ok((token, lifetime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_answers() {
        let ok = parse_token_answer(br#"{"access_token":"abc","expires_in":3600}"#);
        assert!(matches!(ok, Ok((ref t, d)) if t == "abc" && d == Duration::from_secs(3600)));
        let text = parse_token_answer(br#"{"access_token":"abc","expires_in":"60"}"#);
        assert!(matches!(text, Ok((_, d)) if d == Duration::from_secs(60)));
        let missing = parse_token_answer(br#"{"access_token":"abc"}"#);
        assert!(matches!(missing, Ok((_, d)) if d == FALLBACK_LIFETIME));
        let bad = parse_token_answer(br#"{"token":"s3cr3t"}"#);
        let message = bad.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("missing `access_token`"), "{message}");
        assert!(!message.contains("s3cr3t"));
    }
}
