//! Check 6: chart routes take a goal id from the path; no id, however
//! encoded, reaches a file. Unknown ids are 404 (or 400), never 200, never
//! a file's content.

use crate::common::app::TestApp;
use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

#[tokio::test]
async fn goal_ids_that_look_like_paths_are_404_or_400_never_a_file() {
    let app = TestApp::spawn().await;
    let router = app.router();
    // The `http` crate refuses URIs of 64 KiB or more before any server sees them.
    let long = "a".repeat(60_000);
    let ids = [
        "..%2F..%2Fetc%2Fpasswd",
        "..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "..%252F..%252Fetc%252Fpasswd",
        "..%5C..%5Cwindows%5Cwin.ini",
        "%2Fetc%2Fpasswd",
        "%2F%2Fetc%2Fpasswd",
        "liaoning-trains-2021%00",
        "liaoning-trains-2021%00.svg",
        "%00",
        "..",
        ".",
        "%2E%2E",
        "file:%2F%2F%2Fetc%2Fpasswd",
        "C:%5Cwindows",
        "liaoning-trains-2021%2F..%2F..%2Fetc%2Fpasswd",
        "%C0%AE%C0%AE%C0%AF",
        "%FF%FE",
        long.as_str(),
    ];
    let raw_paths = [
        "/api/goals/../../etc/passwd/chart.svg",
        "/api/goals/../../../../etc/passwd",
        "/api/goals//etc/passwd/chart.svg",
        "/api/goals/%2e%2e/%2e%2e/etc/passwd/chart.svg",
        "/api/goals/liaoning-trains-2021/../../../etc/passwd",
        "/api/goals/liaoning-trains-2021/chart.svg/../../../../etc/passwd",
        "/../../../../etc/passwd",
        "/etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
    ];
    let mut uris: Vec<String> = Vec::new();
    for id in ids {
        for ext in ["svg", "png"] {
            uris.push(format!("/api/goals/{id}/chart.{ext}"));
        }
    }
    uris.extend(raw_paths.iter().map(std::string::ToString::to_string));
    let mut tally = std::collections::BTreeMap::new();
    for uri in &uris {
        let req = Request::get(uri.as_str()).body(Body::empty()).unwrap();
        let res = router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            status == 404 || status == 400,
            "{uri:.200} → {status}: {text:.300}"
        );
        assert!(
            !text.contains("root:") && !text.contains("[fonts]"),
            "{uri:.200} answered a file: {text:.300}"
        );
        *tally.entry(status.as_u16()).or_insert(0) += 1;
    }
    // The real goal still draws, so the routes themselves work.
    for ext in ["svg", "png"] {
        let req = Request::get(format!("/api/goals/liaoning-trains-2021/chart.{ext}"))
            .body(Body::empty())
            .unwrap();
        assert_eq!(router.clone().oneshot(req).await.unwrap().status(), 200);
    }
    eprintln!("chart paths: {} hostile ids: {tally:?}", uris.len());
}
