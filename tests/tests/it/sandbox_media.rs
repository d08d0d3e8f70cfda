//! Media over the emulator: binary round trip, ids with `/` (also as `%2F`), listing with
//! `Continuation-Token`, deletion, the size limit and the (scaled) 48 h retention.

use crate::sandbox_support as support;

use std::time::Duration;

use support::{Api, start, test_config};

fn binary() -> Vec<u8> {
    (0..=255u8).cycle().take(70_000).collect()
}

#[tokio::test]
async fn media_round_trips_binary_bytes_with_slashes_in_the_id() {
    let sandbox = start(test_config()).await;
    let api = Api::new(&sandbox);
    let bytes = binary();
    let upload = api
        .send(
            api.http
                .put(api.account_url("/media/1589228074636lm4k2je7j7jklbn2/0/bw.png"))
                .header("content-type", "image/png")
                .header("cache-control", "no-cache")
                .body(bytes.clone()),
        )
        .await;
    assert_eq!(upload.status, 204);
    assert!(upload.bytes.is_empty());

    for path in [
        "/media/1589228074636lm4k2je7j7jklbn2/0/bw.png",
        "/media/1589228074636lm4k2je7j7jklbn2%2F0%2Fbw.png",
    ] {
        let download = api.get(path).await;
        assert_eq!(download.status, 200, "{path}");
        assert_eq!(download.bytes, bytes, "{path}");
        assert_eq!(
            download.header("content-type").as_deref(),
            Some("image/png")
        );
        assert_eq!(
            download.header("cache-control").as_deref(),
            Some("no-cache")
        );
    }

    // Same name overwrites.
    let upload = api
        .send(
            api.http
                .put(api.account_url("/media/1589228074636lm4k2je7j7jklbn2%2F0%2Fbw.png"))
                .body(vec![1u8, 2, 3]),
        )
        .await;
    assert_eq!(upload.status, 204);
    let download = api
        .get("/media/1589228074636lm4k2je7j7jklbn2/0/bw.png")
        .await;
    assert_eq!(download.bytes, vec![1u8, 2, 3]);
    assert_eq!(
        download.header("content-type").as_deref(),
        Some("application/octet-stream")
    );

    let deleted = api
        .send(
            api.http
                .delete(api.account_url("/media/1589228074636lm4k2je7j7jklbn2/0/bw.png")),
        )
        .await;
    assert_eq!(deleted.status, 204);
    let gone = api
        .get("/media/1589228074636lm4k2je7j7jklbn2/0/bw.png")
        .await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.json()["type"], "object-not-found");
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn list_media_pages_with_continuation_token() {
    let mut config = test_config();
    config.limits.list_media_page_size = 2;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    for name in ["a.txt", "b/c.txt", "d.txt", "e.txt", "f.txt"] {
        let answer = api
            .send(
                api.http
                    .put(api.account_url(&format!("/media/{name}")))
                    .header("content-type", "text/plain")
                    .body(name.to_owned()),
            )
            .await;
        assert_eq!(answer.status, 204);
    }
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut request = api.http.get(api.account_url("/media"));
        if let Some(token) = &token {
            request = request.header("Continuation-Token", token);
        }
        let page = api.send(request).await;
        assert_eq!(page.status, 200);
        pages += 1;
        for item in page.json().as_array().expect("array") {
            let name = item["mediaName"].as_str().expect("name").to_owned();
            assert_eq!(item["contentLength"], name.len());
            assert_eq!(
                item["content"],
                format!("{}/api/v2/users/9900000/media/{name}", sandbox.url())
            );
            names.push(name);
        }
        token = page.header("continuation-token");
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(names, vec!["a.txt", "b/c.txt", "d.txt", "e.txt", "f.txt"]);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_with_400() {
    let mut config = test_config();
    config.limits.max_media_bytes = 1024;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let fits = api
        .send(
            api.http
                .put(api.account_url("/media/fits.bin"))
                .body(vec![7u8; 1024]),
        )
        .await;
    assert_eq!(fits.status, 204);
    let too_big = api
        .send(
            api.http
                .put(api.account_url("/media/big.bin"))
                .body(vec![7u8; 1025]),
        )
        .await;
    assert_eq!(too_big.status, 400);
    assert_eq!(too_big.json()["type"], "request-validation");
    assert_eq!(api.get("/media/big.bin").await.status, 404);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn media_expire_after_the_scaled_retention() {
    let mut config = test_config();
    // 48 emulated hours pass in 2 s.
    config.server.time_scale = 86_400.0;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let upload = api
        .send(
            api.http
                .put(api.account_url("/media/short-lived.txt"))
                .body("bye"),
        )
        .await;
    assert_eq!(upload.status, 204);
    assert_eq!(api.get("/media/short-lived.txt").await.status, 200);
    tokio::time::sleep(Duration::from_millis(2_200)).await;
    assert_eq!(api.get("/media/short-lived.txt").await.status, 404);
    let list = api.get("/media").await.json();
    assert_eq!(list, serde_json::json!([]));
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn media_needs_the_accounts_credentials() {
    let sandbox = start(test_config()).await;
    let api = Api::new(&sandbox);
    let response = api
        .http
        .get(api.account_url("/media"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 401);
    sandbox.shutdown().await.expect("shutdown");
}
