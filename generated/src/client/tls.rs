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

#[cfg(test)]
mod tests {
    #[test]
    fn installing_twice_is_harmless() {
        super::ensure_crypto_provider();
        super::ensure_crypto_provider();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
