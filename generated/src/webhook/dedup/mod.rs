//! Recognising redeliveries: Bandwidth delivers at least once and retries for 24 hours, so the same event can
//! arrive more than once, even at another replica or while the first attempt is still running. A [`DedupStore`]
//! hands out atomic claims on events and remembers the ones a handler completed.

mod memory;
#[cfg(feature = "redis")]
mod redis;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

pub use memory::MemoryDedupStore;
#[cfg(feature = "redis")]
pub use redis::RedisDedupStore;

/// What identifies one event across redeliveries: message id, event type, recipient and event time.
///
/// A group message produces one status event per recipient, and a message can go through several events
/// (`message-sending` then `message-delivered`), so all four parts are needed. The time is the event's
/// `eventTime` when it has one (`message-read`), else its `time`, written in RFC 3339.
///
/// ```
/// use bandwidth_messaging::webhook::DedupKey;
///
/// let key = DedupKey::new("1736178240000qrstuvwxyzabcdef", "message-delivered", "+15550000001",
///     "2025-01-06T15:44:05Z");
/// assert_eq!(key.message_id(), "1736178240000qrstuvwxyzabcdef");
/// assert_eq!(key.recipient(), "+15550000001");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DedupKey {
    /// The four parts joined by `\0` (which none of them can hold in practice) in one allocation. Stores keep
    /// only its fixed-size [`digest`](DedupKey::digest).
    joined: Arc<str>,
}

const SEPARATOR: char = '\0';

impl DedupKey {
    /// Builds a key from its four parts. A `\0` inside a part is replaced by U+FFFD so parts cannot run into
    /// each other.
    pub fn new(message_id: &str, event_type: &str, recipient: &str, time: &str) -> Self {
        let mut joined = String::with_capacity(
            message_id.len() + event_type.len() + recipient.len() + time.len() + 3,
        );
        push_parts(&mut joined, [message_id, event_type, recipient]);
        joined.push(SEPARATOR);
        push_part(&mut joined, time);
        Self {
            joined: Arc::from(joined),
        }
    }

    /// [`DedupKey::new`] with the time given as a timestamp (written in RFC 3339 without an intermediate string).
    pub fn from_timestamp(
        message_id: &str,
        event_type: &str,
        recipient: &str,
        time: jiff::Timestamp,
    ) -> Self {
        use std::fmt::Write as _;
        let mut joined =
            String::with_capacity(message_id.len() + event_type.len() + recipient.len() + 36);
        push_parts(&mut joined, [message_id, event_type, recipient]);
        joined.push(SEPARATOR);
        // Writing into a String cannot fail.
        let _ = write!(joined, "{time}");
        Self {
            joined: Arc::from(joined),
        }
    }

    fn part(&self, index: usize) -> &str {
        self.joined.split(SEPARATOR).nth(index).unwrap_or("")
    }

    /// The message id.
    pub fn message_id(&self) -> &str {
        self.part(0)
    }

    /// The event type, e.g. `message-delivered`.
    pub fn event_type(&self) -> &str {
        self.part(1)
    }

    /// The recipient the event is about (the event's `to`).
    pub fn recipient(&self) -> &str {
        self.part(2)
    }

    /// The event time in RFC 3339.
    pub fn time(&self) -> &str {
        self.part(3)
    }
}

fn push_parts<const N: usize>(joined: &mut String, parts: [&str; N]) {
    for (index, part) in parts.into_iter().enumerate() {
        if index > 0 {
            joined.push(SEPARATOR);
        }
        push_part(joined, part);
    }
}

fn push_part(joined: &mut String, part: &str) {
    if part.contains(SEPARATOR) {
        joined.extend(part.chars().map(|c| {
            if c == SEPARATOR {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        }));
    } else {
        joined.push_str(part);
    }
}

impl fmt::Debug for DedupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DedupKey")
            .field("message_id", &self.message_id())
            .field("event_type", &self.event_type())
            .field("recipient", &self.recipient())
            .field("time", &self.time())
            .finish()
    }
}

/// A dedup store could not answer (e.g. its database is down).
#[derive(Debug, thiserror::Error)]
#[error("dedup store: {message}")]
pub struct DedupError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl DedupError {
    /// An error with a message and the underlying cause.
    pub fn new(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// An error with only a message.
    pub fn msg(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }
}

impl DedupKey {
    /// A fixed-size (32-byte SHA-256) digest of the key: what stores remember, so a huge `message.id` costs a
    /// store no more than a short one. Stable across processes and versions (stores shared by replicas rely
    /// on it).
    pub fn digest(&self) -> [u8; 32] {
        let digest = ring::digest::digest(&ring::digest::SHA256, self.joined.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(digest.as_ref());
        out
    }
}

/// Identifies one claim on an event: only the holder of the token can complete or abandon it. 128 bits, unique
/// across processes (a per-process random seed and a counter), so replicas sharing a store never mix claims.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimToken(u128);

impl ClaimToken {
    /// A new token, different from every other token of this and (with overwhelming probability) any process.
    pub fn new() -> Self {
        use std::hash::{BuildHasher, Hasher};
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicU64, Ordering};
        static SEED: OnceLock<u64> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let seed = *SEED.get_or_init(|| {
            // RandomState is seeded from the OS's randomness; mix in the pid and the time for good measure.
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u32(std::process::id());
            hasher.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            hasher.finish()
        });
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        Self((u128::from(seed) << 64) | u128::from(count))
    }

    /// The token as a number (for stores that write it out).
    pub fn as_u128(self) -> u128 {
        self.0
    }

    /// A token read back from a store.
    pub fn from_u128(value: u128) -> Self {
        Self(value)
    }
}

impl Default for ClaimToken {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ClaimToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClaimToken({:032x})", self.0)
    }
}

impl fmt::Display for ClaimToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

/// The answer of [`DedupStore::begin`], given in one atomic step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Nobody handled or is handling the event: the caller now holds it and must [`complete`](DedupStore::complete)
    /// or [`abandon`](DedupStore::abandon) it with this token. The claim lapses by itself when its lease ends.
    Claimed(ClaimToken),
    /// Another delivery holds a live claim on the event (its handler may still fail): the receiver answers 503
    /// with `Retry-After`, so Bandwidth delivers again later.
    InProgress,
    /// The event was handled within the retention window: acknowledge without calling the handler.
    Done,
}

/// Remembers which events are being handled and which were handled, with an atomic claim protocol.
///
/// For each event with a [`DedupKey`] the receiver calls [`begin`](DedupStore::begin) with a lease longer
/// than its deadline. On [`Claim::Claimed`] it runs the handler, then calls [`complete`](DedupStore::complete)
/// with the retention TTL (derived from Bandwidth's retry window) when the handler succeeded, or
/// [`abandon`](DedupStore::abandon) when it failed, timed out or its request was cancelled (a drop guard does
/// this, so a dropped future abandons too). Two deliveries of one event can therefore never both run the
/// handler while the first claim is live: the second sees [`Claim::InProgress`] and gets 503.
///
/// When `begin` fails the receiver answers 503 (Bandwidth retries later) and never runs the handler
/// unprotected. When `complete` fails the event was handled, so the receiver still acknowledges it and logs a
/// warning; the claim then lapses at the end of its lease and a later redelivery may run the handler again.
///
/// Implementations: [`MemoryDedupStore`] (one process), `RedisDedupStore` (feature `redis`, shared by
/// replicas), [`NoDedup`]. Stores should keep only [`DedupKey::digest`], never the key's parts.
pub trait DedupStore: Send + Sync + 'static {
    /// `false` for a store that never remembers anything ([`NoDedup`]): the receiver then skips building keys.
    const ENABLED: bool = true;

    /// Claims the event for `lease`, or says who has it, in one atomic step. A claim whose lease has ended
    /// counts as absent.
    fn begin(
        &self,
        key: &DedupKey,
        lease: Duration,
    ) -> impl Future<Output = Result<Claim, DedupError>> + Send;

    /// Records the claimed event as handled for `ttl`, if `token` still holds the claim (or nobody does).
    fn complete(
        &self,
        key: &DedupKey,
        token: ClaimToken,
        ttl: Duration,
    ) -> impl Future<Output = Result<(), DedupError>> + Send;

    /// Releases the claim if `token` still holds it, so the next delivery can handle the event.
    fn abandon(
        &self,
        key: &DedupKey,
        token: ClaimToken,
    ) -> impl Future<Output = Result<(), DedupError>> + Send;
}

/// A store that remembers nothing: every delivery reaches the handler.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDedup;

impl DedupStore for NoDedup {
    const ENABLED: bool = false;

    fn begin(
        &self,
        _key: &DedupKey,
        _lease: Duration,
    ) -> impl Future<Output = Result<Claim, DedupError>> + Send {
        std::future::ready(Ok(Claim::Claimed(ClaimToken(0))))
    }

    fn complete(
        &self,
        _key: &DedupKey,
        _token: ClaimToken,
        _ttl: Duration,
    ) -> impl Future<Output = Result<(), DedupError>> + Send {
        std::future::ready(Ok(()))
    }

    fn abandon(
        &self,
        _key: &DedupKey,
        _token: ClaimToken,
    ) -> impl Future<Output = Result<(), DedupError>> + Send {
        std::future::ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_parts_round_trip_and_separator_cannot_collide() {
        let k = DedupKey::new("a", "message-failed", "+1", "t");
        assert_eq!(
            (k.message_id(), k.event_type(), k.recipient(), k.time()),
            ("a", "message-failed", "+1", "t")
        );
        let left = DedupKey::new("a\0b", "c", "d", "e");
        let right = DedupKey::new("a", "b\0c", "d", "e");
        assert_ne!(left, right);
        assert_eq!(left.message_id(), "a\u{FFFD}b");
        let at: jiff::Timestamp = "2025-01-06T15:44:05.100Z".parse().unwrap();
        assert_eq!(
            DedupKey::from_timestamp("a", "b", "c", at),
            DedupKey::new("a", "b", "c", "2025-01-06T15:44:05.1Z")
        );
    }

    #[test]
    fn digests_are_fixed_size_and_tell_keys_apart() {
        let huge = "x".repeat(1 << 20);
        let a = DedupKey::new(&huge, "message-delivered", "+1", "t");
        let b = DedupKey::new("m", "message-delivered", "+1", "t");
        assert_eq!(a.digest().len(), 32);
        assert_ne!(a.digest(), b.digest());
        assert_eq!(
            b.digest(),
            DedupKey::new("m", "message-delivered", "+1", "t").digest()
        );
    }
}
