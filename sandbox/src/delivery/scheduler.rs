//! The delivery scheduler: a timer queue of due events and a bounded pool of attempts.
//!
//! New deliveries arrive after their transaction committed (from the database writer); failed ones
//! come back with their next due time. Every attempt's result is recorded in the database (batched).
//! A delivery that names an earlier one (`after`: the terminal event after `message-sending`) is parked
//! until that one is delivered or given up. On shutdown the scheduler starts no new attempt and waits
//! for the ones in flight.

use std::cmp::Ordering as CmpOrdering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinHandle;

use super::attempt::{self, AttemptOutcome};
use super::ladder::{AfterFailure, RetryPolicy};
use crate::clock::now_ms;
use crate::registry::Registry;
use crate::store::{AttemptRecord, Delivery, DeliveryState, Store};

/// Live counters of the scheduler (since start-up).
#[derive(Debug, Default)]
pub struct DeliveryMetrics {
    attempts: AtomicU64,
    delivered: AtomicU64,
    given_up: AtomicU64,
    in_flight: AtomicU64,
    queued: AtomicU64,
}

/// A snapshot of [`DeliveryMetrics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsSnapshot {
    /// Attempts made.
    pub attempts: u64,
    /// Events delivered.
    pub delivered: u64,
    /// Events given up.
    pub given_up: u64,
    /// Attempts in flight now.
    pub in_flight: u64,
    /// Events waiting in the timer queue (not in flight).
    pub queued: u64,
}

impl DeliveryMetrics {
    /// Reads the counters.
    pub fn snapshot(&self) -> MetricsSnapshot {
        MetricsSnapshot {
            attempts: self.attempts.load(Ordering::Relaxed),
            delivered: self.delivered.load(Ordering::Relaxed),
            given_up: self.given_up.load(Ordering::Relaxed),
            in_flight: self.in_flight.load(Ordering::Relaxed),
            queued: self.queued.load(Ordering::Relaxed),
        }
    }
}

/// What an attempt needs besides the delivery.
pub(crate) struct Shared {
    pub(crate) client: reqwest::Client,
    pub(crate) registry: Arc<Registry>,
    pub(crate) store: Store,
    pub(crate) policy: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) metrics: Arc<DeliveryMetrics>,
    pub(crate) requeue: mpsc::UnboundedSender<Vec<Delivery>>,
    pub(crate) finished: mpsc::UnboundedSender<i64>,
}

/// A running scheduler.
pub struct Scheduler {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    slots: Arc<Semaphore>,
    concurrency: u32,
}

struct Due(Delivery);

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == CmpOrdering::Equal
    }
}
impl Eq for Due {}
impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<CmpOrdering> {
        Some(self.cmp(other))
    }
}
impl Ord for Due {
    /// Reversed, so the max-heap pops the earliest due time (then the lowest id) first.
    fn cmp(&self, other: &Self) -> CmpOrdering {
        (other.0.due_ms, other.0.id).cmp(&(self.0.due_ms, self.0.id))
    }
}

/// The timer queue plus the deliveries parked behind an unfinished predecessor.
#[derive(Default)]
struct Queue {
    heap: BinaryHeap<Due>,
    /// Ids not yet delivered or given up (queued, parked or in flight).
    unfinished: HashSet<i64>,
    /// Deliveries waiting for the key's delivery to finish.
    parked: HashMap<i64, Vec<Delivery>>,
}

impl Queue {
    /// Adds new deliveries and retries. All ids are registered first, so a predecessor arriving in the
    /// same batch (or loaded from the database at start-up) parks its followers.
    fn add(&mut self, batch: Vec<Delivery>) {
        for delivery in &batch {
            self.unfinished.insert(delivery.id);
        }
        for delivery in batch {
            match delivery.after {
                Some(before) if self.unfinished.contains(&before) && before != delivery.id => {
                    self.parked.entry(before).or_default().push(delivery);
                }
                _ => self.heap.push(Due(delivery)),
            }
        }
    }

    /// Marks a delivery finished and releases the ones parked behind it (due now at the earliest).
    fn finish(&mut self, id: i64, now_ms: i64) {
        self.unfinished.remove(&id);
        for mut delivery in self.parked.remove(&id).unwrap_or_default() {
            delivery.due_ms = delivery.due_ms.max(now_ms);
            self.heap.push(Due(delivery));
        }
    }
}

impl Scheduler {
    /// Starts the scheduler with the deliveries left from a previous run; new ones and retries arrive on
    /// `incoming`, the ids of delivered or given-up ones on `finished`.
    pub(crate) fn start(
        shared: Shared,
        concurrency: usize,
        resumed: Vec<Delivery>,
        mut incoming: mpsc::UnboundedReceiver<Vec<Delivery>>,
        mut finished: mpsc::UnboundedReceiver<i64>,
    ) -> Self {
        let concurrency = u32::try_from(concurrency.clamp(1, 1 << 20)).unwrap_or(1 << 20);
        let slots = Arc::new(Semaphore::new(concurrency as usize));
        let (stop, mut stopped) = watch::channel(false);
        let shared = Arc::new(shared);
        let task_slots = slots.clone();
        let task = tokio::spawn(async move {
            let mut queue = Queue::default();
            shared
                .metrics
                .queued
                .store(resumed.len() as u64, Ordering::Relaxed);
            queue.add(resumed);
            loop {
                let next_due = queue.heap.peek().map(|due| due.0.due_ms);
                let sleep = async {
                    match next_due {
                        Some(due_ms) => {
                            let wait = u64::try_from(due_ms.saturating_sub(now_ms())).unwrap_or(0);
                            tokio::time::sleep(Duration::from_millis(wait)).await;
                        }
                        None => std::future::pending::<()>().await,
                    }
                };
                tokio::select! {
                    biased;
                    _ = stopped.changed() => break,
                    id = finished.recv() => match id {
                        Some(id) => queue.finish(id, now_ms()),
                        None => break,
                    },
                    batch = incoming.recv() => match batch {
                        Some(batch) => {
                            shared.metrics.queued.fetch_add(batch.len() as u64, Ordering::Relaxed);
                            queue.add(batch);
                        }
                        None => break,
                    },
                    () = sleep => {
                        let now = now_ms();
                        while queue.heap.peek().is_some_and(|due| due.0.due_ms <= now) {
                            let permit = tokio::select! {
                                biased;
                                _ = stopped.changed() => return,
                                permit = task_slots.clone().acquire_owned() => match permit {
                                    Ok(permit) => permit,
                                    Err(_) => return,
                                },
                            };
                            let Some(Due(delivery)) = queue.heap.pop() else { break };
                            shared.metrics.queued.fetch_sub(1, Ordering::Relaxed);
                            shared.metrics.in_flight.fetch_add(1, Ordering::Relaxed);
                            let shared = shared.clone();
                            tokio::spawn(async move {
                                run_attempt(&shared, delivery).await;
                                shared.metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
                                drop(permit);
                            });
                        }
                    }
                }
            }
        });
        Scheduler {
            stop,
            task,
            slots,
            concurrency,
        }
    }

    /// Stops starting attempts and waits (at most `grace`) for those in flight to finish and be recorded.
    pub async fn shutdown(self, grace: Duration) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
        match tokio::time::timeout(grace, self.slots.acquire_many(self.concurrency)).await {
            Ok(_) => {}
            Err(_) => tracing::warn!(
                "shutdown: some webhook attempts were still in flight; they will be retried after a restart"
            ),
        }
    }
}

async fn run_attempt(shared: &Shared, mut delivery: Delivery) {
    let started = now_ms();
    let outcome = match shared
        .registry
        .target(&delivery.application_id, delivery.callback)
    {
        Some(target) => {
            attempt::attempt(&shared.client, &target, &delivery.body, shared.timeout).await
        }
        None => AttemptOutcome::not_sent(format!(
            "application {} has no {} callback URL",
            delivery.application_id,
            delivery.callback.as_str()
        )),
    };
    let ended = now_ms().max(started);
    shared.metrics.attempts.fetch_add(1, Ordering::Relaxed);
    delivery.attempts += 1;
    let first_attempt = *delivery.first_attempt_ms.get_or_insert(started);
    let state = if outcome.delivered {
        shared.metrics.delivered.fetch_add(1, Ordering::Relaxed);
        DeliveryState::Delivered
    } else {
        let first_failure = *delivery.first_failure_ms.get_or_insert(ended);
        let early_give_up =
            outcome.unchallenged_401 && shared.policy.gives_up_on_unchallenged_401();
        let next = if outcome.retry && !early_give_up {
            shared
                .policy
                .after_failure(delivery.attempts, first_attempt, first_failure, ended)
        } else {
            AfterFailure::GiveUp
        };
        match next {
            AfterFailure::RetryAt(next_ms) => DeliveryState::Retry { next_ms },
            AfterFailure::GiveUp => {
                shared.metrics.given_up.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(
                    outbox_id = delivery.id,
                    message_id = %delivery.message_id,
                    event_type = %delivery.event_type,
                    attempts = delivery.attempts,
                    last_result = %outcome.result,
                    "webhook given up"
                );
                DeliveryState::GivenUp
            }
        }
    };
    tracing::debug!(
        outbox_id = delivery.id,
        message_id = %delivery.message_id,
        event_type = %delivery.event_type,
        attempt = delivery.attempts,
        result = %outcome.result,
        challenged = outcome.challenged,
        "webhook attempt"
    );
    let record = AttemptRecord {
        outbox_id: delivery.id,
        number: delivery.attempts,
        started_ms: started,
        duration_ms: ended - started,
        result: outcome.result,
        http_status: outcome.http_status,
        challenged: outcome.challenged,
        state,
    };
    // Bandwidth lists a message once its webhook was answered 2xx (the spec's
    // `listedAfterWebhookAcknowledged`): a given-up event leaves the row unlisted (the admin API still
    // shows the delivery and its attempts).
    let listing = match state {
        DeliveryState::Retry { .. } | DeliveryState::GivenUp => None,
        DeliveryState::Delivered => delivery.listing_seq,
    };
    if let Err(error) = shared.store.record_attempt(record, listing, ended) {
        tracing::warn!(%error, outbox_id = delivery.id, "cannot record a webhook attempt");
    }
    match state {
        DeliveryState::Retry { next_ms } => {
            delivery.due_ms = next_ms;
            let _ = shared.requeue.send(vec![delivery]);
        }
        DeliveryState::Delivered | DeliveryState::GivenUp => {
            let _ = shared.finished.send(delivery.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::CallbackKind;
    use bytes::Bytes;

    fn delivery(id: i64, due_ms: i64, after: Option<i64>) -> Delivery {
        Delivery {
            id,
            account_id: "1".into(),
            application_id: "a".into(),
            message_id: "m".into(),
            callback: CallbackKind::Outbound,
            event_type: "message-delivered".into(),
            recipient: "+15551234567".into(),
            body: Bytes::from_static(b"[]"),
            listing_seq: None,
            after,
            attempts: 0,
            due_ms,
            first_attempt_ms: None,
            first_failure_ms: None,
        }
    }

    #[test]
    fn heap_pops_the_earliest_then_the_lowest_id() {
        let mut queue = Queue::default();
        queue.add(vec![
            delivery(3, 10, None),
            delivery(2, 10, None),
            delivery(1, 20, None),
        ]);
        let order: Vec<i64> = std::iter::from_fn(|| queue.heap.pop().map(|d| d.0.id)).collect();
        assert_eq!(order, vec![2, 3, 1]);
    }

    #[test]
    fn a_follower_waits_for_its_predecessor() {
        let mut queue = Queue::default();
        queue.add(vec![delivery(1, 10, None), delivery(2, 10, Some(1))]);
        assert_eq!(queue.heap.len(), 1, "the terminal event is parked");
        queue.heap.pop();
        queue.finish(1, 50);
        let released = queue.heap.pop().expect("released").0;
        assert_eq!((released.id, released.due_ms), (2, 50));
    }

    #[test]
    fn a_follower_of_a_finished_event_is_not_parked() {
        let mut queue = Queue::default();
        queue.add(vec![delivery(2, 10, Some(1))]);
        assert_eq!(queue.heap.len(), 1);
    }
}
