//! Facts of Bandwidth's messaging error-code table (facts sheet section d), as `webhook::ErrorCode` reports them.

use bandwidth_messaging::webhook::{ErrorClass, ErrorCode, Origin, RetryAdvice};

#[test]
fn the_table_has_the_76_documented_codes() {
    let codes: Vec<i64> = ErrorCode::documented().map(ErrorCode::code).collect();
    assert_eq!(codes.len(), 76);
    assert_eq!(codes.first(), Some(&4001));
    assert_eq!(codes.last(), Some(&9999));
    assert!(codes.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn forbidden_country_is_a_non_billable_bandwidth_rejection() {
    let code = ErrorCode::new(4432);
    assert_eq!(code.name(), Some("rejected-forbidden-country"));
    assert_eq!(code.class(), ErrorClass::Client);
    assert_eq!(code.origin(), Origin::Bandwidth);
    assert_eq!(code.billable(), Some(false));
    assert_eq!(code.retry_advice(), RetryAdvice::SameResult);
    assert!(!code.is_retryable());
    assert_eq!(code.to_string(), "4432 rejected-forbidden-country");
}

#[test]
fn spam_detected_is_the_billable_bandwidth_rejection() {
    let code = ErrorCode::new(4470);
    assert_eq!(code.name(), Some("rejected-spam-detected"));
    assert_eq!(code.origin(), Origin::Bandwidth);
    assert_eq!(code.billable(), Some(true));
    let others: Vec<i64> = ErrorCode::documented()
        .filter(|c| c.origin() == Origin::Bandwidth && c.billable() == Some(true))
        .map(ErrorCode::code)
        .collect();
    assert_eq!(others, [4470], "the only billable Bandwidth-side code");
}

#[test]
fn carrier_rejections_are_billable_and_not_worth_retrying() {
    for raw in [4700, 4720, 4750, 4770, 4775, 4795] {
        let code = ErrorCode::new(raw);
        assert_eq!(
            (code.class(), code.origin()),
            (ErrorClass::Client, Origin::Carrier),
            "{code}"
        );
        assert_eq!(code.billable(), Some(true), "{code}");
        assert!(!code.is_retryable(), "{code}");
    }
    assert_eq!(
        ErrorCode::new(4775).name(),
        Some("destination-rejected-due-to-user-opt-out")
    );
}

#[test]
fn carrier_queue_full_is_a_billable_carrier_failure_retried_at_most_once() {
    let code = ErrorCode::new(5600);
    assert_eq!(code.name(), Some("destination-carrier-queue-full"));
    assert_eq!(
        (code.class(), code.origin()),
        (ErrorClass::Server, Origin::Carrier)
    );
    assert_eq!(code.billable(), Some(true));
    assert_eq!(code.retry_advice(), RetryAdvice::AtMostOnce);
    assert!(code.is_retryable());
}

#[test]
fn bandwidth_server_errors_may_succeed_on_retry() {
    for raw in [5100, 5101, 5106, 5111, 5201, 5211, 5220, 5231, 5500, 5501] {
        let code = ErrorCode::new(raw);
        assert_eq!(
            (code.class(), code.origin()),
            (ErrorClass::Server, Origin::Bandwidth),
            "{code}"
        );
        assert_eq!(code.retry_advice(), RetryAdvice::MaySucceed, "{code}");
        assert_eq!(code.billable(), Some(false), "{code}");
    }
}

#[test]
fn delivery_receipt_expired_is_ambiguous_and_billable() {
    let code = ErrorCode::new(9902);
    assert_eq!(code.name(), Some("delivery-receipt-expired"));
    assert_eq!(code.class(), ErrorClass::Ambiguous);
    assert_eq!(code.origin(), Origin::Unknown);
    assert_eq!(code.billable(), Some(true));
    assert_eq!(code.retry_advice(), RetryAdvice::Unknown);
    assert!(!code.is_retryable(), "the message may have been delivered");
}

#[test]
fn codes_outside_the_scheme_say_so() {
    // 4001 and 5999 are documented, but their second digit is not in the origin scheme.
    assert_eq!(ErrorCode::new(4001).origin(), Origin::Unknown);
    assert_eq!(ErrorCode::new(5999).name(), Some("unknown-error"));
    assert_eq!(ErrorCode::new(5999).retry_advice(), RetryAdvice::AtMostOnce);
}

#[test]
fn unknown_codes_are_kept_and_classified_by_the_scheme() {
    let newer = ErrorCode::new(4776);
    assert!(!newer.is_documented());
    assert_eq!((newer.name(), newer.billable()), (None, None));
    assert_eq!(
        (newer.class(), newer.origin()),
        (ErrorClass::Client, Origin::Carrier)
    );
    assert_eq!(newer.to_string(), "4776");
    let parsed: ErrorCode = serde_json::from_str("123456").expect("any integer");
    assert_eq!(parsed.code(), 123_456);
    assert_eq!(parsed.class(), ErrorClass::Unclassified);
    assert_eq!(
        serde_json::to_string(&parsed).expect("serializes"),
        "123456"
    );
}
