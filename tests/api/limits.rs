//! The body limit: a body over it is refused before it is read whole.

use crate::common::app::TestApp;
use crate::common::fig;
use reqwest::StatusCode;

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let big = format!(
        r#"{{"observations":[{}]}}"#,
        vec![fig("liaoning", "china-europe-trains", "2021-01", 70.0).to_string(); 40_000].join(",")
    );
    assert!(big.len() > waymark::http::BODY_LIMIT);
    let (code, res) = app.post_raw(Some(&app.admin), big).await;
    assert_eq!(code, StatusCode::PAYLOAD_TOO_LARGE, "{res}");
    assert!(res["error"].as_str().unwrap().contains("limit"), "{res}");
    assert_eq!(app.figure_count().await, 0);
}
