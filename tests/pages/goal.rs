//! The goal page `/goals/{id}`: chart, figures with flags and revision
//! counts, comments and milestone history (all escaped), and its forms
//! posted with a signed-in session as a browser posts them.

use crate::common::app::{Caller, TestApp, check_headers};
use crate::common::session::{FormExt, Session, login};
use crate::common::{body, fig, liaoning_figures};
use reqwest::StatusCode;
use serde_json::json;

const GOAL: &str = "liaoning-trains-2021";
const MILESTONE: &str = "guizhou-port";

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut req = app.client.get(app.url(path));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.unwrap();
    check_headers(&res, path);
    (res.status(), res.text().await.unwrap())
}

async fn post_form(
    app: &TestApp,
    s: &Session,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("cookie", &s.cookie)
        .form(fields)
        .send()
        .await
        .unwrap()
}

async fn api_post(app: &TestApp, token: &str, path: &str, body: serde_json::Value) {
    let res = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_success(),
        "{path}: {}",
        res.text().await.unwrap()
    );
}

#[tokio::test]
async fn the_goal_page_shows_figures_comments_and_milestone_history_escaped() {
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    // May revised once, and flagged provisional.
    let mut may = fig("liaoning", "china-europe-trains", "2021-05", 89.0);
    may["flag"] = json!("P");
    let (code, res) = app.post_figures(&app.admin, &body(vec![may])).await;
    assert_eq!(code, StatusCode::OK, "{res}");
    api_post(
        &app,
        &app.operator,
        "/api/comments",
        json!({"goal": GOAL, "text": "<script>alert(1)</script> & more"}),
    )
    .await;
    api_post(
        &app,
        &app.operator,
        "/api/comments",
        json!({"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-05", "text": "revised after the customs check"}),
    )
    .await;
    let guizhou = app.secret(Caller::OtherOperator).unwrap();
    api_post(
        &app,
        &guizhou,
        &format!("/api/goals/{MILESTONE}/milestone"),
        json!({"state": "in_progress", "note": "<img src=x onerror=alert(1)>"}),
    )
    .await;

    let (code, html) = page(&app, &format!("/goals/{GOAL}"), None).await;
    assert_eq!(code, StatusCode::OK, "{html}");
    assert!(
        html.contains(&format!("src=\"/api/goals/{GOAL}/chart.png?lang=en\"")),
        "{html}"
    );
    let row = &html[html.find("data-period=\"2021-05\"").expect("May's row")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("89") && row.contains("provisional") && row.contains(">2<"),
        "{row}"
    );
    let june = &html[html.find("data-period=\"2021-06\"").expect("June's row")..];
    assert!(
        june[..june.find("</tr>").unwrap()].contains(">1<"),
        "{june}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("op-liaoning") && html.contains("on the figure for May 2021"),
        "{html}"
    );
    // Not signed in: no form, a way to sign in.
    assert!(
        !html.contains("id=\"comment-form\"") && html.contains("href=\"/enter?lang=en\""),
        "{html}"
    );

    let (code, html) = page(&app, &format!("/goals/{MILESTONE}"), None).await;
    assert_eq!(code, StatusCode::OK);
    let history = &html[html.find("id=\"milestone-history\"").expect("the history")..];
    assert!(
        history.contains("op-guizhou") && history.contains("in progress"),
        "{history}"
    );
    assert!(
        history.contains("&lt;img src=x onerror=alert(1)&gt;") && !html.contains("<img src=x"),
        "{history}"
    );
    assert!(html.contains("Now: in progress"), "{html}");

    // The dashboard links every goal to its page; a Chinese page words it all.
    let (_, dash) = page(&app, "/", None).await;
    for g in [GOAL, MILESTONE, "zhejiang-trade-double"] {
        assert!(
            dash.contains(&format!("href=\"/goals/{g}?lang=en\"")),
            "{g}"
        );
    }
    let (_, zh) = page(&app, &format!("/goals/{MILESTONE}?lang=zh-CN"), None).await;
    assert!(zh.contains("变更记录") && zh.contains("推进中"), "{zh}");
}

#[tokio::test]
async fn an_unknown_goal_is_a_404_page_with_the_closest_id() {
    let app = TestApp::spawn().await;
    let (code, html) = page(&app, "/goals/liaoning-trains-2012", None).await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    assert!(
        html.contains("liaoning-trains-2012") && html.contains(GOAL),
        "{html}"
    );
}

#[tokio::test]
async fn a_signed_in_operator_changes_its_milestone_and_comments_on_the_page() {
    let app = TestApp::spawn().await;
    let guizhou = app.secret(Caller::OtherOperator).unwrap();
    let s = login(&app, &guizhou).await.unwrap();
    let path = format!("/goals/{MILESTONE}");
    let (_, html) = page(&app, &path, Some(&s.cookie)).await;
    assert!(
        html.contains("id=\"milestone-form\"") && html.contains("id=\"comment-form\""),
        "{html}"
    );

    let res = post_form(
        &app,
        &s,
        &format!("{path}/milestone"),
        &[
            ("csrf", &s.csrf),
            ("state", "done"),
            ("note", "opened 1 July"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        "/goals/guizhou-port?lang=en#milestone"
    );
    let v = app
        .get_json(&format!("/api/goals/{MILESTONE}/milestone"))
        .await;
    assert_eq!(
        (&v["state"], &v["history"][0]["recorded_by"]),
        (&json!("done"), &json!("op-guizhou"))
    );

    // Too long: the page comes back with the text kept and the field marked.
    let long = "长".repeat(2001);
    let res = post_form(
        &app,
        &s,
        &format!("{path}/comment"),
        &[("csrf", &s.csrf), ("about", ""), ("text", &long)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(&long), "the typed text is gone");
    assert!(
        html.contains("aria-invalid=\"true\" aria-describedby=\"comment-text-error\""),
        "{html}"
    );
    assert!(
        html.contains("id=\"comment-text-error\"") && html.contains("2,001 characters"),
        "{html}"
    );
    // A bad state is refused the same way, keeping the note.
    let res = post_form(
        &app,
        &s,
        &format!("{path}/milestone"),
        &[
            ("csrf", &s.csrf),
            ("state", "finished"),
            ("note", "kept <here>"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("kept &lt;here&gt;") && html.contains("id=\"milestone-state-error\""),
        "{html}"
    );
    // A form from elsewhere (no CSRF token) writes nothing.
    let res = post_form(
        &app,
        &s,
        &format!("{path}/comment"),
        &[("csrf", "forged"), ("text", "hello")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let comments = app
        .get_json(&format!("/api/comments?goal={MILESTONE}"))
        .await;
    assert_eq!(comments, json!([]));
    assert_eq!(
        app.get_json(&format!("/api/goals/{MILESTONE}/milestone"))
            .await["history"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let res = post_form(
        &app,
        &s,
        &format!("{path}/comment"),
        &[("csrf", &s.csrf), ("about", ""), ("text", "ribbon cut")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let comments = app
        .get_json(&format!("/api/comments?goal={MILESTONE}"))
        .await;
    assert_eq!(
        (&comments[0]["text"], &comments[0]["author"]),
        (&json!("ribbon cut"), &json!("op-guizhou"))
    );
}

#[tokio::test]
async fn an_operator_of_another_region_gets_no_form_and_is_refused() {
    let app = TestApp::spawn().await;
    let s = login(&app, &app.operator).await.unwrap();
    let path = format!("/goals/{MILESTONE}");
    let (_, html) = page(&app, &path, Some(&s.cookie)).await;
    assert!(
        !html.contains("id=\"milestone-form\"") && !html.contains("id=\"comment-form\""),
        "{html}"
    );
    for (form, fields) in [
        ("milestone", [("state", "done")]),
        ("comment", [("text", "not mine")]),
    ] {
        let mut all = vec![("csrf", s.csrf.as_str())];
        all.extend(fields);
        let res = post_form(&app, &s, &format!("{path}/{form}"), &all).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{form}");
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("only for your regions (liaoning)"),
            "{form}"
        );
    }
    let v = app
        .get_json(&format!("/api/goals/{MILESTONE}/milestone"))
        .await;
    assert_eq!(v["history"], json!([]));
    assert_eq!(
        app.get_json(&format!("/api/comments?goal={MILESTONE}"))
            .await,
        json!([])
    );
}
