//! Serves the webhook receiver and a bare axum handler on loopback ports, for `scripts/bench-receiver.sh`.
//!
//! ```text
//! cargo run --release --features webhooks --example receiver_bench -- 18080
//! ```
//! listens on five consecutive ports from the one given (default 18080):
//! - `+0` bare: an axum handler that reads the body and answers 200;
//! - `+1` receiver with the default in-memory dedup store (a repeated body is a duplicate after the first);
//! - `+2` receiver without dedup (every request parses and calls the handler);
//! - `+3` receiver without dedup, with Basic auth (requests must carry the credentials `bench:bench`);
//! - `+4` bare-parse: an axum handler that parses the body into `serde_json::Value` and answers 200 (what any
//!   receiver has to do at least, for comparison);
//! - `+5` receiver with a `RedisDedupStore` at `$BENCH_REDIS_URL` (only when that variable is set; needs
//!   feature `redis`).
//!
//! Every receiver handler only counts events. Stop with Ctrl-C.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::routing::post;
use bandwidth_messaging::generated::webhooks::Event;
use bandwidth_messaging::webhook::{NoDedup, ReceiverBuilder};
use http::StatusCode;

/// The handler of every receiver: counts events.
fn counter(
    handled: &Arc<AtomicU64>,
) -> impl Fn(Event) -> std::future::Ready<Result<(), Infallible>> + Send + Sync + 'static {
    let handled = Arc::clone(handled);
    move |_event: Event| {
        handled.fetch_add(1, Ordering::Relaxed);
        std::future::ready(Ok::<_, Infallible>(()))
    }
}

/// The receiver with the Redis store, when `BENCH_REDIS_URL` is set.
#[cfg(feature = "redis")]
async fn redis_router(handled: &Arc<AtomicU64>) -> std::io::Result<Option<(&'static str, Router)>> {
    let Ok(url) = std::env::var("BENCH_REDIS_URL") else {
        return Ok(None);
    };
    let store = bandwidth_messaging::webhook::RedisDedupStore::connect(&url)
        .await
        .map_err(std::io::Error::other)?;
    let router = ReceiverBuilder::<Event>::new()
        .dedup_store(store)
        .handler(counter(handled))
        .into_router();
    Ok(Some(("receiver-redis", router)))
}

/// Without feature `redis` there is no Redis router.
#[cfg(not(feature = "redis"))]
async fn redis_router(
    _handled: &Arc<AtomicU64>,
) -> std::io::Result<Option<(&'static str, Router)>> {
    Ok(None)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let base: u16 = match std::env::args().nth(1) {
        Some(arg) => arg
            .parse()
            .map_err(|_| std::io::Error::other(format!("not a port number: {arg:?}")))?,
        None => 18080,
    };
    let handled = Arc::new(AtomicU64::new(0));

    let bare = Router::new().route("/", post(|_body: Bytes| async { StatusCode::OK }));
    let bare_parse = Router::new().route(
        "/",
        post(|body: Bytes| async move {
            match serde_json::from_slice::<serde_json::Value>(&body) {
                Ok(_) => StatusCode::OK,
                Err(_) => StatusCode::BAD_REQUEST,
            }
        }),
    );
    let dedup = ReceiverBuilder::<Event>::new()
        .handler(counter(&handled))
        .into_router();
    let no_dedup = ReceiverBuilder::<Event>::new()
        .dedup_store(NoDedup)
        .handler(counter(&handled))
        .into_router();
    let auth = ReceiverBuilder::<Event>::new()
        .dedup_store(NoDedup)
        .basic_auth("bench", "bench")
        .handler(counter(&handled))
        .into_router();

    let mut servers = Vec::new();
    for (offset, (name, router)) in [
        ("bare", bare),
        ("receiver", dedup),
        ("receiver-no-dedup", no_dedup),
        ("receiver-auth", auth),
        ("bare-parse", bare_parse),
    ]
    .into_iter()
    .chain(redis_router(&handled).await?)
    .enumerate()
    {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, base + offset as u16));
        let listener = tokio::net::TcpListener::bind(address).await?;
        println!("{name} http://{address}/");
        servers.push(tokio::spawn(
            async move { axum::serve(listener, router).await },
        ));
    }
    tokio::signal::ctrl_c().await?;
    println!("events handled: {}", handled.load(Ordering::Relaxed));
    for server in servers {
        server.abort();
    }
    Ok(())
}
