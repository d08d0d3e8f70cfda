//! The Media operations through the typed client, over loopback HTTP (wiremock): upload (bytes and stream),
//! download (whole and streamed), delete, and listing across `Continuation-Token` pages. Media ids with `/`.

use crate::client_support;

use std::sync::Arc;

use bandwidth_messaging::client::{Error, MediaBody, Rule, Violation};
use bandwidth_messaging::generated::behaviour::limits;
use client_support::{RecordingSleeper, basic_client, client_without_retries};
use futures_util::{StreamExt as _, TryStreamExt as _};
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// An inbound media id: everything after `/media/` in the webhook's URL, slashes included.
const INBOUND_ID: &str = "14762070468292kw2fuqty55yp2b2/0/bw.png";

#[tokio::test]
async fn upload_media_sends_bytes_with_the_callers_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/users/9900000/media/greeting.png"))
        .and(header("content-type", "image/png"))
        .and(header("cache-control", "no-cache"))
        .and(body_bytes(b"\x89PNG\r\n".to_vec()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_without_retries(&server);
    client
        .upload_media(
            "greeting.png",
            b"\x89PNG\r\n".to_vec(),
            "image/png",
            Some("no-cache"),
        )
        .await
        .expect("stored");
    let requests = server.received_requests().await.unwrap_or_default();
    let content_types: Vec<_> = requests
        .iter()
        .flat_map(|r| r.headers.get_all("content-type"))
        .collect();
    assert_eq!(
        content_types.len(),
        1,
        "exactly one Content-Type: {content_types:?}"
    );
}

#[tokio::test]
async fn upload_media_streams_a_body_once() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/users/9900000/media/clip.wav"))
        .and(header("content-type", "audio/wav"))
        .and(body_bytes(b"RIFF....WAVEdata".to_vec()))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let chunks = futures_util::stream::iter(
        [&b"RIFF...."[..], &b"WAVE"[..], &b"data"[..]].map(Ok::<_, std::io::Error>),
    );
    let sleeper = RecordingSleeper::default();
    let client = basic_client(&server, &sleeper);
    let err = client
        .upload_media("clip.wav", MediaBody::stream(chunks), "audio/wav", None)
        .await
        .expect_err("503");
    // A 503 on a PUT is retryable, but a stream cannot be replayed: the error comes back after one attempt.
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert!(sleeper.delays().is_empty());
}

#[tokio::test]
async fn upload_media_of_bytes_is_retried_after_a_503() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    basic_client(&server, &sleeper)
        .upload_media("a.txt", "hello".to_owned(), "text/plain", None)
        .await
        .expect("stored");
    assert_eq!(sleeper.delays().len(), 1);
}

#[tokio::test]
async fn media_ids_with_slashes_stay_path_segments() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/users/9900000/media/{INBOUND_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"\x89PNG".to_vec(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/users/9900000/media/{INBOUND_ID}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_without_retries(&server);
    let media = client.get_media(INBOUND_ID).await.expect("downloaded");
    assert_eq!(media.content_type.as_deref(), Some("image/png"));
    assert_eq!(media.bytes.as_ref(), b"\x89PNG");
    client.delete_media(INBOUND_ID).await.expect("deleted");
}

#[tokio::test]
async fn other_reserved_characters_in_media_ids_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client_without_retries(&server)
        .delete_media("my file?#1.png")
        .await
        .expect("deleted");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests.first().map(|r| r.url.path()),
        Some("/users/9900000/media/my%20file%3F%231.png")
    );
}

#[tokio::test]
async fn get_media_stream_yields_the_body_in_chunks() {
    let server = MockServer::start().await;
    let body: Vec<u8> = (0..=255u8).cycle().take(256 * 1024).collect();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "video/mp4"))
        .mount(&server)
        .await;
    let download = client_without_retries(&server)
        .get_media_stream("big.mp4")
        .await
        .expect("headers");
    assert_eq!(download.content_type(), Some("video/mp4"));
    assert_eq!(download.content_length(), Some(body.len() as u64));
    let chunks: Vec<_> = download.try_collect().await.expect("body");
    assert_eq!(chunks.concat(), body);
}

#[tokio::test]
async fn get_media_stream_of_a_missing_file_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            serde_json::json!({"type": "not-found", "description": "no such media"}),
        ))
        .mount(&server)
        .await;
    let err = client_without_retries(&server)
        .get_media_stream("gone.png")
        .await
        .expect_err("404");
    assert!(
        matches!(
            err,
            Error::NotFound {
                operation: "getMedia",
                ..
            }
        ),
        "{err:?}"
    );
}

fn media_json(name: &str) -> serde_json::Value {
    serde_json::json!({
        "content": format!("https://messaging.bandwidth.com/api/v2/users/9900000/media/{name}"),
        "contentLength": 1024,
        "mediaName": name,
    })
}

#[tokio::test]
async fn list_media_stream_follows_continuation_tokens_across_three_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/9900000/media"))
        .and(|r: &Request| !r.headers.contains_key("continuation-token"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Continuation-Token", "T2")
                .set_body_json(serde_json::json!([
                    media_json("a.png"),
                    media_json("b.png")
                ])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("continuation-token", "T2"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Continuation-Token", "T3")
                .set_body_json(serde_json::json!([media_json("c.png")])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("continuation-token", "T3"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!([media_json("d.png")])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let media: Vec<_> = client_without_retries(&server)
        .list_media_stream()
        .try_collect()
        .await
        .expect("three pages");
    let names: Vec<_> = media
        .iter()
        .filter_map(|m| m.media_name.as_deref())
        .collect();
    assert_eq!(names, ["a.png", "b.png", "c.png", "d.png"]);
    assert_eq!(media[0].content_length, Some(1024));
}

#[tokio::test]
async fn list_media_returns_one_page_and_its_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Continuation-Token", "NEXT")
                .set_body_json(serde_json::json!([{"mediaName": "a.png", "future": 1}])),
        )
        .mount(&server)
        .await;
    let page = client_without_retries(&server)
        .list_media(None)
        .await
        .expect("page");
    assert_eq!(page.continuation_token.as_deref(), Some("NEXT"));
    assert_eq!(
        page.media[0].additional_properties.get("future"),
        Some(&serde_json::json!(1))
    );
}

#[tokio::test]
async fn oversized_uploads_and_empty_ids_never_reach_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let client = client_without_retries(&server);
    let too_big = vec![0u8; limits::MAX_MEDIA_BYTES as usize + 1];
    let err = client
        .upload_media("big.bin", too_big, "application/octet-stream", None)
        .await
        .expect_err("too big");
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err:?}")
    };
    assert_eq!(
        v.problems,
        [Violation::new(
            "body",
            Rule::TooLarge {
                max: limits::MAX_MEDIA_BYTES,
                actual: limits::MAX_MEDIA_BYTES + 1
            }
        )]
    );
    assert!(err.to_string().starts_with("uploadMedia: "), "{err}");
    let err = client
        .upload_media("", b"x".to_vec(), "text/plain", None)
        .await
        .expect_err("empty id");
    assert!(
        matches!(&err, Error::Validation(v) if v.fields() == ["mediaId"]),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_content_type_that_is_not_a_header_value_is_an_encode_error() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let err = client_without_retries(&server)
        .upload_media("a.txt", b"x".to_vec(), "text/plain\r\nX-Injected: 1", None)
        .await
        .expect_err("bad header");
    assert!(matches!(err, Error::Encode(_)), "{err:?}");
}

#[tokio::test]
async fn concurrent_downloads_share_one_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"x".to_vec(), "text/plain"))
        .expect(8)
        .mount(&server)
        .await;
    let client = Arc::new(client_without_retries(&server));
    let downloads = futures_util::stream::iter(0..8)
        .map(|i| {
            let client = Arc::clone(&client);
            async move { client.get_media(&format!("f{i}.txt")).await }
        })
        .buffer_unordered(8)
        .try_collect::<Vec<_>>()
        .await
        .expect("all downloaded");
    assert_eq!(downloads.len(), 8);
}
