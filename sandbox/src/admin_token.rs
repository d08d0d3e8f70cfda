//! The admin API's bearer token: required when the emulator listens on a non-loopback address.
//!
//! With a token configured every `/admin` request must carry `Authorization: Bearer <token>`
//! (compared in constant time); otherwise it is answered `401 unauthorized` in Bandwidth's shape.

use std::fmt;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::HeaderValue;
use http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::api::error::ApiError;
use crate::state::AppState;

/// A secret that guards the admin API (`--admin-token`, `[server] admin_token`); redacted in `Debug`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct AdminToken(String);

impl AdminToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        AdminToken(token.into())
    }

    /// `true` when `presented` is this token (constant time in the token's content).
    pub fn matches(&self, presented: &str) -> bool {
        self.0.as_bytes().ct_eq(presented.as_bytes()).into()
    }

    /// `true` for an empty token (refused by validation).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken(<redacted>)")
    }
}

/// Middleware of the admin routes: lets a request through when no token is configured or when it
/// carries the token as a bearer credential.
pub async fn require(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(token) = &state.config.server.admin_token else {
        return next.run(request).await;
    };
    let presented = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            let (scheme, rest) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        });
    match presented {
        Some(presented) if token.matches(presented) => next.run(request).await,
        _ => {
            let mut response = ApiError::Unauthorized.into_response();
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"admin\""),
            );
            response
        }
    }
}
