//! Webhook events: every callback example of our spec parsed, re-serialized and snapshotted; every messaging
//! callback example of Bandwidth's published `bandwidth.yml` parsed.

use std::collections::BTreeSet;
use std::path::Path;

use bandwidth_tests::upstream::{bandwidth_yml, workspace_root};

use bandwidth_messaging::generated::webhooks::Event;
use bandwidth_messaging::webhook::{ErrorCode, parse_body};
use serde_json::{Value, json};

fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str::<Value>(&text)
        .unwrap_or_else(|e| panic!("{}: not YAML: {e}", path.display()))
}

/// `components/examples` entries whose name ends in `CallbackExample`, as (name, value).
fn callback_examples(spec: &Value) -> Vec<(String, Value)> {
    let examples = spec["components"]["examples"]
        .as_object()
        .expect("components/examples is a map");
    examples
        .iter()
        .filter(|(name, _)| name.ends_with("CallbackExample"))
        .map(|(name, example)| (name.clone(), example["value"].clone()))
        .collect()
}

/// JSON equality where two strings that are the same instant count as equal (`…00.000Z` == `…00Z`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // `a` is what the crate wrote: a time must be in Bandwidth's spelling (three fractional digits, `Z`)
        // and name the same millisecond as the input, whatever the input's spelling.
        (Value::String(x), Value::String(y)) => {
            x == y
                || (x.len() == 24
                    && x.as_bytes()[19] == b'.'
                    && x.ends_with('Z')
                    && matches!((x.parse::<jiff::Timestamp>(), y.parse::<jiff::Timestamp>()),
                        (Ok(p), Ok(q)) if p.as_millisecond() == q.as_millisecond()))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// What the hand-written accessors say about an event.
fn accessors(event: &Event) -> Value {
    json!({
        "event_type": event.event_type(),
        "message_id": event.message_id(),
        "recipient": event.recipient(),
        "direction": event.direction().map(|d| d.to_string()),
        "tag": event.tag(),
        "is_terminal": event.is_terminal(),
        "error_code": event.error_code().map(|c| json!({
            "code": c.code(), "name": c.name(), "class": format!("{:?}", c.class()),
            "origin": format!("{:?}", c.origin()), "billable": c.billable(), "retryable": c.is_retryable(),
        })),
        "event_time": event.event_time().map(|t| t.to_string()),
        "dedup_key": event.dedup_key().map(|k| [k.message_id().to_owned(), k.event_type().to_owned(),
            k.recipient().to_owned(), k.time().to_owned()]),
    })
}

#[test]
fn every_spec_callback_example_parses_round_trips_and_is_snapshotted() {
    let spec = our_spec();
    let examples = callback_examples(&spec);
    assert!(
        examples.len() >= 8,
        "expected the callback examples of spec/messaging.yaml, found {}",
        examples.len()
    );
    let mut types = BTreeSet::new();
    for (name, value) in &examples {
        assert!(value.is_array(), "{name}: a webhook body is a JSON array");
        let body = serde_json::to_vec(value).expect("serializes");
        let events = parse_body(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(events.len(), value.as_array().map_or(0, Vec::len), "{name}");
        let mut snapshot = Vec::new();
        for (event, original) in events.iter().zip(value.as_array().into_iter().flatten()) {
            assert!(
                !event.is_unknown(),
                "{name}: {} parsed as Unknown",
                event.event_type()
            );
            types.insert(event.event_type().to_owned());
            let written = serde_json::to_value(event).expect("serializes");
            assert!(
                same_json(&written, original),
                "{name}: re-serialized JSON differs\n{written:#}\nvs\n{original:#}"
            );
            let again =
                parse_body(&serde_json::to_vec(&written).expect("serializes")).expect("re-parses");
            assert_eq!(
                again,
                vec![event.clone()],
                "{name}: parse(serialize(event)) != event"
            );
            snapshot.push(json!({ "accessors": accessors(event), "json": written }));
        }
        insta::assert_json_snapshot!(format!("webhook_event__{name}"), snapshot);
    }
    let known: BTreeSet<String> = Event::KNOWN_TYPES.iter().map(|t| (*t).to_owned()).collect();
    assert_eq!(types, known, "one example of every event type");
}

#[test]
fn a_single_event_object_is_accepted_too() {
    let spec = our_spec();
    let (_, value) = callback_examples(&spec)
        .into_iter()
        .next()
        .expect("an example");
    let single = serde_json::to_vec(&value[0]).expect("serializes");
    let events = parse_body(&single).expect("a single object parses");
    assert_eq!(events.len(), 1);
    assert!(!events[0].is_unknown());
}

fn our_spec() -> Value {
    yaml_as_json(&workspace_root().join("spec/messaging.yaml"))
}

#[test]
fn every_upstream_messaging_callback_example_parses() {
    // Bandwidth's published OpenAPI file (git-ignored; fetched with npm when missing).
    let spec = yaml_as_json(&bandwidth_yml());
    let examples: Vec<(String, Value)> = spec["components"]["examples"]
        .as_object()
        .expect("components/examples is a map")
        .iter()
        .filter(|(_, example)| {
            example["value"].get("type").is_some() && example["value"].get("message").is_some()
        })
        .map(|(name, example)| (name.clone(), example["value"].clone()))
        .collect();
    assert!(
        examples.len() >= 8,
        "expected the messaging callback examples, found {}",
        examples.len()
    );
    for (name, value) in &examples {
        // Upstream examples are single objects (its spec does not model the array envelope): both forms parse.
        let single = parse_body(&serde_json::to_vec(value).expect("serializes"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let array = parse_body(&serde_json::to_vec(&json!([value])).expect("serializes"))
            .expect("array form parses");
        assert_eq!(single, array, "{name}");
        let event = &single[0];
        assert!(
            !event.is_unknown(),
            "{name}: type {} is unknown to us",
            event.event_type()
        );
        assert_eq!(
            event.event_type(),
            value["type"].as_str().unwrap_or_default(),
            "{name}"
        );
        assert_eq!(
            event.message_id(),
            value["message"]["id"].as_str(),
            "{name}"
        );
        assert_eq!(event.recipient(), value["to"].as_str(), "{name}");
        let written = serde_json::to_value(event).expect("serializes");
        assert!(
            same_json(&written, value),
            "{name}: re-serialized JSON differs"
        );
        if event.event_type() == "message-failed" {
            assert_eq!(
                event.error_code(),
                value["errorCode"].as_i64().map(ErrorCode::new),
                "{name}"
            );
        }
    }
}
