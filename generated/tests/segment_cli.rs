//! The `segments` example (compiled in here as a module): JSON lines in, one JSON line out per message, errors as lines, never a crash.

#[allow(dead_code)]
#[path = "../examples/segments.rs"]
mod cli;

use serde_json::{Value, json};

fn answers(input: &[u8]) -> Vec<Value> {
    let mut output = Vec::new();
    cli::run(input, &mut output).expect("writing to a Vec cannot fail");
    let output = String::from_utf8(output).expect("the output is UTF-8");
    output
        .lines()
        .map(|line| serde_json::from_str(line).expect("every output line is JSON"))
        .collect()
}

#[test]
fn answers_one_line_per_message_and_echoes_ids_of_any_type() {
    let long = json!({"id": 2.5, "text": "a".repeat(161), "extra": true}).to_string();
    let input = [
        r#"{"id": 1, "text": "Hi {name}"}"#,
        r#"{"id": "b", "text": "Ça va 😀"}"#,
        r#"{"id": [1, {"x": null}], "text": ""}"#,
        r#"{"text": "no id"}"#,
        &long,
    ]
    .join("\n");
    assert_eq!(
        answers(input.as_bytes()),
        vec![
            json!({"id": 1, "encoding": "GSM-7", "segments": 1, "units": 11}),
            json!({"id": "b", "encoding": "UCS-2", "segments": 1, "units": 8}),
            json!({"id": [1, {"x": null}], "encoding": "GSM-7", "segments": 1, "units": 0}),
            json!({"id": null, "encoding": "GSM-7", "segments": 1, "units": 5}),
            json!({"id": 2.5, "encoding": "GSM-7", "segments": 2, "units": 161}),
        ]
    );
}

#[test]
fn keys_come_in_the_documented_order() {
    let mut output = Vec::new();
    cli::run(&br#"{"text": "x", "id": 7}"#[..], &mut output).expect("writing to a Vec cannot fail");
    assert_eq!(
        String::from_utf8_lossy(&output),
        "{\"id\":7,\"encoding\":\"GSM-7\",\"segments\":1,\"units\":1}\n"
    );
}

#[test]
fn bad_lines_become_error_lines_naming_the_problem() {
    let input = b"not json\n[1, 2]\n{\"id\": 3}\n{\"id\": 4, \"text\": 5}\n\n   \n{\"id\": 5, \"text\": \"\xff\"}\n{\"id\": 6, \"text\": \"ok\"}\r\n";
    let answers = answers(input);
    assert_eq!(answers.len(), 6, "{answers:#?}");
    let error = |i: usize| answers[i]["error"].as_str().unwrap_or_default().to_owned();
    assert!(error(0).starts_with("line 1: invalid JSON"), "{}", error(0));
    assert_eq!(answers[0]["id"], Value::Null);
    assert_eq!(
        error(1),
        "line 2: expected a JSON object with a \"text\" string, found an array"
    );
    assert_eq!(
        answers[2],
        json!({"id": 3, "error": "line 3: missing field \"text\""})
    );
    assert_eq!(
        answers[3],
        json!({"id": 4, "error": "line 4: field \"text\" must be a string, found a number"})
    );
    // Blank lines are skipped but still counted; invalid UTF-8 is an error line, not a crash.
    assert!(error(4).starts_with("line 7: invalid JSON"), "{}", error(4));
    assert_eq!(
        answers[5],
        json!({"id": 6, "encoding": "GSM-7", "segments": 1, "units": 2})
    );
}

#[test]
fn over_limit_text_is_counted_and_flagged() {
    let input = json!({"id": "long", "text": "a".repeat(2049)}).to_string();
    assert_eq!(
        answers(input.as_bytes()),
        vec![
            json!({"id": "long", "encoding": "GSM-7", "segments": 14, "units": 2049, "exceeds_limit": true})
        ]
    );
}

#[test]
fn explain_shows_segments_costly_characters_and_suggestions() {
    let text = "a".repeat(150) + "{x}" + "’";
    let explained = cli::explain(&text, false);
    assert!(explained.contains("encoding:   UCS-2"), "{explained}");
    assert!(
        explained.contains("segments:   3 (concatenated, at most 67 UTF-16 units each)"),
        "{explained}"
    );
    assert!(
        explained.contains(
            "segment 3 of 3: 20 UTF-16 units, bytes 134..156\n  aaaaaaaaaaaaaaaa{x}⟦’⟧\n"
        ),
        "{explained}"
    );
    assert!(
        explained.contains("U+2019 right single quotation mark -> \"'\""),
        "{explained}"
    );
    // Replacing the quote makes it GSM-7: 150 + 2 + 1 + 2 + 1 septets in one segment.
    assert!(
        explained.contains(
            "with all of them: GSM-7, 1 segment(s), 156 units (now UCS-2, 3 segment(s), 154 units)"
        ),
        "{explained}"
    );
    // GSM-7: the extension characters are the costly ones.
    let explained = cli::explain("Price: 5€ {ok}", false);
    assert!(explained.contains("encoding:   GSM-7"), "{explained}");
    assert!(explained.contains("5⟦€⟧² ⟦{⟧²ok⟦}⟧²"), "{explained}");
    assert!(!explained.contains("suggestions"), "{explained}");
    // Colours only when asked for.
    assert!(cli::explain("{", true).contains("\x1b[1;33m{\x1b[0m"));
}
