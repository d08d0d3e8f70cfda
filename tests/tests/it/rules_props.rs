//! The rule book holds on both sides: random createMessage requests near every limit are checked by the
//! client's validation and sent to a running sandbox (in process, over loopback with keep-alive); both must
//! give the same verdict and the same field paths, and an accepted request's `segmentCount` must equal
//! `segment_preview()`.
//!
//! Cases: `RULES_PROPTEST_CASES` (default 10,000, what CI runs).

use std::cell::Cell;
use std::sync::OnceLock;

use crate::sandbox_support::{ACCOUNT, APP, Api, test_config};

use bandwidth_messaging::generated::models::{MessageRequest, PriorityEnum};
use bandwidth_messaging::generated::rules as r;
use bandwidth_sandbox::{ApplicationConfig, Sandbox};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};

/// A sandbox started once on its own runtime, and a keep-alive client for it.
struct Running {
    runtime: tokio::runtime::Runtime,
    api: Api,
    _sandbox: Sandbox,
}

fn running() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let sandbox = runtime.block_on(async {
            let mut config = test_config();
            config
                .applications
                .push(ApplicationConfig::new(APP, ACCOUNT));
            Sandbox::start(config).await.expect("the sandbox starts")
        });
        let api = runtime.block_on(async { Api::new(&sandbox) });
        Running {
            runtime,
            api,
            _sandbox: sandbox,
        }
    })
}

fn cases() -> u32 {
    std::env::var("RULES_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// A valid-looking E.164 number most of the time; otherwise `+` or not and 1 to 16 digits, sometimes starting
/// with 0 (around the 2..=15 digit limits).
fn number() -> impl Strategy<Value = String> {
    let any_number = (
        prop::bool::weighted(0.9),
        prop::bool::weighted(0.2),
        1usize..=16,
        any::<u64>(),
    )
        .prop_map(|(plus, zero, len, seed)| {
            let mut digits: String = (0..len)
                .map(|i| char::from(b'0' + ((seed >> (i % 16 * 4)) as u8 % 10)))
                .collect();
            if !zero && digits.starts_with('0') {
                digits.replace_range(0..1, "1");
            }
            format!("{}{digits}", if plus { "+" } else { "" })
        });
    prop_oneof![
        4 => (1u64..10, 0u64..10_000_000_000).prop_map(|(first, rest)| format!("+{first}{rest:010}")),
        2 => any_number,
    ]
}

/// 0 to 12 recipients drawn from a small pool, so duplicates are common; 1 to 3 most of the time.
fn recipients() -> impl Strategy<Value = Vec<String>> {
    let picks = prop_oneof![
        3 => Just(vec![0usize]),
        2 => Just(vec![0usize, 1, 2]),
        2 => prop::collection::vec(0usize..6, 0..=12),
    ];
    (prop::collection::vec(number(), 6), picks)
        .prop_map(|(pool, picks)| picks.iter().map(|i| pool[*i].clone()).collect())
}

fn sender() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => number(),
        2 => "[A-Za-z][A-Za-z0-9 &_+-]{0,11}",
        1 => "[0-9 &_+-]{0,12}",
        1 => "[a-z]{1,5}[!é.][a-z]{0,4}",
    ]
}

/// Empty, short, or around the 70 / 160 / 2048 boundaries, in GSM-7 or UCS-2 characters.
fn text() -> impl Strategy<Value = Option<String>> {
    let around = prop_oneof![
        1 => Just(0usize),
        3 => 1usize..5,
        2 => 66usize..74,
        2 => 150usize..165,
        2 => 2040usize..2056,
    ];
    let alphabet = prop_oneof![Just('a'), Just('é'), Just('€'), Just('😀'), Just('ж')];
    prop::option::weighted(
        0.85,
        (around, alphabet, prop::bool::ANY).prop_map(|(n, c, mixed)| {
            (0..n)
                .map(|i| if mixed && i % 7 == 3 { 'b' } else { c })
                .collect::<String>()
        }),
    )
}

fn url() -> impl Strategy<Value = String> {
    let scheme =
        prop_oneof![6 => Just("https"), 3 => Just("http"), 1 => Just("ftp"), 1 => Just("HTTPS")];
    let len = prop_oneof![8 => 1usize..30, 1 => 4060usize..4090];
    (scheme, len, 0u8..6, prop::bool::weighted(0.1)).prop_map(|(s, n, id, wide)| {
        let fill = if wide { "é" } else { "a" };
        format!("{s}://example.com/{id}/{}", fill.repeat(n))
    })
}

/// Absent, a few URLs, or 0 to 12 (around the limit of 10, with duplicates).
fn media() -> impl Strategy<Value = Option<Vec<String>>> {
    prop::option::weighted(
        0.35,
        prop_oneof![
            3 => prop::collection::vec(url(), 1..=2),
            1 => prop::collection::vec(url(), 0..=12),
        ],
    )
}

fn tag() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.3,
        prop_oneof![3 => 1usize..10, 1 => 1020usize..1030].prop_map(|n| "t".repeat(n)),
    )
}

fn priority() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.4,
        prop_oneof![3 => Just("default"), 3 => Just("high"), 1 => Just("urgent"), 1 => Just("HIGH")]
            .prop_map(str::to_owned),
    )
}

/// An hour or more in the past or in the future (far from "now" on either side).
fn expiration() -> impl Strategy<Value = Option<i64>> {
    prop::option::weighted(0.3, prop_oneof![1 => -7200i64..-3600, 3 => 3600i64..7200])
}

fn request() -> impl Strategy<Value = MessageRequest> {
    (
        recipients(),
        sender(),
        text(),
        media(),
        tag(),
        priority(),
        expiration(),
    )
        .prop_map(|(to, from, text, media, tag, priority, expiration)| {
            let mut request = MessageRequest::new(APP.to_owned(), to, from);
            request.text = text;
            request.media = media;
            request.tag = tag;
            request.priority = priority.as_deref().map(PriorityEnum::from);
            request.expiration =
                expiration.map(|s| jiff::Timestamp::now() + jiff::SignedDuration::from_secs(s));
            request
        })
}

#[test]
fn client_and_sandbox_agree_on_every_request() {
    let run = running();
    let mut runner = TestRunner::new(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let started = std::time::Instant::now();
    let (accepted, rejected) = (Cell::new(0u32), Cell::new(0u32));
    let result = runner.run(&request(), |request| {
        let verdict = request.validate();
        let answer = run.runtime.block_on(run.api.post_json(
            "/messages",
            &serde_json::to_value(&request).expect("serializes"),
        ));
        let body = answer.json();
        match verdict {
            Ok(()) => {
                prop_assert_eq!(
                    answer.status,
                    202,
                    "client accepts, sandbox answers {}",
                    body
                );
                let preview = request.segment_preview();
                prop_assert_eq!(body["segmentCount"].as_u64(), Some(preview.segments as u64));
                accepted.set(accepted.get() + 1);
            }
            Err(err) => {
                prop_assert_eq!(
                    answer.status,
                    400,
                    "client rejects {:?}, sandbox answers {}",
                    err.fields(),
                    body
                );
                let sandbox: Vec<&str> = body["fieldErrors"]
                    .as_array()
                    .expect("fieldErrors")
                    .iter()
                    .map(|e| e["fieldName"].as_str().expect("fieldName"))
                    .collect();
                prop_assert_eq!(err.fields(), sandbox);
                rejected.set(rejected.get() + 1);
            }
        }
        Ok(())
    });
    let (accepted, rejected) = (accepted.get(), rejected.get());
    eprintln!(
        "rules_props: {} cases, {accepted} accepted, {rejected} rejected, {:.1} s (limits: {} recipients, {} media)",
        accepted + rejected,
        started.elapsed().as_secs_f64(),
        r::TO_MAX_ITEMS,
        r::MEDIA_MAX_ITEMS,
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        accepted > 0 && rejected > 0,
        "both verdicts must be exercised"
    );
}
