//! The admin API under `/admin` (no authentication: bind the emulator to loopback).
//!
//! | Method | Path | What |
//! |---|---|---|
//! | GET | `/admin/health` | `{"status":"ok"}` |
//! | GET | `/admin/stats` | database counters and live delivery counters |
//! | GET | `/admin/accounts` | account ids |
//! | PUT | `/admin/accounts/{id}` | create or replace an account (users, OAuth2 clients, send rate) |
//! | GET | `/admin/applications` | every application (passwords never shown) |
//! | GET/PUT | `/admin/applications/{id}` | read / create or replace an application |
//! | POST | `/admin/accounts/{accountId}/inbound` | inject an inbound message (`message-received`) |
//! | GET | `/admin/deliveries` | outbox rows with their attempts (filters: `messageId`, `applicationId`, `state`, `eventType`, `limit`) |
//! | GET | `/admin/deliveries/{id}/body` | the stored body of an outbox row |

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::StatusCode;
use http::header::CONTENT_TYPE;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::clock::now_ms;
use crate::config::{
    AccountConfig, ApplicationConfig, Credentials, OAuthClient, check_callback_url,
};
use crate::lifecycle::{self, InboundMessage};
use crate::state::AppState;
use crate::store::{DeliveryQuery, MediaRow};

/// An admin error: `{"error": "..."}` with a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminError {
    status: StatusCode,
    message: String,
}

impl AdminError {
    fn bad_request(message: impl Into<String>) -> Self {
        AdminError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn not_found(message: impl Into<String>) -> Self {
        AdminError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

impl From<crate::store::StoreError> for AdminError {
    fn from(error: crate::store::StoreError) -> Self {
        AdminError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: error.to_string(),
        }
    }
}

/// The admin routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/health",
            get(|| async { Json(json!({ "status": "ok" })) }),
        )
        .route("/admin/stats", get(stats))
        .route("/admin/accounts", get(list_accounts))
        .route("/admin/accounts/{id}", axum::routing::put(put_account))
        .route("/admin/accounts/{id}/inbound", post(inject_inbound))
        .route("/admin/applications", get(list_applications))
        .route(
            "/admin/applications/{id}",
            get(get_application).put(put_application),
        )
        .route("/admin/deliveries", get(list_deliveries))
        .route("/admin/deliveries/{id}/body", get(delivery_body))
        .merge(crate::ui::router())
}

async fn stats(State(state): State<AppState>) -> Result<Response, AdminError> {
    let store = state.store.stats().await?;
    Ok(Json(json!({ "store": store, "delivery": state.metrics.snapshot() })).into_response())
}

async fn list_accounts(State(state): State<AppState>) -> Json<Vec<String>> {
    Json(state.registry.account_ids())
}

/// Body of `PUT /admin/accounts/{id}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AccountBody {
    #[serde(default)]
    users: Vec<Credentials>,
    #[serde(default)]
    oauth_clients: Vec<OAuthClientBody>,
    #[serde(default)]
    send_rate_per_second: f64,
    #[serde(default)]
    queue_segments: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OAuthClientBody {
    client_id: String,
    client_secret: String,
}

async fn put_account(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, AdminError> {
    let body: AccountBody = serde_json::from_slice(&body)
        .map_err(|e| AdminError::bad_request(format!("invalid account: {e}")))?;
    if !(body.send_rate_per_second.is_finite() && body.send_rate_per_second >= 0.0) {
        return Err(AdminError::bad_request(
            "sendRatePerSecond must be 0 or positive",
        ));
    }
    let mut account = AccountConfig::new(id.clone());
    account.users = body.users;
    account.oauth_clients = body
        .oauth_clients
        .into_iter()
        .map(|c| OAuthClient {
            client_id: c.client_id,
            client_secret: c.client_secret,
        })
        .collect();
    account.send_rate_per_second = body.send_rate_per_second;
    if let Some(queue) = body.queue_segments {
        account.queue_segments = queue;
    }
    state.registry.put_account(account);
    Ok(Json(json!({ "id": id })).into_response())
}

/// An application as the admin API shows and takes it (camelCase; passwords are write-only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApplicationBody {
    /// Account id (required on PUT).
    pub account_id: String,
    /// Status callback URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_callback_url: Option<String>,
    /// Status callback credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_callback_credentials: Option<CredentialsBody>,
    /// Inbound callback URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound_callback_url: Option<String>,
    /// Inbound callback credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inbound_callback_credentials: Option<CredentialsBody>,
    /// MMS delivery receipts (`message-sending`).
    #[serde(default)]
    pub mms_receipts: bool,
}

/// Credentials in the admin API: the password is accepted but never shown.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CredentialsBody {
    /// User name.
    pub username: String,
    /// Password (omitted in answers).
    #[serde(default, skip_serializing)]
    pub password: String,
}

impl std::fmt::Debug for CredentialsBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialsBody")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

fn view(application: &ApplicationConfig) -> serde_json::Value {
    let credentials = |c: &Option<Credentials>| {
        c.as_ref().map(|c| CredentialsBody {
            username: c.username.clone(),
            password: String::new(),
        })
    };
    let body = ApplicationBody {
        account_id: application.account_id.clone(),
        outbound_callback_url: application.outbound_callback_url.clone(),
        outbound_callback_credentials: credentials(&application.outbound_callback_credentials),
        inbound_callback_url: application.inbound_callback_url.clone(),
        inbound_callback_credentials: credentials(&application.inbound_callback_credentials),
        mms_receipts: application.mms_receipts,
    };
    let mut value = serde_json::to_value(body).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("id".to_owned(), application.id.clone().into());
    }
    value
}

async fn list_applications(State(state): State<AppState>) -> Json<Vec<serde_json::Value>> {
    Json(state.registry.applications().iter().map(view).collect())
}

async fn get_application(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    let application = state
        .registry
        .application(&id)
        .ok_or_else(|| AdminError::not_found(format!("application {id:?} does not exist")))?;
    Ok(Json(view(&application)).into_response())
}

async fn put_application(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, AdminError> {
    let body: ApplicationBody = serde_json::from_slice(&body)
        .map_err(|e| AdminError::bad_request(format!("invalid application: {e}")))?;
    if !state.registry.has_account(&body.account_id) {
        return Err(AdminError::bad_request(format!(
            "account {:?} does not exist",
            body.account_id
        )));
    }
    for (name, url) in [
        ("outboundCallbackUrl", &body.outbound_callback_url),
        ("inboundCallbackUrl", &body.inbound_callback_url),
    ] {
        if let Some(url) = url {
            check_callback_url(url)
                .map_err(|reason| AdminError::bad_request(format!("{name}: {reason}")))?;
        }
    }
    let credentials =
        |c: Option<CredentialsBody>| c.map(|c| Credentials::new(c.username, c.password));
    let application = ApplicationConfig {
        id: id.clone(),
        account_id: body.account_id,
        outbound_callback_url: body.outbound_callback_url,
        outbound_callback_credentials: credentials(body.outbound_callback_credentials),
        inbound_callback_url: body.inbound_callback_url,
        inbound_callback_credentials: credentials(body.inbound_callback_credentials),
        mms_receipts: body.mms_receipts,
    };
    let json =
        serde_json::to_string(&application).map_err(|e| AdminError::bad_request(e.to_string()))?;
    state.store.put_application(id, json).await?;
    let created = state
        .registry
        .put_application(application.clone())
        .is_none();
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view(&application))).into_response())
}

/// Body of `POST /admin/accounts/{accountId}/inbound`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct InboundBody {
    application_id: String,
    from: String,
    to: OneOrMany,
    #[serde(default)]
    text: String,
    #[serde(default)]
    media: Vec<String>,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    attachments: Vec<Attachment>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// A file carried by an injected inbound message; stored as media under `{id}/{n}/{name}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Attachment {
    name: String,
    #[serde(default = "default_content_type")]
    content_type: String,
    /// Base64 of the bytes.
    content: String,
}

fn default_content_type() -> String {
    "application/octet-stream".to_owned()
}

async fn inject_inbound(
    State(state): State<AppState>,
    Path(account_id): Path<String>,
    body: Bytes,
) -> Result<Response, AdminError> {
    let body: InboundBody = serde_json::from_slice(&body)
        .map_err(|e| AdminError::bad_request(format!("invalid inbound message: {e}")))?;
    let application = state
        .registry
        .application(&body.application_id)
        .filter(|application| application.account_id == account_id)
        .ok_or_else(|| {
            AdminError::bad_request(format!(
                "application {:?} does not exist in account {account_id:?}",
                body.application_id
            ))
        })?;
    let to = match body.to {
        OneOrMany::One(number) => vec![number],
        OneOrMany::Many(numbers) => numbers,
    };
    if to.is_empty() {
        return Err(AdminError::bad_request(
            "'to' must name at least one number",
        ));
    }
    if body.text.is_empty() && body.media.is_empty() && body.attachments.is_empty() {
        return Err(AdminError::bad_request(
            "an inbound message needs text, media or attachments",
        ));
    }
    let now = now_ms();
    let mut media = body.media;
    if !body.attachments.is_empty() {
        let prefix = crate::ids::message_id(now);
        let retention_ms = state.clock.wall_ms(
            state
                .config
                .limits
                .media_retention_hours
                .saturating_mul(3_600_000),
        );
        for (index, attachment) in body.attachments.into_iter().enumerate() {
            if attachment.name.is_empty() || attachment.name.contains('/') {
                return Err(AdminError::bad_request(
                    "attachment names must be non-empty and contain no '/'",
                ));
            }
            let bytes = STANDARD
                .decode(attachment.content.as_bytes())
                .map_err(|e| {
                    AdminError::bad_request(format!(
                        "attachment {:?}: content is not base64: {e}",
                        attachment.name
                    ))
                })?;
            let name = format!("{prefix}/{index}/{}", attachment.name);
            media.push(crate::api::media::media_url(
                &state.public_base,
                &account_id,
                &name,
            ));
            state
                .store
                .put_media(MediaRow {
                    account_id: account_id.clone(),
                    name,
                    content_type: attachment.content_type,
                    cache_control: None,
                    created_ms: now,
                    expires_ms: now.saturating_add(retention_ms),
                    bytes: Bytes::from(bytes),
                })
                .await?;
        }
    }
    let message = InboundMessage {
        account_id: &account_id,
        application_id: &application.id,
        from: &body.from,
        to: &to,
        text: &body.text,
        media: &media,
        tag: body.tag.as_deref(),
        time_ms: now,
    };
    let (ids, rows, deliveries) = lifecycle::plan_inbound(&message, &application, &state.store);
    state.store.accept(rows, deliveries).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "messageIds": ids, "media": media })),
    )
        .into_response())
}

async fn list_deliveries(
    State(state): State<AppState>,
    Query(query): Query<DeliveryQuery>,
) -> Result<Response, AdminError> {
    Ok(Json(state.store.deliveries(query).await?).into_response())
}

async fn delivery_body(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AdminError> {
    let body = state.store.delivery_body(id).await?.ok_or_else(|| {
        AdminError::not_found(format!(
            "outbox row {id} has no stored body (unknown, or already delivered)"
        ))
    })?;
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}
