//! The review queue over the API: a suspect figure is held, counts nowhere
//! until a second operator of its region or an admin accepts it (never the
//! operator who entered it, nor a viewer), and a rejected one stays in the
//! history as rejected. `confirm` on an item records it at once.

use crate::common::app::{Options, TestApp};
use crate::common::catalogue::reviewed;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The server over the fixture catalogue with review at its default.
async fn spawn() -> TestApp {
    TestApp::spawn_with(Options {
        catalogue: Some(reviewed()),
        ..Options::default()
    })
    .await
}

/// The reviewed catalogue with each `from` replaced by its `to`.
fn with(changes: &[(&str, &str)]) -> String {
    let mut text = reviewed();
    for (from, to) in changes {
        assert!(text.contains(from), "no {from:?}");
        text = text.replace(from, to);
    }
    text
}

fn trains(period: &str, value: f64) -> Value {
    json!({"region": "liaoning", "indicator": "china-europe-trains", "period": period, "value": value})
}

/// A year of ordinary months, then January and February 2021.
fn history() -> Value {
    let months = [60, 65, 70, 75, 80, 85, 90, 95, 90, 95, 100, 105];
    let mut list: Vec<Value> = months
        .iter()
        .enumerate()
        .map(|(m, v)| trains(&format!("2020-{:02}", m + 1), f64::from(*v)))
        .collect();
    list.push(trains("2021-01", 70.0));
    list.push(trains("2021-02", 72.0));
    json!({ "observations": list })
}

/// The app with a year of history, and March 2021 entered as 7000 (a slip
/// for 70) by the liaoning operator: held.
async fn with_held_slip() -> (TestApp, i64) {
    let app = spawn().await;
    let (status, res) = app.post_figures(&app.operator, &history()).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(
        (res["new"].as_u64(), res["held"].as_u64()),
        (Some(14), Some(0)),
        "{res}"
    );
    let body = json!({"observations": [trains("2021-03", 7000.0)]});
    let (status, res) = app.post_figures(&app.operator, &body).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["held"], 1, "{res}");
    assert_eq!(res["new"], 0, "{res}");
    assert_eq!(res["review"][0]["state"], "held", "{res}");
    assert_eq!(res["review"][0]["index"], 0, "{res}");
    let why = res["review"][0]["why"].as_str().unwrap();
    assert!(why.contains("7000") && why.contains("looks wrong"), "{why}");
    assert_eq!(app.figure_count().await, 14, "held figures are no revision");
    let queue = app.get_json("/api/review").await;
    let queue = queue.as_array().unwrap();
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert_eq!(queue[0]["entered_by"], "op-liaoning");
    assert_eq!(queue[0]["value"], 7000.0);
    (app, queue[0]["id"].as_i64().unwrap())
}

async fn march(app: &TestApp) -> Option<f64> {
    let series = app
        .get_json("/api/series?region=liaoning&indicator=china-europe-trains")
        .await;
    series["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["period"] == "2021-03")
        .map(|f| f["value"].as_f64().unwrap())
}

#[tokio::test]
async fn a_held_figure_is_accepted_by_a_second_operator_of_its_region_only() {
    let (app, id) = with_held_slip().await;
    assert_eq!(march(&app).await, None, "a held figure is not current");
    let accept = json!({"id": id, "action": "accept", "reason": "checked"});
    // The operator who entered it, one of another region, a viewer: refused.
    for (token, who) in [
        (&app.operator, "the one who entered it"),
        (&app.other_operator, "another region's operator"),
        (&app.viewer, "a viewer"),
    ] {
        let (status, res) = app.post_review(token, &accept).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {res}");
    }
    let (status, _) = app.post_review("not-a-token", &accept).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(march(&app).await, None);
    // A second liaoning operator may.
    let second = app.token("op-liaoning-2", "operator", &["liaoning"]).await;
    let (status, res) = app.post_review(&second, &accept).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["state"], "accepted", "{res}");
    assert_eq!(res["decided_by"], "op-liaoning-2", "{res}");
    assert_eq!(march(&app).await, Some(7000.0));
    assert_eq!(app.get_json("/api/review").await, json!([]));
    // Decided once: a second decision is a conflict.
    let (status, res) = app.post_review(&app.admin, &accept).await;
    assert_eq!(status, StatusCode::CONFLICT, "{res}");
    let (status, _) = app
        .post_review(&app.admin, &json!({"id": 999, "action": "reject"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .post_review(&app.admin, &json!({"id": id, "action": "maybe"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_rejected_figure_never_counts_and_stays_in_the_history_as_rejected() {
    let (app, id) = with_held_slip().await;
    let reject = json!({"id": id, "action": "reject", "reason": "a slip: 70, not 7000"});
    let (status, res) = app.post_review(&app.admin, &reject).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["state"], "rejected");
    assert_eq!(march(&app).await, None);
    assert_eq!(app.figure_count().await, 14);
    let rejected = app.get_json("/api/review?state=rejected").await;
    assert_eq!(rejected[0]["reason"], "a slip: 70, not 7000", "{rejected}");
    let history = app
        .state
        .store
        .history("liaoning", "china-europe-trains", Some("2021-03"))
        .await
        .unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].value, 7000.0);
    assert_eq!(history[0].review.as_deref(), Some("rejected"));
    assert_eq!(history[0].reviewed_by.as_deref(), Some("admin"));
    // The right figure then goes in as any other.
    let body = json!({"observations": [trains("2021-03", 70.0)]});
    let (_, res) = app.post_figures(&app.operator, &body).await;
    assert_eq!(
        (res["new"].as_u64(), res["held"].as_u64()),
        (Some(1), Some(0)),
        "{res}"
    );
    assert_eq!(march(&app).await, Some(70.0));
}

#[tokio::test]
async fn an_item_with_a_confirm_reason_is_recorded_at_once_and_kept_as_confirmed() {
    let app = spawn().await;
    app.post_figures(&app.operator, &history()).await;
    let mut item = trains("2021-03", 7000.0);
    item["confirm"] = json!("confirmed with the customs office");
    let (status, res) = app
        .post_figures(&app.operator, &json!({"observations": [item]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(
        (res["new"].as_u64(), res["held"].as_u64()),
        (Some(1), Some(0)),
        "{res}"
    );
    assert_eq!(res["review"][0]["state"], "confirmed", "{res}");
    assert_eq!(march(&app).await, Some(7000.0));
    let confirmed = app.get_json("/api/review?state=confirmed").await;
    assert_eq!(confirmed[0]["reason"], "confirmed with the customs office");
    let history = app
        .state
        .store
        .history("liaoning", "china-europe-trains", Some("2021-03"))
        .await
        .unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].review.as_deref(), Some("confirmed"));
    // An empty reason is no confirmation.
    let mut item = trains("2021-04", 9000.0);
    item["confirm"] = json!("  ");
    let (status, res) = app
        .post_figures(&app.operator, &json!({"observations": [item]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    assert_eq!(res["errors"][0]["field"], "confirm", "{res}");
}

#[tokio::test]
async fn a_held_figure_does_not_change_a_goals_status_until_accepted() {
    let (app, id) = with_held_slip().await;
    let status_of = async || {
        let s = app
            .get_json("/api/status?as_of=2021-04-30&goal=liaoning-trains-2021")
            .await;
        (s[0]["status"].clone(), s[0]["current_period"].clone())
    };
    let before = status_of().await;
    assert_eq!(before.1, "2021-02", "{before:?}");
    let (status, _) = app
        .post_review(&app.admin, &json!({"id": id, "action": "accept"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let after = status_of().await;
    assert_eq!(after.1, "2021-03", "{after:?}");
    assert_eq!(
        after.0, "target_achieved",
        "7000 trains meet the year's target at once"
    );
    assert_ne!(before.0, after.0);
}

#[tokio::test]
async fn review_never_holds_nothing_and_always_holds_everything() {
    let catalogue = with(&[(
        "id = \"china-europe-trains\"\n",
        "id = \"china-europe-trains\"\nreview = \"never\"\n",
    )]);
    let app = TestApp::spawn_with(Options {
        catalogue: Some(catalogue),
        ..Options::default()
    })
    .await;
    app.post_figures(&app.operator, &history()).await;
    let (_, res) = app
        .post_figures(
            &app.operator,
            &json!({"observations": [trains("2021-03", 7000.0)]}),
        )
        .await;
    assert_eq!(
        (res["new"].as_u64(), res["held"].as_u64()),
        (Some(1), Some(0)),
        "{res}"
    );
    assert!(
        !res["warnings"].as_array().unwrap().is_empty(),
        "still a warning: {res}"
    );
    let catalogue = with(&[(
        "id = \"china-europe-trains\"\n",
        "id = \"china-europe-trains\"\nreview = \"always\"\n",
    )]);
    let app = TestApp::spawn_with(Options {
        catalogue: Some(catalogue),
        ..Options::default()
    })
    .await;
    let (_, res) = app.post_figures(&app.operator, &history()).await;
    assert_eq!(
        (res["new"].as_u64(), res["held"].as_u64()),
        (Some(0), Some(14)),
        "{res}"
    );
    // The same figures again: already waiting, not held twice.
    let (_, res) = app.post_figures(&app.operator, &history()).await;
    assert_eq!(res["held"], 0, "{res}");
    assert_eq!(
        app.get_json("/api/review").await.as_array().unwrap().len(),
        14
    );
}

#[tokio::test]
async fn a_rule_of_warn_severity_holds_the_figure_instead_of_refusing_it() {
    let catalogue = with(&[(
        "id = \"china-europe-trains\"\n",
        "id = \"china-europe-trains\"\nmax = 1000\nrule_severity = \"warn\"\n",
    )]);
    let app = TestApp::spawn_with(Options {
        catalogue: Some(catalogue),
        ..Options::default()
    })
    .await;
    let (status, res) = app
        .post_figures(
            &app.operator,
            &json!({"observations": [trains("2021-03", 2000.0)]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["held"], 1, "{res}");
    let why = res["review"][0]["why"].as_str().unwrap();
    assert!(why.contains("max = 1000"), "{why}");
    assert_eq!(app.figure_count().await, 0);
}
