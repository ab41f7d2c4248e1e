//! Status and series through the API, against the CLI's worked example.

use crate::common::app::TestApp;
use crate::common::{body, fig, liaoning_figures};
use reqwest::StatusCode;
use serde_json::Value;

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() <= 1e-9 * b.abs()
}

#[tokio::test]
async fn status_gives_the_worked_example_as_status_json_does() {
    let app = TestApp::spawn().await;
    let (code, res) = app
        .post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    assert_eq!(code, StatusCode::OK, "{res}");
    assert_eq!(
        res,
        serde_json::json!({"new": 18, "revised": 0, "unchanged": 0, "held": 0, "warnings": [], "review": []})
    );
    let goals = app
        .get_json("/api/status?as_of=2021-06-30&goal=liaoning-trains-2021")
        .await;
    let goals = goals.as_array().unwrap();
    assert_eq!(goals.len(), 1);
    let g = &goals[0];
    assert!(close(&g["target_value"], 1078.0), "{g}");
    assert!(close(&g["to_date"], 457.0), "{g}");
    assert!(close(&g["required_per_period"], 103.5), "{g}");
    assert!(close(&g["expected_to_date"], 445.5), "{g}");
    assert!(
        (g["progress_ratio"].as_f64().unwrap() - 1.283950).abs() < 1e-6,
        "{g}"
    );
    assert_eq!(g["status"], "on_track");
    assert_eq!(g["projection"], "seasonal");
    assert_eq!(g["current_period"], "2021-06");
    assert_eq!(g["final"], false);
    // Exactly the library's status JSON for the same query.
    let q = waymark::assess::Query {
        as_of: chrono::NaiveDate::from_ymd_opt(2021, 6, 30),
        goal: Some("liaoning-trains-2021".into()),
        ..Default::default()
    };
    let assessed = waymark::assess::assess(
        &app.state.store,
        &app.state.catalogue,
        &q,
        &app.state.settings.thresholds(),
        app.state.today(),
    )
    .await
    .unwrap();
    let cli: Value =
        serde_json::from_str(&waymark::publish::status_json(&assessed).unwrap()).unwrap();
    assert_eq!(Value::Array(goals.clone()), cli);
}

#[tokio::test]
async fn status_filters_by_region_and_reproduces_a_past_state_with_known_at() {
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    let before = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let (code, res) = app
        .post_figures(
            &app.admin,
            &body(vec![fig(
                "liaoning",
                "china-europe-trains",
                "2021-06",
                10.0,
            )]),
        )
        .await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(res["revised"], 1);
    let blank = app
        .get_json("/api/status?as_of=&known_at=&region=&goal=")
        .await;
    assert_eq!(
        blank.as_array().unwrap().len(),
        app.state.catalogue.goals.len()
    );
    let all = app.get_json("/api/status?region=liaoning").await;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|g| g["region"] == "liaoning")
    );
    let now = app
        .get_json("/api/status?as_of=2021-06-30&goal=liaoning-trains-2021")
        .await;
    let then = app
        .get_json(&format!(
            "/api/status?as_of=2021-06-30&goal=liaoning-trains-2021&known_at={}",
            before.replace('+', "%2B")
        ))
        .await;
    assert!(close(&then[0]["to_date"], 457.0), "{then}");
    assert!(close(&now[0]["to_date"], 375.0), "{now}");
}

#[tokio::test]
async fn status_rejects_bad_parameters_with_the_parameter_named() {
    let app = TestApp::spawn().await;
    for (q, code, needle) in [
        ("as_of=2021-13-01", 400, "as_of"),
        ("known_at=yesterday", 400, "known_at"),
        ("region=lioaning", 404, "did you mean"),
        ("goal=nope", 404, "goal"),
        ("colour=red", 400, "colour"),
    ] {
        let res = app.get(&format!("/api/status?{q}")).await;
        assert_eq!(res.status().as_u16(), code, "{q}");
        let v: Value = res.json().await.unwrap();
        let msg = v["error"].as_str().unwrap();
        assert!(msg.contains(needle), "{q}: {msg}");
    }
}

/// The same words as `waymark status` gives for these flags
/// (tests/cli/status.rs), after the parameter's own name.
#[tokio::test]
async fn status_errors_are_the_cli_s_with_the_parameter_named() {
    let app = TestApp::spawn().await;
    for (q, code, want) in [
        (
            "as_of=2021-13-01",
            400,
            "as_of: invalid date \"2021-13-01\" (input is out of range): expected YYYY-MM-DD",
        ),
        (
            "known_at=2021-07-01",
            400,
            "known_at: invalid time \"2021-07-01\" (premature end of input): expected RFC 3339, \
             e.g. 2021-07-01T00:00:00Z",
        ),
        (
            "region=guizhu",
            404,
            "region: unknown region \"guizhu\" (did you mean \"guizhou\"?)",
        ),
    ] {
        let res = app.get(&format!("/api/status?{q}")).await;
        assert_eq!(res.status().as_u16(), code, "{q}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"], want, "{q}");
    }
}

#[tokio::test]
async fn series_gives_the_current_figures_of_one_series() {
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    app.post_figures(
        &app.admin,
        &body(vec![fig(
            "liaoning",
            "china-europe-trains",
            "2021-01",
            71.0,
        )]),
    )
    .await;
    let s = app
        .get_json("/api/series?region=liaoning&indicator=china-europe-trains")
        .await;
    assert_eq!(s["unit"], "trains");
    let figures = s["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 18);
    assert_eq!(figures[0]["period"], "2020-01");
    let jan = figures.iter().find(|f| f["period"] == "2021-01").unwrap();
    assert_eq!(jan["value"], 71.0);
    assert_eq!(jan["basis"], "period");
    let res = app
        .get("/api/series?region=liaoning&indicator=trains")
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.get("/api/series?region=liaoning").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn alerts_are_an_empty_list_until_the_alerts_module_is_wired() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get_json("/api/alerts").await, serde_json::json!([]));
}

#[tokio::test]
async fn status_sees_figures_and_milestones_written_outside_the_server_at_once() {
    let app = TestApp::spawn().await;
    let q = "/api/status?as_of=2021-06-30&goal=guizhou-port";
    let before = app.get_json(q).await;
    assert_eq!(before[0]["milestone_state"], "planned");
    app.state
        .store
        .set_milestone(
            "guizhou-port",
            waymark::domain::MilestoneState::Done,
            None,
            "cli",
        )
        .await
        .unwrap();
    let after = app.get_json(q).await;
    assert_eq!(
        after[0]["milestone_state"], "done",
        "a cached answer was served"
    );
    let q = "/api/status?as_of=2021-06-30&goal=liaoning-trains-2021";
    assert!(app.get_json(q).await[0]["to_date"].is_null());
    let period: waymark::domain::Period = "2021-01".parse().unwrap();
    use waymark::domain::{Channel, Figure, Provenance, Slug};
    let slug = |s: &str| Slug::parse(s).unwrap();
    let f = Figure::new(slug("liaoning"), slug("china-europe-trains"), period, 5.0);
    app.state
        .store
        .write_figures(&[f], &Provenance::new("cli", Channel::Record), false)
        .await
        .unwrap();
    let now = app.get_json(q).await;
    assert_eq!(now[0]["current_period"], "2021-01", "{now}");
}
