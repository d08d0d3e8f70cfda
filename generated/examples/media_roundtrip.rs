//! Uploads a file as media, lists the account's media, downloads the file back as a stream and deletes it.
//!
//! ```sh
//! BW_ACCOUNT_ID=9900000 BW_CLIENT_ID=... BW_CLIENT_SECRET=... \
//! cargo run -p bandwidth-messaging --example media_roundtrip -- ./picture.png image/png
//! ```
//!
//! `BW_USERNAME` / `BW_PASSWORD` work instead of the OAuth2 pair, and `BW_BASE_URL` points the example at the
//! sandbox (the OAuth2 token URL follows it), e.g. `BW_BASE_URL=http://127.0.0.1:8080 BW_ACCOUNT_ID=9900000
//! BW_USERNAME=sandbox BW_PASSWORD=sandbox`.

use bandwidth_messaging::client::{Client, Credentials};
use futures_util::TryStreamExt as _;

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: media_roundtrip FILE CONTENT-TYPE")?;
    let content_type = args
        .next()
        .ok_or("usage: media_roundtrip FILE CONTENT-TYPE")?;
    // OAuth2 client credentials when set, else an API user (the sandbox accepts either).
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

    let name = std::path::Path::new(&path)
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("FILE needs a file name")?;
    let media_id = format!("examples/{name}");
    let url = client
        .upload_media(
            &media_id,
            std::fs::read(&path)?,
            &content_type,
            Some("no-cache"),
        )
        .await?;
    println!("uploaded {media_id}: {url} (an MMS's media entry)");

    let mut all = std::pin::pin!(client.list_media_stream());
    while let Some(media) = all.try_next().await? {
        println!(
            "stored: {} ({} bytes)",
            media.media_name.unwrap_or_default(),
            media.content_length.unwrap_or(0)
        );
    }

    let mut download = client.get_media_stream(&media_id).await?;
    let mut received = 0usize;
    while let Some(chunk) = download.try_next().await? {
        received += chunk.len();
    }
    println!(
        "downloaded {received} bytes as {}",
        download.content_type().unwrap_or("?")
    );

    client.delete_media(&media_id).await?;
    println!("deleted {media_id}");
    Ok(())
}
