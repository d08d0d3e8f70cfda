//! Durability of the outbox: the `bandwidth-sandbox` binary is killed with SIGKILL while webhooks are in
//! flight, restarted on the same `--data` file, and every accepted message's event still reaches the
//! receiver (exactly once after its dedupe). Also: `--help`, and a graceful shutdown on SIGTERM.

use crate::sandbox_support as support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::json;
use support::{APP, Action, FROM, Sink, TempDir, eventually};

/// The emulator binary of this build (`cargo test --workspace` builds it). It is (re)built here, once per
/// test process, when missing or older than the sources it is made from, so a run of only this test
/// crate never spawns a stale binary.
fn sandbox_binary() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(build_sandbox_binary).clone()
}

fn build_sandbox_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    // target/<profile>/deps/<test> -> target/<profile>
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target profile directory")
        .to_owned();
    let binary = profile_dir.join(format!("bandwidth-sandbox{}", std::env::consts::EXE_SUFFIX));
    let built_at = std::fs::metadata(&binary).and_then(|m| m.modified()).ok();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let sources_at = ["sandbox/src", "generated/src", "macros"]
        .iter()
        .filter_map(|dir| newest_file(&workspace.join(dir)))
        .max();
    if built_at.is_none() || sources_at > built_at {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut command = Command::new(cargo);
        command.args([
            "build",
            "-p",
            "bandwidth-sandbox",
            "--bin",
            "bandwidth-sandbox",
        ]);
        if profile_dir
            .file_name()
            .is_some_and(|name| name == "release")
        {
            command.arg("--release");
        }
        if let Some(target_dir) = profile_dir.parent() {
            command.env("CARGO_TARGET_DIR", target_dir);
        }
        let status = command.status().expect("cargo runs");
        assert!(status.success(), "building bandwidth-sandbox failed");
    }
    binary
}

/// The newest modification time of the files under `dir`.
fn newest_file(dir: &Path) -> Option<std::time::SystemTime> {
    let mut newest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest_file(&path)
        } else {
            entry.metadata().and_then(|m| m.modified()).ok()
        };
        newest = newest.max(time);
    }
    newest
}

/// A running emulator process and its root URL.
struct Emulator {
    child: Child,
    url: String,
}

impl Emulator {
    fn spawn(config: &Path, data: &Path) -> Emulator {
        let mut child = Command::new(sandbox_binary())
            .args(["--listen", "127.0.0.1:0", "--config"])
            .arg(config)
            .arg("--data")
            .arg(data)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the emulator starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the listening line");
        let url = line
            .trim()
            .strip_prefix("bandwidth-sandbox listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Emulator { child, url }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http() -> reqwest::Client {
    bandwidth_messaging::client::ensure_crypto_provider();
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
}

#[test]
fn help_lists_the_options() {
    let output = Command::new(sandbox_binary())
        .arg("--help")
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for option in ["--listen", "--config", "--data", "--time-scale"] {
        assert!(
            text.contains(option),
            "{option} missing from --help:\n{text}"
        );
    }
    let bad = Command::new(sandbox_binary())
        .arg("--bogus")
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--bogus"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_webhooks_survive_sigkill_and_are_delivered_after_restart() {
    const MESSAGES: usize = 300;
    // Before the kill the receiver handles every other request and leaves the rest hanging (in flight).
    let healthy = Arc::new(AtomicBool::new(false));
    let flag = healthy.clone();
    let sink = Sink::start(
        move |seen| {
            if flag.load(Ordering::SeqCst) || seen.index % 2 == 0 {
                Action::Forward
            } else {
                Action::Stall(Duration::from_secs(30))
            }
        },
        None,
    )
    .await;

    let dir = TempDir::new("restart");
    let data = dir.0.join("sandbox.db");
    let config = dir.0.join("sandbox.toml");
    std::fs::write(
        &config,
        format!(
            "[server]\ntime_scale = 3600.0\n\n[delivery]\ntimeout_ms = 20000\nconcurrency = 64\n\n\
             [[applications]]\nid = \"{APP}\"\naccount_id = \"9900000\"\noutbound_callback_url = \"{}\"\n",
            sink.url
        ),
    )
    .expect("config written");

    let http = http();
    let first = Emulator::spawn(&config, &data);
    let mut accepted = Vec::new();
    for n in 0..MESSAGES {
        let response = http
            .post(format!("{}/api/v2/users/9900000/messages", first.url))
            .basic_auth("sandbox", Some("sandbox"))
            .json(&json!({"applicationId": APP, "from": FROM, "to": [format!("+1556{n:07}")], "text": "durable"}))
            .send()
            .await
            .expect("createMessage");
        assert_eq!(response.status().as_u16(), 202);
        let body: serde_json::Value = response.json().await.expect("202 body");
        accepted.push(body["id"].as_str().expect("id").to_owned());
    }
    // Wait until deliveries are in flight (some handled, some hanging), then kill without warning.
    eventually(Duration::from_secs(30), "deliveries in flight", || async {
        sink.handled_count() >= 20 && sink.seen_count() >= 60
    })
    .await;
    let mut first = first;
    first.child.kill().expect("SIGKILL");
    first.child.wait().expect("reaped");
    let handled_before = sink.handled_count();
    assert!(
        handled_before < MESSAGES,
        "the kill happened mid-delivery ({handled_before} handled)"
    );

    healthy.store(true, Ordering::SeqCst);
    let second = Emulator::spawn(&config, &data);
    eventually(
        Duration::from_secs(60),
        "every event after the restart",
        || async { sink.handled_count() >= MESSAGES },
    )
    .await;

    let mut per_message: HashMap<String, usize> = HashMap::new();
    for event in sink.handled() {
        *per_message
            .entry(event["message"]["id"].as_str().expect("id").to_owned())
            .or_default() += 1;
    }
    for id in &accepted {
        assert_eq!(
            per_message.get(id),
            Some(&1),
            "message {id} handled exactly once after dedupe"
        );
    }
    assert_eq!(per_message.len(), MESSAGES);

    // The restarted emulator lists every message once its event is acknowledged.
    let client = http.clone();
    let url = second.url.clone();
    eventually(Duration::from_secs(30), "every message listed", || {
        let client = client.clone();
        let url = url.clone();
        async move {
            let list: serde_json::Value = client
                .get(format!("{url}/api/v2/users/9900000/messages?limit=1"))
                .basic_auth("sandbox", Some("sandbox"))
                .send()
                .await
                .expect("list")
                .json()
                .await
                .expect("list JSON");
            list["totalCount"] == MESSAGES
        }
    })
    .await;
    drop(second);
}

#[tokio::test]
async fn sigterm_shuts_down_gracefully_and_keeps_the_data() {
    let dir = TempDir::new("sigterm");
    let data = dir.0.join("sandbox.db");
    let config = dir.0.join("sandbox.toml");
    std::fs::write(&config, "").expect("config written");
    let http = http();
    let mut emulator = Emulator::spawn(&config, &data);
    let response = http
        .put(format!(
            "{}/api/v2/users/9900000/media/kept.txt",
            emulator.url
        ))
        .basic_auth("sandbox", Some("sandbox"))
        .body("still here")
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status().as_u16(), 204);

    let pid = emulator.child.id().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = emulator.child.wait().expect("exit status");
    assert!(exit.success(), "graceful shutdown exits 0: {exit:?}");

    let restarted = Emulator::spawn(&config, &data);
    let body = http
        .get(format!(
            "{}/api/v2/users/9900000/media/kept.txt",
            restarted.url
        ))
        .basic_auth("sandbox", Some("sandbox"))
        .send()
        .await
        .expect("download")
        .text()
        .await
        .expect("text");
    assert_eq!(body, "still here");
    drop(emulator);
}
