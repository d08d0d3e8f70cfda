//! The retry ladder: when the next attempt of a failed webhook happens, and when it is given up.
//!
//! Attempt 1 happens when the event is due. Retry `k` (k = 1, 2, ...) is due `schedule[k - 1]`
//! emulated seconds after attempt 1 *failed* (never before the failed attempt ended), clamped to the
//! end of the window (`window` emulated seconds after attempt 1 started). The event is given up when
//! an attempt fails and the ladder has no entry left, or the attempt ended at or after the window's
//! end. With the default ladder `[0, 5, 300, 1800, 7200, 18000, 36000, 86400]` that is 9 attempts,
//! the last one at the end of the 24 h window.

use crate::clock::Clock;
use crate::config::DeliveryConfig;

/// What follows a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again at this wall-clock time (epoch ms).
    RetryAt(i64),
    /// Stop: the ladder or the window is exhausted.
    GiveUp,
}

/// The ladder in wall-clock milliseconds (already divided by the time scale).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    offsets_ms: Vec<i64>,
    window_ms: i64,
    give_up_on_unchallenged_401: bool,
}

impl RetryPolicy {
    /// The policy of a configuration under a clock.
    pub fn new(config: &DeliveryConfig, clock: &Clock) -> Self {
        RetryPolicy {
            offsets_ms: config
                .retry_schedule_seconds
                .iter()
                .map(|&seconds| clock.wall_ms(seconds.saturating_mul(1000)))
                .collect(),
            window_ms: clock.wall_ms(config.retry_window_seconds.saturating_mul(1000)),
            give_up_on_unchallenged_401: config.give_up_on_unchallenged_401,
        }
    }

    /// Whether a `401` without a challenge ends the event at once (our option; Bandwidth retries it).
    pub fn gives_up_on_unchallenged_401(&self) -> bool {
        self.give_up_on_unchallenged_401
    }

    /// Attempts at most (the first plus one per ladder entry).
    pub fn max_attempts(&self) -> usize {
        self.offsets_ms.len() + 1
    }

    /// The wall-clock length of the window.
    pub fn window_ms(&self) -> i64 {
        self.window_ms
    }

    /// Decides after attempt number `attempts` (1-based) failed at `now_ms`; `first_attempt_ms` is when
    /// attempt 1 started and `first_failure_ms` when it failed.
    pub fn after_failure(
        &self,
        attempts: u32,
        first_attempt_ms: i64,
        first_failure_ms: i64,
        now_ms: i64,
    ) -> AfterFailure {
        let deadline = first_attempt_ms.saturating_add(self.window_ms);
        let index = attempts.saturating_sub(1) as usize;
        let Some(&offset) = self.offsets_ms.get(index) else {
            return AfterFailure::GiveUp;
        };
        if now_ms >= deadline {
            return AfterFailure::GiveUp;
        }
        let due = first_failure_ms
            .saturating_add(offset)
            .max(now_ms)
            .min(deadline);
        AfterFailure::RetryAt(due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(scale: f64) -> RetryPolicy {
        RetryPolicy::new(&DeliveryConfig::default(), &Clock::new(scale))
    }

    #[test]
    fn default_ladder_is_offsets_from_the_first_failure() {
        let policy = policy(1.0);
        assert_eq!(policy.max_attempts(), 9);
        // Attempt 1 at t=0 fails at t=100 ms.
        assert_eq!(
            policy.after_failure(1, 0, 100, 100),
            AfterFailure::RetryAt(100)
        );
        assert_eq!(
            policy.after_failure(2, 0, 100, 200),
            AfterFailure::RetryAt(5_100)
        );
        assert_eq!(
            policy.after_failure(3, 0, 100, 5_200),
            AfterFailure::RetryAt(300_100)
        );
        // The 24 h offset is clamped to the end of the window.
        assert_eq!(
            policy.after_failure(8, 0, 100, 36_000_200),
            AfterFailure::RetryAt(86_400_000)
        );
        assert_eq!(
            policy.after_failure(9, 0, 100, 86_400_300),
            AfterFailure::GiveUp
        );
    }

    #[test]
    fn a_slow_failure_is_retried_at_once_not_in_the_past() {
        let policy = policy(1.0);
        assert_eq!(
            policy.after_failure(2, 0, 10, 20_000),
            AfterFailure::RetryAt(20_000)
        );
    }

    #[test]
    fn time_scale_shrinks_the_ladder() {
        let policy = policy(3600.0);
        assert_eq!(policy.window_ms(), 24_000);
        assert_eq!(policy.after_failure(3, 0, 0, 10), AfterFailure::RetryAt(84));
        assert_eq!(policy.after_failure(4, 0, 0, 24_000), AfterFailure::GiveUp);
    }

    #[test]
    fn empty_ladder_gives_up_after_one_attempt() {
        let config = DeliveryConfig {
            retry_schedule_seconds: Vec::new(),
            ..DeliveryConfig::default()
        };
        let policy = RetryPolicy::new(&config, &Clock::new(1.0));
        assert_eq!(policy.after_failure(1, 0, 1, 1), AfterFailure::GiveUp);
    }
}
