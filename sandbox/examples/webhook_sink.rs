//! A webhook receiver for local load tests of the emulator: the crate's `Receiver` (with dedupe) on a
//! loopback port, counting the events it handles and printing the rate every second.
//!
//! ```text
//! cargo run --release -p bandwidth-sandbox --example webhook_sink -- 127.0.0.1:9060
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bandwidth_messaging::webhook::ReceiverBuilder;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:9060".to_owned());
    let handled = Arc::new(AtomicU64::new(0));
    let counter = handled.clone();
    let router = ReceiverBuilder::<Value>::new()
        .handler(move |_event: Value| {
            counter.fetch_add(1, Ordering::Relaxed);
            async { Ok::<(), std::convert::Infallible>(()) }
        })
        .into_router();
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "webhook sink listening on http://{}",
        listener.local_addr()?
    );
    tokio::spawn(async move {
        let mut last = 0;
        let started = Instant::now();
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let now = handled.load(Ordering::Relaxed);
            if now != last {
                println!(
                    "{:>6.1}s events {now} (+{}/s)",
                    started.elapsed().as_secs_f64(),
                    now - last
                );
                last = now;
            }
        }
    });
    axum::serve(listener, router).await?;
    Ok(())
}
