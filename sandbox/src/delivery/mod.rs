//! Webhook delivery from the outbox: one attempt ([`attempt`]), the retry ladder ([`ladder`]) and the
//! scheduler that runs them ([`scheduler`]).

pub mod attempt;
pub mod ladder;
pub mod scheduler;

pub use attempt::{AttemptOutcome, Target};
pub use ladder::{AfterFailure, RetryPolicy};
pub use scheduler::{DeliveryMetrics, MetricsSnapshot, Scheduler};
