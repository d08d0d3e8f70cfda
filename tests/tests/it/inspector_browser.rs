//! The web inspector (`/ui`) driven in a real browser: Debian's headless chromium through chromedriver,
//! spoken to over the W3C WebDriver protocol with a few JSON requests (no extra dependency). Asserts what a
//! person sees: the message row, the attempt list of a webhook that failed then succeeded, the redeliver
//! button, the calculator's count for a text with an emoji. `INSPECTOR_SCREENSHOTS=1` rewrites the PNGs
//! under `docs/` shown in `docs/sandbox.md`.
//!
//! Skipped (with a message) when chromium or chromedriver is missing and `CI` is unset; in CI it fails.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bandwidth_messaging::generated::models::MessageRequest;
use bandwidth_sandbox::testkit::{DeliveryState, TestSandbox, WebhookRecorder, magic};
use base64::Engine as _;
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process we started, with one headless chromium session; both end on drop.
struct Browser {
    driver: Child,
    http: reqwest::Client,
    session: String,
}

impl Browser {
    /// `None` when the browser is not installed outside CI.
    async fn start() -> Option<Browser> {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_owned());
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| CHROMEDRIVER.to_owned());
        if !std::path::Path::new(&chromium).exists()
            || !std::path::Path::new(&chromedriver).exists()
        {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but {chromium} or {chromedriver} is missing (.ci/run installs chromium and chromium-driver)"
            );
            eprintln!(
                "SKIPPED inspector browser test: {chromium} or {chromedriver} is not installed (apt-get install chromium chromium-driver)"
            );
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        bandwidth_messaging::client::ensure_crypto_provider();
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let answer: Value = http
            .post(format!("{base}/session"))
            .json(&json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,760"]
            }}}}))
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("session JSON");
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        Some(Browser {
            driver,
            http,
            session: format!("{base}/session/{session}"),
        })
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.session));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request
            .send()
            .await
            .expect("webdriver")
            .json()
            .await
            .expect("webdriver JSON");
        if answer["value"].get("error").is_some() {
            panic!("webdriver {path}: {}", answer["value"]);
        }
        answer["value"].clone()
    }

    async fn open(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    async fn find(&self, css: &str) -> String {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found[ELEMENT].as_str().expect("element id").to_owned()
    }

    async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        self.call(
            reqwest::Method::GET,
            &format!("/element/{element}/text"),
            None,
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Clicks in one script call: the live refresh may replace the element between a find and a click.
    async fn click(&self, css: &str) {
        let clicked = self
            .script(
                "var e = document.querySelector(arguments[0]); if (!e) return false; e.click(); return true;",
                json!([css]),
            )
            .await;
        assert_eq!(clicked, json!(true), "nothing to click at {css}");
    }

    async fn script(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Polls the text of `css` until `ok` holds (the page updates itself over SSE).
    async fn wait_text(&self, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = self
                .script(
                    "var e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
                    json!([css]),
                )
                .await;
            let text = text.as_str().unwrap_or_default().to_owned();
            if ok(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "waiting for {what}; {css} shows {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn screenshot(&self, name: &str) {
        if std::env::var_os("INSPECTOR_SCREENSHOTS").is_none() {
            return;
        }
        let png = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().expect("base64"))
            .expect("PNG");
        let path = format!("{}/../docs/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::write(&path, bytes).expect("screenshot written");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[tokio::test]
async fn a_person_sees_messages_attempts_redelivery_and_segments() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let recorder = WebhookRecorder::builder()
        .refuse_first(1)
        .start()
        .await
        .expect("recorder");
    // A short retry window (60 emulated seconds, a few ms here) so a refused event is given up quickly.
    let sandbox = TestSandbox::builder()
        .configure(|config| config.delivery.retry_window_seconds = 60)
        .start()
        .await
        .expect("sandbox");
    sandbox
        .register(
            sandbox
                .application("shop-app")
                .status_callback(recorder.url()),
        )
        .await
        .expect("registered");
    let client = sandbox.client().expect("client");
    let send = |text: &'static str| {
        let client = client.clone();
        async move {
            let request = MessageRequest::sms("shop-app", "+15557654321", magic::DELIVERED, text);
            client
                .create_message(&request)
                .await
                .expect("accepted")
                .id
                .clone()
                .expect("id")
        }
    };

    // A webhook that failed once, then succeeded.
    let retried = send("Your order has shipped.").await;
    recorder
        .terminal_event(&retried, magic::DELIVERED, Duration::from_secs(10))
        .await
        .expect("delivered after a refusal");
    // A webhook given up (every attempt refused), to redeliver from the inspector.
    recorder.refuse_next(1_000);
    let given_up = send("Your parcel is out for delivery.").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let log = sandbox.deliveries_of(&given_up).await.expect("log");
        if log
            .first()
            .is_some_and(|d| d.state == DeliveryState::GivenUp)
        {
            break;
        }
        assert!(Instant::now() < deadline, "not given up: {log:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    recorder.refuse_next(0);

    // The message list.
    browser.open(&format!("{}/ui", sandbox.url())).await;
    let table = browser.text("#messages").await;
    assert!(
        table.contains(&retried) && table.contains(&given_up),
        "{table}"
    );
    assert!(
        table.contains("+15557654321") && table.contains("DELIVERED"),
        "{table}"
    );
    assert!(
        !table.contains("shipped"),
        "message text is never shown: {table}"
    );
    let apps = browser.text("#applications").await;
    assert!(
        apps.contains("shop-app") && apps.contains(&recorder.url()),
        "{apps}"
    );
    browser.screenshot("inspector-messages.png").await;

    // The attempt list of the retried webhook: 503 first, then delivered.
    browser
        .click(&format!("a[href=\"/ui/messages/{retried}\"]"))
        .await;
    let attempts = browser
        .wait_text("section.event .attempts", "the attempt list", |t| {
            t.contains("delivered")
        })
        .await;
    let lines: Vec<&str> = attempts
        .lines()
        .filter(|l| l.starts_with(['1', '2']))
        .collect();
    assert_eq!(lines.len(), 2, "{attempts}");
    assert!(
        lines[0].contains("http-503") && lines[0].contains("503"),
        "{attempts}"
    );
    assert!(
        lines[1].contains("delivered") && lines[1].contains("200"),
        "{attempts}"
    );
    assert!(
        browser
            .text("section.event .state")
            .await
            .contains("delivered")
    );
    browser.screenshot("inspector-message.png").await;

    // Redeliver the given-up event; the page follows over SSE until it is delivered.
    browser
        .open(&format!("{}/ui/messages/{given_up}", sandbox.url()))
        .await;
    assert_eq!(browser.text("section.event .state").await, "given-up");
    browser.click("button[data-redeliver]").await;
    browser
        .wait_text("section.event .state", "the redelivered event", |t| {
            t == "delivered"
        })
        .await;
    recorder
        .terminal_event(&given_up, magic::DELIVERED, Duration::from_secs(10))
        .await
        .expect("the redelivered event arrived");

    // The segment calculator: 40 emoji are 80 UTF-16 units, two UCS-2 segments.
    browser
        .open(&format!("{}/ui/segments", sandbox.url()))
        .await;
    browser
        .script(
            "var t = document.getElementById('calc-text'); t.value = arguments[0]; \
             t.dispatchEvent(new Event('input'));",
            json!(["😀".repeat(40)]),
        )
        .await;
    browser
        .wait_text("#calc-count", "the emoji count", |t| t == "2")
        .await;
    assert_eq!(browser.text("#calc-encoding").await, "UCS-2");
    browser
        .script(
            "var t = document.getElementById('calc-text'); t.value = arguments[0]; \
             t.dispatchEvent(new Event('input'));",
            json!(["Your “order” is ready — see you soon 😀"]),
        )
        .await;
    let result = browser
        .wait_text("#calc-result", "the suggestions", |t| t.contains("U+201C"))
        .await;
    assert!(result.contains("none: the text stays UCS-2"), "{result}");
    assert!(result.contains("Suggested replacement"), "{result}");
    browser.screenshot("inspector-calculator.png").await;

    let _ = browser.call(reqwest::Method::DELETE, "", None).await;
    sandbox.shutdown().await.expect("shutdown");
}
