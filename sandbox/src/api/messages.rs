//! `POST /users/{accountId}/messages` (createMessage) and `GET /users/{accountId}/messages`
//! (listMessages).

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use bandwidth_messaging::Nullable;
use bandwidth_messaging::generated::models::{
    ListMessageDirectionEnum, ListMessageItem, Message, MessageDirectionEnum, MessageRequest,
    MessageStatusEnum, MessageTypeEnum, MessagesList, PageInfo, PriorityEnum,
};
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, StatusCode};
use jiff::Timestamp;
use serde_json::Value;

use super::error::{ApiError, field_error};
use super::list_params::parse_list_query;
use super::validate;
use crate::auth::authorize;
use crate::clock::now_ms;
use crate::lifecycle::{self, OutboundMessage, Timing};
use crate::state::AppState;
use crate::store::ListPage;
use bandwidth_messaging::segment::{MessageKind, segment_count_for};

/// Whether a `Content-Type` is JSON (`application/json`, with parameters, or `+json`).
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// createMessage: authenticate, validate, admit to the account queue, store rows + outbox events in one
/// transaction, answer 202 with the Message.
pub async fn create_message(
    State(state): State<AppState>,
    Path(account_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&state, &headers, &account_id)?;
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !is_json(content_type) {
        return Err(ApiError::UnsupportedContentType(content_type.to_owned()));
    }
    let parsed: Value = serde_json::from_slice(&body).map_err(|error| {
        ApiError::Validation(vec![field_error(
            "body",
            format!("The request body is not valid JSON: {error}"),
        )])
    })?;
    let now = now_ms();
    let timestamp = Timestamp::from_millisecond(now).unwrap_or(Timestamp::UNIX_EPOCH);
    let request = validate::validate(&parsed, timestamp).map_err(ApiError::Validation)?;
    drop(parsed);

    let application = state
        .registry
        .application(&request.application_id)
        .filter(|application| application.account_id == account_id)
        .ok_or_else(|| {
            ApiError::Validation(vec![field_error(
                "applicationId",
                format!(
                    "Application '{}' does not exist in account {account_id}",
                    request.application_id
                ),
            )])
        })?;
    let account = state
        .registry
        .account(&account_id)
        .ok_or(ApiError::Unauthorized)?;

    let text = request.text.as_deref().unwrap_or("");
    let media = request.media.clone().unwrap_or_default();
    let kind = bandwidth_messaging::rules::classify(request.to.len(), !media.is_empty());
    let is_mms = kind == MessageKind::Mms;
    let segment_count = segment_count_for(kind, text);
    let queued_segments = (segment_count * request.to.len()) as u64;
    let dequeue_ms = state
        .send_queues
        .admit(&account, queued_segments, now, &state.clock)
        .map_err(|full| ApiError::QueueFull {
            retry_after: full.retry_after,
            description: format!(
                "The message queue of account {account_id} is full. Your allowed rate is {} segments per second and \
                 the queue holds at most {} segments; retry after {} seconds",
                full.rate, full.capacity, full.retry_after
            ),
        })?;
    let terminal_ms = dequeue_ms.saturating_add(
        state
            .clock
            .wall_ms(state.config.lifecycle.terminal_delay_ms),
    );

    let message = OutboundMessage {
        id: crate::ids::message_id(now),
        account_id: account_id.clone(),
        application_id: request.application_id.clone(),
        from: request.from.clone(),
        to: request.to.clone(),
        media,
        tag: request.tag.clone(),
        priority: request.priority.as_ref().map(|p| p.as_str().to_owned()),
        expiration_ms: request.expiration.map(|at| at.as_millisecond()),
        segment_count,
        is_mms,
        text_chars: text.chars().count(),
        text_bytes: text.len(),
        time_ms: now,
    };
    let (rows, deliveries) = lifecycle::plan_outbound(
        &message,
        &application,
        Timing {
            dequeue_ms,
            terminal_ms,
        },
        &state.store,
    );
    state.store.accept(rows, deliveries).await?;
    Ok((StatusCode::ACCEPTED, Json(accepted_body(&message, request))).into_response())
}

/// The 202 body: the Message with the request echoed (`priority` defaults to `default`).
fn accepted_body(message: &OutboundMessage, request: MessageRequest) -> Message {
    let mut body = Message::new();
    body.id = Some(message.id.clone());
    body.owner = Some(message.from.clone());
    body.application_id = Some(message.application_id.clone());
    body.time = Some(crate::events::timestamp(message.time_ms));
    body.segment_count = Some(message.segment_count as i64);
    body.direction = Some(MessageDirectionEnum::Out);
    body.to = Some(request.to);
    body.from = Some(request.from);
    body.text = request.text;
    body.media = request.media;
    body.tag = request.tag;
    body.priority = Some(request.priority.unwrap_or(PriorityEnum::Default));
    body.expiration = request.expiration;
    body
}

/// listMessages: authenticate, apply the per-IP rate limit, parse the filters, answer a page of metadata.
pub async fn list_messages(
    State(state): State<AppState>,
    Path(account_id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RawQuery(raw_query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &headers, &account_id)?;
    let limits = &state.config.limits;
    let window_ms = state
        .clock
        .wall_ms(limits.list_window_seconds.saturating_mul(1000));
    state
        .list_limiter
        .check(
            peer.ip(),
            limits.list_requests_per_window,
            window_ms,
            now_ms(),
        )
        .map_err(|retry_after| ApiError::RateLimited { retry_after })?;

    let pairs = decode_query(raw_query.as_deref().unwrap_or(""));
    let query = parse_list_query(&account_id, &pairs, now_ms()).map_err(ApiError::BadRequest)?;
    let page = state.store.list_messages(query).await?;
    let base = format!("{}/api/v2/users/{account_id}/messages", state.public_base);
    Ok(Json(list_body(&page, &base, &pairs)).into_response())
}

/// Splits and percent-decodes a query string (`+` is a space).
pub fn decode_query(raw: &str) -> Vec<(String, String)> {
    crate::auth::parse_form(raw.as_bytes())
}

fn page_url(base: &str, pairs: &[(String, String)], token: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let mut url = String::from(base);
    let mut first = true;
    for (key, value) in pairs.iter().filter(|(key, _)| key != "pageToken") {
        url.push(if first { '?' } else { '&' });
        first = false;
        url.push_str(&utf8_percent_encode(key, NON_ALPHANUMERIC).to_string());
        url.push('=');
        url.push_str(&utf8_percent_encode(value, NON_ALPHANUMERIC).to_string());
    }
    url.push(if first { '?' } else { '&' });
    url.push_str("pageToken=");
    url.push_str(token);
    url
}

fn nullable<T>(value: Option<T>) -> Nullable<T> {
    match value {
        Some(value) => Nullable::Value(value),
        None => Nullable::Null,
    }
}

fn list_body(page: &ListPage, base: &str, pairs: &[(String, String)]) -> MessagesList {
    let mut page_info = PageInfo::new();
    if let Some(prev) = &page.prev {
        let token = prev.encode();
        page_info.prev_page = Some(page_url(base, pairs, &token));
        page_info.prev_page_token = Some(token);
    }
    if let Some(next) = &page.next {
        let token = next.encode();
        page_info.next_page = Some(page_url(base, pairs, &token));
        page_info.next_page_token = Some(token);
    }
    let messages = page
        .rows
        .iter()
        .map(|row| {
            let mut item = ListMessageItem::new();
            item.message_id = Some(row.message_id.clone());
            item.account_id = Some(row.account_id.clone());
            item.source_tn = Some(row.source_tn.clone());
            item.destination_tn = Some(row.destination_tn.clone());
            item.message_status = Some(MessageStatusEnum::from(row.message_status.as_str()));
            item.message_direction = Some(ListMessageDirectionEnum::from(
                row.message_direction.as_str(),
            ));
            item.message_type = Some(MessageTypeEnum::from(row.message_type.as_str()));
            item.segment_count = Some(row.segment_count);
            item.error_code = Some(row.error_code);
            item.receive_time = Some(crate::events::timestamp(row.receive_time_ms));
            item.carrier_name = Nullable::Null;
            item.message_size = nullable(row.message_size);
            item.message_length = Some(row.message_length);
            item.attachment_count = nullable(row.attachment_count);
            item.recipient_count = nullable(row.recipient_count);
            item.campaign_class = Nullable::Null;
            item.campaign_id = Nullable::Null;
            item.bw_latency = Nullable::Null;
            item.carrier_latency = Nullable::Null;
            item.calling_number_country_a3 = nullable(row.calling_country.clone());
            item.called_number_country_a3 = nullable(row.called_country.clone());
            item.product = nullable(row.product.clone());
            item.location = Nullable::Null;
            item
        })
        .collect();
    let mut list = MessagesList::new();
    list.total_count = Some(page.total_count);
    list.page_info = Some(page_info);
    list.messages = Some(messages);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("Application/JSON"));
        assert!(is_json("application/vnd.api+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json(""));
    }

    #[test]
    fn page_url_replaces_the_token() {
        let pairs = vec![
            ("sourceTn".to_owned(), "+1919".to_owned()),
            ("pageToken".to_owned(), "old".to_owned()),
        ];
        assert_eq!(
            page_url("http://h/api/v2/users/1/messages", &pairs, "new"),
            "http://h/api/v2/users/1/messages?sourceTn=%2B1919&pageToken=new"
        );
    }
}
