//! How the client authenticates: HTTP Basic (API user) or OAuth2 client credentials.

use std::time::Duration;

use crate::credentials::{BasicCredentials, Secret};

/// The default OAuth2 token endpoint of Bandwidth.
pub const DEFAULT_TOKEN_URL: &str = "https://api.bandwidth.com/api/v1/oauth2/token";

/// How long before its expiry a cached OAuth2 token is replaced by default.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// Credentials for the Messaging API.
///
/// Bandwidth accepts HTTP Basic with an API user, or a bearer token from its OAuth2 client-credentials endpoint
/// (API users are deprecated in favour of OAuth2). `Debug` never prints a password or secret.
///
/// ```
/// use bandwidth_messaging::client::{Credentials, OAuth2Credentials};
/// let basic = Credentials::basic("api-user", "hunter2");
/// let oauth = Credentials::oauth2("client-id", "s3cr3t");
/// // Point the token request somewhere else (an emulator, a proxy):
/// let custom = Credentials::from(
///     OAuth2Credentials::new("client-id", "s3cr3t").token_url("http://127.0.0.1:9000/token"),
/// );
/// let shown = format!("{basic:?} {oauth:?} {custom:?}");
/// assert!(!shown.contains("hunter2") && !shown.contains("s3cr3t"));
/// ```
#[derive(Clone, Debug)]
pub enum Credentials {
    /// HTTP Basic with an API user's name and password.
    Basic(BasicCredentials),
    /// OAuth2 client credentials; the client fetches, caches and refreshes the bearer token.
    OAuth2(OAuth2Credentials),
}

impl Credentials {
    /// HTTP Basic credentials of an API user.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Credentials::Basic(BasicCredentials::new(username, password))
    }

    /// OAuth2 client credentials with the default token URL ([`DEFAULT_TOKEN_URL`]).
    pub fn oauth2(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Credentials::OAuth2(OAuth2Credentials::new(client_id, client_secret))
    }

    /// A short name of the scheme for logs and `Debug` (`"basic"` or `"oauth2"`).
    pub fn scheme(&self) -> &'static str {
        match self {
            Credentials::Basic(_) => "basic",
            Credentials::OAuth2(_) => "oauth2",
        }
    }
}

/// OAuth2 client credentials (grant type `client_credentials`).
///
/// The client POSTs `grant_type=client_credentials` to the token URL with HTTP Basic `client_id:client_secret`,
/// caches the `access_token` and replaces it [`refresh_margin`](Self::refresh_margin) before `expires_in` runs
/// out. Concurrent requests share a single token request.
#[derive(Clone)]
pub struct OAuth2Credentials {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) token_url: String,
    /// Whether [`token_url`](OAuth2Credentials::token_url) was called; if not, the token URL follows a
    /// non-default base URL (see [`ClientBuilder::base_url`](super::ClientBuilder::base_url)).
    pub(crate) token_url_explicit: bool,
    pub(crate) refresh_margin: Duration,
}

impl OAuth2Credentials {
    /// Client credentials with the default token URL and a 60 s refresh margin.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        OAuth2Credentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            token_url: DEFAULT_TOKEN_URL.to_owned(),
            token_url_explicit: false,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// Replaces the token endpoint. Without it the client uses [`DEFAULT_TOKEN_URL`] with Bandwidth's base URL,
    /// and the same path on the base URL's origin when the base URL is another one (the sandbox serves both), so
    /// one setting points the client at an emulator.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self.token_url_explicit = true;
        self
    }

    /// How long before expiry a cached token is replaced (default 60 s). For tokens that live shorter than
    /// twice the margin, half their lifetime is used instead, so a fresh token is always usable for a while.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The token endpoint as configured ([`DEFAULT_TOKEN_URL`] unless [`token_url`](Self::token_url) was called;
    /// the client may derive another one from its base URL, see [`token_url`](Self::token_url)).
    pub fn token_endpoint(&self) -> &str {
        &self.token_url
    }
}

impl std::fmt::Debug for OAuth2Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth2Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_url", &self.token_url)
            .field("refresh_margin", &self.refresh_margin)
            .finish()
    }
}

impl From<BasicCredentials> for Credentials {
    fn from(value: BasicCredentials) -> Self {
        Credentials::Basic(value)
    }
}

impl From<OAuth2Credentials> for Credentials {
    fn from(value: OAuth2Credentials) -> Self {
        Credentials::OAuth2(value)
    }
}
