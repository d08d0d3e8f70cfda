//! `bandwidth-sandbox`: run the emulator until Ctrl-C or SIGTERM, then shut down gracefully.

use std::process::ExitCode;

use bandwidth_sandbox::cli::{Args, HELP, LogFormat};
use bandwidth_sandbox::{Config, Sandbox};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(error) => {
            eprintln!("bandwidth-sandbox: {error}");
            return ExitCode::from(2);
        }
    };
    if args.help {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    if args.version {
        println!("bandwidth-sandbox {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match args.log_format {
        LogFormat::Text => subscriber.init(),
        LogFormat::Json => subscriber.json().init(),
    }

    let mut config = match &args.config {
        Some(path) => match Config::from_file(path) {
            Ok(config) => config,
            Err(error) => {
                eprintln!("bandwidth-sandbox: {error}");
                return ExitCode::from(2);
            }
        },
        None => {
            let mut config = Config::default();
            config.server.listen = bandwidth_sandbox::config::DEFAULT_LISTEN
                .parse()
                .unwrap_or(config.server.listen);
            config
        }
    };
    args.apply(&mut config);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("bandwidth-sandbox: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let sandbox = match Sandbox::start(config).await {
            Ok(sandbox) => sandbox,
            Err(error) => {
                eprintln!("bandwidth-sandbox: {error}");
                return ExitCode::FAILURE;
            }
        };
        // One line on stdout that scripts and tests can wait for.
        println!("bandwidth-sandbox listening on {}", sandbox.url());
        wait_for_signal().await;
        tracing::info!("shutting down: finishing requests and in-flight webhooks");
        match sandbox.shutdown().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("bandwidth-sandbox: shutdown: {error}");
                ExitCode::FAILURE
            }
        }
    })
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
