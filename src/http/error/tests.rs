//! The status each store failure answers with, from the real conditions
//! (crate::store::error::tests), and the words a client sees.

use super::{ApiError, RETRY_AFTER_SECS};
use crate::store::failures;
use axum::http::StatusCode;
use axum::response::IntoResponse;

/// Status, `Retry-After` and the `error` field of `e`'s answer.
async fn answer(e: impl Into<ApiError>) -> (StatusCode, Option<String>, String) {
    let res = e.into().into_response();
    let status = res.status();
    let retry = res
        .headers()
        .get(axum::http::header::RETRY_AFTER)
        .map(|v| v.to_str().unwrap().to_string());
    let body = axum::body::to_bytes(res.into_body(), 64 * 1024)
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    (status, retry, json["error"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn disk_full_is_507() {
    let (_dir, _store, e) = failures::disk_full().await;
    let (status, retry, message) = answer(e).await;
    assert_eq!((status, retry), (StatusCode::INSUFFICIENT_STORAGE, None));
    assert_eq!(
        message,
        "the server's disk is full, so nothing was written; try again later"
    );
}

#[tokio::test]
async fn busy_is_503_with_retry_after() {
    let (_dir, _store, e) = failures::busy().await;
    let (status, retry, message) = answer(e).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(retry, Some(RETRY_AFTER_SECS.to_string()));
    assert!(message.contains("busy with another write"), "{message}");
}

#[tokio::test]
async fn not_found_is_404_with_what_was_missing() {
    let (_dir, _store, e) = failures::not_found().await;
    let (status, retry, message) = answer(e).await;
    assert_eq!((status, retry), (StatusCode::NOT_FOUND, None));
    assert_eq!(message, "no token named \"nobody\"");
}

#[tokio::test]
async fn conflict_is_409_with_what_clashed() {
    let (_dir, _store, e) = failures::conflict().await;
    let (status, retry, message) = answer(e).await;
    assert_eq!((status, retry), (StatusCode::CONFLICT, None));
    assert!(
        message.starts_with("a token named \"t\" already exists"),
        "{message}"
    );
}

#[tokio::test]
async fn anything_else_is_500_and_says_nothing_of_the_cause() {
    let (_dir, e) = failures::other().await;
    let (status, retry, message) = answer(e).await;
    assert_eq!((status, retry), (StatusCode::INTERNAL_SERVER_ERROR, None));
    assert_eq!(message, "something went wrong");
}

#[tokio::test]
async fn a_store_error_inside_a_service_error_keeps_its_status() {
    let (_dir, _store, e) = failures::disk_full().await;
    let service = anyhow::Error::new(e).context("recording figures");
    let (status, _, _) = answer(service).await;
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE);
    let (_dir, e) = failures::other().await;
    let (status, _, _) = answer(anyhow::Error::new(e).context("opening")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, _, _) = answer(anyhow::anyhow!("a chart failed")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
}
