//! API authentication: HTTP Basic per account, and Bearer tokens from the emulated OAuth2
//! client-credentials endpoint (`POST /api/v1/oauth2/token`).

use std::collections::HashMap;
use std::sync::Mutex;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bandwidth_messaging::credentials::BasicCredentials;
use bytes::Bytes;
use http::header::AUTHORIZATION;
use http::{HeaderMap, StatusCode};
use serde_json::json;

use crate::api::error::ApiError;
use crate::clock::now_ms;
use crate::state::AppState;

/// Issued access tokens: token -> (account id, expiry in epoch ms).
#[derive(Debug, Default)]
pub struct TokenStore {
    tokens: Mutex<HashMap<String, (String, i64)>>,
}

impl TokenStore {
    /// Issues a token for an account, valid until `expires_ms`.
    pub fn issue(&self, account_id: String, expires_ms: i64) -> String {
        let token = crate::ids::token(40);
        let mut tokens = self
            .tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = now_ms();
        tokens.retain(|_, (_, expiry)| *expiry > now);
        tokens.insert(token.clone(), (account_id, expires_ms));
        token
    }

    /// Whether `token` is a live token of `account_id`.
    pub fn check(&self, token: &str, account_id: &str, now_ms: i64) -> bool {
        let tokens = self
            .tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        tokens
            .get(token)
            .is_some_and(|(account, expiry)| account == account_id && *expiry > now_ms)
    }
}

/// Reads `Authorization: Basic base64(user:pass)` with the crate's one Basic parser.
pub fn parse_basic(headers: &HeaderMap) -> Option<BasicCredentials> {
    BasicCredentials::from_header(headers.get(AUTHORIZATION)?.as_bytes())
}

fn parse_bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
}

/// Checks that the request may act on `account_id` (401 `unauthorized` otherwise).
pub fn authorize(state: &AppState, headers: &HeaderMap, account_id: &str) -> Result<(), ApiError> {
    if let Some(basic) = parse_basic(headers) {
        if state
            .registry
            .check_basic(account_id, basic.username(), basic.password().expose())
        {
            return Ok(());
        }
        return Err(ApiError::Unauthorized);
    }
    if let Some(token) = parse_bearer(headers)
        && state.tokens.check(token, account_id, now_ms())
    {
        return Ok(());
    }
    Err(ApiError::Unauthorized)
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// Decodes an `application/x-www-form-urlencoded` body into pairs (`+` is a space).
pub fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    let decode = |text: &str| {
        let spaced = text.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8_lossy()
            .into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (decode(key), decode(value)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// `POST /api/v1/oauth2/token`: client credentials (Basic `client_id:client_secret`, or the two form
/// fields), form `grant_type=client_credentials`. Answers `{access_token, token_type, expires_in}`.
pub async fn token_endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = parse_form(&body);
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    match field("grant_type").as_deref() {
        Some("client_credentials") => {}
        Some(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Only grant_type=client_credentials is supported",
            );
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required",
            );
        }
    }
    let credentials = parse_basic(&headers)
        .map(|basic| {
            (
                basic.username().to_owned(),
                basic.password().expose().to_owned(),
            )
        })
        .or_else(|| Some((field("client_id")?, field("client_secret")?)));
    let Some((client_id, client_secret)) = credentials else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
        );
    };
    let Some(account_id) = state
        .registry
        .check_oauth_client(&client_id, &client_secret)
    else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
        );
    };
    // `expires_in` is what clients cache the token by (Bandwidth's SDKs refresh 60 s before it): it must
    // be the token's real, wall-clock lifetime, so under `--time-scale N` it is the configured lifetime
    // divided by N (whole seconds, at least 1), and the token expires exactly then.
    let lifetime_s = wall_lifetime_seconds(
        state.clock.wall_ms(
            state
                .config
                .oauth
                .token_lifetime_seconds
                .saturating_mul(1000),
        ),
    );
    let wall_lifetime_ms = i64::try_from(lifetime_s.saturating_mul(1000)).unwrap_or(i64::MAX);
    let token = state
        .tokens
        .issue(account_id, now_ms().saturating_add(wall_lifetime_ms));
    (
        StatusCode::OK,
        [(http::header::CACHE_CONTROL, "no-store")],
        Json(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime_s,
        })),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding() {
        assert_eq!(
            parse_form(b"grant_type=client_credentials&client_id=a%2Bb&x=y+z"),
            vec![
                ("grant_type".to_owned(), "client_credentials".to_owned()),
                ("client_id".to_owned(), "a+b".to_owned()),
                ("x".to_owned(), "y z".to_owned()),
            ]
        );
    }

    #[test]
    fn basic_header_parsing() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, "Basic dXNlcjpwYTpzcw==".parse().unwrap());
        assert_eq!(
            parse_basic(&headers),
            Some(BasicCredentials::new("user", "pa:ss"))
        );
        headers.insert(AUTHORIZATION, "Bearer abc".parse().unwrap());
        assert_eq!(parse_basic(&headers), None);
        assert_eq!(parse_bearer(&headers), Some("abc"));
    }

    #[test]
    fn tokens_are_per_account_and_expire() {
        let store = TokenStore::default();
        let token = store.issue("1".to_owned(), now_ms() + 60_000);
        assert!(store.check(&token, "1", now_ms()));
        assert!(!store.check(&token, "2", now_ms()));
        assert!(!store.check(&token, "1", now_ms() + 120_000));
    }
}

/// Whole wall-clock seconds of a token lifetime given in wall milliseconds (rounded down, at least 1).
fn wall_lifetime_seconds(wall_ms: i64) -> u64 {
    u64::try_from(wall_ms / 1000).unwrap_or(0).max(1)
}

#[cfg(test)]
mod lifetime_tests {
    use super::wall_lifetime_seconds;
    use crate::clock::Clock;

    #[test]
    fn expires_in_is_the_wall_clock_lifetime() {
        assert_eq!(
            wall_lifetime_seconds(Clock::new(1.0).wall_ms(3_600_000)),
            3600
        );
        assert_eq!(
            wall_lifetime_seconds(Clock::new(60.0).wall_ms(3_600_000)),
            60
        );
        assert_eq!(
            wall_lifetime_seconds(Clock::new(7200.0).wall_ms(3_600_000)),
            1
        );
    }
}
