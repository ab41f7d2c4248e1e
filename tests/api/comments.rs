//! `POST`/`GET /api/comments`: comments (check-ins) on goals and on
//! figures, with author and time; written by an admin, or an operator of
//! the goal's or figure's region; all or nothing.

use crate::common::app::{CALLERS, Caller, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn post(app: &TestApp, token: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let mut req = app
        .client
        .post(app.url("/api/comments"))
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

async fn on_goal(app: &TestApp, goal: &str) -> Vec<Value> {
    app.get_json(&format!("/api/comments?goal={goal}"))
        .await
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn each_caller_may_comment_as_its_role_and_regions_allow() {
    let app = TestApp::spawn().await;
    let on_liaoning =
        json!({"goal": "liaoning-trains-2021", "text": "June confirmed with customs"});
    let mut written = 0;
    for c in CALLERS {
        let (code, res) = post(&app, app.secret(c).as_deref(), &on_liaoning).await;
        let want = match c.expected() {
            StatusCode::OK => StatusCode::CREATED,
            other => other,
        };
        assert_eq!(code, want, "{c:?}: {res}");
        if code == StatusCode::CREATED {
            written += 1;
            assert_eq!(res["goal"], "liaoning-trains-2021");
            assert_eq!(res["text"], "June confirmed with customs");
            assert!(
                res["id"].is_i64() && res["recorded_at"].is_string(),
                "{res}"
            );
        }
        assert_eq!(
            on_goal(&app, "liaoning-trains-2021").await.len(),
            written,
            "{c:?}"
        );
    }
    // A figure in guizhou: liaoning's operator may not, guizhou's may.
    let figure = json!({"region": "guizhou", "indicator": "import-export", "period": "2021-05", "text": "late: holiday"});
    let (code, res) = post(&app, Some(&app.operator), &figure).await;
    assert_eq!(code, StatusCode::FORBIDDEN, "{res}");
    assert!(res["error"].as_str().unwrap().contains("guizhou"), "{res}");
    let (code, res) = post(&app, app.secret(Caller::OtherOperator).as_deref(), &figure).await;
    assert_eq!(code, StatusCode::CREATED, "{res}");
    assert_eq!(res["author"], "op-guizhou");
    assert_eq!(
        (&res["region"], &res["period"], &res["goal"]),
        (&json!("guizhou"), &json!("2021-05"), &Value::Null)
    );
}

#[tokio::test]
async fn goal_comments_include_those_on_its_figures_newest_first() {
    let app = TestApp::spawn().await;
    let goal = json!({"goal": "liaoning-trains-2021", "text": "first"});
    let figure = json!({"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-05", "text": "second <b>bold</b>"});
    let other = json!({"region": "liaoning", "indicator": "import-export", "period": "2021-05", "text": "not this goal's series"});
    for b in [&goal, &figure, &other] {
        let (code, res) = post(&app, Some(&app.admin), b).await;
        assert_eq!(code, StatusCode::CREATED, "{res}");
    }
    let texts: Vec<String> = on_goal(&app, "liaoning-trains-2021")
        .await
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts, ["second <b>bold</b>", "first"]);
    let one = app
        .get_json("/api/comments?region=liaoning&indicator=china-europe-trains&period=2021-05")
        .await;
    assert_eq!(one.as_array().unwrap().len(), 1, "{one}");
    assert_eq!(one[0]["author"], "admin");
    // Reads that name nothing, or nothing known.
    assert_eq!(
        app.get("/api/comments").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/api/comments?goal=nope").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/comments?region=liaoning&indicator=china-europe-trains&period=May")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn invalid_comments_are_422_naming_each_field_and_write_nothing() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            json!({"goal": "liaoning-trains-2021", "text": "x".repeat(2001)}),
            vec![("text", "too_long")],
        ),
        (
            json!({"goal": "liaoning-trains-2021", "text": "   "}),
            vec![("text", "missing")],
        ),
        (
            json!({"goal": "liaoning-trains-2021"}),
            vec![("text", "missing")],
        ),
        (
            json!({"goal": "liaoning-trains-2012", "text": "hi"}),
            vec![("goal", "unknown_id")],
        ),
        (json!({"text": "about nothing"}), vec![("goal", "missing")]),
        (
            json!({"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-Q2", "text": "hi"}),
            vec![("period", "wrong_frequency")],
        ),
        (
            json!({"region": "liaoning", "text": "hi"}),
            vec![("indicator", "missing"), ("period", "missing")],
        ),
        (
            json!({"goal": "liaoning-trains-2021", "text": "hi", "author": "me"}),
            vec![("body", "unknown_field")],
        ),
        (
            json!({"goal": "liaoning-trains-2021", "text": "a\u{7}b"}),
            vec![("text", "control_character")],
        ),
    ];
    for (body, want) in cases {
        let (code, res) = post(&app, Some(&app.admin), &body).await;
        assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {res}");
        let got: Vec<(String, String)> = res["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().into(),
                    e["code"].as_str().unwrap().into(),
                )
            })
            .collect();
        for (field, code) in want {
            assert!(got.contains(&(field.into(), code.into())), "{body}: {res}");
        }
    }
    let (_, res) = post(
        &app,
        Some(&app.admin),
        &json!({"goal": "liaoning-trains-2021", "text": "x".repeat(2001)}),
    )
    .await;
    let message = res["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("2001 characters") && message.contains("at most 2000"),
        "{message}"
    );
    assert!(on_goal(&app, "liaoning-trains-2021").await.is_empty());
    // A viewer is refused before its body is looked at.
    let (code, _) = post(&app, Some(&app.viewer), &json!({"text": ""})).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
}
