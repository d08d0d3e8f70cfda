//! The web inspector at `/ui`: messages as stored (metadata only), every webhook event with its
//! delivery state and attempts, live updates over Server-Sent Events, redelivery of given-up events,
//! inbound injection, applications and a segment calculator. Server-rendered HTML with one small
//! embedded script and stylesheet (no CDN, works offline). Mounted beside the admin API, so the same
//! exposure rules apply. Message text is never shown: it is not stored.

mod html;
mod segments;

use std::convert::Infallible;
use std::fmt::Write as _;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::stream::{self, Stream};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use serde::Deserialize;
use serde_json::json;

use crate::clock::{format_ms, now_ms};
use crate::config::DEFAULT_ACCOUNT_ID;
use crate::state::AppState;
use crate::store::{DeliveryInfo, DeliveryQuery, Store, StoreError};
use html::{escape, page};

const SCRIPT: &str = include_str!("assets/inspector.js");
const STYLE: &str = include_str!("assets/inspector.css");

/// The inspector's routes (under `/ui`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ui", get(index))
        .route("/ui/messages/{id}", get(message))
        .route("/ui/deliveries/{id}/redeliver", post(redeliver))
        .route("/ui/live", get(live))
        .route("/ui/segments", get(calculator))
        .route("/ui/segments/result", get(calculator_result))
        .route(
            "/ui/assets/inspector.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/ui/assets/inspector.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE) }),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-cache")],
        body,
    )
        .into_response()
}

/// A store failure shown as a page.
struct UiError(StoreError);

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            Html(page(
                "Error",
                &format!("<p class=\"bad\">{}</p>", escape(&self.0.to_string())),
            )),
        )
            .into_response()
    }
}

impl From<StoreError> for UiError {
    fn from(error: StoreError) -> Self {
        UiError(error)
    }
}

async fn index(State(state): State<AppState>) -> Result<Html<String>, UiError> {
    let messages = state.store.recent_messages(200).await?;
    let mut body =
        String::from("<h1>bandwidth-sandbox inspector</h1><div id=\"live\"><h2>Messages</h2>");
    body.push_str(
        "<table id=\"messages\"><tr><th>Received</th><th>Message id</th><th>Direction</th><th>Type</th><th>From</th>\
         <th>To</th><th>Status</th><th>Error code</th><th>Segments</th><th>Characters</th><th>Listed</th></tr>",
    );
    for m in &messages {
        let _ = write!(
            body,
            "<tr class=\"message\"><td>{}</td><td><a href=\"/ui/messages/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            format_ms(m.receive_time_ms),
            escape(
                &percent_encoding::utf8_percent_encode(
                    &m.message_id,
                    percent_encoding::NON_ALPHANUMERIC
                )
                .to_string()
            ),
            escape(&m.message_id),
            escape(&m.direction),
            escape(&m.message_type),
            escape(&m.from),
            escape(&m.to),
            escape(&m.status),
            if m.error_code == 0 {
                String::new()
            } else {
                m.error_code.to_string()
            },
            m.segment_count,
            m.message_length,
            if m.listed { "yes" } else { "not yet" },
        );
    }
    if messages.is_empty() {
        body.push_str("<tr><td colspan=\"11\">No message yet.</td></tr>");
    }
    body.push_str("</table></div><h2>Applications</h2><table id=\"applications\"><tr><th>Id</th><th>Account</th>\
                   <th>Status callback</th><th>Inbound callback</th><th>MMS receipts</th></tr>");
    let applications = state.registry.applications();
    for a in &applications {
        let url = |url: &Option<String>, auth: bool| match url {
            Some(url) => format!("{}{}", escape(url), if auth { " (Basic auth)" } else { "" }),
            None => "none".to_owned(),
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.id),
            escape(&a.account_id),
            url(
                &a.outbound_callback_url,
                a.outbound_callback_credentials.is_some()
            ),
            url(
                &a.inbound_callback_url,
                a.inbound_callback_credentials.is_some()
            ),
            if a.mms_receipts { "yes" } else { "no" },
        );
    }
    body.push_str(
        "</table><h2>Inject an inbound message</h2><form id=\"inject\">\
                   <label>Account <input name=\"accountId\" value=\"",
    );
    body.push_str(&escape(DEFAULT_ACCOUNT_ID));
    body.push_str("\"></label> <label>Application <select name=\"applicationId\">");
    for a in &applications {
        let _ = write!(body, "<option value=\"{0}\">{0}</option>", escape(&a.id));
    }
    body.push_str("</select></label><br><label>From <input name=\"from\" value=\"+15559876543\"></label> \
                   <label>To <input name=\"to\" value=\"+15557654321\"></label><br>\
                   <label>Text <input name=\"text\" size=\"40\" value=\"Hello\"></label> \
                   <button type=\"submit\">Inject</button> <span id=\"inject-result\"></span></form>");
    Ok(Html(page("Messages", &body)))
}

async fn message(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, UiError> {
    let deliveries = state
        .store
        .deliveries(DeliveryQuery {
            message_id: Some(id.clone()),
            limit: Some(1000),
            ..DeliveryQuery::default()
        })
        .await?;
    let rows: Vec<_> = state
        .store
        .recent_messages(10_000)
        .await?
        .into_iter()
        .filter(|m| m.message_id == id)
        .collect();
    let mut body = format!(
        "<h1>Message <code id=\"message-id\">{}</code></h1><div id=\"live\">",
        escape(&id)
    );
    for m in &rows {
        let _ = write!(
            body,
            "<p>{} {} from {} to {} · stored status {} · {} segment(s) · {} characters (text not stored)</p>",
            escape(&m.direction),
            escape(&m.message_type),
            escape(&m.from),
            escape(&m.to),
            escape(&m.status),
            m.segment_count,
            m.message_length
        );
    }
    if deliveries.is_empty() {
        body.push_str("<p>No webhook event (the application has no callback URL, or the message is unknown).</p>");
    }
    for delivery in &deliveries {
        event(&mut body, delivery);
    }
    body.push_str("</div>");
    Ok(Html(page(&format!("Message {id}"), &body)))
}

fn event(body: &mut String, d: &DeliveryInfo) {
    let _ = write!(
        body,
        "<section class=\"event\" id=\"event-{}\" data-state=\"{}\"><b>{}</b> for {} → {} callback of {} · \
         <span class=\"state state-{}\">{}</span> · {} attempt(s)",
        d.id,
        escape(&d.state),
        escape(&d.event_type),
        escape(&d.recipient),
        escape(&d.callback),
        escape(&d.application_id),
        escape(&d.state),
        escape(&d.state),
        d.attempts
    );
    if let Some(next) = &d.next_attempt_at {
        let _ = write!(body, " · next attempt {}", escape(next));
    }
    if d.state == "given-up" {
        let _ = write!(
            body,
            " <button data-redeliver=\"{}\">Redeliver</button>",
            d.id
        );
    }
    body.push_str(
        "<table class=\"attempts\"><tr><th>#</th><th>Started</th><th>Duration</th><th>Result</th><th>HTTP status</th>\
         <th>Challenged</th><th>Next attempt</th></tr>",
    );
    for a in &d.attempt_log {
        let class = if a.result == "delivered" { "ok" } else { "bad" };
        let _ = write!(
            body,
            "<tr class=\"attempt\"><td>{}</td><td>{}</td><td>{} ms</td><td class=\"{class}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            a.number,
            escape(&a.started_at),
            a.duration_ms,
            escape(&a.result),
            a.http_status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "none".to_owned()),
            if a.challenged { "yes" } else { "no" },
            a.next_attempt_at.as_deref().map(escape).unwrap_or_default(),
        );
    }
    body.push_str("</table></section>");
}

async fn redeliver(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, UiError> {
    let redelivered = state.store.redeliver(id, now_ms()).await?;
    let status = if redelivered {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    Ok((status, Json(json!({ "redelivered": redelivered }))).into_response())
}

/// Server-Sent Events: a `change` event whenever messages, attempts or outbox states changed.
async fn live(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let store: Store = state.store.clone();
    let updates = stream::unfold((store, None), |(store, last)| async move {
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let stats = store.stats().await.ok()?;
            let now = (
                stats.message_rows,
                stats.attempts,
                stats.pending,
                stats.given_up,
                stats.listed_rows,
            );
            if last != Some(now) {
                let data = json!({ "messages": now.0, "attempts": now.1, "pending": now.2, "givenUp": now.3 });
                let event = SseEvent::default().event("change").data(data.to_string());
                return Some((Ok(event), (store, Some(now))));
            }
        }
    });
    Sse::new(updates).keep_alive(KeepAlive::default())
}

#[derive(Debug, Default, Deserialize)]
struct TextQuery {
    #[serde(default)]
    text: String,
}

async fn calculator(Query(query): Query<TextQuery>) -> Html<String> {
    let body = format!(
        "<h1>Segment calculator</h1><p>Type a text: the count is what the emulator (and Bandwidth) bill as \
         <code>segmentCount</code> for an SMS. Characters outside GSM-7 are highlighted.</p>\
         <form action=\"/ui/segments\"><textarea id=\"calc-text\" name=\"text\">{}</textarea><br>\
         <button type=\"submit\">Count</button></form><div id=\"calc-result\">{}</div>",
        escape(&query.text),
        segments::result(&query.text)
    );
    Html(page("Segment calculator", &body))
}

async fn calculator_result(Query(query): Query<TextQuery>) -> Html<String> {
    Html(segments::result(&query.text))
}
