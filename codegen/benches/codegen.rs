//! `generate()` timings: our spec, and Bandwidth's published `bandwidth.yml` filtered to Messages + Media.
//!
//! Run with `cargo bench -p bandwidth-codegen --bench codegen`. `upstream/bandwidth.yml` comes from
//! `cargo xtask fetch-upstream`; without it the upstream benchmarks say so and measure nothing.

use std::path::PathBuf;

use bandwidth_codegen::{GenerateSettings, generate, lower_spec, spec};
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

fn read(relative: &str) -> Option<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    match std::fs::read_to_string(root.join(relative)) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!(
                "skipped: cannot read {relative} ({e}); for upstream/bandwidth.yml run `cargo xtask fetch-upstream`"
            );
            None
        }
    }
}

fn upstream_settings() -> GenerateSettings {
    GenerateSettings::new()
        .spec_name("upstream/bandwidth.yml")
        .tags(["Messages", "Media"])
}

/// Load, lower and emit `spec/messaging.yaml` (what `cargo xtask codegen` does before rustfmt).
#[divan::bench]
fn generate_messaging_yaml(bencher: Bencher) {
    let Some(text) = read("spec/messaging.yaml") else {
        return;
    };
    let settings = GenerateSettings::new();
    bencher.bench(|| {
        generate(black_box(&text), &settings)
            .map(|files| files.len())
            .unwrap_or(0)
    });
}

/// Load, lower and emit `bandwidth.yml` with `--tags Messages,Media`.
#[divan::bench]
fn generate_bandwidth_yml_messages_media(bencher: Bencher) {
    let Some(text) = read("upstream/bandwidth.yml") else {
        return;
    };
    let settings = upstream_settings();
    bencher.bench(|| {
        generate(black_box(&text), &settings)
            .map(|files| files.len())
            .unwrap_or(0)
    });
}

/// Only parsing and decoding the whole 10,000-line `bandwidth.yml` (most of the time above).
#[divan::bench]
fn load_bandwidth_yml(bencher: Bencher) {
    let Some(text) = read("upstream/bandwidth.yml") else {
        return;
    };
    bencher.bench(|| {
        spec::load("upstream/bandwidth.yml", black_box(&text))
            .map(|s| s.paths.len())
            .unwrap_or(0)
    });
}

/// Load and lower (no emission) `bandwidth.yml` with `--tags Messages,Media`.
#[divan::bench]
fn lower_bandwidth_yml_messages_media(bencher: Bencher) {
    let Some(text) = read("upstream/bandwidth.yml") else {
        return;
    };
    let settings = upstream_settings();
    bencher.bench(|| {
        lower_spec(black_box(&text), &settings)
            .map(|api| api.models.len())
            .unwrap_or(0)
    });
}
