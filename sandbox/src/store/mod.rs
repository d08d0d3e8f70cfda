//! The embedded SQLite database: metadata, the transactional outbox, delivery attempts, media and
//! applications created at run time.
//!
//! In memory by default, a file with `--data PATH` (WAL journal). All writes go through one writer
//! thread that commits them in batches ([`writer`]); a request that must be durable before it is
//! answered (createMessage, media upload) waits for its batch's commit. Reads use their own
//! connections when the database is a file, and share the writer's connection in memory.

pub mod inspect;
mod query;
pub mod rows;
mod schema;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{mpsc, oneshot};

pub use query::{
    AttemptInfo, Cursor, DeliveryInfo, DeliveryQuery, ListPage, ListQuery, ListedRow, SortField,
    Stats, StoredApplication, TnFilter,
};
pub use rows::{
    AttemptRecord, CallbackKind, Delivery, DeliveryState, MediaListing, MediaRow, MessageRow,
    NewDelivery,
};
use writer::WriteOp;

/// A database failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database file could not be opened.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The writer thread has stopped (the emulator is shutting down).
    #[error("the database writer has stopped")]
    WriterGone,
    /// A background read task failed.
    #[error("database read task failed: {0}")]
    Task(String),
}

/// Handle to the database (cheap to clone).
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    writes: std::sync::mpsc::Sender<WriteOp>,
    readers: Vec<Arc<Mutex<Connection>>>,
    next_reader: AtomicUsize,
    next_row_seq: AtomicI64,
    next_outbox_id: AtomicI64,
    path: Option<PathBuf>,
    writer_thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

/// What [`Store::open`] hands back besides the store: the outbox rows still pending from a previous run.
pub struct Opened {
    /// The store.
    pub store: Store,
    /// Deliveries to resume.
    pub pending: Vec<Delivery>,
    /// Applications created through the admin API in a previous run (JSON documents).
    pub applications: Vec<StoredApplication>,
}

impl Store {
    /// Opens (or creates) the database: in memory when `path` is `None`. Every committed batch of new
    /// deliveries is sent to `committed`.
    pub fn open(
        path: Option<&Path>,
        committed: mpsc::UnboundedSender<Vec<Delivery>>,
    ) -> Result<Opened, StoreError> {
        let (writer_conn, readers) = match path {
            None => {
                let conn = Connection::open_in_memory()?;
                conn.execute_batch(schema::CONNECTION_PRAGMAS)?;
                conn.execute_batch(schema::SCHEMA)?;
                let shared = Arc::new(Mutex::new(conn));
                (shared.clone(), vec![shared])
            }
            Some(path) => {
                restrict_permissions(path)?;
                let open = |flags| {
                    Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
                        path: path.to_owned(),
                        source,
                    })
                };
                let conn = open(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)?;
                conn.busy_timeout(std::time::Duration::from_secs(5))?;
                let mode: String =
                    conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
                if !mode.eq_ignore_ascii_case("wal") {
                    tracing::warn!(journal_mode = %mode, "SQLite did not switch to WAL");
                }
                conn.execute_batch(schema::CONNECTION_PRAGMAS)?;
                conn.execute_batch(schema::SCHEMA)?;
                let mut readers = Vec::new();
                for _ in 0..2 {
                    let reader = open(OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                    reader.busy_timeout(std::time::Duration::from_secs(5))?;
                    reader.execute_batch(schema::CONNECTION_PRAGMAS)?;
                    readers.push(Arc::new(Mutex::new(reader)));
                }
                (Arc::new(Mutex::new(conn)), readers)
            }
        };

        let (pending, applications, max_seq, max_outbox) = {
            let conn = writer_conn
                .lock()
                .map_err(|_| StoreError::Task("poisoned connection".into()))?;
            let pending = query::pending_deliveries(&conn)?;
            let applications = query::stored_applications(&conn)?;
            let max_seq: i64 =
                conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM message_rows", [], |r| {
                    r.get(0)
                })?;
            let max_outbox: i64 =
                conn.query_row("SELECT COALESCE(MAX(id), 0) FROM outbox", [], |r| r.get(0))?;
            (pending, applications, max_seq, max_outbox)
        };

        let (writes, receiver) = std::sync::mpsc::channel();
        let thread = writer::spawn(writer_conn, receiver, committed)?;
        let store = Store {
            inner: Arc::new(Inner {
                writes,
                readers,
                next_reader: AtomicUsize::new(0),
                next_row_seq: AtomicI64::new(max_seq + 1),
                next_outbox_id: AtomicI64::new(max_outbox + 1),
                path: path.map(Path::to_owned),
                writer_thread: Mutex::new(Some(thread)),
            }),
        };
        Ok(Opened {
            store,
            pending,
            applications,
        })
    }

    /// The database file, if any.
    pub fn path(&self) -> Option<&Path> {
        self.inner.path.as_deref()
    }

    /// A fresh list-row number.
    pub fn next_row_seq(&self) -> i64 {
        self.inner.next_row_seq.fetch_add(1, Ordering::Relaxed)
    }

    /// A fresh outbox id.
    pub fn next_outbox_id(&self) -> i64 {
        self.inner.next_outbox_id.fetch_add(1, Ordering::Relaxed)
    }

    fn send(&self, op: WriteOp) -> Result<(), StoreError> {
        self.inner
            .writes
            .send(op)
            .map_err(|_| StoreError::WriterGone)
    }

    async fn send_and_wait<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, StoreError>>) -> WriteOp,
    ) -> Result<T, StoreError> {
        let (done, wait) = oneshot::channel();
        self.send(make(done))?;
        wait.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Writes an accepted message's list rows and its outbox rows in one transaction and returns once
    /// committed. The deliveries go to the scheduler after the commit.
    pub async fn accept(
        &self,
        rows: Vec<MessageRow>,
        deliveries: Vec<NewDelivery>,
    ) -> Result<(), StoreError> {
        self.send_and_wait(|done| WriteOp::Accept {
            rows,
            deliveries,
            done,
        })
        .await
    }

    /// Records an attempt and the outbox row's new state (batched, not waited for). When the event is
    /// finished, `listing_seq`'s row becomes visible in the list API at `finished_ms`.
    pub fn record_attempt(
        &self,
        record: AttemptRecord,
        listing_seq: Option<i64>,
        finished_ms: i64,
    ) -> Result<(), StoreError> {
        self.send(WriteOp::Attempt {
            record,
            listing_seq,
            finished_ms,
        })
    }

    /// Stores (or replaces) a media file and returns once committed.
    pub async fn put_media(&self, media: MediaRow) -> Result<(), StoreError> {
        self.send_and_wait(|done| WriteOp::PutMedia { media, done })
            .await
    }

    /// Deletes a media file; `false` when it did not exist.
    pub async fn delete_media(&self, account_id: String, name: String) -> Result<bool, StoreError> {
        self.send_and_wait(|done| WriteOp::DeleteMedia {
            account_id,
            name,
            done,
        })
        .await
    }

    /// Deletes media past their retention, and list rows and finished outbox rows (with their attempts)
    /// older than the search window.
    pub fn purge(&self, now_ms: i64, rows_before_ms: i64) -> Result<(), StoreError> {
        self.send(WriteOp::Purge {
            now_ms,
            rows_before_ms,
        })
    }

    /// Persists an application created or changed at run time.
    pub async fn put_application(&self, id: String, json: String) -> Result<(), StoreError> {
        self.send_and_wait(|done| WriteOp::PutApplication { id, json, done })
            .await
    }

    /// Puts a given-up event back in the delivery queue, due now, with a fresh retry window (the
    /// inspector's "redeliver"); `false` when `id` is not a given-up event.
    pub async fn redeliver(&self, id: i64, now_ms: i64) -> Result<bool, StoreError> {
        self.send_and_wait(|done| WriteOp::Redeliver { id, now_ms, done })
            .await
    }

    /// Returns once every write sent before it is committed.
    pub async fn flush(&self) -> Result<(), StoreError> {
        self.send_and_wait(|done| WriteOp::Flush { done }).await
    }

    /// Flushes, checkpoints the WAL and stops the writer thread. Later writes fail with
    /// [`StoreError::WriterGone`].
    pub async fn close(&self) -> Result<(), StoreError> {
        let result = self.send_and_wait(|done| WriteOp::Close { done }).await;
        let thread = self
            .inner
            .writer_thread
            .lock()
            .ok()
            .and_then(|mut slot| slot.take());
        if let Some(thread) = thread {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
        result
    }

    /// Runs a read on one of the read connections, off the async threads.
    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let index =
            self.inner.next_reader.fetch_add(1, Ordering::Relaxed) % self.inner.readers.len();
        let conn = self.inner.readers[index].clone();
        tokio::task::spawn_blocking(move || {
            let guard = conn
                .lock()
                .map_err(|_| StoreError::Task("poisoned connection".into()))?;
            f(&guard)
        })
        .await
        .map_err(|error| StoreError::Task(error.to_string()))?
    }

    /// One page of the list API.
    pub async fn list_messages(&self, query: ListQuery) -> Result<ListPage, StoreError> {
        self.read(move |conn| query::list_messages(conn, &query))
            .await
    }

    /// A media file, unless missing or expired at `now_ms`.
    pub async fn get_media(
        &self,
        account_id: String,
        name: String,
        now_ms: i64,
    ) -> Result<Option<MediaRow>, StoreError> {
        self.read(move |conn| query::get_media(conn, &account_id, &name, now_ms))
            .await
    }

    /// Up to `limit` media names after `after` (sorted by name), and whether more follow.
    pub async fn list_media(
        &self,
        account_id: String,
        after: Option<String>,
        limit: usize,
        now_ms: i64,
    ) -> Result<(Vec<MediaListing>, bool), StoreError> {
        self.read(move |conn| query::list_media(conn, &account_id, after.as_deref(), limit, now_ms))
            .await
    }

    /// Outbox rows with their attempts, for the admin API.
    pub async fn deliveries(&self, query: DeliveryQuery) -> Result<Vec<DeliveryInfo>, StoreError> {
        self.read(move |conn| query::deliveries(conn, &query)).await
    }

    /// Counters for the admin API.
    pub async fn stats(&self) -> Result<Stats, StoreError> {
        self.read(query::stats).await
    }

    /// The stored body of an outbox row (admin API; inbound bodies are stored without text).
    pub async fn delivery_body(&self, id: i64) -> Result<Option<Bytes>, StoreError> {
        self.read(move |conn| query::delivery_body(conn, id)).await
    }
}

/// Creates the database file readable and writable by its owner only (`0600`), or narrows an
/// existing one to that mode; SQLite gives its `-wal` and `-shm` files the database's mode.
fn restrict_permissions(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let failed = |error: std::io::Error| {
            StoreError::Task(format!(
                "cannot create database {}: {error}",
                path.display()
            ))
        };
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(failed)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(failed)?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bandwidth_messaging::generated::models::{
        ListMessageDirectionEnum, MessageStatusEnum, MessageTypeEnum,
    };

    fn row(seq: i64, receive_time_ms: i64) -> MessageRow {
        MessageRow {
            seq,
            message_id: format!("m{seq}"),
            account_id: "1".into(),
            application_id: "a".into(),
            source_tn: "+15557654321".into(),
            destination_tn: "+15551234567".into(),
            status: MessageStatusEnum::Delivered,
            direction: ListMessageDirectionEnum::Outbound,
            message_type: MessageTypeEnum::Sms,
            segment_count: 1,
            error_code: 0,
            receive_time_ms,
            message_length: 2,
            message_size: Some(2),
            attachment_count: Some(0),
            recipient_count: Some(1),
            product: Some("LOCAL_A2P"),
            calling_country: Some("USA"),
            called_country: Some("USA"),
            visible_at_ms: Some(receive_time_ms),
        }
    }

    #[tokio::test]
    async fn purge_drops_rows_past_the_window_and_expired_media() {
        let (tx, _rx) = mpsc::unbounded_channel();
        let store = Store::open(None, tx).expect("store").store;
        store
            .accept(vec![row(1, 1_000), row(2, 50_000)], Vec::new())
            .await
            .expect("accepted");
        store
            .put_media(MediaRow {
                account_id: "1".into(),
                name: "old.txt".into(),
                content_type: "text/plain".into(),
                cache_control: None,
                created_ms: 0,
                expires_ms: 10_000,
                bytes: Bytes::from_static(b"x"),
            })
            .await
            .expect("media");
        store.purge(20_000, 10_000).expect("purge sent");
        store.flush().await.expect("flushed");
        let stats = store.stats().await.expect("stats");
        assert_eq!(
            stats.message_rows, 1,
            "the row received at 1 s is past the window"
        );
        assert_eq!(stats.media, 0, "the media expired at 10 s");
        store.close().await.expect("closed");
        assert!(matches!(store.flush().await, Err(StoreError::WriterGone)));
    }
}
