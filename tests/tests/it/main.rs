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
mod webhook_claims;
mod sandbox_wire;
mod webhook_error_codes;
mod webhook_events;
mod webhook_helpers;
mod webhook_receiver;
mod webhook_redis;
mod webhook_replicas;
