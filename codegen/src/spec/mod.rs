//! The spec model: an OpenAPI 3.0.x document (and 3.1 `webhooks`) read from YAML or JSON text.
//!
//! [`load`] turns text into an [`OpenApi`] value or every problem found in it. YAML is parsed by
//! serde-saphyr into a `serde_json::Value` (anchors, aliases and merge keys resolved; YAML 1.2 core
//! scalars, so an unquoted timestamp stays a string), then the `decode` module walks that tree into the model.

mod decode;
mod model;
mod reader;
mod resolve;

pub use model::*;
pub use resolve::RefError;

pub(crate) use decode::RefKind;

use crate::diag::{DiagnosticKind, Diagnostics, Pending, Sink};
use crate::pointer::Pointer;

/// Parses and decodes a spec. `file` names the spec in diagnostics; `text` is its YAML (or JSON) content.
///
/// ```
/// let spec = bandwidth_codegen::spec::load("api.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n")
///     .expect("a valid spec");
/// assert_eq!(spec.info.title, "T");
///
/// let err = bandwidth_codegen::spec::load("api.yaml", "openapi: 3.0.3\npaths: {}\n").unwrap_err();
/// assert_eq!(err.to_string(), "api.yaml:1:1: #/info: expected the required key `info` (the Info Object) in an OpenAPI document, found no such key");
/// ```
pub fn load(file: &str, text: &str) -> Result<OpenApi, Diagnostics> {
    let mut sink = Sink::default();
    let spec = load_into(&mut sink, text);
    if sink.is_empty() {
        spec.ok_or_else(Diagnostics::default)
    } else {
        Err(sink.finish(file, text))
    }
}

/// Parses and decodes into `sink`; `None` when the YAML itself could not be read.
pub(crate) fn load_into(sink: &mut Sink, text: &str) -> Option<OpenApi> {
    let value = match parse_yaml(text) {
        Ok(v) => v,
        Err(p) => {
            sink.push_at(p);
            return None;
        }
    };
    let mut decoder = decode::Decoder::new();
    let spec = decoder.document(&value);
    for site in std::mem::take(&mut decoder.refs) {
        if let Err(e) = spec.check_ref(&site.target, site.kind) {
            let (expected, found) = e.describe(site.kind);
            decoder
                .sink
                .push(DiagnosticKind::BadRef, &site.at, expected, found);
        }
    }
    sink.extend(decoder.sink);
    Some(spec)
}

/// Options for serde-saphyr: YAML 1.2 core scalars, nothing that could turn example text into other types.
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        null_as_string: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        with_snippet: false,
    }
}

fn parse_yaml(text: &str) -> Result<serde_json::Value, Pending> {
    serde_saphyr::from_str_with_options::<serde_json::Value>(text, yaml_options()).map_err(|e| {
        use serde_saphyr::MessageFormatter;
        let plain = e.without_snippet();
        let message = serde_saphyr::DefaultMessageFormatter
            .format_message(plain)
            .into_owned();
        let position = e
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| (l.line() as u32, l.column() as u32));
        Pending {
            kind: DiagnosticKind::Yaml,
            pointer: Pointer::root(),
            expected: "a valid YAML document".to_owned(),
            found: format!("a syntax error: {message}"),
            position: Some(position.unwrap_or((1, 1))),
        }
    })
}
