//! Rate limits: each account's send queue, and the listMessages request rate per source IP.
//!
//! Send queue (Bandwidth's model, D-RL): messages are sent at the account's rate in *segments* per
//! emulated second; those that cannot go at once wait in the account queue; a message that would not
//! fit in the queue's capacity is refused with `429 max-message-queue-size-exceeded` and a
//! `Retry-After` (wall-clock seconds until it would fit). Without a rate, messages leave at once.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::clock::Clock;
use crate::config::AccountConfig;

/// The refusal of a message that does not fit the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueFull {
    /// Wall-clock seconds until it would fit (at least 1).
    pub retry_after: u64,
    /// The account's rate (segments per emulated second).
    pub rate: f64,
    /// The queue's capacity (segments).
    pub capacity: u64,
}

/// Per-account time at which the queue is empty (wall-clock epoch ms, fractional).
#[derive(Debug, Default)]
pub struct SendQueues {
    free_at: Mutex<HashMap<String, f64>>,
}

impl SendQueues {
    /// Admits a message of `segments` segments at `now_ms`: its dequeue time, or the refusal.
    pub fn admit(
        &self,
        account: &AccountConfig,
        segments: u64,
        now_ms: i64,
        clock: &Clock,
    ) -> Result<i64, QueueFull> {
        let rate = account.send_rate_per_second;
        if rate <= 0.0 {
            return Ok(now_ms);
        }
        // Wall-clock milliseconds one segment takes to leave the queue.
        let per_segment_ms = 1000.0 / (rate * clock.scale());
        let now = now_ms as f64;
        let mut queues = self
            .free_at
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let free_at = queues.get(&account.id).copied().unwrap_or(now).max(now);
        let backlog = (free_at - now) / per_segment_ms;
        let capacity = account.queue_segments as f64;
        let needed = segments as f64;
        if backlog + needed > capacity {
            let wait_ms = (backlog + needed - capacity) * per_segment_ms;
            return Err(QueueFull {
                retry_after: (wait_ms / 1000.0).ceil().max(1.0) as u64,
                rate,
                capacity: account.queue_segments,
            });
        }
        queues.insert(account.id.clone(), free_at + needed * per_segment_ms);
        Ok(free_at.round() as i64)
    }
}

/// Fixed-window request counter per source IP for listMessages.
#[derive(Debug, Default)]
pub struct ListLimiter {
    windows: Mutex<HashMap<IpAddr, (i64, u32)>>,
}

impl ListLimiter {
    /// Counts a request; `Err(retry_after_seconds)` when the window's budget is spent.
    /// `limit == 0` disables the limit.
    pub fn check(
        &self,
        ip: IpAddr,
        limit: u32,
        window_wall_ms: i64,
        now_ms: i64,
    ) -> Result<(), u64> {
        if limit == 0 {
            return Ok(());
        }
        let window_wall_ms = window_wall_ms.max(1);
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now_ms - *start < window_wall_ms);
        }
        let entry = windows.entry(ip).or_insert((now_ms, 0));
        if now_ms - entry.0 >= window_wall_ms {
            *entry = (now_ms, 0);
        }
        if entry.1 >= limit {
            let left_ms = entry.0 + window_wall_ms - now_ms;
            return Err(((left_ms as f64) / 1000.0).ceil().max(1.0) as u64);
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(rate: f64, capacity: u64) -> AccountConfig {
        let mut account = AccountConfig::new("1");
        account.send_rate_per_second = rate;
        account.queue_segments = capacity;
        account
    }

    #[test]
    fn unlimited_account_sends_at_once() {
        let queues = SendQueues::default();
        assert_eq!(
            queues.admit(&account(0.0, 0), 5, 1000, &Clock::new(1.0)),
            Ok(1000)
        );
    }

    #[test]
    fn queue_fills_then_refuses_with_retry_after() {
        let queues = SendQueues::default();
        let account = account(1.0, 3);
        let clock = Clock::new(1.0);
        assert_eq!(queues.admit(&account, 1, 0, &clock), Ok(0));
        assert_eq!(queues.admit(&account, 1, 0, &clock), Ok(1000));
        assert_eq!(queues.admit(&account, 1, 0, &clock), Ok(2000));
        let full = queues.admit(&account, 2, 0, &clock).unwrap_err();
        assert_eq!(full.retry_after, 2);
        // Two seconds later two segments have left.
        assert_eq!(queues.admit(&account, 2, 2000, &clock), Ok(3000));
    }

    #[test]
    fn list_limiter_counts_per_window() {
        let limiter = ListLimiter::default();
        let ip = IpAddr::from([127, 0, 0, 1]);
        assert_eq!(limiter.check(ip, 2, 1000, 0), Ok(()));
        assert_eq!(limiter.check(ip, 2, 1000, 10), Ok(()));
        assert_eq!(limiter.check(ip, 2, 1000, 20), Err(1));
        assert_eq!(limiter.check(ip, 2, 1000, 1000), Ok(()));
    }
}
