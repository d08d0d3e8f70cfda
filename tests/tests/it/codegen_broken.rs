//! Broken specs (`tests/fixtures/broken_specs/`): every problem is reported, each with file, JSON pointer,
//! line:column and what was expected versus found. The Display of all of them is snapshotted.

use bandwidth_codegen::{Diagnostic, DiagnosticKind, Diagnostics, GenerateSettings, generate};
use bandwidth_tests::upstream::workspace_root;

fn diagnose(name: &str) -> Diagnostics {
    let file = format!("tests/fixtures/broken_specs/{name}.yaml");
    let text = std::fs::read_to_string(workspace_root().join(&file)).expect("fixture is readable");
    match generate(&text, &GenerateSettings::new().spec_name(&file)) {
        Ok(_) => panic!("{file} should not generate"),
        Err(d) => d,
    }
}

/// The diagnostic at `pointer`, checking its kind, file and line.
fn at<'a>(
    diags: &'a Diagnostics,
    kind: DiagnosticKind,
    pointer: &str,
    line: u32,
) -> &'a Diagnostic {
    let d = diags
        .iter()
        .find(|d| d.pointer.as_str() == pointer)
        .unwrap_or_else(|| panic!("no diagnostic at {pointer}; got:\n{diags}"));
    assert_eq!(d.kind, kind, "{d}");
    assert_eq!(d.line, line, "{d}");
    assert!(d.file.starts_with("tests/fixtures/broken_specs/"), "{d}");
    d
}

#[test]
fn bad_ref() {
    let diags = diagnose("bad_ref");
    let d = at(
        &diags,
        DiagnosticKind::BadRef,
        "#/paths/~1messages/get/responses/200/content/application~1json/schema/$ref",
        15,
    );
    assert!(
        d.found
            .contains("did you mean `#/components/schemas/message`"),
        "{d}"
    );
    assert_eq!(diags.len(), 1);
    insta::assert_snapshot!("bad_ref", diags.to_string());
}

#[test]
fn unknown_type() {
    let diags = diagnose("unknown_type");
    let d = at(
        &diags,
        DiagnosticKind::InvalidValue,
        "#/components/schemas/message/properties/id/type",
        12,
    );
    assert_eq!(d.column, 11);
    assert!(d.found.contains("did you mean `string`"), "{d}");
    at(
        &diags,
        DiagnosticKind::InvalidValue,
        "#/components/schemas/message/properties/segmentCount/type",
        14,
    );
    insta::assert_snapshot!("unknown_type", diags.to_string());
}

#[test]
fn duplicate_operation_id() {
    let diags = diagnose("duplicate_operation_id");
    let d = at(
        &diags,
        DiagnosticKind::DuplicateOperationId,
        "#/paths/~1media/get/operationId",
        14,
    );
    assert!(
        d.found.contains("#/paths/~1messages/get"),
        "names the first use: {d}"
    );
    insta::assert_snapshot!("duplicate_operation_id", diags.to_string());
}

#[test]
fn missing_required_keys() {
    let diags = diagnose("missing_required_key");
    at(&diags, DiagnosticKind::MissingKey, "#/info", 1);
    // A missing key is located at its parent: the operation.
    at(
        &diags,
        DiagnosticKind::MissingKey,
        "#/paths/~1messages/post/responses",
        4,
    );
    insta::assert_snapshot!("missing_required_key", diags.to_string());
}

#[test]
fn yaml_syntax_error_carries_the_parser_position() {
    let diags = diagnose("yaml_syntax");
    assert_eq!(diags.len(), 1);
    let d = at(&diags, DiagnosticKind::Yaml, "#", 10);
    assert_eq!(d.column, 3);
    insta::assert_snapshot!("yaml_syntax", diags.to_string());
}

#[test]
fn unknown_keys_are_reported_with_a_suggestion() {
    let diags = diagnose("unknown_key");
    let d = at(
        &diags,
        DiagnosticKind::UnknownKey,
        "#/components/schemas/pageInfo/nulable",
        10,
    );
    assert!(d.found.contains("did you mean `nullable`"), "{d}");
    at(
        &diags,
        DiagnosticKind::UnknownKey,
        "#/components/schemas/pageInfo/properties/nextPage/maxLenght",
        14,
    );
    insta::assert_snapshot!("unknown_key", diags.to_string());
}

#[test]
fn path_placeholders_and_parameters_must_match() {
    let diags = diagnose("path_parameters");
    at(
        &diags,
        DiagnosticKind::Inconsistent,
        "#/paths/~1users~1{accountId}~1media~1{mediaId}/get/parameters",
        9,
    );
    at(
        &diags,
        DiagnosticKind::Inconsistent,
        "#/paths/~1users~1{accountId}~1media~1{mediaId}/get/parameters/1",
        15,
    );
    insta::assert_snapshot!("path_parameters", diags.to_string());
}

#[test]
fn rust_name_collisions() {
    let diags = diagnose("name_collision");
    // Two properties of one struct with the same Rust field name are still an error; the type and enum
    // value collisions of this fixture are renamed by the naming rule (`docs/naming.md`) instead.
    at(
        &diags,
        DiagnosticKind::NameCollision,
        "#/components/schemas/createMessageResponse/properties/message_id",
        23,
    );
    assert_eq!(diags.len(), 1, "{diags}");
    insta::assert_snapshot!("name_collision", diags.to_string());
}

#[test]
fn known_extension_with_missing_ill_typed_and_unknown_keys() {
    let diags = diagnose("bad_extension");
    at(
        &diags,
        DiagnosticKind::Extension,
        "#/x-bandwidth-segmentation/gsm7/concatenatedSegmentUnits",
        9,
    );
    at(
        &diags,
        DiagnosticKind::Extension,
        "#/x-bandwidth-segmentation/ucs2/concatenatedSegmentUnits",
        10,
    );
    at(
        &diags,
        DiagnosticKind::Extension,
        "#/x-bandwidth-segmentation/maxTextCharacter",
        14,
    );
    at(
        &diags,
        DiagnosticKind::Extension,
        "#/x-bandwidth-segmentation/maxTextCharacters",
        6,
    );
    assert!(
        diags
            .iter()
            .all(|d| !d.pointer.as_str().contains("x-some-other-tool")),
        "other x- keys are ignored"
    );
    insta::assert_snapshot!("bad_extension", diags.to_string());
}

#[test]
fn unsupported_constructs_are_diagnostics_not_silent_drops() {
    let diags = diagnose("unsupported");
    at(
        &diags,
        DiagnosticKind::Unsupported,
        "#/paths/~1messages/get/parameters/0/in",
        11,
    );
    at(
        &diags,
        DiagnosticKind::Unsupported,
        "#/paths/~1messages/get/parameters/1/explode",
        14,
    );
    at(
        &diags,
        DiagnosticKind::Unsupported,
        "#/paths/~1messages/get/responses/2XX",
        21,
    );
    at(
        &diags,
        DiagnosticKind::Unsupported,
        "#/paths/~1external/get/responses/200/content/application~1json/schema/$ref",
        32,
    );
    at(
        &diags,
        DiagnosticKind::Unsupported,
        "#/components/schemas/notAString/not",
        36,
    );
    assert_eq!(diags.len(), 5, "{diags}");
    insta::assert_snapshot!("unsupported", diags.to_string());
}

#[test]
fn callback_without_event_types() {
    let diags = diagnose("webhook_without_events");
    at(
        &diags,
        DiagnosticKind::Unsupported,
        "#/components/schemas/statusEvent",
        23,
    );
    insta::assert_snapshot!("webhook_without_events", diags.to_string());
}

#[test]
fn diagnostics_are_sorted_by_position() {
    for name in [
        "unsupported",
        "name_collision",
        "bad_extension",
        "unknown_type",
    ] {
        let diags = diagnose(name);
        let positions: Vec<(u32, u32)> = diags.iter().map(|d| (d.line, d.column)).collect();
        let mut sorted = positions.clone();
        sorted.sort();
        assert_eq!(positions, sorted, "{name}");
    }
}

/// The naming rule (`docs/naming.md`): taken names are renamed with a note, not refused.
#[test]
fn taken_names_are_renamed_with_notes() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: createThing\n      \
                responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              \
                schema: {$ref: '#/components/schemas/createThingResponse'}\ncomponents:\n  schemas:\n    createThingResponse:\n      \
                type: object\n      properties:\n        status: {$ref: '#/components/schemas/statusEnum'}\n    statusEnum:\n      \
                type: string\n      enum: [sent, SENT, UNKNOWN]\n";
    let (files, notes) =
        bandwidth_codegen::generate_with_notes(text, &GenerateSettings::new().spec_name("t.yaml"))
            .unwrap_or_else(|d| panic!("{d}"));
    let shown: Vec<String> = notes.iter().map(ToString::to_string).collect();
    assert!(
        notes.iter().all(|n| n.kind == DiagnosticKind::Renamed),
        "{shown:?}"
    );
    assert_eq!(notes.len(), 3, "{shown:?}");
    let all: String = files.iter().map(|f| f.contents.as_str()).collect();
    for name in [
        "CreateThingOperation",
        "pub struct CreateThingResponse",
        "Sent2",
        "UnknownValue",
    ] {
        assert!(all.contains(name), "{name} missing");
    }
    assert!(all.contains("naming rule, `docs/naming.md`"));
}
