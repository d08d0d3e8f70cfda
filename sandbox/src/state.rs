//! The state shared by every request handler.

use std::sync::Arc;

use crate::auth::TokenStore;
use crate::clock::Clock;
use crate::config::Config;
use crate::delivery::DeliveryMetrics;
use crate::limits::{ListLimiter, SendQueues};
use crate::registry::Registry;
use crate::store::Store;

/// Everything a handler needs (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<StateInner>,
}

/// The shared state behind [`AppState`] (fields are internal).
pub struct StateInner {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    pub(crate) registry: Arc<Registry>,
    pub(crate) store: Store,
    pub(crate) public_base: String,
    pub(crate) tokens: TokenStore,
    pub(crate) send_queues: SendQueues,
    pub(crate) list_limiter: ListLimiter,
    pub(crate) metrics: Arc<DeliveryMetrics>,
}

impl std::ops::Deref for AppState {
    type Target = StateInner;

    fn deref(&self) -> &StateInner {
        &self.inner
    }
}
