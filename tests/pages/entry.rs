//! The entry page: sign-in, CSRF, one figure, a pasted CSV, bad values, logout.

use crate::common::app::TestApp;
use crate::common::session::{FormExt, enter, login};
use crate::common::{body, liaoning_figures};
use reqwest::StatusCode;

const JUNE: [(&str, &str); 4] = [
    ("region", "liaoning"),
    ("indicator", "china-europe-trains"),
    ("period", "2021-06"),
    ("value", "300"),
];

#[tokio::test]
async fn an_operator_signs_in_enters_a_figure_and_sees_the_status_change() {
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()[..17].to_vec()))
        .await;
    let b = login(&app, &app.operator).await.unwrap();
    let (code, html) = enter(&app, &b, &b.csrf, &JUNE).await;
    assert_eq!(code, StatusCode::OK, "{html}");
    assert!(html.contains("Recorded: 1 new, 0 revised"), "{html}");
    assert!(
        html.contains("data-goal=\"liaoning-trains-2021\""),
        "{html}"
    );
    let s = app
        .get_json("/api/series?region=liaoning&indicator=china-europe-trains")
        .await;
    assert_eq!(s["figures"].as_array().unwrap().len(), 18);
    let hist = app
        .state
        .store
        .history("liaoning", "china-europe-trains", Some("2021-06"))
        .await
        .unwrap();
    assert_eq!(hist[0].recorded_by, "op-liaoning");
    // The region list offers only the operator's regions.
    let page = app
        .client
        .get(app.url("/enter"))
        .header("cookie", &b.cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("value=\"liaoning\""));
    assert!(!page.contains("value=\"guizhou\""));
}

#[tokio::test]
async fn a_form_without_the_csrf_token_is_rejected_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let (code, _) = enter(&app, &b, "", &JUNE).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    let (code, _) = enter(&app, &b, "wm_not-the-right-one", &JUNE).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert_eq!(app.figure_count().await, 0);
    // Login itself needs the double-submit cookie.
    let res = app
        .client
        .post(app.url("/login"))
        .form(&[("csrf", "x"), ("token", app.operator.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn invalid_entries_show_import_s_message_beside_the_field() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let fields = [
        ("region", "liaoning"),
        ("indicator", "china-europe-trains"),
        ("period", "2021-06"),
        ("value", "12,406"),
    ];
    let (code, html) = enter(&app, &b, &b.csrf, &fields).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"value-error\""), "{html}");
    assert!(
        html.contains("Value &quot;12,406&quot;: no thousands separators, please"),
        "{html}"
    );
    // The typed value is kept in the form.
    assert!(html.contains("value=\"12,406\""), "{html}");
    let fields = [
        ("region", "liaoning"),
        ("indicator", "china-europe-trains"),
        ("period", "2021-Q2"),
        ("value", "1"),
    ];
    let (_, html) = enter(&app, &b, &b.csrf, &fields).await;
    assert!(html.contains("id=\"period-error\""), "{html}");
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn a_pasted_csv_is_recorded_all_or_nothing() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let post = async |csv: &str| {
        let res = app
            .client
            .post(app.url("/enter/csv"))
            .header("cookie", &b.cookie)
            .form(&[("csrf", b.csrf.as_str()), ("csv", csv)])
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    };
    let bad = "region,indicator,period,value\nliaoning,china-europe-trains,2021-01,5\nliaoning,china-europe-trains,2021-02,x\n";
    let (code, html) = post(bad).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Line 3"), "{html}");
    // A pasted line's problem is listed with its line, not put beside the form's field.
    assert!(!html.contains("id=\"value-error\""), "{html}");
    assert_eq!(app.figure_count().await, 0);
    // The pasted text is given back in the box, whole and escaped.
    let pasted = format!("<textarea id=\"csv\" name=\"csv\" rows=\"6\">{bad}</textarea>");
    assert!(html.contains(&pasted), "{html}");
    let outside =
        "region,indicator,period,value,note\nguizhou,china-europe-trains,2021-01,5,\"<b>\"\n";
    let (code, html) = post(outside).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert!(
        html.contains("2021-01,5,&quot;&lt;b&gt;&quot;\n</textarea>"),
        "{html}"
    );
    let good = "region,indicator,period,value\nliaoning,china-europe-trains,2021-01,5\nliaoning,china-europe-trains,2021-02,6\n";
    let (code, html) = post(good).await;
    assert_eq!(code, StatusCode::OK, "{html}");
    assert!(html.contains("Recorded: 2 new"), "{html}");
    // Recorded: the box is empty again.
    assert!(html.contains("rows=\"6\"></textarea>"), "{html}");
}

#[tokio::test]
async fn the_entry_forms_refuse_values_beyond_1e15_and_a_quote_never_closed() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let fields = [
        ("region", "liaoning"),
        ("indicator", "china-europe-trains"),
        ("period", "2021-06"),
        ("value", "-1.7e308"),
    ];
    let (code, html) = enter(&app, &b, &b.csrf, &fields).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"value-error\""), "{html}");
    assert!(html.contains("out of range"), "{html}");
    // The rows after the open quote would have become part of line 2's note.
    let csv = "region,indicator,period,value,note\nliaoning,china-europe-trains,2021-01,5,\"customs, preliminary\nliaoning,china-europe-trains,2021-02,6,\n";
    let res = app
        .client
        .post(app.url("/enter/csv"))
        .header("cookie", &b.cookie)
        .form(&[("csrf", b.csrf.as_str()), ("csv", csv)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Line 2"), "{html}");
    assert!(html.contains("is never closed"), "{html}");
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let res = app
        .client
        .post(app.url("/logout"))
        .header("cookie", &b.cookie)
        .form(&[("csrf", b.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (code, _) = enter(&app, &b, &b.csrf, &JUNE).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
}
