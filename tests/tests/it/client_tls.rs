//! The crate's TLS set-up holds on a process's first use: building an HTTP client with
//! [`http_client_builder`] before any SDK `Client` exists must not panic for want of a rustls crypto provider.
//!
//! A test binary runs its tests in one process, so a provider installed by another test would hide the bug. The
//! test re-runs itself as a child process (only this test, with a marker variable), where nothing ran before.

use std::process::Command;

use bandwidth_messaging::client::http_client_builder;

const CHILD: &str = "BANDWIDTH_TLS_FIRST_USE_CHILD";

#[test]
fn http_client_builder_works_as_the_first_thing_a_process_does() {
    if std::env::var_os(CHILD).is_some() {
        assert!(
            rustls::crypto::CryptoProvider::get_default().is_none(),
            "the child process must start without a provider, or this test proves nothing"
        );
        let client = http_client_builder().build();
        assert!(client.is_ok(), "building failed: {client:?}");
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
        return;
    }
    let exe = std::env::current_exe().expect("test binary path");
    let output = Command::new(exe)
        .args([
            "--exact",
            "client_tls::http_client_builder_works_as_the_first_thing_a_process_does",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("1 passed"),
        "the child did not run the test:\n{stdout}"
    );
}
