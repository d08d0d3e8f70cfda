//! When a failed attempt is tried again, and how long the client waits first.
//!
//! The rule that matters most: **a message is never sent twice**. Operations that are idempotent (GET, PUT,
//! DELETE) are retried after 5xx answers and transport failures; `createMessage` (a POST) is retried only when
//! the request provably was not accepted: a `429 Too Many Requests` answer, a 5xx answer carrying Bandwidth's
//! error body (Bandwidth documents that any 4xx/5xx answer to createMessage means "not sent, not billed"), or a
//! connection that could not be established (nothing was sent). A 5xx without Bandwidth's body (a gateway's
//! 502/504 may follow an accepted request) and a timeout are never retried for it. The table is on
//! [`Error::was_not_sent`](super::Error::was_not_sent). All of this can be turned off with
//! [`RetryPolicy::retry_when_not_accepted`].

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use http::StatusCode;

/// How failed attempts are retried. The default retries twice (three attempts in all).
///
/// ```
/// use std::time::Duration;
/// use bandwidth_messaging::client::RetryPolicy;
/// let policy = RetryPolicy::default()
///     .max_retries(4)
///     .initial_backoff(Duration::from_millis(100))
///     .max_retry_after(Duration::from_secs(30));
/// assert_eq!(policy.get_max_retries(), 4);
/// assert_eq!(RetryPolicy::none().get_max_retries(), 0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    jitter: bool,
    retry_when_not_accepted: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
            retry_when_not_accepted: true,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Retries after the first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The delay before the first retry when the server gave no `Retry-After` (default 250 ms). It doubles on
    /// each further retry, up to [`max_backoff`](Self::max_backoff).
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest computed backoff (default 8 s).
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The longest `Retry-After` the client waits (default 60 s). A server asking for longer gets no retry: the
    /// `429` is returned with its `retry_after`, so the caller decides.
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Randomises each computed backoff to between half and all of its value (default on), so many clients
    /// failing together do not retry together. `Retry-After` delays are never randomised.
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// Whether non-idempotent operations (`createMessage`) are retried when the request provably was not
    /// accepted: a `429` answer, a 5xx answer with Bandwidth's error body, or a connection that could not be
    /// established (default on). They are never retried after a 5xx without Bandwidth's body or a failure once
    /// the request may have been sent.
    pub fn retry_when_not_accepted(mut self, on: bool) -> Self {
        self.retry_when_not_accepted = on;
        self
    }

    /// Retries after the first attempt.
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    /// Decides what to do after attempt number `attempt` (1-based) ended with `outcome`.
    ///
    /// `unit` is a number in `[0, 1)` used for jitter (the client draws it at random); passing it in keeps the
    /// decision a pure function.
    ///
    /// ```
    /// use std::time::Duration;
    /// use bandwidth_messaging::client::{Attempt, RetryDecision, RetryPolicy, RetryReason};
    /// use http::StatusCode;
    /// let policy = RetryPolicy::default();
    /// let limited = Attempt::Status {
    ///     status: StatusCode::TOO_MANY_REQUESTS,
    ///     retry_after: Some(Duration::from_secs(2)),
    ///     bandwidth_error: true,
    /// };
    /// assert_eq!(
    ///     policy.decide(1, false, &limited, 0.5),
    ///     RetryDecision::Retry { delay: Duration::from_secs(2), reason: RetryReason::RetryAfter },
    /// );
    /// // A 502 without Bandwidth's error body may follow an accepted POST: never retried.
    /// let gateway = Attempt::Status { status: StatusCode::BAD_GATEWAY, retry_after: None, bandwidth_error: false };
    /// assert_eq!(policy.decide(1, false, &gateway, 0.5), RetryDecision::GiveUp);
    /// // Bandwidth's own 500 means "not sent": safe to send again.
    /// let failed = Attempt::Status { status: StatusCode::INTERNAL_SERVER_ERROR, retry_after: None, bandwidth_error: true };
    /// assert!(matches!(policy.decide(1, false, &failed, 0.5), RetryDecision::Retry { .. }));
    /// ```
    pub fn decide(
        &self,
        attempt: u32,
        idempotent: bool,
        outcome: &Attempt,
        unit: f64,
    ) -> RetryDecision {
        if attempt > self.max_retries {
            return RetryDecision::GiveUp;
        }
        let allowed =
            |not_accepted: bool| idempotent || (not_accepted && self.retry_when_not_accepted);
        match outcome {
            Attempt::Status {
                status,
                retry_after,
                bandwidth_error,
            } => {
                let retryable = match *status {
                    StatusCode::TOO_MANY_REQUESTS => allowed(true),
                    StatusCode::INTERNAL_SERVER_ERROR
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT => allowed(*bandwidth_error),
                    _ => false,
                };
                if !retryable {
                    return RetryDecision::GiveUp;
                }
                match retry_after {
                    Some(wait) if *wait > self.max_retry_after => RetryDecision::GiveUp,
                    Some(wait) => RetryDecision::Retry {
                        delay: *wait,
                        reason: RetryReason::RetryAfter,
                    },
                    None => RetryDecision::Retry {
                        delay: self.backoff(attempt, unit),
                        reason: RetryReason::Backoff,
                    },
                }
            }
            Attempt::ConnectFailed => {
                if allowed(true) {
                    RetryDecision::Retry {
                        delay: self.backoff(attempt, unit),
                        reason: RetryReason::Backoff,
                    }
                } else {
                    RetryDecision::GiveUp
                }
            }
            Attempt::TransportFailed => {
                if allowed(false) {
                    RetryDecision::Retry {
                        delay: self.backoff(attempt, unit),
                        reason: RetryReason::Backoff,
                    }
                } else {
                    RetryDecision::GiveUp
                }
            }
        }
    }

    /// The backoff before retry number `attempt` (1-based): `initial × 2^(attempt-1)`, capped, then jittered.
    fn backoff(&self, attempt: u32, unit: f64) -> Duration {
        let exp = attempt.saturating_sub(1).min(30);
        let base = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        if self.jitter {
            let unit = if unit.is_finite() {
                unit.clamp(0.0, 1.0)
            } else {
                0.0
            };
            base / 2 + base.mul_f64(unit / 2.0)
        } else {
            base
        }
    }
}

/// How one attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// An HTTP answer arrived.
    Status {
        /// Its status.
        status: StatusCode,
        /// Its `Retry-After`, if it had a valid one.
        retry_after: Option<Duration>,
        /// The body is Bandwidth's error object (`type` and `description`), so Bandwidth itself answered.
        bandwidth_error: bool,
    },
    /// The connection could not be established: nothing was sent.
    ConnectFailed,
    /// Any other transport failure (timeout, reset): the request may have reached the server.
    TransportFailed,
}

/// The outcome of [`RetryPolicy::decide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Wait `delay`, then send again.
    Retry {
        /// How long to wait.
        delay: Duration,
        /// Where the delay came from.
        reason: RetryReason,
    },
    /// Return what the last attempt produced.
    GiveUp,
}

/// Where a retry delay came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryReason {
    /// The server's `Retry-After` header.
    RetryAfter,
    /// The policy's exponential backoff.
    Backoff,
}

/// Parses a `Retry-After` header value: delay seconds, or an HTTP date (relative to `now`).
///
/// A date in the past gives zero; anything unparsable gives `None`.
///
/// ```
/// use std::time::Duration;
/// use bandwidth_messaging::client::parse_retry_after;
/// let now = jiff::Timestamp::from_second(784_111_777).unwrap();
/// assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), Some(Duration::from_secs(10)));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let millis = at.as_millisecond().saturating_sub(now.as_millisecond());
    Some(Duration::from_millis(u64::try_from(millis).unwrap_or(0)))
}

/// Waits between attempts. The default is [`TokioSleeper`]; tests and other runtimes can supply their own (for
/// example one that records the delays and returns at once).
pub trait Sleeper: Send + Sync + 'static {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
}

/// Sleeps with `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S429: Attempt = Attempt::Status {
        status: StatusCode::TOO_MANY_REQUESTS,
        retry_after: None,
        bandwidth_error: false,
    };
    const S500: Attempt = Attempt::Status {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        retry_after: None,
        bandwidth_error: false,
    };
    const S400: Attempt = Attempt::Status {
        status: StatusCode::BAD_REQUEST,
        retry_after: None,
        bandwidth_error: false,
    };

    fn retry(delay_ms: u64, reason: RetryReason) -> RetryDecision {
        RetryDecision::Retry {
            delay: Duration::from_millis(delay_ms),
            reason,
        }
    }

    #[test]
    fn idempotent_operations_retry_5xx_and_transport_failures() {
        let p = RetryPolicy::default().jitter(false);
        assert_eq!(
            p.decide(1, true, &S500, 0.0),
            retry(250, RetryReason::Backoff)
        );
        assert_eq!(
            p.decide(2, true, &S500, 0.0),
            retry(500, RetryReason::Backoff)
        );
        assert_eq!(p.decide(3, true, &S500, 0.0), RetryDecision::GiveUp);
        assert_eq!(
            p.decide(1, true, &Attempt::TransportFailed, 0.0),
            retry(250, RetryReason::Backoff)
        );
        assert_eq!(p.decide(1, true, &S400, 0.0), RetryDecision::GiveUp);
    }

    #[test]
    fn non_idempotent_operations_retry_only_when_not_accepted() {
        let p = RetryPolicy::default().jitter(false);
        assert_eq!(p.decide(1, false, &S500, 0.0), RetryDecision::GiveUp);
        let bandwidth_500 = Attempt::Status {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            retry_after: None,
            bandwidth_error: true,
        };
        assert_eq!(
            p.decide(1, false, &bandwidth_500, 0.0),
            retry(250, RetryReason::Backoff)
        );
        assert_eq!(
            p.decide(1, false, &Attempt::TransportFailed, 0.0),
            RetryDecision::GiveUp
        );
        assert_eq!(
            p.decide(1, false, &Attempt::ConnectFailed, 0.0),
            retry(250, RetryReason::Backoff)
        );
        assert_eq!(
            p.decide(1, false, &S429, 0.0),
            retry(250, RetryReason::Backoff)
        );
        let strict = p.retry_when_not_accepted(false);
        assert_eq!(strict.decide(1, false, &S429, 0.0), RetryDecision::GiveUp);
        assert_eq!(
            strict.decide(1, false, &Attempt::ConnectFailed, 0.0),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        let wait = |s| Attempt::Status {
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after: Some(Duration::from_secs(s)),
            bandwidth_error: true,
        };
        assert_eq!(
            p.decide(1, false, &wait(5), 0.9),
            retry(5000, RetryReason::RetryAfter)
        );
        assert_eq!(p.decide(1, false, &wait(6), 0.9), RetryDecision::GiveUp);
    }

    #[test]
    fn backoff_doubles_is_capped_and_jitter_stays_in_upper_half() {
        let p = RetryPolicy::default()
            .max_retries(10)
            .max_backoff(Duration::from_secs(1));
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(125));
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(250));
        assert_eq!(p.backoff(3, 1.0), Duration::from_millis(1000));
        assert_eq!(p.backoff(9, 0.0), Duration::from_millis(500));
        assert_eq!(p.backoff(40, f64::NAN), Duration::from_millis(500));
    }

    #[test]
    fn retry_after_parses_seconds_and_dates() {
        let now = jiff::Timestamp::from_second(1_000).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:01 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
