//! Serving a router on a loopback port for a test.

use std::net::SocketAddr;

/// An axum router served on `127.0.0.1` at a free port, stopped when dropped.
///
/// ```no_run
/// use bandwidth_messaging::webhook::testing::LoopbackServer;
///
/// # async fn example() -> std::io::Result<()> {
/// let router = axum::Router::new();
/// let server = LoopbackServer::start(router).await?;
/// println!("POST your events to {}", server.url("/bandwidth/callbacks"));
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct LoopbackServer {
    address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl LoopbackServer {
    /// Binds a free loopback port and serves `router` on it in a background task.
    pub async fn start(router: axum::Router) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                tracing::warn!(target: "bandwidth_messaging::webhook", %error, "loopback server stopped");
            }
        });
        Ok(Self { address, task })
    }

    /// The bound address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
