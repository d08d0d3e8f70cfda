//! A claim table in Redis, shared by every receiver replica (feature `redis`).

use std::fmt;
use std::future::Future;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{Claim, ClaimToken, DedupError, DedupKey, DedupStore};

/// Marks the event done for `ARGV[2]` ms if the claim `ARGV[1]` still holds it or nobody does.
const COMPLETE: &str = r"
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] or not held then
  redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2])
  return 1
end
return 0
";

/// Deletes the claim `ARGV[1]` if it still holds the event.
const ABANDON: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

/// The value of a claimed key (`done` marks a completed event).
const DONE: &str = "done";

/// Claims and completed events in Redis, so replicas behind a load balancer deduplicate between them.
///
/// One key per event, `<prefix><hex SHA-256 of the dedup key>` (64 hex digits whatever the event's size):
/// - [`begin`](DedupStore::begin): `SET key processing:<token> NX PX <lease>`; when the key exists, `GET`
///   tells `done` ([`Claim::Done`]) from another claim ([`Claim::InProgress`]);
/// - [`complete`](DedupStore::complete): a Lua compare-and-set to `done` with the retention TTL, only if this
///   token still holds the claim (or the key lapsed);
/// - [`abandon`](DedupStore::abandon): a Lua compare-and-delete, only if this token still holds it.
///
/// The connection is a `redis` [`ConnectionManager`]: it reconnects by itself after Redis restarts. Each command
/// times out after [`RedisDedupStore::RESPONSE_TIMEOUT`]; while Redis cannot be reached `begin` fails, so the
/// receiver answers 503 and Bandwidth delivers again later: the handler never runs unprotected and no event
/// is acknowledged unhandled.
///
/// # The guarantee
/// Given a durable Redis (AOF with `appendfsync always`, or a replica that cannot lose acknowledged writes; a
/// Redis that restarts empty forgets completed events, so their redeliveries run the handler again):
/// **each event's handler completes successfully at most once within the retention window (25 h), and at
/// least once as long as Bandwidth keeps retrying**, across any number of replicas sharing the Redis, provided
/// the handler's effect and the `complete` call are not separated by a crash. If a process dies after the
/// handler's effect but before `complete` reached Redis, the claim lapses at the end of its lease and a
/// redelivery runs the handler again. A handler still running when its lease ends could be overtaken; the
/// receiver's deadline (which drops the handler) is always shorter than the lease.
///
/// # The stronger pattern
/// When the handler writes to a database, record the event's digest in the **same transaction** as its effect,
/// with a unique constraint; the handler then is idempotent by itself and the claim only saves work:
///
/// ```text
/// BEGIN;
///   INSERT INTO handled_events (digest) VALUES ($1);   -- unique: a second run fails here and rolls back
///   UPDATE messages SET status = 'delivered' WHERE id = $2;
/// COMMIT;
/// ```
///
/// ```no_run
/// use bandwidth_messaging::generated::webhooks::Event;
/// use bandwidth_messaging::webhook::{RedisDedupStore, Receiver};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let store = RedisDedupStore::connect("redis://127.0.0.1:6379/").await?;
/// let receiver = Receiver::builder()
///     .dedup_store(store)
///     .handler(|event: Event| async move {
///         // In the same transaction as the effect: INSERT the digest, then apply the change.
///         let _digest = event.dedup_key().map(|key| key.digest());
///         Ok::<_, std::convert::Infallible>(())
///     })
///     .build();
/// # let _ = receiver; Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisDedupStore {
    connection: ConnectionManager,
    prefix: String,
    complete: redis::Script,
    abandon: redis::Script,
}

impl fmt::Debug for RedisDedupStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisDedupStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisDedupStore {
    /// The default key prefix.
    pub const DEFAULT_PREFIX: &'static str = "bandwidth-messaging:webhook:";
    /// How long one command may take before the store reports an error (the receiver then answers 503).
    pub const RESPONSE_TIMEOUT: Duration = Duration::from_secs(1);
    /// How long `complete` and `abandon` keep trying while Redis is unreachable (`begin` does not retry: the
    /// receiver answers 503 at once).
    pub const PERSIST_BUDGET: Duration = Duration::from_secs(3);

    /// Connects to `url` (`redis://host:port/db`, credentials in the URL if any) with the default prefix.
    pub async fn connect(url: &str) -> Result<Self, DedupError> {
        Self::connect_with_prefix(url, Self::DEFAULT_PREFIX).await
    }

    /// Connects with a key prefix of your own (to share a Redis between applications).
    pub async fn connect_with_prefix(url: &str, prefix: &str) -> Result<Self, DedupError> {
        let client = redis::Client::open(url)
            .map_err(|error| DedupError::new("invalid Redis URL", error))?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(Self::RESPONSE_TIMEOUT))
            .set_connection_timeout(Some(Self::RESPONSE_TIMEOUT))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_millis(200));
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|error| DedupError::new("could not connect to Redis", error))?;
        Ok(Self {
            connection,
            prefix: prefix.to_owned(),
            complete: redis::Script::new(COMPLETE),
            abandon: redis::Script::new(ABANDON),
        })
    }

    fn redis_key(&self, key: &DedupKey) -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(self.prefix.len() + 64);
        out.push_str(&self.prefix);
        for byte in key.digest() {
            // Writing into a String cannot fail.
            let _ = write!(out, "{byte:02x}");
        }
        out
    }

    async fn claim(&self, key: &DedupKey, lease: Duration) -> Result<Claim, DedupError> {
        let redis_key = self.redis_key(key);
        let mut connection = self.connection.clone();
        // A key that lapses between SET and GET is claimed on the next round.
        for _ in 0..3 {
            let token = ClaimToken::new();
            let set: Option<String> = redis::cmd("SET")
                .arg(&redis_key)
                .arg(processing(token))
                .arg("NX")
                .arg("PX")
                .arg(millis(lease))
                .query_async(&mut connection)
                .await
                .map_err(unavailable)?;
            if set.is_some() {
                return Ok(Claim::Claimed(token));
            }
            let held: Option<String> = redis::cmd("GET")
                .arg(&redis_key)
                .query_async(&mut connection)
                .await
                .map_err(unavailable)?;
            match held.as_deref() {
                Some(DONE) => return Ok(Claim::Done),
                Some(_) => return Ok(Claim::InProgress),
                None => continue,
            }
        }
        Ok(Claim::InProgress)
    }
}

fn processing(token: ClaimToken) -> String {
    format!("processing:{token}")
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}

/// Runs a `complete` or `abandon` command again after a failure, for up to [`RedisDedupStore::PERSIST_BUDGET`]:
/// a Redis restart shorter than that loses neither a completion (which would let a redelivery run the handler
/// again) nor an abandon (which would hold the event until its lease lapses).
async fn persist<F, Fut>(mut attempt: F) -> Result<(), DedupError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = redis::RedisResult<i64>>,
{
    let started = tokio::time::Instant::now();
    let mut pause = Duration::from_millis(20);
    loop {
        match attempt().await {
            Ok(_) => return Ok(()),
            Err(error) if started.elapsed() + pause > RedisDedupStore::PERSIST_BUDGET => {
                return Err(unavailable(error));
            }
            Err(_) => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(250));
            }
        }
    }
}

fn unavailable(error: redis::RedisError) -> DedupError {
    DedupError::new("Redis did not answer", error)
}

impl DedupStore for RedisDedupStore {
    fn begin(
        &self,
        key: &DedupKey,
        lease: Duration,
    ) -> impl Future<Output = Result<Claim, DedupError>> + Send {
        self.claim(key, lease)
    }

    fn complete(
        &self,
        key: &DedupKey,
        token: ClaimToken,
        ttl: Duration,
    ) -> impl Future<Output = Result<(), DedupError>> + Send {
        let redis_key = self.redis_key(key);
        let connection = self.connection.clone();
        async move {
            let value = processing(token);
            let ttl = millis(ttl);
            persist(|| {
                let mut connection = connection.clone();
                let (redis_key, value) = (&redis_key, &value);
                async move {
                    self.complete
                        .key(redis_key)
                        .arg(value)
                        .arg(ttl)
                        .invoke_async::<i64>(&mut connection)
                        .await
                }
            })
            .await
        }
    }

    fn abandon(
        &self,
        key: &DedupKey,
        token: ClaimToken,
    ) -> impl Future<Output = Result<(), DedupError>> + Send {
        let redis_key = self.redis_key(key);
        let connection = self.connection.clone();
        async move {
            let value = processing(token);
            persist(|| {
                let mut connection = connection.clone();
                let (redis_key, value) = (&redis_key, &value);
                async move {
                    self.abandon
                        .key(redis_key)
                        .arg(value)
                        .invoke_async::<i64>(&mut connection)
                        .await
                }
            })
            .await
        }
    }
}
