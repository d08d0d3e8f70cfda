//! Helpers shared by the `client_*` test binaries: a hand-written operation, a recording sleeper, client
//! constructors and a token endpoint.
#![allow(dead_code)] // each test binary uses a different subset

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bandwidth_messaging::__private::{
    Bytes, DecodeError, EncodeError, HeaderMap, HeaderName, HeaderValue, Method, Operation,
    RequestBody, StatusCode,
};
use bandwidth_messaging::client::{Client, Credentials, OAuth2Credentials, Sleeper};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A minimal operation: `{method} /users/9900000/probe`, with an optional JSON body.
pub struct Probe {
    pub method: Method,
    pub body: Option<&'static str>,
}

impl Probe {
    pub fn get() -> Self {
        Probe {
            method: Method::GET,
            body: None,
        }
    }

    pub fn post(body: &'static str) -> Self {
        Probe {
            method: Method::POST,
            body: Some(body),
        }
    }
}

#[derive(Debug, PartialEq)]
pub enum ProbeResponse {
    Success(String),
    Failure(u16),
}

impl Operation for Probe {
    type Response = ProbeResponse;
    const ID: &'static str = "probe";
    const PATH_TEMPLATE: &'static str = "/users/{accountId}/probe";

    fn method(&self) -> Method {
        self.method.clone()
    }
    fn path(&self) -> String {
        "/users/9900000/probe".to_owned()
    }
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    fn headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, EncodeError> {
        Ok(Vec::new())
    }
    fn body(&self) -> Result<RequestBody, EncodeError> {
        Ok(match self.body {
            Some(json) => RequestBody::Json(json.as_bytes().to_vec()),
            None => RequestBody::Empty,
        })
    }
    fn decode(
        status: StatusCode,
        _headers: &HeaderMap,
        body: Bytes,
    ) -> Result<ProbeResponse, DecodeError> {
        if status.is_success() {
            Ok(ProbeResponse::Success(
                String::from_utf8_lossy(&body).into_owned(),
            ))
        } else {
            Ok(ProbeResponse::Failure(status.as_u16()))
        }
    }
}

/// A sleeper that records each delay and returns at once.
#[derive(Default, Clone)]
pub struct RecordingSleeper(pub Arc<Mutex<Vec<Duration>>>);

impl RecordingSleeper {
    pub fn delays(&self) -> Vec<Duration> {
        self.0.lock().map(|d| d.clone()).unwrap_or_default()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(
        &self,
        duration: Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        if let Ok(mut delays) = self.0.lock() {
            delays.push(duration);
        }
        Box::pin(std::future::ready(()))
    }
}

pub fn basic_client(server: &MockServer, sleeper: &RecordingSleeper) -> Client {
    Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("api-user", "api-password"))
        .base_url(server.uri())
        .sleeper(Arc::new(sleeper.clone()))
        .build()
        .expect("client builds")
}

pub fn oauth_client(server: &MockServer, sleeper: &RecordingSleeper) -> Client {
    Client::builder()
        .account_id("9900000")
        .credentials(
            OAuth2Credentials::new("client-id", "client-secret-value")
                .token_url(format!("{}/oauth2/token", server.uri())),
        )
        .base_url(server.uri())
        .sleeper(Arc::new(sleeper.clone()))
        .build()
        .expect("client builds")
}

/// A token endpoint handing out `token-1`, `token-2`, ... with the given lifetime.
pub struct TokenEndpoint {
    pub issued: Arc<AtomicUsize>,
    pub expires_in: u64,
}

impl Respond for TokenEndpoint {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": format!("token-{n}"),
            "token_type": "Bearer",
            "expires_in": self.expires_in,
        }))
    }
}

pub async fn mount_token_endpoint(server: &MockServer, expires_in: u64) -> Arc<AtomicUsize> {
    let issued = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        // Basic base64("client-id:client-secret-value")
        .and(header(
            "authorization",
            "Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQtdmFsdWU=",
        ))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(TokenEndpoint {
            issued: Arc::clone(&issued),
            expires_in,
        })
        .mount(server)
        .await;
    issued
}

/// A client for `server` with Basic credentials and no retries (status tests see each answer once).
pub fn client_without_retries(server: &MockServer) -> Client {
    Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("api-user", "api-password"))
        .base_url(server.uri())
        .retry_policy(bandwidth_messaging::client::RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// The 202 body of the facts sheet's send example (our own values).
pub fn accepted_message_json() -> serde_json::Value {
    serde_json::json!({
        "id": "1736178240000qrstuvwxyzabcdef",
        "owner": "+15550000002",
        "applicationId": "00000000-0000-4000-8000-000000000001",
        "time": "2025-01-06T15:44:00.000Z",
        "segmentCount": 1,
        "direction": "out",
        "to": ["+15550000001"],
        "from": "+15550000002",
        "text": "Hello world",
        "tag": "order-1234",
        "priority": "default"
    })
}
