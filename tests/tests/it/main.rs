//! The workspace's integration tests, one binary with a module per area (faster to build and link than one
//! binary per file). The trybuild UI tests stay in their own binary (`tests/tests/ui.rs`).
//!
//! Modules are named `<area>_<topic>`: `client_*` (the typed client over loopback), `codegen_*` (the generator),
//! `macros_*` (the proc macros), `sandbox_*` (the emulator end to end), `webhook_*` (events and the receiver).

mod client_support;
mod codegen_support;
mod sandbox_support;
mod webhook_support;

mod client_errors;
mod client_media;
mod client_messages;
mod client_sandbox;
mod client_tls;
mod client_tracing;
mod client_transport;
mod client_validation;
mod codegen_broken;
mod codegen_emit;
mod codegen_features;
mod codegen_ir;
mod codegen_upstream;
mod inspector_browser;
mod layout;
mod macros_behaviour;
mod macros_expand;
mod rules_bounded;
mod rules_props;
mod sandbox_api;
mod sandbox_client;
mod sandbox_delivery;
mod sandbox_hardening;
mod sandbox_lifecycle;
mod sandbox_list;
mod sandbox_media;
mod sandbox_privacy;
mod sandbox_reliability;
mod sandbox_restart;
mod sandbox_testkit;
mod sandbox_testkit_example;
mod sandbox_wire;
mod webhook_claims;
mod webhook_error_codes;
mod webhook_events;
mod webhook_helpers;
mod webhook_receiver;
mod webhook_redis;
mod webhook_replicas;

/// Runs the calling test (its path, e.g. `client_tracing::spans_...`) again in a child process of this binary
/// where it is the only test, and answers whether the caller is that child (so it runs the body). The parent
/// asserts that the child passed. For tests that need process-wide state nobody else touches, such as a
/// tracing subscriber whose callsite interest other tests would otherwise race to cache, or a first use of TLS.
pub fn in_own_process(test: &str) -> bool {
    const CHILD: &str = "BANDWIDTH_TESTS_OWN_PROCESS";
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let exe = std::env::current_exe().expect("test binary path");
    let output = std::process::Command::new(exe)
        .args([test, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{test} failed in its own process:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("1 passed"),
        "the child did not run {test}:\n{stdout}"
    );
    false
}
