//! The writer thread: takes write operations from a channel and commits them in batches.
//!
//! Each batch is one transaction; each operation runs in its own savepoint so a failing operation is
//! rolled back alone and reported to its sender while the rest of the batch commits. Waiting senders
//! are answered only after the commit, and new deliveries reach the scheduler only after the commit
//! (the transactional outbox).

use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, Transaction, params};
use tokio::sync::{mpsc, oneshot};

use super::StoreError;
use super::rows::{AttemptRecord, Delivery, DeliveryState, MediaRow, MessageRow, NewDelivery};

/// Operations in one batch at most.
const MAX_BATCH: usize = 1024;

pub(crate) enum WriteOp {
    Accept {
        rows: Vec<MessageRow>,
        deliveries: Vec<NewDelivery>,
        done: oneshot::Sender<Result<(), StoreError>>,
    },
    Attempt {
        record: AttemptRecord,
        listing_seq: Option<i64>,
        finished_ms: i64,
    },
    PutMedia {
        media: MediaRow,
        done: oneshot::Sender<Result<(), StoreError>>,
    },
    DeleteMedia {
        account_id: String,
        name: String,
        done: oneshot::Sender<Result<bool, StoreError>>,
    },
    Purge {
        now_ms: i64,
        rows_before_ms: i64,
    },
    PutApplication {
        id: String,
        json: String,
        done: oneshot::Sender<Result<(), StoreError>>,
    },
    Flush {
        done: oneshot::Sender<Result<(), StoreError>>,
    },
    Redeliver {
        id: i64,
        now_ms: i64,
        done: oneshot::Sender<Result<bool, StoreError>>,
    },
    Close {
        done: oneshot::Sender<Result<(), StoreError>>,
    },
}

/// What to do once the batch is committed.
enum AfterCommit {
    Unit(
        oneshot::Sender<Result<(), StoreError>>,
        Result<(), StoreError>,
    ),
    Bool(
        oneshot::Sender<Result<bool, StoreError>>,
        Result<bool, StoreError>,
    ),
    Schedule(Vec<Delivery>),
}

pub(crate) fn spawn(
    conn: Arc<Mutex<Connection>>,
    receiver: Receiver<WriteOp>,
    committed: mpsc::UnboundedSender<Vec<Delivery>>,
) -> Result<std::thread::JoinHandle<()>, StoreError> {
    std::thread::Builder::new()
        .name("sandbox-db-writer".to_owned())
        .spawn(move || run(conn, receiver, committed))
        .map_err(|error| StoreError::Task(format!("cannot start the database writer: {error}")))
}

fn run(
    conn: Arc<Mutex<Connection>>,
    receiver: Receiver<WriteOp>,
    committed: mpsc::UnboundedSender<Vec<Delivery>>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    loop {
        let Ok(first) = receiver.recv() else {
            return;
        };
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(op) => batch.push(op),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let closing = commit_batch(&conn, &mut batch, &committed);
        if closing {
            return;
        }
    }
}

/// Commits one batch; `true` when a `Close` was in it.
fn commit_batch(
    conn: &Arc<Mutex<Connection>>,
    batch: &mut Vec<WriteOp>,
    committed: &mpsc::UnboundedSender<Vec<Delivery>>,
) -> bool {
    let mut after = Vec::with_capacity(batch.len());
    let mut close: Option<oneshot::Sender<Result<(), StoreError>>> = None;
    let outcome = (|| -> Result<(), StoreError> {
        let mut guard = conn
            .lock()
            .map_err(|_| StoreError::Task("poisoned connection".into()))?;
        let tx = guard.transaction()?;
        for op in batch.drain(..) {
            apply(&tx, op, &mut after, &mut close);
        }
        tx.commit()?;
        Ok(())
    })();

    match outcome {
        Ok(()) => {
            for step in after {
                match step {
                    AfterCommit::Unit(done, result) => {
                        let _ = done.send(result);
                    }
                    AfterCommit::Bool(done, result) => {
                        let _ = done.send(result);
                    }
                    AfterCommit::Schedule(deliveries) => {
                        let _ = committed.send(deliveries);
                    }
                }
            }
        }
        Err(error) => {
            tracing::error!(%error, "a database batch failed to commit");
            let message = error.to_string();
            for step in after {
                match step {
                    AfterCommit::Unit(done, _) => {
                        let _ = done.send(Err(StoreError::Task(message.clone())));
                    }
                    AfterCommit::Bool(done, _) => {
                        let _ = done.send(Err(StoreError::Task(message.clone())));
                    }
                    AfterCommit::Schedule(_) => {}
                }
            }
        }
    }

    if let Some(done) = close {
        let result = conn
            .lock()
            .map_err(|_| StoreError::Task("poisoned connection".into()))
            .and_then(|guard| {
                // Only meaningful for a WAL file; harmless in memory.
                guard
                    .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
                    .map_err(StoreError::from)
            });
        let _ = done.send(result);
        return true;
    }
    false
}

fn apply(
    tx: &Transaction<'_>,
    op: WriteOp,
    after: &mut Vec<AfterCommit>,
    close: &mut Option<oneshot::Sender<Result<(), StoreError>>>,
) {
    match op {
        WriteOp::Accept {
            rows,
            deliveries,
            done,
        } => {
            let result = in_savepoint(tx, |tx| {
                insert_rows(tx, &rows)?;
                insert_deliveries(tx, &deliveries)
            });
            if result.is_ok() {
                after.push(AfterCommit::Schedule(
                    deliveries.into_iter().map(|d| d.delivery).collect(),
                ));
            }
            after.push(AfterCommit::Unit(done, result));
        }
        WriteOp::Attempt {
            record,
            listing_seq,
            finished_ms,
        } => {
            if let Err(error) = in_savepoint(tx, |tx| {
                record_attempt(tx, &record, listing_seq, finished_ms)
            }) {
                tracing::error!(%error, outbox_id = record.outbox_id, "cannot record a delivery attempt");
            }
        }
        WriteOp::PutMedia { media, done } => {
            let result = in_savepoint(tx, |tx| {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO media (account_id, name, content_type, cache_control, created_ms, expires_ms, bytes)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    media.account_id,
                    media.name,
                    media.content_type,
                    media.cache_control,
                    media.created_ms,
                    media.expires_ms,
                    media.bytes.as_ref()
                ])?;
                Ok(())
            });
            after.push(AfterCommit::Unit(done, result));
        }
        WriteOp::DeleteMedia {
            account_id,
            name,
            done,
        } => {
            let result = in_savepoint(tx, |tx| {
                let changed = tx
                    .prepare_cached("DELETE FROM media WHERE account_id = ?1 AND name = ?2")?
                    .execute(params![account_id, name])?;
                Ok(changed > 0)
            });
            after.push(AfterCommit::Bool(done, result));
        }
        WriteOp::Purge {
            now_ms,
            rows_before_ms,
        } => {
            let result = in_savepoint(tx, |tx| {
                tx.execute("DELETE FROM media WHERE expires_ms <= ?1", params![now_ms])?;
                // Listed rows, and rows whose webhooks are all finished (a given-up one is never listed).
                tx.execute(
                    "DELETE FROM message_rows WHERE receive_time_ms < ?1 AND (visible_at_ms IS NOT NULL
                        OR NOT EXISTS (SELECT 1 FROM outbox
                            WHERE outbox.listing_seq = message_rows.seq AND outbox.state = 'pending'))",
                    params![rows_before_ms],
                )?;
                // Finished outbox rows and their attempts go with the search window too.
                tx.execute(
                    "DELETE FROM attempts WHERE outbox_id IN
                        (SELECT id FROM outbox WHERE state != 'pending' AND finished_ms < ?1)",
                    params![rows_before_ms],
                )?;
                tx.execute(
                    "DELETE FROM outbox WHERE state != 'pending' AND finished_ms < ?1",
                    params![rows_before_ms],
                )?;
                Ok(())
            });
            if let Err(error) = result {
                tracing::error!(%error, "cannot purge expired data");
            }
        }
        WriteOp::PutApplication { id, json, done } => {
            let result = in_savepoint(tx, |tx| {
                tx.execute(
                    "INSERT OR REPLACE INTO applications (id, json) VALUES (?1, ?2)",
                    params![id, json],
                )?;
                Ok(())
            });
            after.push(AfterCommit::Unit(done, result));
        }
        WriteOp::Flush { done } => after.push(AfterCommit::Unit(done, Ok(()))),
        WriteOp::Redeliver { id, now_ms, done } => {
            let result = in_savepoint(tx, |tx| redeliver(tx, id, now_ms));
            let found = match result {
                Ok(Some(delivery)) => {
                    after.push(AfterCommit::Schedule(vec![delivery]));
                    Ok(true)
                }
                Ok(None) => Ok(false),
                Err(error) => Err(error),
            };
            after.push(AfterCommit::Bool(done, found));
        }
        WriteOp::Close { done } => *close = Some(done),
    }
}

fn in_savepoint<T>(
    tx: &Transaction<'_>,
    f: impl FnOnce(&Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    tx.execute_batch("SAVEPOINT op")?;
    match f(tx) {
        Ok(value) => {
            tx.execute_batch("RELEASE op")?;
            Ok(value)
        }
        Err(error) => {
            let _ = tx.execute_batch("ROLLBACK TO op; RELEASE op");
            Err(error)
        }
    }
}

fn insert_rows(conn: &Connection, rows: &[MessageRow]) -> Result<(), StoreError> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO message_rows (seq, message_id, account_id, application_id, source_tn, destination_tn, status,
            direction, message_type, segment_count, error_code, receive_time_ms, message_length, message_size,
            attachment_count, recipient_count, product, calling_country, called_country, visible_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?;
    for row in rows {
        statement.execute(params![
            row.seq,
            row.message_id,
            row.account_id,
            row.application_id,
            row.source_tn,
            row.destination_tn,
            row.status.as_str(),
            row.direction.as_str(),
            row.message_type.as_str(),
            row.segment_count,
            row.error_code,
            row.receive_time_ms,
            row.message_length,
            row.message_size,
            row.attachment_count,
            row.recipient_count,
            row.product,
            row.calling_country,
            row.called_country,
            row.visible_at_ms,
        ])?;
    }
    Ok(())
}

fn insert_deliveries(conn: &Connection, deliveries: &[NewDelivery]) -> Result<(), StoreError> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO outbox (id, account_id, application_id, message_id, callback, event_type, recipient, body,
            text_elided, listing_seq, after_id, state, attempts, created_ms, due_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending', 0, ?12, ?12)",
    )?;
    for new in deliveries {
        let delivery = &new.delivery;
        let stored = new.stored_body.as_ref().unwrap_or(&delivery.body);
        statement.execute(params![
            delivery.id,
            delivery.account_id,
            delivery.application_id,
            delivery.message_id,
            delivery.callback.as_str(),
            delivery.event_type,
            delivery.recipient,
            stored.as_ref(),
            new.stored_body.is_some(),
            delivery.listing_seq,
            delivery.after,
            delivery.due_ms,
        ])?;
    }
    Ok(())
}

fn record_attempt(
    conn: &Connection,
    record: &AttemptRecord,
    listing_seq: Option<i64>,
    finished_ms: i64,
) -> Result<(), StoreError> {
    let next_ms = match record.state {
        DeliveryState::Retry { next_ms } => Some(next_ms),
        DeliveryState::Delivered | DeliveryState::GivenUp => None,
    };
    conn.prepare_cached(
        "INSERT OR REPLACE INTO attempts (outbox_id, number, started_ms, duration_ms, result, http_status, challenged, next_attempt_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        record.outbox_id,
        record.number,
        record.started_ms,
        record.duration_ms,
        record.result,
        record.http_status,
        record.challenged,
        next_ms,
    ])?;
    let finished = match record.state {
        DeliveryState::Retry { .. } => None,
        DeliveryState::Delivered | DeliveryState::GivenUp => Some(finished_ms),
    };
    // The body of a delivered event is no longer needed; a given-up one is kept for inspection.
    conn.prepare_cached(
        "UPDATE outbox SET state = ?2, attempts = ?3, due_ms = COALESCE(?4, due_ms),
            first_attempt_ms = COALESCE(first_attempt_ms, ?5),
            first_failure_ms = CASE WHEN ?6 THEN COALESCE(first_failure_ms, ?7) ELSE first_failure_ms END,
            last_result = ?8, finished_ms = ?9,
            body = CASE WHEN ?2 = 'delivered' THEN NULL ELSE body END
         WHERE id = ?1",
    )?
    .execute(params![
        record.outbox_id,
        record.state.as_str(),
        record.number,
        next_ms,
        record.started_ms,
        !matches!(record.state, DeliveryState::Delivered),
        record.started_ms + record.duration_ms,
        record.result,
        finished,
    ])?;
    if let (Some(seq), Some(at)) = (listing_seq, finished) {
        conn.prepare_cached(
            "UPDATE message_rows SET visible_at_ms = ?2 WHERE seq = ?1 AND visible_at_ms IS NULL",
        )?
        .execute(params![seq, at])?;
    }
    Ok(())
}

/// Puts a given-up event back in the queue, due now, with a fresh retry window; `None` when `id` is
/// not a given-up event with its body.
fn redeliver(conn: &Connection, id: i64, now_ms: i64) -> Result<Option<Delivery>, StoreError> {
    let changed = conn
        .prepare_cached(
            "UPDATE outbox SET state = 'pending', due_ms = ?2, first_attempt_ms = NULL,
                first_failure_ms = NULL, finished_ms = NULL
             WHERE id = ?1 AND state = 'given-up' AND body IS NOT NULL",
        )?
        .execute(params![id, now_ms])?;
    if changed == 0 {
        return Ok(None);
    }
    Ok(super::query::load_deliveries(conn, "id = ?1", Some(id))?
        .into_iter()
        .next())
}
