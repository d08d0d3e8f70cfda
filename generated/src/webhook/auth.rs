//! HTTP Basic credentials of a callback URL (Bandwidth's `InboundCallbackCreds` / `OutboundCallbackCreds`).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// A user name and password for HTTP Basic authentication of webhook deliveries. `Debug` hides the password.
///
/// ```
/// use bandwidth_messaging::webhook::BasicCredentials;
///
/// let creds = BasicCredentials::new("bw", "s3cret");
/// assert_eq!(creds.authorization(), "Basic Ync6czNjcmV0");
/// assert!(!format!("{creds:?}").contains("s3cret"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    username: String,
    password: String,
}

impl BasicCredentials {
    /// Credentials from a user name and a password.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The user name.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The password.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// The `Authorization` header value: `Basic base64(username:password)`.
    pub fn authorization(&self) -> String {
        format!(
            "Basic {}",
            STANDARD.encode(format!("{}:{}", self.username, self.password))
        )
    }

    /// `true` when `header` (an `Authorization` value) carries these credentials. The scheme name is matched
    /// case-insensitively; user name and password are compared in constant time.
    #[cfg(feature = "webhooks")]
    pub fn matches_header(&self, header: &[u8]) -> bool {
        use subtle::ConstantTimeEq as _;
        let Some((scheme, encoded)) = split_scheme(header) else {
            return false;
        };
        if !scheme.eq_ignore_ascii_case(b"basic") {
            return false;
        }
        let Ok(decoded) = STANDARD.decode(encoded) else {
            return false;
        };
        let Some(colon) = decoded.iter().position(|&b| b == b':') else {
            return false;
        };
        let (user, pass) = (&decoded[..colon], &decoded[colon + 1..]);
        let user_ok = user.ct_eq(self.username.as_bytes());
        let pass_ok = pass.ct_eq(self.password.as_bytes());
        bool::from(user_ok & pass_ok)
    }
}

/// Splits `Scheme token` at the first run of spaces.
#[cfg(feature = "webhooks")]
fn split_scheme(header: &[u8]) -> Option<(&[u8], &[u8])> {
    let header = header.trim_ascii();
    let space = header.iter().position(|&b| b == b' ')?;
    Some((&header[..space], header[space..].trim_ascii()))
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[cfg(all(test, feature = "webhooks"))]
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
}
