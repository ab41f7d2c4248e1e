//! Security headers on every answer, request ids, and answers to bad
//! bodies that stay short however many problems they hold.

use crate::common::app::{TestApp, check_headers};
use crate::common::fig;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/enter",
        "/healthz",
        "/metrics",
        "/api/status",
        "/api/goals",
        "/api/goals/liaoning-trains-2021/chart.svg",
        "/no/such/route",
    ] {
        let res = app.get(path).await;
        check_headers(&res, path);
    }
    let (code, _) = app.post_raw(None, "{}").await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    let res = app
        .client
        .post(app.url("/api/observations"))
        .body("{}")
        .send()
        .await
        .unwrap();
    check_headers(&res, "POST /api/observations without a token");
}

/// POST a body; the status, the raw answer's length and its parsed errors.
async fn post(app: &TestApp, body: String) -> (StatusCode, usize, Vec<Value>) {
    let res = app
        .client
        .post(app.url("/api/observations"))
        .bearer_auth(&app.admin)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    (
        status,
        text.len(),
        json["errors"].as_array().unwrap().clone(),
    )
}

#[tokio::test]
async fn a_body_of_a_million_bad_items_gets_100_problems_and_a_summary() {
    let app = TestApp::spawn().await;
    // 1.8 MB: 899,999 items that are not figures, just under the body limit.
    let n = 899_999;
    let body = format!("{{\"observations\":[{}1]}}", "1,".repeat(n - 1));
    assert!(body.len() < waymark::http::BODY_LIMIT);
    let (status, len, errors) = post(&app, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors.len(), 101);
    assert_eq!(errors[99]["index"], 99);
    let last = &errors[100];
    assert_eq!(last["index"], 100);
    assert_eq!(last["field"], Value::Null);
    assert_eq!(last["message"], format!("… and {} more problems", n - 100));
    assert!(len < 20_000, "{len} bytes");

    // Figures that parse but fail validation are capped the same way.
    let figures: Vec<Value> = (0..5_000)
        .map(|i| {
            fig(
                "atlantis",
                "china-europe-trains",
                // Months that have ended: each figure has one problem, its region.
                &format!("{}-{:02}", 1000 + i / 12, i % 12 + 1),
                1.0,
            )
        })
        .collect();
    let (status, len, errors) = post(
        &app,
        serde_json::json!({ "observations": figures }).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors.len(), 101);
    assert_eq!(errors[100]["message"], "… and 4900 more problems");
    assert!(len < 40_000, "{len} bytes");
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn every_answer_has_a_request_id_and_only_a_plain_one_is_taken_from_the_client() {
    let app = TestApp::spawn().await;
    let id = |res: &reqwest::Response| res.headers()["x-request-id"].to_str().unwrap().to_string();
    let (a, b) = (
        id(&app.get("/healthz").await),
        id(&app.get("/no/such/route").await),
    );
    assert!(
        a.len() == 16 && a.bytes().all(|c| c.is_ascii_hexdigit()),
        "{a}"
    );
    assert_ne!(a, b, "each request its own id");
    let sent = |value: &str| {
        app.client
            .get(app.url("/healthz"))
            .header("x-request-id", value)
            .send()
    };
    assert_eq!(id(&sent("proxy-7f.3_a").await.unwrap()), "proxy-7f.3_a");
    let long = "a".repeat(65);
    for hostile in ["two words", "\"quoted\"", "x{}", long.as_str()] {
        let got = id(&sent(hostile).await.unwrap());
        assert!(got.len() == 16 && got != hostile, "{hostile:?} -> {got}");
    }
}
