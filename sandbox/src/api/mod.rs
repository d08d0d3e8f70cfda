//! The Messaging API v2 surface: the 6 operations under `/api/v2/users/{accountId}/...` and the
//! OAuth2 token endpoint, with Bandwidth's status codes and error bodies.

pub mod error;
pub mod list_params;
pub mod media;
pub mod messages;
pub mod rejection;
pub mod validate;

use axum::Router;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::Uri;

use crate::state::AppState;
use error::ApiError;

/// Path of the emulated OAuth2 token endpoint (Bandwidth's is `https://api.bandwidth.com/api/v1/oauth2/token`).
pub const TOKEN_PATH: &str = "/api/v1/oauth2/token";

/// Every route: the API, the token endpoint and the admin API, with Bandwidth-style 404 and 405 answers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/api/v2/users/{accountId}/messages",
            post(messages::create_message).get(messages::list_messages),
        )
        .route("/api/v2/users/{accountId}/media", get(media::list))
        .route(
            "/api/v2/users/{accountId}/media/{*mediaId}",
            get(media::download)
                .put(media::upload)
                .delete(media::delete),
        )
        .route(TOKEN_PATH, post(crate::auth::token_endpoint))
        .merge(
            crate::admin::router().route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                crate::admin_token::require,
            )),
        )
        .fallback(no_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(rejection::bandwidth_shape))
        .layer(axum::middleware::from_fn(trace_request))
        .with_state(state)
}

async fn no_route(uri: Uri) -> ApiError {
    ApiError::NoRoute {
        path: uri.path().to_owned(),
    }
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Logs method, path and status at debug level (paths hold ids, never message text).
async fn trace_request(request: Request, next: Next) -> Response {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return next.run(request).await.into_response();
    }
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    tracing::debug!(%method, %path, status = response.status().as_u16(), elapsed_us = started.elapsed().as_micros() as u64, "request");
    response
}
