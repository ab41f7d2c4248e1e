//! Observation status flags over HTTP: stored with each revision, shown by
//! `/api/series`, a flag-only change is a revision, `M` is a gap, and an
//! unknown code is a 422 naming the field.

use crate::common::app::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn figure(period: &str, value: f64, flag: Option<&str>) -> Value {
    let mut f = json!({"region": "liaoning", "indicator": "china-europe-trains", "period": period, "value": value});
    if let Some(flag) = flag {
        f["flag"] = json!(flag);
    }
    f
}

async fn post(app: &TestApp, figures: Vec<Value>) -> (StatusCode, Value) {
    app.post_figures(&app.operator, &json!({ "observations": figures }))
        .await
}

fn counts(res: &Value) -> (u64, u64, u64) {
    let n = |k: &str| res[k].as_u64().unwrap();
    (n("new"), n("revised"), n("unchanged"))
}

#[tokio::test]
async fn a_flag_is_kept_with_its_figure_and_a_change_of_flag_alone_is_a_revision() {
    let app = TestApp::spawn().await;
    let (status, res) = post(
        &app,
        vec![
            figure("2021-01", 70.0, Some("p")),
            figure("2021-02", 45.0, None),
            figure("2021-03", 0.0, Some("M")),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(counts(&res), (2, 0, 0), "the gap is not stored: {res}");
    let series = app
        .get_json("/api/series?region=liaoning&indicator=china-europe-trains")
        .await;
    let flags: Vec<(&str, &Value)> = series["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["period"].as_str().unwrap(), &f["flag"]))
        .collect();
    assert_eq!(
        flags,
        [("2021-01", &json!("P")), ("2021-02", &Value::Null)],
        "{series}"
    );
    // The provisional January confirmed: same value, a revision all the same.
    let (_, res) = post(&app, vec![figure("2021-01", 70.0, Some("A"))]).await;
    assert_eq!(counts(&res), (0, 1, 0), "{res}");
    let (_, res) = post(&app, vec![figure("2021-01", 70.0, Some("a"))]).await;
    assert_eq!(counts(&res), (0, 0, 1), "{res}");
    let history = app
        .state
        .store
        .history("liaoning", "china-europe-trains", Some("2021-01"))
        .await
        .unwrap();
    let stored: Vec<Option<&str>> = history.iter().map(|r| r.flag.as_deref()).collect();
    assert_eq!(stored, [Some("P"), Some("A")]);
    // The dashboard names the latest figure's status beside its period.
    let (_, res) = post(&app, vec![figure("2021-02", 45.0, Some("E"))]).await;
    assert_eq!(counts(&res), (0, 1, 0), "{res}");
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("Feb 2021 (estimated)"), "{page}");
}

#[tokio::test]
async fn an_unknown_flag_is_refused_with_its_index_and_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let (status, res) = post(
        &app,
        vec![
            figure("2021-01", 70.0, None),
            figure("2021-02", 45.0, Some("Q")),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    let e = &res["errors"][0];
    assert_eq!(
        (&e["index"], &e["field"]),
        (&json!(1), &json!("flag")),
        "{res}"
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("unknown flag \"Q\""),
        "{res}"
    );
    let (status, res) = post(
        &app,
        vec![json!({"region": "liaoning",
        "indicator": "china-europe-trains", "period": "2021-01", "value": 1, "flag": 7})],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    assert_eq!(res["errors"][0]["field"], "flag", "{res}");
    assert_eq!(app.figure_count().await, 0);
}
