//! `GET`/`POST /api/goals/{id}/milestone`: who may change a milestone
//! (an admin, an operator of the goal's region), what is refused with
//! which status, and the history of who set what when.

use crate::common::app::{Caller, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The fixture catalogue's milestone, in guizhou.
const MILESTONE: &str = "guizhou-port";

async fn post(app: &TestApp, token: Option<&str>, goal: &str, body: &str) -> (StatusCode, Value) {
    let mut req = app
        .client
        .post(app.url(&format!("/api/goals/{goal}/milestone")))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn history_len(app: &TestApp) -> usize {
    let v = app
        .get_json(&format!("/api/goals/{MILESTONE}/milestone"))
        .await;
    v["history"].as_array().unwrap().len()
}

#[tokio::test]
async fn each_caller_gets_what_its_role_and_regions_allow() {
    let app = TestApp::spawn().await;
    let body = json!({"state": "in_progress", "note": "land bought"}).to_string();
    // The milestone is guizhou's: its operator may, liaoning's may not.
    let expected = [
        (Caller::Nobody, StatusCode::UNAUTHORIZED),
        (Caller::BadToken, StatusCode::UNAUTHORIZED),
        (Caller::Viewer, StatusCode::FORBIDDEN),
        (Caller::Operator, StatusCode::FORBIDDEN),
        (Caller::OtherOperator, StatusCode::OK),
        (Caller::Admin, StatusCode::OK),
    ];
    let mut written = 0;
    for (c, want) in expected {
        let (code, res) = post(&app, app.secret(c).as_deref(), MILESTONE, &body).await;
        assert_eq!(code, want, "{c:?}: {res}");
        if code == StatusCode::OK {
            written += 1;
            assert_eq!(res["state"], "in_progress");
        } else {
            assert!(res["error"].is_string(), "{c:?}: {res}");
        }
        assert_eq!(history_len(&app).await, written, "{c:?}");
    }
    let v = app
        .get_json(&format!("/api/goals/{MILESTONE}/milestone"))
        .await;
    let who: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["recorded_by"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["op-guizhou", "admin"]);
    assert_eq!(v["history"][0]["note"], "land bought");
    assert!(
        v["history"][0]["recorded_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .is_ok(),
        "{v}"
    );
}

#[tokio::test]
async fn a_change_shows_in_the_status_and_the_history_in_order() {
    let app = TestApp::spawn().await;
    let before = app
        .get_json(&format!("/api/goals/{MILESTONE}/milestone"))
        .await;
    assert_eq!(before["state"], "planned");
    assert_eq!(before["history"], json!([]));
    for (state, note) in [
        ("in_progress", Value::Null),
        ("done", json!("opened 1 July")),
    ] {
        let body = json!({"state": state, "note": note}).to_string();
        let (code, res) = post(&app, Some(&app.admin), MILESTONE, &body).await;
        assert_eq!(code, StatusCode::OK, "{res}");
    }
    let v = app
        .get_json(&format!("/api/goals/{MILESTONE}/milestone"))
        .await;
    assert_eq!(v["state"], "done");
    let states: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["in_progress", "done"]);
    assert_eq!(v["history"][0]["note"], Value::Null);
    let status = app.get_json(&format!("/api/status?goal={MILESTONE}")).await;
    assert_eq!(status[0]["milestone_state"], "done", "{status}");
}

#[tokio::test]
async fn invalid_changes_are_422_naming_the_field_and_write_nothing() {
    let app = TestApp::spawn().await;
    let long = "n".repeat(2001);
    let cases = [
        (
            MILESTONE,
            json!({"state": "finished"}).to_string(),
            "state",
            "bad_milestone_state",
        ),
        (
            MILESTONE,
            json!({"note": "no state"}).to_string(),
            "state",
            "missing",
        ),
        (
            MILESTONE,
            json!({"state": 3}).to_string(),
            "state",
            "not_text",
        ),
        (
            MILESTONE,
            json!({"state": "done", "note": long}).to_string(),
            "note",
            "too_long",
        ),
        (
            MILESTONE,
            json!({"state": "done", "colour": "red"}).to_string(),
            "body",
            "unknown_field",
        ),
        (
            "liaoning-trains-2021",
            json!({"state": "done"}).to_string(),
            "goal",
            "not_a_milestone",
        ),
    ];
    for (goal, body, field, code) in cases {
        let (status, res) = post(&app, Some(&app.admin), goal, &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {res}");
        let errors = res["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["code"] == code),
            "{body}: {res}"
        );
        assert!(
            errors[0]["message"].as_str().unwrap().starts_with(field),
            "{res}"
        );
    }
    let (status, res) = post(
        &app,
        Some(&app.admin),
        MILESTONE,
        &json!({"state": "done", "note": "x".repeat(2001)}).to_string(),
    )
    .await;
    assert!(
        res["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 2000"),
        "{status} {res}"
    );
    // Not JSON at all is a 400.
    let (status, _) = post(&app, Some(&app.admin), MILESTONE, "state=done").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(history_len(&app).await, 0);
}

#[tokio::test]
async fn an_unknown_goal_is_404_with_the_closest_milestone() {
    let app = TestApp::spawn().await;
    let (status, res) = post(
        &app,
        Some(&app.admin),
        "guizhou-prot",
        r#"{"state":"done"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{res}");
    let e = res["error"].as_str().unwrap();
    assert!(
        e.contains("guizhou-prot") && e.contains("guizhou-port"),
        "{e}"
    );
    let res = app.get("/api/goals/nowhere/milestone").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
