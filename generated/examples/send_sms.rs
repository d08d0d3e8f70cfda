//! Sends one SMS and prints what Bandwidth queued.
//!
//! ```sh
//! BW_ACCOUNT_ID=9900000 BW_CLIENT_ID=... BW_CLIENT_SECRET=... BW_APPLICATION_ID=... \
//! BW_FROM=+15557654321 BW_TO=+15551234567 cargo run -p bandwidth-messaging --example send_sms -- "Hello!"
//! ```
//!
//! `BW_USERNAME` / `BW_PASSWORD` (an API user) work instead of the OAuth2 client id and secret, and `BW_BASE_URL`
//! points the client elsewhere, for example the sandbox emulator (the OAuth2 token URL follows it):
//! `BW_BASE_URL=http://127.0.0.1:8080 BW_ACCOUNT_ID=9900000 BW_USERNAME=sandbox BW_PASSWORD=sandbox`.

use bandwidth_messaging::client::{Client, Credentials, Error};
use bandwidth_messaging::generated::models::MessageRequest;

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = match (
        std::env::var("BW_CLIENT_ID"),
        std::env::var("BW_CLIENT_SECRET"),
    ) {
        (Ok(id), Ok(secret)) => Credentials::oauth2(id, secret),
        _ => Credentials::basic(env("BW_USERNAME")?, env("BW_PASSWORD")?),
    };
    let mut builder = Client::builder()
        .account_id(env("BW_ACCOUNT_ID")?)
        .credentials(credentials);
    if let Ok(base_url) = std::env::var("BW_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    let text = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Hello from Rust!".to_owned());
    let request = MessageRequest::sms(
        env("BW_APPLICATION_ID")?,
        env("BW_FROM")?,
        env("BW_TO")?,
        text,
    );
    let preview = request.segment_preview();
    println!(
        "sending {} segment(s), {:?}",
        preview.total_segments(),
        preview.summary.encoding
    );

    match client.create_message(&request).await {
        Ok(queued) => {
            // Queued, not delivered: the outcome arrives as a message-delivered / message-failed webhook.
            println!("queued message {}", queued.id.as_deref().unwrap_or("?"));
            Ok(())
        }
        Err(Error::BadRequest { body, .. }) => {
            for field in body.field_errors.iter().flatten() {
                eprintln!(
                    "rejected `{}`: {}",
                    field.field_name.as_deref().unwrap_or("?"),
                    field.description.as_deref().unwrap_or("")
                );
            }
            Err("Bandwidth rejected the request".into())
        }
        Err(other) => Err(other.into()),
    }
}
