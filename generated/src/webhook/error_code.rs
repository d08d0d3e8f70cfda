//! The `errorCode` of a `message-failed` event, with what Bandwidth documents about each code.
//!
//! Bandwidth numbers its messaging error codes by a scheme: the first digit says who is at fault (4 = client,
//! 5 = server, 9 = ambiguous) and, for 4xxx and 5xxx codes, the second digit says where the message stopped
//! (4xxx: 1/3/4 = rejected by Bandwidth, 7 = rejected by the carrier; 5xxx: 1/2/5 = Bandwidth server error,
//! 6 = carrier service failure). [`ErrorCode`] decodes that scheme for any integer and adds the documented name
//! and billable flag for the 76 codes of Bandwidth's published table (2023 snapshot). Codes missing from the
//! table are kept as they are: [`ErrorCode::name`] is `None` for them, the scheme still applies.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An error code from a `message-failed` event (`errorCode`), kept exactly as received.
///
/// ```
/// use bandwidth_messaging::webhook::{ErrorClass, ErrorCode, Origin, RetryAdvice};
///
/// let code = ErrorCode::new(4432);
/// assert_eq!(code.name(), Some("rejected-forbidden-country"));
/// assert_eq!(code.class(), ErrorClass::Client);
/// assert_eq!(code.origin(), Origin::Bandwidth);
/// assert!(!code.billable().unwrap_or(true));
/// assert_eq!(code.retry_advice(), RetryAdvice::SameResult);
/// assert!(!code.is_retryable());
///
/// // Codes Bandwidth adds later are kept; the numbering scheme still classifies them.
/// let newer = ErrorCode::new(5612);
/// assert_eq!(newer.name(), None);
/// assert_eq!(newer.origin(), Origin::Carrier);
/// assert!(newer.is_retryable());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ErrorCode(i64);

/// Who is at fault, from the first digit of an [`ErrorCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// `4xxx`: the request or the destination; sending the same message again gives the same result.
    Client,
    /// `5xxx`: a server (Bandwidth's or the carrier's) failed.
    Server,
    /// `9xxx`: the outcome is not known (for example no delivery receipt arrived in time).
    Ambiguous,
    /// Any other first digit: not part of Bandwidth's documented scheme.
    Unclassified,
}

/// Where the message stopped, from the second digit of an [`ErrorCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Rejected by, or failed inside, Bandwidth (`41xx`/`43xx`/`44xx`, `51xx`/`52xx`/`55xx`).
    Bandwidth,
    /// Rejected by, or failed at, the downstream carrier (`47xx`, `56xx`).
    Carrier,
    /// The scheme does not say (`9xxx`, and second digits it does not list, e.g. `4001` or `5999`).
    Unknown,
}

/// What Bandwidth's documentation says about sending the same message again after this failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryAdvice {
    /// `4xxx`: a retry gives the same result.
    SameResult,
    /// Bandwidth `5xxx`: a retry may succeed.
    MaySucceed,
    /// Carrier `5xxx` (and `5xxx` of unknown origin): retry at most once.
    AtMostOnce,
    /// `9xxx` and unclassified codes: the message may have been delivered; a retry can duplicate it.
    Unknown,
}

/// One row of Bandwidth's error-code table: code, name, billable.
type Row = (u16, &'static str, bool);

/// Bandwidth's messaging error codes (`site/docs/messaging/errors.mdx`, 2023 snapshot), sorted by code.
/// 5610 is written without the stray spaces of the source (`submit_ sm-or-submit_ multi-failed`).
const TABLE: &[Row] = &[
    (4001, "service-not-allowed", false),
    (4301, "malformed-invalid-encoding", false),
    (4302, "malformed-invalid-from-number", false),
    (4303, "malformed-invalid-to-number", false),
    (4350, "malformed-for-destination", false),
    (4360, "message-not-sent-expiration-date-passed", false),
    (4401, "rejected-routing-error", false),
    (4403, "rejected-forbidden-from-number", false),
    (4404, "rejected-forbidden-to-number", false),
    (4405, "rejected-unallocated-from-number", false),
    (4406, "rejected-unallocated-to-number", false),
    (4407, "rejected-account-not-defined-from-number", false),
    (4408, "rejected-account-not-defined-to-number", false),
    (4409, "rejected-invalid-from-profile", false),
    (4410, "media-unavailable", false),
    (4411, "rejected-message-size-limit-exceeded", false),
    (4412, "media-content-invalid", false),
    (4420, "rejected-carrier-does-not-exist", false),
    (4421, "rejected-forbidden-no-destination", false),
    (4431, "rejected-forbidden-shortcode", false),
    (4432, "rejected-forbidden-country", false),
    (4433, "rejected-forbidden-tollfree", false),
    (4434, "rejected-forbidden-tollfree-for-recipient", false),
    (4435, "forbidden-too-many-recipients", false),
    (4451, "rejected-wrong-user-id", false),
    (4452, "rejected-wrong-application-id", false),
    (4470, "rejected-spam-detected", true),
    (4481, "rejected-from-number-in-blacklist", false),
    (4482, "rejected-to-number-in-blacklist", false),
    (4492, "reject-emergency", false),
    (4493, "rejected-unauthorized", false),
    (4700, "invalid-service-type", true),
    (4701, "destination-service-unavailable", true),
    (4702, "destination-subscriber-unavailable", true),
    (4711, "rejected-message-size-limit-exceeded", true),
    (4712, "media-content-invalid", true),
    (4720, "invalid-destination-address", true),
    (4721, "destination-tn-deactivated", true),
    (4730, "no-route-to-destination-carrier", true),
    (4740, "invalid-source-address-address", true),
    (4750, "destination-rejected-message", true),
    (4751, "destination-rejected-message-size-invalid", true),
    (4752, "destination-rejected-malformed", true),
    (4753, "destination-rejected-handset", true),
    (4770, "destination-spam-detected", true),
    (4771, "rejected-shortened-url", true),
    (4772, "rejected-tn-blocked", true),
    (4773, "inactive-campaign", true),
    (4774, "provisioning-issue", true),
    (4775, "destination-rejected-due-to-user-opt-out", true),
    (4780, "volume-violation-tmo", true),
    (4781, "volume-violation-att", true),
    (4785, "volumetric-violation", true),
    (4790, "destination-rejected-sc-not-allowed", true),
    (4791, "destination-rejected-campaign-not-allowed", true),
    (4792, "destination-rejected-sc-not-provisioned", true),
    (4793, "destination-rejected-sc-expired", true),
    (4795, "tfn-not-verified", true),
    (5100, "temporary-app-error", false),
    (5101, "temporary-app-shutdown", false),
    (5106, "impossible-to-route", false),
    (5111, "temporary-app-connection-closed", false),
    (5201, "temporary-rout-error-retries-exceeded", false),
    (5211, "temporary-app-error-app-busy", false),
    (5220, "temporary-store-error", false),
    (5231, "discarded-concatenation-timeout", false),
    (5500, "message-send-failed", false),
    (5501, "message-send-failed", false),
    (5600, "destination-carrier-queue-full", true),
    (5610, "submit_sm-or-submit_multi-failed", true),
    (5620, "destination-app-error", true),
    // The source table cuts this name off at "acknowle"; kept as published rather than guessed.
    (5630, "message-not-acknowle", true),
    (5650, "destination-failed", true),
    (5999, "unknown-error", false),
    (9902, "delivery-receipt-expired", true),
    (9999, "unknown-error", true),
];

impl ErrorCode {
    /// Wraps a code as received; any integer is kept.
    pub const fn new(code: i64) -> Self {
        Self(code)
    }

    /// The integer as received.
    pub const fn code(self) -> i64 {
        self.0
    }

    /// Every code of Bandwidth's published table, in ascending order.
    pub fn documented() -> impl ExactSizeIterator<Item = ErrorCode> {
        TABLE.iter().map(|row| ErrorCode(i64::from(row.0)))
    }

    fn row(self) -> Option<&'static Row> {
        let code = u16::try_from(self.0).ok()?;
        TABLE
            .binary_search_by_key(&code, |row| row.0)
            .ok()
            .map(|index| &TABLE[index])
    }

    /// `true` when the code is in Bandwidth's published table.
    pub fn is_documented(self) -> bool {
        self.row().is_some()
    }

    /// The documented name (e.g. `"rejected-forbidden-country"`), or `None` for a code not in the table.
    pub fn name(self) -> Option<&'static str> {
        self.row().map(|row| row.1)
    }

    /// Whether Bandwidth bills the message despite the failure, or `None` for a code not in the table.
    pub fn billable(self) -> Option<bool> {
        self.row().map(|row| row.2)
    }

    fn digits(self) -> Option<(i64, i64)> {
        (1000..=9999)
            .contains(&self.0)
            .then_some((self.0 / 1000, (self.0 / 100) % 10))
    }

    /// Who is at fault, from the first digit (4 client, 5 server, 9 ambiguous).
    pub fn class(self) -> ErrorClass {
        match self.digits() {
            Some((4, _)) => ErrorClass::Client,
            Some((5, _)) => ErrorClass::Server,
            Some((9, _)) => ErrorClass::Ambiguous,
            _ => ErrorClass::Unclassified,
        }
    }

    /// Where the message stopped, from the second digit (see the module documentation).
    pub fn origin(self) -> Origin {
        match self.digits() {
            Some((4, 1 | 3 | 4)) | Some((5, 1 | 2 | 5)) => Origin::Bandwidth,
            Some((4, 7)) | Some((5, 6)) => Origin::Carrier,
            _ => Origin::Unknown,
        }
    }

    /// What the documentation says about sending the message again.
    pub fn retry_advice(self) -> RetryAdvice {
        match (self.class(), self.origin()) {
            (ErrorClass::Client, _) => RetryAdvice::SameResult,
            (ErrorClass::Server, Origin::Bandwidth) => RetryAdvice::MaySucceed,
            (ErrorClass::Server, _) => RetryAdvice::AtMostOnce,
            (ErrorClass::Ambiguous | ErrorClass::Unclassified, _) => RetryAdvice::Unknown,
        }
    }

    /// `true` when sending the message again is worth trying ([`RetryAdvice::MaySucceed`] or
    /// [`RetryAdvice::AtMostOnce`]): 5xxx codes. 4xxx codes give the same result again, and 9xxx codes may
    /// mean the message was delivered after all.
    pub fn is_retryable(self) -> bool {
        matches!(
            self.retry_advice(),
            RetryAdvice::MaySucceed | RetryAdvice::AtMostOnce
        )
    }
}

impl From<i64> for ErrorCode {
    fn from(code: i64) -> Self {
        Self(code)
    }
}

impl From<ErrorCode> for i64 {
    fn from(code: ErrorCode) -> Self {
        code.0
    }
}

impl fmt::Display for ErrorCode {
    /// `4432 rejected-forbidden-country`, or just the number for a code not in the table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} {name}", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_complete() {
        assert_eq!(TABLE.len(), 76);
        assert!(
            TABLE.windows(2).all(|pair| pair[0].0 < pair[1].0),
            "table must be strictly ascending"
        );
    }

    #[test]
    fn every_row_is_found_by_binary_search() {
        for row in TABLE {
            let code = ErrorCode::new(i64::from(row.0));
            assert_eq!(code.name(), Some(row.1));
            assert_eq!(code.billable(), Some(row.2));
        }
    }

    #[test]
    fn billable_matches_the_scheme_except_spam() {
        // Carrier-side codes and 9xxx are billable, Bandwidth-side codes are not, with one documented
        // exception: 4470 rejected-spam-detected.
        for code in ErrorCode::documented() {
            let expected = code.code() == 4470
                || code.origin() == Origin::Carrier
                || code.class() == ErrorClass::Ambiguous;
            assert_eq!(code.billable(), Some(expected), "{code}");
        }
    }

    #[test]
    fn out_of_range_codes_are_unclassified() {
        for raw in [-4432, 0, 443, 44320, i64::MAX, i64::MIN] {
            let code = ErrorCode::new(raw);
            assert_eq!(code.class(), ErrorClass::Unclassified);
            assert_eq!(code.origin(), Origin::Unknown);
            assert_eq!(code.name(), None);
            assert!(!code.is_retryable());
        }
    }
}
