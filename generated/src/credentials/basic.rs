//! [`BasicCredentials`]: HTTP Basic user name and password, the one type the client (API user, OAuth2 client
//! authentication), the webhook receiver and sender (Bandwidth's `InboundCallbackCreds` / `OutboundCallbackCreds`)
//! and the sandbox use to encode an `Authorization` header and to check one.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use subtle::ConstantTimeEq as _;

use super::Secret;

/// A user name and password for HTTP Basic authentication. `Debug` hides the password.
///
/// ```
/// use bandwidth_messaging::credentials::BasicCredentials;
///
/// let creds = BasicCredentials::new("bw", "s3cret");
/// assert_eq!(creds.authorization(), "Basic Ync6czNjcmV0");
/// assert!(creds.matches_header(b"Basic Ync6czNjcmV0"));
/// assert!(!format!("{creds:?}").contains("s3cret"));
/// ```
#[derive(Clone)]
pub struct BasicCredentials {
    username: String,
    password: Secret,
}

impl BasicCredentials {
    /// Credentials from a user name and a password.
    pub fn new(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The user name.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The password (a [`Secret`]: `Debug` shows `[redacted]`).
    pub fn password(&self) -> &Secret {
        &self.password
    }

    /// The `Authorization` header value: `Basic base64(username:password)`.
    pub fn authorization(&self) -> String {
        format!(
            "Basic {}",
            STANDARD.encode(format!("{}:{}", self.username, self.password.expose()))
        )
    }

    /// The `Authorization` header value as an `http` header, marked sensitive (kept out of HTTP/2 header
    /// compression tables and `Debug`); `None` when the name or password holds bytes a header cannot carry.
    pub fn header_value(&self) -> Option<http::HeaderValue> {
        let mut value = http::HeaderValue::from_str(&self.authorization()).ok()?;
        value.set_sensitive(true);
        Some(value)
    }

    /// Reads the credentials an `Authorization: Basic ...` header carries; `None` for another scheme, bad
    /// base64, or no `:` in the decoded pair. The scheme name is matched case-insensitively. The password may
    /// contain `:` (only the first one separates).
    pub fn from_header(header: &[u8]) -> Option<Self> {
        let (user, pass) = decode_pair(header)?;
        Some(Self::new(
            String::from_utf8(user.to_vec()).ok()?,
            String::from_utf8(pass.to_vec()).ok()?,
        ))
    }

    /// `true` when `header` (an `Authorization` value) carries these credentials. The scheme name is matched
    /// case-insensitively; user name and password are compared in constant time.
    pub fn matches_header(&self, header: &[u8]) -> bool {
        let Some((user, pass)) = decode_pair(header) else {
            return false;
        };
        self.matches(&user, &pass)
    }

    /// `true` when `username` and `password` are these credentials, compared in constant time (the time does
    /// not tell how much of either matched).
    pub fn matches(&self, username: &[u8], password: &[u8]) -> bool {
        let user_ok = username.ct_eq(self.username.as_bytes());
        let pass_ok = password.ct_eq(self.password.expose().as_bytes());
        bool::from(user_ok & pass_ok)
    }
}

/// Decodes `Basic base64(user:pass)` into the two byte strings.
fn decode_pair(header: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let header = header.trim_ascii();
    let space = header.iter().position(|&b| b == b' ')?;
    let (scheme, encoded) = (&header[..space], header[space..].trim_ascii());
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return None;
    }
    let mut decoded = STANDARD.decode(encoded).ok()?;
    let colon = decoded.iter().position(|&b| b == b':')?;
    let pass = decoded.split_off(colon + 1);
    decoded.truncate(colon);
    Some((decoded, pass))
}

impl PartialEq for BasicCredentials {
    fn eq(&self, other: &Self) -> bool {
        self.matches(
            other.username.as_bytes(),
            other.password.expose().as_bytes(),
        )
    }
}

impl Eq for BasicCredentials {}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_matching() {
        let creds = BasicCredentials::new("bw", "pa:ss");
        assert!(creds.matches_header(creds.authorization().as_bytes()));
        assert!(
            creds.matches_header(format!("basic   {}", STANDARD.encode("bw:pa:ss")).as_bytes())
        );
        assert!(!creds.matches_header(format!("Basic {}", STANDARD.encode("bw:pa:sx")).as_bytes()));
        assert!(!creds.matches_header(format!("Basic {}", STANDARD.encode("bx:pa:ss")).as_bytes()));
        assert!(
            !creds.matches_header(format!("Bearer {}", STANDARD.encode("bw:pa:ss")).as_bytes())
        );
        assert!(!creds.matches_header(b"Basic !!!not-base64"));
        assert!(!creds.matches_header(format!("Basic {}", STANDARD.encode("no-colon")).as_bytes()));
        assert!(!creds.matches_header(b"Basic"));
        assert!(!creds.matches_header(b""));
    }

    #[test]
    fn reading_a_header_back() {
        let read = BasicCredentials::from_header(b"Basic dXNlcjpwYTpzcw==").expect("parsed");
        assert_eq!(read.username(), "user");
        assert_eq!(read.password().expose(), "pa:ss");
        assert!(BasicCredentials::from_header(b"Bearer abc").is_none());
        let value = read.header_value().expect("header");
        assert!(value.is_sensitive());
        assert_eq!(value, "Basic dXNlcjpwYTpzcw==");
    }

    #[test]
    fn debug_redacts_with_the_one_spelling() {
        let shown = format!("{:?}", BasicCredentials::new("u", "hunter2"));
        assert_eq!(
            shown,
            r#"BasicCredentials { username: "u", password: [redacted] }"#
        );
    }
}
