//! [`ClientBuilder`]: everything a [`Client`] is configured with.

use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;

use super::credentials::Credentials;
use super::credentials::DEFAULT_TOKEN_URL;
use super::oauth::TokenCache;
use super::retry::{RetryPolicy, Sleeper, TokioSleeper};
use super::transport::{Auth, Client, Inner};

/// The production base URL of the Messaging API v2.
pub const DEFAULT_BASE_URL: &str = "https://messaging.bandwidth.com/api/v2";

/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] replaces it.
pub const DEFAULT_USER_AGENT: &str =
    concat!("bandwidth-messaging-rust/", env!("CARGO_PKG_VERSION"));

/// The default time limit of one attempt (connect, send, read the answer).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default time limit to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Configures and builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// use bandwidth_messaging::client::{Client, Credentials, RetryPolicy};
/// let client = Client::builder()
///     .account_id("9900000")
///     .credentials(Credentials::oauth2("client-id", "client-secret"))
///     .timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy::default().max_retries(3))
///     .build()?;
/// assert_eq!(client.base_url(), "https://messaging.bandwidth.com/api/v2");
/// # Ok::<(), bandwidth_messaging::client::BuildError>(())
/// ```
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    account_id: Option<String>,
    credentials: Option<Credentials>,
    base_url: String,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    validation: bool,
    sleeper: Option<Arc<dyn Sleeper>>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("account_id", &self.account_id)
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field(
                "http",
                &self.http.as_ref().map(|_| "custom reqwest::Client"),
            )
            .field("retry", &self.retry)
            .field("validation", &self.validation)
            .field("sleeper", &self.sleeper.as_ref().map(|_| "custom"))
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            account_id: None,
            credentials: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: None,
            http: None,
            retry: RetryPolicy::default(),
            validation: true,
            sleeper: None,
        }
    }
}

impl Client {
    /// A builder with the defaults: production base URL, 30 s per attempt, 10 s to connect, the default
    /// [`RetryPolicy`], validation on.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client with the defaults for `account_id` and `credentials`.
    ///
    /// ```
    /// use bandwidth_messaging::client::{Client, Credentials};
    /// let client = Client::new("9900000", Credentials::basic("user", "password"))?;
    /// assert_eq!(client.account_id(), "9900000");
    /// # Ok::<(), bandwidth_messaging::client::BuildError>(())
    /// ```
    pub fn new(
        account_id: impl Into<String>,
        credentials: impl Into<Credentials>,
    ) -> Result<Client, BuildError> {
        Client::builder()
            .account_id(account_id)
            .credentials(credentials)
            .build()
    }
}

impl ClientBuilder {
    /// The Bandwidth account id (required), e.g. `"9900000"`.
    pub fn account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// How to authenticate (required).
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.credentials = Some(credentials.into());
        self
    }

    /// The base URL (default [`DEFAULT_BASE_URL`]); point it at an emulator or a proxy. A trailing `/` is
    /// ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The time limit of one attempt, from sending to the last byte of the answer (default 30 s). For a
    /// streamed download it covers the whole body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Removes the per-attempt time limit.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// The time limit to establish a connection (default 10 s). Ignored with [`http_client`](Self::http_client),
    /// which brings its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends through an existing `reqwest::Client` (its pool, proxy and TLS settings) instead of building one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How failed attempts are retried (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether message requests are checked against Bandwidth's documented limits before they are sent (default
    /// `true`). With `false`, the server decides and answers `400` with field errors.
    pub fn validation(mut self, on: bool) -> Self {
        self.validation = on;
        self
    }

    /// How the client waits between attempts (default [`TokioSleeper`]).
    pub fn sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Self {
        self.sleeper = Some(sleeper);
        self
    }

    /// Builds the client.
    ///
    /// Without [`http_client`](Self::http_client) this builds a `reqwest::Client` with rustls; it installs the
    /// `ring` crypto provider as the process default when none is installed yet.
    pub fn build(self) -> Result<Client, BuildError> {
        let account_id = self
            .account_id
            .filter(|a| !a.trim().is_empty())
            .ok_or(BuildError::MissingAccountId)?;
        let credentials = self.credentials.ok_or(BuildError::MissingCredentials)?;
        let base_url = check_base_url(&self.base_url)?;
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent =
            HeaderValue::from_str(user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
        let auth = match &credentials {
            Credentials::Basic(basic) => {
                Auth::Basic(basic.header_value().ok_or(BuildError::InvalidCredentials)?)
            }
            Credentials::OAuth2(oauth) => {
                let mut oauth = oauth.clone();
                if !oauth.token_url_explicit && base_url != DEFAULT_BASE_URL {
                    oauth.token_url = token_url_beside(&base_url);
                }
                check_url(&oauth.token_url).map_err(|reason| BuildError::InvalidTokenUrl {
                    url: oauth.token_url.clone(),
                    reason,
                })?;
                Auth::OAuth2(TokenCache::new(&oauth).ok_or(BuildError::InvalidCredentials)?)
            }
        };
        let http = match self.http {
            Some(http) => http,
            None => super::tls::http_client_builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| BuildError::Http(e.without_url()))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                account_id,
                auth,
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
                sleeper: self.sleeper.unwrap_or_else(|| Arc::new(TokioSleeper)),
                validation: self.validation,
            }),
        })
    }
}

fn check_url(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| e.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "the scheme must be http or https, not `{}`",
            parsed.scheme()
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("it must not have a query or fragment".to_owned());
    }
    Ok(())
}

/// The token URL for a base URL other than Bandwidth's: [`DEFAULT_TOKEN_URL`]'s path on the base URL's origin
/// (scheme, host and port), where the sandbox serves its token endpoint.
fn token_url_beside(base_url: &str) -> String {
    let token_path = DEFAULT_TOKEN_URL
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|slash| &rest[slash..]))
        .unwrap_or("/");
    match reqwest::Url::parse(base_url) {
        Ok(base) => format!("{}{token_path}", base.origin().ascii_serialization()),
        // The base URL was checked before; keep the default if it still does not parse.
        Err(_) => DEFAULT_TOKEN_URL.to_owned(),
    }
}

fn check_base_url(url: &str) -> Result<String, BuildError> {
    check_url(url).map_err(|reason| BuildError::InvalidBaseUrl {
        url: url.to_owned(),
        reason,
    })?;
    Ok(url.trim_end_matches('/').to_owned())
}

/// A [`ClientBuilder`] could not build a client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No account id (or a blank one) was given.
    #[error("no account id: call `ClientBuilder::account_id`")]
    MissingAccountId,
    /// No credentials were given.
    #[error("no credentials: call `ClientBuilder::credentials`")]
    MissingCredentials,
    /// The base URL is not an absolute http(s) URL.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The OAuth2 token URL is not an absolute http(s) URL.
    #[error("invalid OAuth2 token URL `{url}`: {reason}")]
    InvalidTokenUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The user agent holds bytes not allowed in an HTTP header.
    #[error("the user agent holds bytes not allowed in an HTTP header")]
    InvalidUserAgent,
    /// A user name, password, client id or secret holds bytes not allowed in an HTTP header.
    #[error("the credentials hold bytes not allowed in an HTTP header")]
    InvalidCredentials,
    /// reqwest could not build its client (TLS setup).
    #[error("the HTTP client could not be built: {0}")]
    Http(#[source] reqwest::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_requires_account_and_credentials() {
        assert!(matches!(
            Client::builder().build(),
            Err(BuildError::MissingAccountId)
        ));
        assert!(matches!(
            Client::builder().account_id(" ").build(),
            Err(BuildError::MissingAccountId)
        ));
        assert!(matches!(
            Client::builder().account_id("1").build(),
            Err(BuildError::MissingCredentials)
        ));
    }

    #[test]
    fn the_token_url_follows_a_non_default_base_url_unless_set() {
        assert_eq!(
            super::token_url_beside("http://127.0.0.1:8080/api/v2"),
            "http://127.0.0.1:8080/api/v1/oauth2/token"
        );
        assert_eq!(
            super::token_url_beside("https://sandbox.example.test"),
            "https://sandbox.example.test/api/v1/oauth2/token"
        );
    }

    #[test]
    fn base_url_is_checked_and_trimmed() {
        let build = |url: &str| {
            Client::builder()
                .account_id("1")
                .credentials(Credentials::basic("u", "p"))
                .base_url(url)
                .build()
        };
        assert!(matches!(
            build("ftp://x"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            build("not a url"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        assert!(matches!(
            build("http://x/api?q=1"),
            Err(BuildError::InvalidBaseUrl { .. })
        ));
        let client = build("http://127.0.0.1:8080/api/v2/");
        assert_eq!(
            client.ok().map(|c| c.base_url().to_owned()).as_deref(),
            Some("http://127.0.0.1:8080/api/v2")
        );
    }

    #[test]
    fn debug_shows_no_secret() {
        let builder = Client::builder()
            .account_id("1")
            .credentials(Credentials::oauth2("id", "client-secret-value"))
            .build();
        let text = format!("{builder:?}");
        assert!(!text.contains("client-secret-value"), "{text}");
        assert!(text.contains("oauth2"));
    }
}
