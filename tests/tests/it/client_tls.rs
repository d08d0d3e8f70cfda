//! The crate's TLS set-up holds on a process's first use: building an HTTP client with
//! [`http_client_builder`] before any SDK `Client` exists must not panic for want of a rustls crypto provider.
//!
//! A test binary runs its tests in one process, so a provider installed by another test would hide the bug: the
//! test runs in a child process of its own ([`crate::in_own_process`]), where nothing ran before.

use bandwidth_messaging::client::http_client_builder;

#[test]
fn http_client_builder_works_as_the_first_thing_a_process_does() {
    if !crate::in_own_process(
        "client_tls::http_client_builder_works_as_the_first_thing_a_process_does",
    ) {
        return;
    }
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "the child process must start without a provider, or this test proves nothing"
    );
    let client = http_client_builder().build();
    assert!(client.is_ok(), "building failed: {client:?}");
    assert!(rustls::crypto::CryptoProvider::get_default().is_some());
}
