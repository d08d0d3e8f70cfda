//! TLS: rustls with the `ring` crypto provider, no OpenSSL.
//!
//! reqwest is built with `rustls-no-provider`, so a rustls `CryptoProvider` must be installed before a
//! `reqwest::Client` is built. [`ensure_crypto_provider`] installs `ring` as the process default when no provider
//! is installed yet, and leaves an existing choice (the application's own, e.g. `aws-lc-rs`) alone.

/// Makes sure a process-wide rustls crypto provider exists, installing `ring` when there is none.
///
/// Safe to call any number of times and from several threads: when two threads race, one install wins and the
/// other's failure is ignored, since a provider is then installed either way.
pub fn ensure_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // `Err` means another thread (or the application) installed one first: that is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// A `reqwest::ClientBuilder` with the crate's TLS set up (see [`ensure_crypto_provider`]), for an HTTP client of
/// your own to pass to [`ClientBuilder::http_client`](super::ClientBuilder::http_client).
///
/// The crate does not re-export `reqwest`: with the `rustls-no-provider` build it uses, `reqwest::Client::new()`
/// panics unless a rustls crypto provider was installed first, and a re-export would hand that trap to every user.
/// Start from this builder instead (or call [`ensure_crypto_provider`] before building a client of your own):
///
/// ```
/// use std::time::Duration;
/// use bandwidth_messaging::client::{Client, Credentials, http_client_builder};
///
/// let http = http_client_builder().pool_idle_timeout(Duration::from_secs(30)).build()?;
/// let client = Client::builder()
///     .account_id("9900000")
///     .credentials(Credentials::basic("user", "pass"))
///     .http_client(http)
///     .build()?;
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn http_client_builder() -> reqwest::ClientBuilder {
    ensure_crypto_provider();
    reqwest::Client::builder()
}

#[cfg(test)]
mod tests {
    #[test]
    fn installing_twice_is_harmless() {
        super::ensure_crypto_provider();
        super::ensure_crypto_provider();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
