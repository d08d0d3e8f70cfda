//! Recognising redeliveries: Bandwidth delivers at least once and retries for 24 hours, so the same event can
//! arrive more than once. A [`DedupStore`] remembers the events a handler already processed.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

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
    /// The four parts joined by `\0` (which none of them can hold in practice) in one allocation, so an
    /// in-memory store costs one small string per remembered event.
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

/// Remembers which events were already handled.
///
/// The receiver asks [`DedupStore::contains`] before calling the handler and calls [`DedupStore::insert`] only
/// after the handler succeeded, so an event whose handler failed is handled again on redelivery. When
/// `contains` fails the receiver answers 503 (Bandwidth retries later); when `insert` fails the event was
/// handled, so the receiver still acknowledges it and logs a warning (a later redelivery may then reach the
/// handler a second time).
///
/// Implement it over a shared database to deduplicate across several receiver processes; the default
/// [`MemoryDedupStore`] works within one process.
///
/// The check and the record are two steps, not one: two deliveries of the same event handled at the same moment
/// can both reach the handler. Bandwidth retries a delivery only after it failed or timed out (10 s, more than
/// the receiver's default handler deadline), so this needs a redelivery racing a still-running first attempt.
pub trait DedupStore: Send + Sync + 'static {
    /// `false` for a store that never remembers anything ([`NoDedup`]): the receiver then skips building keys.
    const ENABLED: bool = true;

    /// `true` when the event was recorded as handled within the store's window.
    fn contains(&self, key: &DedupKey) -> impl Future<Output = Result<bool, DedupError>> + Send;
    /// Records the event as handled.
    fn insert(&self, key: DedupKey) -> impl Future<Output = Result<(), DedupError>> + Send;
}

/// A store that remembers nothing: every delivery reaches the handler.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDedup;

impl DedupStore for NoDedup {
    const ENABLED: bool = false;

    fn contains(&self, _key: &DedupKey) -> impl Future<Output = Result<bool, DedupError>> + Send {
        std::future::ready(Ok(false))
    }

    fn insert(&self, _key: DedupKey) -> impl Future<Output = Result<(), DedupError>> + Send {
        std::future::ready(Ok(()))
    }
}

/// The in-process default: remembers each handled event for a window (25 hours by default, longer than
/// Bandwidth's 24-hour retry window), holding at most a fixed number of events (100 000 by default; when full,
/// the oldest is forgotten first).
///
/// Memory: one entry costs about 100 bytes plus the length of its four parts (typically ~80 bytes), so the
/// default cap is roughly 20 MB at most. Size the cap to the events you receive per retry window.
///
/// ```
/// use std::time::Duration;
/// use bandwidth_messaging::webhook::{DedupKey, DedupStore, MemoryDedupStore};
///
/// # let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let store = MemoryDedupStore::new(Duration::from_secs(25 * 3600), 10_000);
/// let key = DedupKey::new("m-1", "message-delivered", "+15550000001", "2025-01-06T15:44:05Z");
/// assert!(!store.contains(&key).await?);
/// store.insert(key.clone()).await?;
/// assert!(store.contains(&key).await?);
/// # Ok::<(), bandwidth_messaging::webhook::DedupError>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct MemoryDedupStore {
    inner: Arc<Mutex<Window>>,
}

#[derive(Debug)]
struct Window {
    ttl: Duration,
    capacity: usize,
    /// When each remembered key was (last) recorded.
    seen: HashMap<DedupKey, Instant>,
    /// Keys in recording order; a key recorded again appears twice and only its last entry counts.
    order: VecDeque<(Instant, DedupKey)>,
}

impl MemoryDedupStore {
    /// The default window: 25 hours, one more than Bandwidth's retry window.
    pub const DEFAULT_TTL: Duration = Duration::from_secs(25 * 3600);
    /// The default number of remembered events.
    pub const DEFAULT_CAPACITY: usize = 100_000;

    /// A store remembering events for `ttl`, at most `capacity` of them (a capacity of 0 is taken as 1).
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        let window = Window {
            ttl,
            capacity: capacity.max(1),
            seen: HashMap::new(),
            order: VecDeque::new(),
        };
        Self {
            inner: Arc::new(Mutex::new(window)),
        }
    }

    /// Number of events remembered now.
    pub fn len(&self) -> usize {
        self.lock().seen.len()
    }

    /// `true` when no event is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        // The window holds no invariant a panicking thread could break halfway, so a poisoned lock is usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn contains_at(&self, key: &DedupKey, now: Instant) -> bool {
        let mut window = self.lock();
        window.expire(now);
        window
            .seen
            .get(key)
            .is_some_and(|recorded| now.saturating_duration_since(*recorded) < window.ttl)
    }

    fn insert_at(&self, key: DedupKey, now: Instant) {
        let mut window = self.lock();
        window.expire(now);
        window.seen.insert(key.clone(), now);
        window.order.push_back((now, key));
        while window.seen.len() > window.capacity {
            if !window.pop_oldest() {
                break;
            }
        }
    }
}

impl Window {
    /// Forgets the oldest entry; `false` when there is none.
    fn pop_oldest(&mut self) -> bool {
        let Some((recorded, key)) = self.order.pop_front() else {
            return false;
        };
        // Only the key's latest recording counts: an older queue entry of a re-recorded key is skipped.
        if self.seen.get(&key) == Some(&recorded) {
            self.seen.remove(&key);
        }
        true
    }

    fn expire(&mut self, now: Instant) {
        while let Some((recorded, _)) = self.order.front() {
            if now.saturating_duration_since(*recorded) < self.ttl {
                break;
            }
            self.pop_oldest();
        }
        // Re-recorded keys leave stale queue entries behind; compact when they dominate.
        if self.order.len() > 2 * self.seen.len() + 64 {
            let seen = &self.seen;
            self.order
                .retain(|(recorded, key)| seen.get(key) == Some(recorded));
        }
    }
}

impl Default for MemoryDedupStore {
    fn default() -> Self {
        Self::new(Self::DEFAULT_TTL, Self::DEFAULT_CAPACITY)
    }
}

impl DedupStore for MemoryDedupStore {
    fn contains(&self, key: &DedupKey) -> impl Future<Output = Result<bool, DedupError>> + Send {
        std::future::ready(Ok(self.contains_at(key, Instant::now())))
    }

    fn insert(&self, key: DedupKey) -> impl Future<Output = Result<(), DedupError>> + Send {
        self.insert_at(key, Instant::now());
        std::future::ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: usize) -> DedupKey {
        DedupKey::new(
            &format!("m-{n}"),
            "message-delivered",
            "+15550000001",
            "2025-01-06T15:44:05Z",
        )
    }

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
    fn remembers_within_the_window_and_forgets_after() {
        let store = MemoryDedupStore::new(Duration::from_secs(24 * 3600), 10);
        let start = Instant::now();
        store.insert_at(key(1), start);
        assert!(store.contains_at(&key(1), start + Duration::from_secs(24 * 3600 - 1)));
        assert!(!store.contains_at(&key(2), start));
        assert!(!store.contains_at(&key(1), start + Duration::from_secs(24 * 3600)));
        assert!(store.is_empty(), "expired entries are dropped");
    }

    #[test]
    fn capacity_evicts_the_oldest_first() {
        let store = MemoryDedupStore::new(MemoryDedupStore::DEFAULT_TTL, 3);
        let start = Instant::now();
        for n in 0..5 {
            store.insert_at(key(n), start + Duration::from_millis(n as u64));
        }
        assert_eq!(store.len(), 3);
        let now = start + Duration::from_secs(1);
        assert!(!store.contains_at(&key(0), now));
        assert!(!store.contains_at(&key(1), now));
        assert!((2..5).all(|n| store.contains_at(&key(n), now)));
    }

    #[test]
    fn re_recording_refreshes_and_keeps_memory_bounded() {
        let store = MemoryDedupStore::new(Duration::from_secs(10), 2);
        let start = Instant::now();
        store.insert_at(key(1), start);
        store.insert_at(key(2), start + Duration::from_secs(1));
        store.insert_at(key(1), start + Duration::from_secs(2));
        store.insert_at(key(3), start + Duration::from_secs(3));
        let now = start + Duration::from_secs(4);
        assert!(
            store.contains_at(&key(1), now),
            "key 1 was refreshed, key 2 is the oldest"
        );
        assert!(!store.contains_at(&key(2), now));
        assert!(store.contains_at(&key(3), now));
        for n in 0..1000 {
            store.insert_at(key(1), now + Duration::from_millis(n));
        }
        assert!(store.lock().order.len() <= 2 * 2 + 64 + 1);
    }
}
