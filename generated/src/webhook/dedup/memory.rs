//! The in-process claim table, bounded in bytes.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{Claim, ClaimToken, DedupError, DedupKey, DedupStore};

type Digest = [u8; 32];

/// The in-process default: claims and completed events in one table behind a mutex, so [`DedupStore::begin`]
/// is atomic within the process. It deduplicates nothing between processes: replicas need a shared store
/// (`RedisDedupStore`, feature `redis`).
///
/// **Memory bound**: the table holds at most [`MemoryDedupStore::capacity`] entries, computed from the byte
/// budget given to [`MemoryDedupStore::new`] (default [`MemoryDedupStore::DEFAULT_MAX_BYTES`], 32 MiB) divided
/// by [`MemoryDedupStore::ENTRY_BYTES`], an upper estimate of one entry's heap use (its 32-byte key digest and
/// state in the hash map at its worst load factor, plus its entries in the expiry queue). Keys are digests, so
/// the bound does not depend on the size of a `message.id`. When full, the oldest entry is forgotten first;
/// size the budget to the events you receive per retention window (25 hours by default).
///
/// ```
/// use std::time::Duration;
/// use bandwidth_messaging::webhook::{Claim, DedupKey, DedupStore, MemoryDedupStore};
///
/// # let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// # rt.block_on(async {
/// let store = MemoryDedupStore::new(1 << 20);
/// let key = DedupKey::new("m-1", "message-delivered", "+15550000001", "2025-01-06T15:44:05Z");
/// let Claim::Claimed(token) = store.begin(&key, Duration::from_secs(15)).await? else { panic!() };
/// assert_eq!(store.begin(&key, Duration::from_secs(15)).await?, Claim::InProgress);
/// store.complete(&key, token, Duration::from_secs(25 * 3600)).await?;
/// assert_eq!(store.begin(&key, Duration::from_secs(15)).await?, Claim::Done);
/// # Ok::<(), bandwidth_messaging::webhook::DedupError>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct MemoryDedupStore {
    inner: Arc<Mutex<Table>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Processing(ClaimToken),
    Done,
}

#[derive(Debug)]
struct Entry {
    state: State,
    expires: Instant,
    /// Which queue item is this entry's latest; older items of the same key are skipped.
    generation: u64,
}

#[derive(Debug)]
struct Table {
    capacity: usize,
    next_generation: u64,
    entries: HashMap<Digest, Entry>,
    /// Entries in the order they were (last) written.
    order: VecDeque<(Digest, u64)>,
}

impl MemoryDedupStore {
    /// The default byte budget: 32 MiB (about 130 000 events).
    pub const DEFAULT_MAX_BYTES: usize = 32 << 20;
    /// The bytes one entry is accounted for: the hash map slot (digest, state, expiry, generation and a
    /// control byte) doubled for the map's worst load factor, plus two expiry-queue items (the queue may hold a
    /// stale item per entry before it is compacted).
    pub const ENTRY_BYTES: usize =
        2 * (size_of::<Digest>() + size_of::<Entry>() + 1) + 2 * size_of::<(Digest, u64)>();

    /// A store using at most about `max_bytes` of heap (at least one entry).
    pub fn new(max_bytes: usize) -> Self {
        let table = Table {
            capacity: (max_bytes / Self::ENTRY_BYTES).max(1),
            next_generation: 0,
            entries: HashMap::new(),
            order: VecDeque::new(),
        };
        Self {
            inner: Arc::new(Mutex::new(table)),
        }
    }

    /// The most entries (claims and completed events) the store holds.
    pub fn capacity(&self) -> usize {
        self.lock().capacity
    }

    /// Number of entries held now (live claims and completed events).
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// `true` when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        // Each operation leaves the table consistent before it can panic, so a poisoned lock is usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn begin_at(&self, digest: Digest, lease: Duration, now: Instant) -> Claim {
        let mut table = self.lock();
        table.expire(now);
        match table.entries.get(&digest) {
            Some(entry) if entry.expires > now => match entry.state {
                State::Done => Claim::Done,
                State::Processing(_) => Claim::InProgress,
            },
            _ => {
                let token = ClaimToken::new();
                table.write(digest, State::Processing(token), now + lease);
                Claim::Claimed(token)
            }
        }
    }

    fn complete_at(&self, digest: Digest, token: ClaimToken, ttl: Duration, now: Instant) {
        let mut table = self.lock();
        table.expire(now);
        let ours = match table.entries.get(&digest) {
            None => true,
            Some(entry) => entry.expires <= now || entry.state == State::Processing(token),
        };
        if ours {
            table.write(digest, State::Done, now + ttl);
        }
    }

    fn abandon_at(&self, digest: Digest, token: ClaimToken) {
        let mut table = self.lock();
        if table
            .entries
            .get(&digest)
            .is_some_and(|entry| entry.state == State::Processing(token))
        {
            table.entries.remove(&digest);
        }
    }
}

impl Table {
    fn write(&mut self, digest: Digest, state: State, expires: Instant) {
        let generation = self.next_generation;
        self.next_generation += 1;
        self.entries.insert(
            digest,
            Entry {
                state,
                expires,
                generation,
            },
        );
        self.order.push_back((digest, generation));
        while self.entries.len() > self.capacity {
            if !self.pop_oldest() {
                break;
            }
        }
        if self.order.len() > 2 * self.entries.len() + 64 {
            let entries = &self.entries;
            self.order.retain(|(digest, generation)| {
                entries
                    .get(digest)
                    .is_some_and(|entry| entry.generation == *generation)
            });
        }
    }

    /// Forgets the oldest entry; `false` when there is none.
    fn pop_oldest(&mut self) -> bool {
        let Some((digest, generation)) = self.order.pop_front() else {
            return false;
        };
        if self
            .entries
            .get(&digest)
            .is_some_and(|entry| entry.generation == generation)
        {
            self.entries.remove(&digest);
        }
        true
    }

    /// Drops expired entries from the front of the queue (written first, so usually expiring first).
    fn expire(&mut self, now: Instant) {
        while let Some((digest, generation)) = self.order.front() {
            match self.entries.get(digest) {
                Some(entry) if entry.generation == *generation && entry.expires > now => break,
                _ => {
                    self.pop_oldest();
                }
            }
        }
    }
}

impl Default for MemoryDedupStore {
    fn default() -> Self {
        Self::new(Self::DEFAULT_MAX_BYTES)
    }
}

impl DedupStore for MemoryDedupStore {
    fn begin(
        &self,
        key: &DedupKey,
        lease: Duration,
    ) -> impl Future<Output = Result<Claim, DedupError>> + Send {
        std::future::ready(Ok(self.begin_at(key.digest(), lease, Instant::now())))
    }

    fn complete(
        &self,
        key: &DedupKey,
        token: ClaimToken,
        ttl: Duration,
    ) -> impl Future<Output = Result<(), DedupError>> + Send {
        self.complete_at(key.digest(), token, ttl, Instant::now());
        std::future::ready(Ok(()))
    }

    fn abandon(
        &self,
        key: &DedupKey,
        token: ClaimToken,
    ) -> impl Future<Output = Result<(), DedupError>> + Send {
        self.abandon_at(key.digest(), token);
        std::future::ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEASE: Duration = Duration::from_secs(10);
    const TTL: Duration = Duration::from_secs(24 * 3600);

    fn digest(n: u8) -> Digest {
        [n; 32]
    }

    fn claimed(claim: Claim) -> ClaimToken {
        match claim {
            Claim::Claimed(token) => token,
            other => panic!("expected a claim, got {other:?}"),
        }
    }

    #[test]
    fn claim_then_in_progress_then_done_then_forgotten() {
        let store = MemoryDedupStore::default();
        let start = Instant::now();
        let token = claimed(store.begin_at(digest(1), LEASE, start));
        assert_eq!(store.begin_at(digest(1), LEASE, start), Claim::InProgress);
        store.complete_at(digest(1), token, TTL, start);
        let later = start + TTL - Duration::from_secs(1);
        assert_eq!(store.begin_at(digest(1), LEASE, later), Claim::Done);
        claimed(store.begin_at(digest(1), LEASE, start + TTL));
    }

    #[test]
    fn abandon_releases_only_its_own_claim_and_leases_lapse() {
        let store = MemoryDedupStore::default();
        let start = Instant::now();
        let first = claimed(store.begin_at(digest(1), LEASE, start));
        store.abandon_at(digest(1), ClaimToken::new());
        assert_eq!(store.begin_at(digest(1), LEASE, start), Claim::InProgress);
        store.abandon_at(digest(1), first);
        let second = claimed(store.begin_at(digest(1), LEASE, start));
        // The second claim's lease lapses; a third delivery may claim; the stale second cannot complete over it.
        let third = claimed(store.begin_at(digest(1), LEASE, start + LEASE));
        store.complete_at(digest(1), second, TTL, start + LEASE);
        assert_eq!(
            store.begin_at(digest(1), LEASE, start + LEASE),
            Claim::InProgress
        );
        store.complete_at(digest(1), third, TTL, start + LEASE);
        assert_eq!(store.begin_at(digest(1), LEASE, start + LEASE), Claim::Done);
    }

    #[test]
    fn the_byte_budget_bounds_the_entries_and_evicts_the_oldest() {
        let store = MemoryDedupStore::new(3 * MemoryDedupStore::ENTRY_BYTES);
        assert_eq!(store.capacity(), 3);
        let start = Instant::now();
        for n in 0..5u8 {
            let now = start + Duration::from_millis(u64::from(n));
            let token = claimed(store.begin_at(digest(n), LEASE, now));
            store.complete_at(digest(n), token, TTL, now);
        }
        assert_eq!(store.len(), 3);
        let now = start + Duration::from_secs(1);
        assert_eq!(store.begin_at(digest(4), LEASE, now), Claim::Done);
        assert!(store.lock().order.len() <= 2 * 3 + 64 + 1);
        for _ in 0..1000 {
            let token = claimed(store.begin_at(digest(9), LEASE, now));
            store.abandon_at(digest(9), token);
        }
        assert!(store.lock().order.len() <= 2 * 3 + 64 + 1);
        const { assert!(MemoryDedupStore::ENTRY_BYTES < 300) };
    }
}
