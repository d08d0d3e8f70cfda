//! Media: `PUT/GET/DELETE /users/{accountId}/media/{mediaId}` and `GET /users/{accountId}/media`.
//!
//! The media id is everything after `media/`, slashes included; a `%2F` in the path is the same
//! slash. Uploads keep their bytes, `Content-Type` (any, `application/octet-stream` when missing) and
//! `Cache-Control`; a download answers them back. Files live `media_retention_hours` emulated hours.
//! An upload over `max_media_bytes` is answered `400 request-validation`.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use bandwidth_messaging::generated::models::Media;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::error::ApiError;
use crate::auth::authorize;
use crate::clock::now_ms;
use crate::state::AppState;
use crate::store::MediaRow;

/// Request and response header carrying the listMedia position.
pub const CONTINUATION_TOKEN: &str = "Continuation-Token";

/// Characters escaped in a media URL path (`/` is kept: it is part of the name).
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'?')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The URL a media file is downloaded from.
pub fn media_url(public_base: &str, account_id: &str, name: &str) -> String {
    format!(
        "{public_base}/api/v2/users/{account_id}/media/{}",
        utf8_percent_encode(name, PATH_ESCAPES)
    )
}

fn check_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() {
        return Err(ApiError::BadRequest(
            "The media id must not be empty".to_owned(),
        ));
    }
    if name.len() > 1024 {
        return Err(ApiError::BadRequest(
            "The media id must be at most 1024 characters".to_owned(),
        ));
    }
    Ok(())
}

/// uploadMedia.
pub async fn upload(
    State(state): State<AppState>,
    Path((account_id, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    authorize(&state, &headers, &account_id)?;
    check_name(&name)?;
    let limit = state.config.limits.max_media_bytes;
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        ApiError::BadRequest(format!(
            "The media file is larger than the limit of {limit} bytes"
        ))
    };
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, usize::try_from(limit).unwrap_or(usize::MAX))
        .await
        .map_err(|_| too_large())?;
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .unwrap_or("application/octet-stream")
        .to_owned();
    let cache_control = headers
        .get(CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let now = now_ms();
    let retention_ms = state.clock.wall_ms(
        state
            .config
            .limits
            .media_retention_hours
            .saturating_mul(3_600_000),
    );
    state
        .store
        .put_media(MediaRow {
            account_id,
            name,
            content_type,
            cache_control,
            created_ms: now,
            expires_ms: now.saturating_add(retention_ms),
            bytes,
        })
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// getMedia.
pub async fn download(
    State(state): State<AppState>,
    Path((account_id, name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &headers, &account_id)?;
    let media = state
        .store
        .get_media(account_id, name.clone(), now_ms())
        .await?
        .ok_or(ApiError::MediaNotFound(name))?;
    let mut response = (StatusCode::OK, media.bytes).into_response();
    let content_type = HeaderValue::from_str(&media.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    response.headers_mut().insert(CONTENT_TYPE, content_type);
    if let Some(cache_control) = media
        .cache_control
        .and_then(|v| HeaderValue::from_str(&v).ok())
    {
        response.headers_mut().insert(CACHE_CONTROL, cache_control);
    }
    Ok(response)
}

/// deleteMedia.
pub async fn delete(
    State(state): State<AppState>,
    Path((account_id, name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &headers, &account_id)?;
    if state.store.delete_media(account_id, name.clone()).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::MediaNotFound(name))
    }
}

/// listMedia: up to `list_media_page_size` files sorted by name, after the `Continuation-Token` name.
pub async fn list(
    State(state): State<AppState>,
    Path(account_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    authorize(&state, &headers, &account_id)?;
    let after = match headers.get(CONTINUATION_TOKEN) {
        None => None,
        Some(value) => {
            let decoded = value
                .to_str()
                .ok()
                .and_then(|token| URL_SAFE_NO_PAD.decode(token.trim()).ok())
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| {
                    ApiError::BadRequest(
                        "The Continuation-Token header is not one this server issued".to_owned(),
                    )
                })?;
            Some(decoded)
        }
    };
    let page_size = state.config.limits.list_media_page_size;
    let (items, more) = state
        .store
        .list_media(account_id.clone(), after, page_size, now_ms())
        .await?;
    let body: Vec<Media> = items
        .iter()
        .map(|item| {
            let mut media = Media::new();
            media.content = Some(media_url(&state.public_base, &account_id, &item.name));
            media.content_length = Some(item.content_length);
            media.media_name = Some(item.name.clone());
            media
        })
        .collect();
    let mut response = Json(body).into_response();
    if more
        && let Some(last) = items.last()
        && let Ok(token) = HeaderValue::from_str(&URL_SAFE_NO_PAD.encode(last.name.as_bytes()))
    {
        response.headers_mut().insert(CONTINUATION_TOKEN, token);
    }
    Ok(response)
}
