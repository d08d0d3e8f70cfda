//! The emulator's configuration: a TOML file (`--config PATH`) or values built in code.
//!
//! Every section is optional; an empty file gives the same emulator as no file at all (see
//! [`Config::default`]). Field names are `snake_case`. The full reference is `docs/sandbox.md`.
//!
//! ```
//! let config = bandwidth_sandbox::Config::from_toml_str(r#"
//!     [server]
//!     time_scale = 3600.0
//!
//!     [[accounts]]
//!     id = "9900000"
//!     users = [{ username = "alice", password = "s3cret" }]
//!
//!     [[applications]]
//!     id = "app-1"
//!     account_id = "9900000"
//!     outbound_callback_url = "http://127.0.0.1:8080/status"
//!     mms_receipts = true
//! "#).unwrap();
//! assert_eq!(config.server.time_scale, 3600.0);
//! assert_eq!(config.applications[0].id, "app-1");
//! ```

use std::collections::HashSet;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use bandwidth_messaging::generated::behaviour;
use serde::Deserialize;

/// Account id of the account present when no configuration names one.
pub const DEFAULT_ACCOUNT_ID: &str = "9900000";
/// Basic-auth user name of the default account.
pub const DEFAULT_USERNAME: &str = "sandbox";
/// Basic-auth password of the default account.
pub const DEFAULT_PASSWORD: &str = "sandbox";
/// OAuth2 client id of the default account.
pub const DEFAULT_CLIENT_ID: &str = "sandbox-client";
/// OAuth2 client secret of the default account.
pub const DEFAULT_CLIENT_SECRET: &str = "sandbox-secret";
/// Id of the application present when no configuration names one (it has no callback URLs).
pub const DEFAULT_APPLICATION_ID: &str = "00000000-0000-4000-8000-000000000001";
/// Address the binary listens on when neither `--listen` nor `[server] listen` is given.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9050";

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Listening address, public URL, time scale, data file.
    pub server: ServerConfig,
    /// Webhook delivery: retry ladder, window, timeout, concurrency.
    pub delivery: DeliveryConfig,
    /// Timing of the message lifecycle.
    pub lifecycle: LifecycleConfig,
    /// Limits that apply to every account (list rate limit, media page size).
    pub limits: LimitsConfig,
    /// OAuth2 token endpoint settings.
    pub oauth: OAuthConfig,
    /// Accounts and their credentials.
    pub accounts: Vec<AccountConfig>,
    /// Messaging applications (callback URLs and credentials).
    pub applications: Vec<ApplicationConfig>,
}

impl Default for Config {
    /// One account ([`DEFAULT_ACCOUNT_ID`], user `sandbox`/`sandbox`, OAuth2 client
    /// `sandbox-client`/`sandbox-secret`) and one application without callback URLs
    /// ([`DEFAULT_APPLICATION_ID`]).
    fn default() -> Self {
        Config {
            server: ServerConfig::default(),
            delivery: DeliveryConfig::default(),
            lifecycle: LifecycleConfig::default(),
            limits: LimitsConfig::default(),
            oauth: OAuthConfig::default(),
            accounts: vec![AccountConfig::default_account()],
            applications: vec![ApplicationConfig::new(
                DEFAULT_APPLICATION_ID,
                DEFAULT_ACCOUNT_ID,
            )],
        }
    }
}

/// `[server]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    pub listen: SocketAddr,
    /// Base URL used in links the emulator hands out (media URLs, `pageInfo.nextPage`); defaults to
    /// `http://<listen address>`.
    pub public_url: Option<String>,
    /// How much faster than the wall clock the emulator's durations pass (retry ladder, give-up window,
    /// media retention, queue drain, rate-limit windows, token lifetime). `3600` makes 24 h pass in 24 s.
    pub time_scale: f64,
    /// SQLite database file; `None` keeps everything in memory.
    pub data: Option<PathBuf>,
    /// Connection timeouts, the connection cap and the shutdown deadline.
    pub connections: ConnectionConfig,
    /// Bearer token the admin API demands (`Authorization: Bearer <token>`). Required when `listen` is
    /// not a loopback address: the admin API can replace users, point callbacks anywhere and read
    /// deliveries, so it is never exposed without one.
    pub admin_token: Option<crate::admin_token::AdminToken>,
}

/// `[server.connections]`: how long a client may take and how many may be connected at once.
///
/// All durations are wall-clock milliseconds (not scaled by `time_scale`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectionConfig {
    /// Time from the first byte of a request to the end of its headers; then the connection is closed.
    pub header_timeout_ms: u64,
    /// Time from the end of the headers to the end of the body; then `408` and the connection is closed.
    pub body_timeout_ms: u64,
    /// Time a keep-alive connection may stay silent between requests; then it is closed.
    pub idle_timeout_ms: u64,
    /// Connections served at once; one more is answered `503` and closed.
    pub max_connections: usize,
    /// Time graceful shutdown waits for requests in progress; then their connections are dropped
    /// (webhooks not yet delivered stay in the outbox).
    pub shutdown_grace_ms: u64,
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        ConnectionConfig {
            header_timeout_ms: 10_000,
            body_timeout_ms: 30_000,
            idle_timeout_ms: 60_000,
            max_connections: 1024,
            shutdown_grace_ms: 10_000,
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 9050)),
            public_url: None,
            time_scale: 1.0,
            data: None,
            connections: ConnectionConfig::default(),
            admin_token: None,
        }
    }
}

/// `[delivery]`: how webhooks are delivered.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeliveryConfig {
    /// Offsets in emulated seconds, counted from the failure of the first attempt, at which retries
    /// happen. Each retry is clamped to the end of the window.
    pub retry_schedule_seconds: Vec<u64>,
    /// Emulated seconds after the first attempt during which an event is retried; then it is given up.
    pub retry_window_seconds: u64,
    /// Wall-clock milliseconds the emulator waits for each HTTP answer (not scaled).
    pub timeout_ms: u64,
    /// Attempts in flight at once.
    pub concurrency: usize,
    /// Our option, not Bandwidth's (off by default): give an event up after its first `401` that
    /// carries no `WWW-Authenticate: Basic` challenge, instead of retrying it along the ladder as
    /// Bandwidth documents for any status above 3xx.
    pub give_up_on_unchallenged_401: bool,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig {
            retry_schedule_seconds: behaviour::webhook_delivery::RETRY_SCHEDULE_SECONDS.to_vec(),
            retry_window_seconds: behaviour::webhook_delivery::RETRY_WINDOW_SECONDS,
            timeout_ms: behaviour::webhook_delivery::TIMEOUT_SECONDS * 1000,
            concurrency: 128,
            give_up_on_unchallenged_401: false,
        }
    }
}

/// `[lifecycle]`: when the status events of an accepted message happen.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LifecycleConfig {
    /// Emulated milliseconds between leaving the account queue and the terminal event
    /// (`message-delivered` / `message-failed`). `message-sending` happens when the message leaves the queue.
    pub terminal_delay_ms: u64,
}

/// `[limits]`: limits shared by all accounts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// listMessages requests allowed per source IP and window (`0` disables the limit).
    pub list_requests_per_window: u32,
    /// Length of the listMessages rate window in emulated seconds.
    pub list_window_seconds: u64,
    /// Items per listMedia page.
    pub list_media_page_size: usize,
    /// Largest accepted media upload in bytes.
    pub max_media_bytes: u64,
    /// Emulated hours an uploaded media file is kept.
    pub media_retention_hours: u64,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            list_requests_per_window: 3500,
            list_window_seconds: 300,
            list_media_page_size: behaviour::limits::LIST_MEDIA_PAGE_SIZE,
            max_media_bytes: behaviour::limits::MAX_MEDIA_BYTES,
            media_retention_hours: behaviour::limits::MEDIA_RETENTION_HOURS,
        }
    }
}

/// `[oauth]`: the emulated OAuth2 client-credentials token endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OAuthConfig {
    /// Lifetime of an access token in emulated seconds; `expires_in` answers its wall-clock length (this
    /// divided by the time scale, whole seconds, at least 1), which is when the token really expires.
    pub token_lifetime_seconds: u64,
}

impl Default for OAuthConfig {
    fn default() -> Self {
        OAuthConfig {
            token_lifetime_seconds: 3600,
        }
    }
}

/// `[[accounts]]`: one Bandwidth account.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// The account id used in `/users/{accountId}/...`.
    pub id: String,
    /// API users allowed to call the account with HTTP Basic.
    #[serde(default)]
    pub users: Vec<Credentials>,
    /// OAuth2 clients (client credentials grant) whose tokens may call the account.
    #[serde(default)]
    pub oauth_clients: Vec<OAuthClient>,
    /// Send rate in segments per emulated second (`0` = unlimited).
    #[serde(default)]
    pub send_rate_per_second: f64,
    /// Capacity of the account's send queue in segments; a message that does not fit is answered
    /// `429 max-message-queue-size-exceeded`. Only used with a send rate.
    #[serde(default = "default_queue_segments")]
    pub queue_segments: u64,
}

fn default_queue_segments() -> u64 {
    900
}

impl AccountConfig {
    /// An account with no credentials and no rate limit.
    pub fn new(id: impl Into<String>) -> Self {
        AccountConfig {
            id: id.into(),
            users: Vec::new(),
            oauth_clients: Vec::new(),
            send_rate_per_second: 0.0,
            queue_segments: default_queue_segments(),
        }
    }

    /// Adds an HTTP Basic API user.
    pub fn with_user(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.users.push(Credentials::new(username, password));
        self
    }

    /// Adds an OAuth2 client.
    pub fn with_oauth_client(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.oauth_clients.push(OAuthClient {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        });
        self
    }

    /// The account present when no configuration names one.
    pub fn default_account() -> Self {
        AccountConfig::new(DEFAULT_ACCOUNT_ID)
            .with_user(DEFAULT_USERNAME, DEFAULT_PASSWORD)
            .with_oauth_client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
    }
}

impl fmt::Debug for AccountConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountConfig")
            .field("id", &self.id)
            .field("users", &self.users)
            .field("oauth_clients", &self.oauth_clients)
            .field("send_rate_per_second", &self.send_rate_per_second)
            .field("queue_segments", &self.queue_segments)
            .finish()
    }
}

/// A user name and password (API user, or callback credentials). `Debug` hides the password.
#[derive(Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// User name.
    pub username: String,
    /// Password.
    pub password: String,
}

impl Credentials {
    /// Builds credentials.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            username: username.into(),
            password: password.into(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .finish()
    }
}

/// An OAuth2 client of an account. `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthClient {
    /// `client_id`.
    pub client_id: String,
    /// `client_secret`.
    pub client_secret: String,
}

impl fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

/// `[[applications]]`: one messaging application.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationConfig {
    /// The `applicationId` used in send requests.
    pub id: String,
    /// The account the application belongs to.
    pub account_id: String,
    /// Where status events (`message-sending`, `message-delivered`, `message-failed`) go.
    #[serde(default)]
    pub outbound_callback_url: Option<String>,
    /// Credentials for the status callback's Basic challenge.
    #[serde(default)]
    pub outbound_callback_credentials: Option<Credentials>,
    /// Where `message-received` events go.
    #[serde(default)]
    pub inbound_callback_url: Option<String>,
    /// Credentials for the inbound callback's Basic challenge.
    #[serde(default)]
    pub inbound_callback_credentials: Option<Credentials>,
    /// Send `message-sending` before the terminal event of an MMS (Bandwidth's MMS delivery receipts).
    #[serde(default)]
    pub mms_receipts: bool,
}

impl ApplicationConfig {
    /// An application without callback URLs.
    pub fn new(id: impl Into<String>, account_id: impl Into<String>) -> Self {
        ApplicationConfig {
            id: id.into(),
            account_id: account_id.into(),
            outbound_callback_url: None,
            outbound_callback_credentials: None,
            inbound_callback_url: None,
            inbound_callback_credentials: None,
            mms_receipts: false,
        }
    }

    /// Sends status events (`message-sending`, `message-delivered`, `message-failed`) to `url`.
    ///
    /// ```
    /// use bandwidth_sandbox::ApplicationConfig;
    ///
    /// let application = ApplicationConfig::new("my-app", "9900000")
    ///     .status_callback("http://127.0.0.1:8080/bandwidth/status")
    ///     .status_callback_credentials("bandwidth", "callback-password")
    ///     .inbound_callback("http://127.0.0.1:8080/bandwidth/inbound")
    ///     .mms_receipts(true);
    /// assert_eq!(application.outbound_callback_url.as_deref(), Some("http://127.0.0.1:8080/bandwidth/status"));
    /// ```
    pub fn status_callback(mut self, url: impl Into<String>) -> Self {
        self.outbound_callback_url = Some(url.into());
        self
    }

    /// Answers the status callback's Basic challenge with these credentials.
    pub fn status_callback_credentials(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.outbound_callback_credentials = Some(Credentials::new(username, password));
        self
    }

    /// Sends `message-received` events to `url`.
    pub fn inbound_callback(mut self, url: impl Into<String>) -> Self {
        self.inbound_callback_url = Some(url.into());
        self
    }

    /// Answers the inbound callback's Basic challenge with these credentials.
    pub fn inbound_callback_credentials(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.inbound_callback_credentials = Some(Credentials::new(username, password));
        self
    }

    /// Sends both status and inbound events to `url` (one receiver for everything).
    pub fn callbacks(self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.status_callback(url.clone()).inbound_callback(url)
    }

    /// Sends `message-sending` before the terminal event of an MMS (Bandwidth's MMS delivery receipts).
    pub fn mms_receipts(mut self, on: bool) -> Self {
        self.mms_receipts = on;
        self
    }
}

/// A configuration that could not be read or is inconsistent.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The TOML is malformed or has unknown / ill-typed keys.
    #[error("invalid config{}: {message}", path.as_ref().map(|p| format!(" file {}", p.display())).unwrap_or_default())]
    Parse {
        /// The file, when read from one.
        path: Option<PathBuf>,
        /// The parser's message (with line and column).
        message: String,
    },
    /// A value is out of range or two entries conflict.
    #[error("invalid config: {0}")]
    Invalid(String),
}

impl Config {
    /// Parses a TOML document and checks it ([`Config::validate`]).
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|error| ConfigError::Parse {
            path: None,
            message: error.to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Reads and parses a TOML file.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::from_toml_str(&text).map_err(|error| match error {
            ConfigError::Parse { message, .. } => ConfigError::Parse {
                path: Some(path.to_owned()),
                message,
            },
            other => other,
        })
    }

    /// Checks ranges and cross references: a positive finite time scale, a non-empty increasing retry
    /// ladder, unique account and application ids, applications that name a configured account, and
    /// callback URLs that are absolute `http`/`https` URLs.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let scale = self.server.time_scale;
        if !(scale.is_finite() && scale > 0.0) {
            return Err(ConfigError::Invalid(format!(
                "server.time_scale must be a positive number, got {scale}"
            )));
        }
        match &self.server.admin_token {
            Some(token) if token.is_empty() => {
                return Err(ConfigError::Invalid(
                    "server.admin_token must not be empty".to_owned(),
                ));
            }
            None if !self.server.listen.ip().is_loopback() => {
                return Err(ConfigError::Invalid(format!(
                    "refusing to listen on {}: it is not a loopback address and no admin token is set, so \
                     anyone who reaches it could use the unauthenticated admin API (replace users, point \
                     callbacks at any host, read deliveries). Pass --admin-token TOKEN (or [server] \
                     admin_token) to require `Authorization: Bearer TOKEN` on /admin, or listen on 127.0.0.1",
                    self.server.listen
                )));
            }
            _ => {}
        }
        let connections = &self.server.connections;
        for (name, value) in [
            ("header_timeout_ms", connections.header_timeout_ms),
            ("body_timeout_ms", connections.body_timeout_ms),
            ("idle_timeout_ms", connections.idle_timeout_ms),
            ("max_connections", connections.max_connections as u64),
        ] {
            if value == 0 {
                return Err(ConfigError::Invalid(format!(
                    "server.connections.{name} must be at least 1"
                )));
            }
        }
        let ladder = &self.delivery.retry_schedule_seconds;
        if ladder.windows(2).any(|pair| pair[0] > pair[1]) {
            return Err(ConfigError::Invalid(format!(
                "delivery.retry_schedule_seconds must not decrease, got {ladder:?}"
            )));
        }
        if self.delivery.concurrency == 0 {
            return Err(ConfigError::Invalid(
                "delivery.concurrency must be at least 1".to_owned(),
            ));
        }
        if self.delivery.timeout_ms == 0 {
            return Err(ConfigError::Invalid(
                "delivery.timeout_ms must be at least 1".to_owned(),
            ));
        }
        if self.limits.list_media_page_size == 0 {
            return Err(ConfigError::Invalid(
                "limits.list_media_page_size must be at least 1".to_owned(),
            ));
        }
        let mut accounts = HashSet::new();
        for account in &self.accounts {
            if account.id.is_empty() || account.id.contains('/') {
                return Err(ConfigError::Invalid(format!(
                    "account id {:?} must be non-empty and contain no '/'",
                    account.id
                )));
            }
            if !accounts.insert(account.id.as_str()) {
                return Err(ConfigError::Invalid(format!(
                    "account {:?} is configured twice",
                    account.id
                )));
            }
            if !(account.send_rate_per_second.is_finite() && account.send_rate_per_second >= 0.0) {
                return Err(ConfigError::Invalid(format!(
                    "account {:?}: send_rate_per_second must be 0 or positive",
                    account.id
                )));
            }
        }
        let mut applications = HashSet::new();
        for application in &self.applications {
            if !applications.insert(application.id.as_str()) {
                return Err(ConfigError::Invalid(format!(
                    "application {:?} is configured twice",
                    application.id
                )));
            }
            if !accounts.contains(application.account_id.as_str()) {
                return Err(ConfigError::Invalid(format!(
                    "application {:?} names account {:?}, which is not configured",
                    application.id, application.account_id
                )));
            }
            for (key, url) in [
                ("outbound_callback_url", &application.outbound_callback_url),
                ("inbound_callback_url", &application.inbound_callback_url),
            ] {
                if let Some(url) = url {
                    check_callback_url(url).map_err(|reason| {
                        ConfigError::Invalid(format!(
                            "application {:?}: {key}: {reason}",
                            application.id
                        ))
                    })?;
                }
            }
        }
        Ok(())
    }

    /// The base URL links are built from (`public_url`, else `http://<listen>`), without a trailing `/`.
    pub fn public_base(&self, bound: SocketAddr) -> String {
        match &self.server.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{bound}"),
        }
    }
}

/// Checks that a callback URL is an absolute `http` or `https` URL; the error says why not.
pub fn check_callback_url(url: &str) -> Result<(), String> {
    match reqwest::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => {
            Ok(())
        }
        Ok(parsed) => Err(format!(
            "{url:?} must be an http or https URL with a host (scheme {:?})",
            parsed.scheme()
        )),
        Err(error) => Err(format!("{url:?} is not a URL: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_document_is_the_default() {
        assert_eq!(Config::from_toml_str("").unwrap(), Config::default());
    }

    #[test]
    fn unknown_key_is_rejected_with_its_name() {
        let error = Config::from_toml_str("[server]\nlisten_on = \"127.0.0.1:1\"").unwrap_err();
        assert!(error.to_string().contains("listen_on"), "{error}");
    }

    #[test]
    fn application_must_name_a_known_account() {
        let error = Config::from_toml_str(
            "accounts = []\n[[applications]]\nid = \"a\"\naccount_id = \"1\"\n",
        )
        .unwrap_err();
        assert!(error.to_string().contains("not configured"), "{error}");
    }

    #[test]
    fn non_positive_time_scale_is_rejected() {
        let error = Config::from_toml_str("[server]\ntime_scale = 0.0").unwrap_err();
        assert!(error.to_string().contains("time_scale"), "{error}");
    }

    #[test]
    fn callback_url_must_be_http() {
        let error = Config::from_toml_str(
            "[[applications]]\nid = \"a\"\naccount_id = \"9900000\"\noutbound_callback_url = \"ftp://x\"\n",
        )
        .unwrap_err();
        assert!(error.to_string().contains("ftp://x"), "{error}");
    }

    #[test]
    fn debug_hides_passwords() {
        let account = AccountConfig::new("1")
            .with_user("u", "hunter2")
            .with_oauth_client("c", "sekrit");
        let text = format!("{account:?}");
        assert!(
            !text.contains("hunter2") && !text.contains("sekrit"),
            "{text}"
        );
    }
}
