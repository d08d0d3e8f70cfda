//! Starting and stopping the emulator.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::auth::TokenStore;
use crate::clock::{Clock, now_ms};
use crate::config::{ApplicationConfig, Config, ConfigError};
use crate::delivery::scheduler::Shared;
use crate::delivery::{DeliveryMetrics, MetricsSnapshot, RetryPolicy, Scheduler, attempt};
use crate::limits::{ListLimiter, SendQueues};
use crate::registry::Registry;
use crate::state::{AppState, StateInner};
use crate::store::{Stats, Store, StoreError};

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The listening address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The webhook HTTP client could not be built.
    #[error("cannot build the webhook HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// A running emulator. Dropping it without [`Sandbox::shutdown`] stops serving but may leave the last
/// batch of attempt records unwritten (they are retried after a restart).
pub struct Sandbox {
    addr: SocketAddr,
    state: AppState,
    stop_http: Option<oneshot::Sender<()>>,
    http: Option<JoinHandle<()>>,
    scheduler: Option<Scheduler>,
    janitor: JoinHandle<()>,
    grace: Duration,
}

impl Sandbox {
    /// Validates the configuration, opens the database, resumes pending deliveries and starts serving.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut config = bandwidth_sandbox::Config::default();
    /// config.server.listen = "127.0.0.1:0".parse()?;
    /// let sandbox = bandwidth_sandbox::Sandbox::start(config).await?;
    /// println!("Messaging API at {}", sandbox.base_url());
    /// sandbox.shutdown().await?;
    /// # Ok(()) }
    /// ```
    pub async fn start(config: Config) -> Result<Sandbox, StartError> {
        config.validate()?;
        let listener = TcpListener::bind(config.server.listen)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.server.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.server.listen,
            source,
        })?;
        let public_base = config.public_base(addr);
        let clock = Clock::new(config.server.time_scale);

        let (committed, incoming) = mpsc::unbounded_channel();
        let (finished, finished_ids) = mpsc::unbounded_channel();
        let opened = Store::open(config.server.data.as_deref(), committed.clone())?;
        let store = opened.store;
        let registry = Arc::new(Registry::new(&Config {
            applications: Vec::new(),
            ..config.clone()
        }));
        // Applications saved by the admin API come back; the config file wins for the ids it names.
        for stored in &opened.applications {
            match serde_json::from_str::<ApplicationConfig>(&stored.json) {
                Ok(application) => {
                    registry.put_application(application);
                }
                Err(error) => {
                    tracing::warn!(application = %stored.id, %error, "ignoring a stored application")
                }
            }
        }
        for application in &config.applications {
            registry.put_application(application.clone());
        }

        let metrics = Arc::new(DeliveryMetrics::default());
        let client = attempt::http_client(config.delivery.concurrency)?;
        let timeout = Duration::from_millis(config.delivery.timeout_ms);
        if !opened.pending.is_empty() {
            tracing::info!(
                pending = opened.pending.len(),
                "resuming webhook deliveries from the database"
            );
        }
        let scheduler = Scheduler::start(
            Shared {
                client,
                registry: registry.clone(),
                store: store.clone(),
                policy: RetryPolicy::new(&config.delivery, &clock),
                timeout,
                metrics: metrics.clone(),
                requeue: committed,
                finished,
            },
            config.delivery.concurrency,
            opened.pending,
            incoming,
            finished_ids,
        );

        let janitor = tokio::spawn(janitor(store.clone(), clock));
        let state = AppState {
            inner: Arc::new(StateInner {
                config: config.clone(),
                clock,
                registry,
                store,
                public_base,
                tokens: TokenStore::default(),
                send_queues: SendQueues::default(),
                list_limiter: ListLimiter::default(),
                metrics,
            }),
        };
        let app = crate::api::router(state.clone());
        let (stop_http, stopped) = oneshot::channel::<()>();
        let limits = crate::connections::Limits::from(&config.server.connections);
        let http = tokio::spawn(crate::connections::serve(listener, app, limits, stopped));
        tracing::info!(%addr, data = ?config.server.data, time_scale = clock.scale(), "bandwidth-sandbox listening");
        Ok(Sandbox {
            addr,
            state,
            stop_http: Some(stop_http),
            http: Some(http),
            scheduler: Some(scheduler),
            janitor,
            grace: timeout.saturating_mul(2) + Duration::from_secs(1),
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL links are built from (`http://127.0.0.1:PORT` unless `public_url` is set).
    pub fn url(&self) -> &str {
        &self.state.public_base
    }

    /// The Messaging API base URL for a client (`.../api/v2`).
    pub fn base_url(&self) -> String {
        format!("{}/api/v2", self.state.public_base)
    }

    /// The OAuth2 token URL.
    pub fn token_url(&self) -> String {
        format!("{}{}", self.state.public_base, crate::api::TOKEN_PATH)
    }

    /// The admin API base URL (`.../admin`).
    pub fn admin_url(&self) -> String {
        format!("{}/admin", self.state.public_base)
    }

    /// The accounts and applications.
    pub fn registry(&self) -> &Registry {
        &self.state.registry
    }

    /// Creates or replaces an application (as `PUT /admin/applications/{id}` does), persisted with `--data`.
    pub async fn put_application(&self, application: ApplicationConfig) -> Result<(), StoreError> {
        let json =
            serde_json::to_string(&application).map_err(|e| StoreError::Task(e.to_string()))?;
        self.state
            .store
            .put_application(application.id.clone(), json)
            .await?;
        self.state.registry.put_application(application);
        Ok(())
    }

    /// Live delivery counters.
    pub fn delivery_metrics(&self) -> MetricsSnapshot {
        self.state.metrics.snapshot()
    }

    /// Database counters.
    pub async fn stats(&self) -> Result<Stats, StoreError> {
        self.state.store.stats().await
    }

    /// Waits until no event is queued or in flight (retries scheduled later count as queued), or
    /// `timeout` passes; `true` when idle.
    pub async fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let metrics = self.state.metrics.snapshot();
            if metrics.queued == 0 && metrics.in_flight == 0 {
                // Make sure nothing committed is still on its way to the scheduler.
                if self.state.store.flush().await.is_ok() {
                    let again = self.state.metrics.snapshot();
                    if again.queued == 0 && again.in_flight == 0 {
                        return true;
                    }
                }
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Graceful shutdown: stop accepting requests and finish those in progress (connections still open
    /// after `server.connections.shutdown_grace_ms` are dropped), start no new webhook
    /// attempt and wait for those in flight, commit everything, checkpoint the WAL.
    pub async fn shutdown(mut self) -> Result<(), StoreError> {
        if let Some(stop) = self.stop_http.take() {
            let _ = stop.send(());
        }
        if let Some(http) = self.http.take()
            && let Err(error) = http.await
        {
            tracing::warn!(%error, "HTTP server task failed");
        }
        if let Some(scheduler) = self.scheduler.take() {
            scheduler.shutdown(self.grace).await;
        }
        self.janitor.abort();
        let result = self.state.store.close().await;
        tracing::info!("bandwidth-sandbox stopped");
        result
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop_http.take() {
            let _ = stop.send(());
        }
        self.janitor.abort();
    }
}

/// Deletes expired media and list rows past the search window, every few seconds.
async fn janitor(store: Store, clock: Clock) {
    use bandwidth_messaging::generated::behaviour::storage::SEARCH_WINDOW_DAYS;
    let window_ms = clock.wall_ms(u64::from(SEARCH_WINDOW_DAYS) * 86_400_000);
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        let now = now_ms();
        if store.purge(now, now.saturating_sub(window_ms)).is_err() {
            return;
        }
    }
}
