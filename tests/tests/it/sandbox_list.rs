//! listMessages over the emulator: metadata only (never text), filters, sort, pageToken pagination.

use crate::sandbox_support as support;

use std::collections::BTreeSet;

use bandwidth_sandbox::ApplicationConfig;
use serde_json::{Value, json};
use support::{ACCOUNT, APP, Api, FROM, start, test_config};

async fn sandbox_without_callbacks() -> (bandwidth_sandbox::Sandbox, Api) {
    let mut config = test_config();
    config
        .applications
        .push(ApplicationConfig::new(APP, ACCOUNT));
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    (sandbox, api)
}

fn ids(page: &Value) -> Vec<String> {
    page["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            format!(
                "{}:{}",
                m["messageId"].as_str().expect("id"),
                m["destinationTn"].as_str().expect("tn")
            )
        })
        .collect()
}

#[tokio::test]
async fn the_list_holds_metadata_only() {
    let (sandbox, api) = sandbox_without_callbacks().await;
    let text = "Top secret text 😀 that must never be listed";
    let id = api.send_sms(&["+15551234567"], text).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let answer = api.get(&format!("/messages?messageId={id}")).await;
    assert_eq!(answer.status, 200);
    assert!(
        !String::from_utf8_lossy(&answer.bytes).contains("secret"),
        "no text in the list"
    );
    let mut item = answer.json()["messages"][0].clone();
    assert!(item.get("text").is_none());
    assert_eq!(item["messageLength"], text.chars().count());
    assert_eq!(item["segmentCount"], 1);
    item["messageId"] = json!("[id]");
    item["receiveTime"] = json!("[time]");
    insta::assert_json_snapshot!("sandbox_list_item", item);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn pages_follow_next_and_previous_tokens() {
    let (sandbox, api) = sandbox_without_callbacks().await;
    let mut sent = BTreeSet::new();
    for i in 0..25 {
        let to = format!("+1555100{i:04}");
        let id = api.send_sms(&[to.as_str()], "page me").await["id"]
            .as_str()
            .expect("id")
            .to_owned();
        sent.insert(format!("{id}:{to}"));
    }
    let first = api
        .get("/messages?sourceTn=%2B15557654321&limit=10")
        .await
        .json();
    assert_eq!(first["totalCount"], 25);
    assert!(
        first["pageInfo"].get("prevPageToken").is_none(),
        "the first page has no previous page"
    );
    let token = first["pageInfo"]["nextPageToken"]
        .as_str()
        .expect("next token")
        .to_owned();
    let next_url = first["pageInfo"]["nextPage"]
        .as_str()
        .expect("next page URL");
    assert!(
        next_url.contains("sourceTn=%2B15557654321") && next_url.contains(&token),
        "{next_url}"
    );

    let second = api
        .get(&format!(
            "/messages?sourceTn=%2B15557654321&limit=10&pageToken={token}"
        ))
        .await
        .json();
    let token = second["pageInfo"]["nextPageToken"]
        .as_str()
        .expect("next token")
        .to_owned();
    let third = api
        .get(&format!(
            "/messages?sourceTn=%2B15557654321&limit=10&pageToken={token}"
        ))
        .await
        .json();
    assert_eq!(ids(&third).len(), 5);
    assert!(
        third["pageInfo"].get("nextPageToken").is_none(),
        "the last page has no next page"
    );

    let mut listed = BTreeSet::new();
    for page in [&first, &second, &third] {
        for id in ids(page) {
            assert!(listed.insert(id), "no row is listed twice");
        }
    }
    assert_eq!(listed, sent);

    // Going back from the third page gives the second page again.
    let prev = third["pageInfo"]["prevPageToken"]
        .as_str()
        .expect("prev token");
    let back = api
        .get(&format!(
            "/messages?sourceTn=%2B15557654321&limit=10&pageToken={prev}"
        ))
        .await
        .json();
    assert_eq!(ids(&back), ids(&second));

    // The default order is receiveTime descending: the newest first.
    let times: Vec<jiff::Timestamp> = [&first, &second, &third]
        .iter()
        .flat_map(|page| page["messages"].as_array().expect("messages").clone())
        .map(|m| {
            m["receiveTime"]
                .as_str()
                .expect("time")
                .parse()
                .expect("RFC 3339")
        })
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn filters_and_sort() {
    let (sandbox, api) = sandbox_without_callbacks().await;
    api.send_sms(&["+15550004432"], "fails").await;
    api.send_sms(&["+15551230001"], "ok").await;
    api.send_sms(&["+15551230002"], "ok").await;
    api.post_json(
        "/messages",
        &json!({"applicationId": APP, "from": FROM, "to": ["+15551230003"], "media": ["https://example.com/x.png"]}),
    )
    .await;

    let failed = api.get("/messages?messageStatus=FAILED").await.json();
    assert_eq!(failed["totalCount"], 1);
    assert_eq!(failed["messages"][0]["errorCode"], 4432);
    assert_eq!(
        api.get("/messages?errorCode=4432").await.json()["totalCount"],
        1
    );
    assert_eq!(
        api.get("/messages?messageType=mms").await.json()["totalCount"],
        1
    );
    assert_eq!(
        api.get("/messages?destinationTn=%2B1555123").await.json()["totalCount"],
        3
    );
    assert_eq!(
        api.get("/messages?destinationTn=%2B15551230001,%2B15551230002")
            .await
            .json()["totalCount"],
        2
    );
    assert_eq!(
        api.get("/messages?messageDirection=INBOUND").await.json()["totalCount"],
        0
    );
    assert_eq!(
        api.get("/messages?carrierName=AT%26T").await.json()["totalCount"],
        0
    );

    let sorted = api.get("/messages?sort=destinationTn:asc").await.json();
    let tns: Vec<&str> = sorted["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["destinationTn"].as_str().expect("tn"))
        .collect();
    assert_eq!(
        tns,
        vec![
            "+15550004432",
            "+15551230001",
            "+15551230002",
            "+15551230003"
        ]
    );

    let bad = api.get("/messages?sort=text:asc").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["type"], "request-validation");
    assert_eq!(api.get("/messages?messageStatus=LOST").await.status, 400);
    assert_eq!(api.get("/messages?pageToken=garbage").await.status, 400);
    sandbox.shutdown().await.expect("shutdown");
}
