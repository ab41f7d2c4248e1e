//! Writes through the API: concurrent writes, gathered into shared
//! transactions, still answer each request as if the writes had happened
//! one after another; a suspect figure is accepted with a warning.

use crate::common::app::TestApp;
use crate::common::{TRAINS_2020, all_at_once, body, fig, trains};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn concurrent_writes_of_one_figure_count_one_new_and_the_rest_unchanged() {
    let app = TestApp::spawn().await;
    let b = body(vec![fig(
        "liaoning",
        "china-europe-trains",
        "2021-01",
        70.0,
    )]);
    let answers = all_at_once((0..50).map(|_| app.post_figures(&app.admin, &b))).await;
    let (mut new, mut unchanged) = (0, 0);
    for (code, res) in answers {
        assert_eq!(code, StatusCode::OK, "{res}");
        new += res["new"].as_u64().unwrap();
        unchanged += res["unchanged"].as_u64().unwrap();
    }
    assert_eq!((new, unchanged), (1, 49));
    assert_eq!(app.figure_count().await, 1);
}

#[tokio::test]
async fn concurrent_different_values_are_one_new_then_revisions_each_kept_in_history() {
    let app = TestApp::spawn().await;
    let mut handles = Vec::new();
    for i in 0..30 {
        let client = app.client.clone();
        let url = app.url("/api/observations");
        let token = app.operator.clone();
        let b = body(vec![fig(
            "liaoning",
            "china-europe-trains",
            "2021-01",
            f64::from(i),
        )])
        .to_string();
        handles.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .body(b)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<serde_json::Value>().await.unwrap()
        }));
    }
    let (mut new, mut revised) = (0, 0);
    for h in handles {
        let res = h.await.unwrap();
        new += res["new"].as_u64().unwrap();
        revised += res["revised"].as_u64().unwrap();
    }
    assert_eq!((new, revised), (1, 29));
    let hist = app
        .state
        .store
        .history("liaoning", "china-europe-trains", None)
        .await
        .unwrap();
    assert_eq!(hist.len(), 30);
}

#[tokio::test]
async fn a_unit_slip_posted_through_the_api_is_accepted_with_a_warning() {
    let app = TestApp::spawn().await;
    let (status, _) = app
        .post_figures(&app.operator, &body(trains(2020, &TRAINS_2020)))
        .await;
    assert_eq!(status, StatusCode::OK);
    // July 2020 was 90 trains; 90,000 is the figure entered in the wrong unit.
    let slip = fig("liaoning", "china-europe-trains", "2021-07", 90000.0);
    let (status, res) = app.post_figures(&app.operator, &body(vec![slip])).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["new"], 1, "accepted all the same: {res}");
    let warnings = res["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{res}");
    let w = warnings[0].as_str().unwrap();
    for part in [
        "index 0",
        "field value",
        "90000",
        "liaoning",
        "2021-07",
        "1000",
    ] {
        assert!(w.contains(part), "{part:?} missing from {w:?}");
    }

    // A plausible figure carries no warning.
    let fine = fig("liaoning", "china-europe-trains", "2021-08", 97.0);
    let (_, res) = app.post_figures(&app.operator, &body(vec![fine])).await;
    assert_eq!(res["warnings"], json!([]), "{res}");

    // A revision written past the API (as `waymark import` would, from
    // another process) is what the next check compares with: September 2020
    // becomes 9 trains, so 95 for September 2021 now looks like a slip.
    use waymark::domain::{Channel, Figure, Provenance, Slug};
    let slug = |s: &str| Slug::parse(s).unwrap();
    let period = "2020-09".parse().unwrap();
    let revised = Figure::new(slug("liaoning"), slug("china-europe-trains"), period, 9.0);
    let by = Provenance::new("someone", Channel::Import("x.csv".into()));
    app.state
        .store
        .write_figures(&[revised], &by, false)
        .await
        .unwrap();
    let sept = fig("liaoning", "china-europe-trains", "2021-09", 95.0);
    let (_, res) = app.post_figures(&app.operator, &body(vec![sept])).await;
    let warnings = res["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{res}");
    assert!(warnings[0].as_str().unwrap().contains("2020-09"), "{res}");
}
