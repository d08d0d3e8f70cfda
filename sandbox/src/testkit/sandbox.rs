//! The emulator started in-process for a test.

use std::time::Duration;

use bandwidth_messaging::client::{BuildError, Client, Credentials};

use crate::config::{DEFAULT_ACCOUNT_ID, DEFAULT_PASSWORD, DEFAULT_USERNAME};
use crate::{ApplicationConfig, Config, Sandbox, StartError};

use super::admin::{AdminClient, Delivery, DeliveryFilter, Inbound, TestKitError};

/// Configures a [`TestSandbox`]; every setting has a test-friendly default.
#[derive(Debug, Clone)]
pub struct TestSandboxBuilder {
    config: Config,
}

impl Default for TestSandboxBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl TestSandboxBuilder {
    /// The defaults: a free loopback port, the default account (`9900000`, user `sandbox`/`sandbox`),
    /// a time scale of 3600 (the 24-hour retry ladder passes in 24 s) and a 2-second webhook timeout.
    pub fn new() -> Self {
        let mut config = Config::default();
        config.server.listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        config.server.time_scale = 3600.0;
        config.delivery.timeout_ms = 2_000;
        TestSandboxBuilder { config }
    }

    /// How much faster than the wall clock emulated durations pass.
    pub fn time_scale(mut self, scale: f64) -> Self {
        self.config.server.time_scale = scale;
        self
    }

    /// Registers an application at start-up (build one with [`TestSandbox::application`]'s setters on
    /// [`ApplicationConfig`]).
    pub fn application(mut self, application: ApplicationConfig) -> Self {
        self.config.applications.retain(|a| a.id != application.id);
        self.config.applications.push(application);
        self
    }

    /// Changes any other setting of the configuration.
    pub fn configure(mut self, change: impl FnOnce(&mut Config)) -> Self {
        change(&mut self.config);
        self
    }

    /// Starts the emulator.
    pub async fn start(self) -> Result<TestSandbox, StartError> {
        bandwidth_messaging::client::ensure_crypto_provider();
        let sandbox = Sandbox::start(self.config).await?;
        let admin = AdminClient::new(sandbox.url())?;
        Ok(TestSandbox { sandbox, admin })
    }
}

/// A running emulator for tests; derefs to [`Sandbox`] (`base_url`, `wait_idle`, ...).
///
/// ```no_run
/// use bandwidth_sandbox::testkit::TestSandbox;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let sandbox = TestSandbox::builder().start().await?;
/// let client = sandbox.client()?; // Basic credentials of the default account
/// # drop(client);
/// sandbox.shutdown().await?;
/// # Ok(()) }
/// ```
pub struct TestSandbox {
    sandbox: Sandbox,
    admin: AdminClient,
}

impl std::fmt::Debug for TestSandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestSandbox")
            .field("url", &self.sandbox.url())
            .finish_non_exhaustive()
    }
}

impl std::ops::Deref for TestSandbox {
    type Target = Sandbox;

    fn deref(&self) -> &Sandbox {
        &self.sandbox
    }
}

impl TestSandbox {
    /// A builder with the defaults of [`TestSandboxBuilder::new`].
    pub fn builder() -> TestSandboxBuilder {
        TestSandboxBuilder::new()
    }

    /// The account every test talks to.
    pub fn account_id(&self) -> &'static str {
        DEFAULT_ACCOUNT_ID
    }

    /// Basic credentials of the default account.
    pub fn credentials(&self) -> Credentials {
        Credentials::basic(DEFAULT_USERNAME, DEFAULT_PASSWORD)
    }

    /// The crate's client pointed at this emulator with the default account's credentials.
    pub fn client(&self) -> Result<Client, BuildError> {
        Client::builder()
            .account_id(DEFAULT_ACCOUNT_ID)
            .credentials(self.credentials())
            .base_url(self.sandbox.base_url())
            .build()
    }

    /// A new application of the default account, without callback URLs yet (chain
    /// [`ApplicationConfig::status_callback`] and the other setters, then [`TestSandbox::register`]).
    pub fn application(&self, id: impl Into<String>) -> ApplicationConfig {
        ApplicationConfig::new(id, DEFAULT_ACCOUNT_ID)
    }

    /// Creates or replaces an application while running.
    pub async fn register(&self, application: ApplicationConfig) -> Result<(), TestKitError> {
        self.sandbox
            .put_application(application)
            .await
            .map_err(TestKitError::Store)
    }

    /// The delivery log (outbox rows with every attempt), oldest first, as the admin API has it.
    pub async fn deliveries(&self, filter: &DeliveryFilter) -> Result<Vec<Delivery>, TestKitError> {
        self.admin.deliveries(filter).await
    }

    /// Every webhook event of one message with its attempts.
    pub async fn deliveries_of(&self, message_id: &str) -> Result<Vec<Delivery>, TestKitError> {
        self.deliveries(&DeliveryFilter::message(message_id)).await
    }

    /// Injects an inbound message into the default account; returns the new message ids (one per
    /// recipient). Its `message-received` event goes to the application's inbound callback URL.
    pub async fn inject_inbound(&self, inbound: &Inbound) -> Result<Vec<String>, TestKitError> {
        self.admin.inject_inbound(DEFAULT_ACCOUNT_ID, inbound).await
    }

    /// Waits until no webhook is queued or in flight; an error after `timeout`.
    pub async fn settle(&self, timeout: Duration) -> Result<(), TestKitError> {
        if self.sandbox.wait_idle(timeout).await {
            Ok(())
        } else {
            Err(TestKitError::Timeout {
                waited: timeout,
                what: "the emulator to have no webhook queued or in flight".to_owned(),
            })
        }
    }

    /// Stops the emulator gracefully (see [`Sandbox::shutdown`]).
    pub async fn shutdown(self) -> Result<(), TestKitError> {
        self.sandbox.shutdown().await.map_err(TestKitError::Store)
    }
}
