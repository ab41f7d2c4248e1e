//! The catalogue routes, health, metrics and the OpenAPI document.

use crate::common::app::TestApp;
use crate::common::{body, liaoning_figures};
use reqwest::StatusCode;

#[tokio::test]
async fn the_catalogue_routes_list_regions_indicators_and_goals_in_file_order() {
    let app = TestApp::spawn().await;
    let regions = app.get_json("/api/regions").await;
    let ids: Vec<&str> = regions
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["china", "liaoning", "guizhou", "zhejiang"]);
    assert_eq!(regions[1]["parent"], "china");
    let indicators = app.get_json("/api/indicators").await;
    let trains = &indicators[0];
    assert_eq!(trains["id"], "china-europe-trains");
    assert_eq!(trains["frequency"], "monthly");
    assert_eq!(trains["measure"], "flow");
    let goals = app.get_json("/api/goals").await;
    let g = goals
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "liaoning-trains-2021")
        .unwrap();
    assert_eq!(g["type"], "growth");
    assert_eq!(g["percent"], 10.0);
    let m = goals
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["type"] == "milestone")
        .unwrap();
    assert_eq!(m["due"], "2021-12-31");
}

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_routes_get_a_json_404() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/nope").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let v: serde_json::Value = res.json().await.unwrap();
    assert!(v["error"].is_string());
}

#[tokio::test]
async fn metrics_show_goal_scores_statuses_figures_and_requests() {
    let app = TestApp::spawn().await;
    let (status, _) = app
        .post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    assert_eq!(status, StatusCode::OK);
    app.get("/api/regions").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = res.text().await.unwrap();
    assert!(text.contains("# TYPE waymark_goal_score gauge"), "{text}");
    assert!(
        text.contains("waymark_goal_score{goal=\"guizhou-port\",region=\"guizhou\"} -5"),
        "{text}"
    );
    // The goal's actual status is 1, the others 0. As of today the 2021 goal,
    // with figures to June 2021, is long past its target year: not available,
    // so it has no score to export.
    let ones: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.starts_with("waymark_goal_status{goal=\"liaoning-trains-2021\"") && l.ends_with(" 1")
        })
        .collect();
    assert_eq!(
        ones,
        [
            "waymark_goal_status{goal=\"liaoning-trains-2021\",region=\"liaoning\",status=\"not_available\"} 1"
        ],
        "{text}"
    );
    assert!(
        !text.contains("waymark_goal_score{goal=\"liaoning-trains-2021\""),
        "{text}"
    );
    assert!(text.contains("waymark_figures_recorded 18"), "{text}");
    assert!(
        text.contains(
            "waymark_http_requests_total{method=\"GET\",route=\"/api/regions\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("waymark_http_requests_total{method=\"POST\",route=\"/api/observations\",status=\"200\"} 1"),
        "{text}"
    );
    for family in [
        "waymark_job_runs_total",
        "waymark_job_failures_total",
        "waymark_job_last_success_timestamp_seconds",
        "waymark_delivery_backlog",
    ] {
        assert!(
            text.contains(&format!("# TYPE {family} ")),
            "{family} missing:\n{text}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_is_valid_and_lists_every_api_route() {
    let app = TestApp::spawn().await;
    let text = app.get("/api/openapi.json").await.text().await.unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/openapi.json", "get"),
        ("/api/regions", "get"),
        ("/api/indicators", "get"),
        ("/api/goals", "get"),
        ("/api/status", "get"),
        ("/api/series", "get"),
        ("/api/observations", "post"),
        ("/api/goals/{id}/chart.svg", "get"),
        ("/api/goals/{id}/chart.png", "get"),
        ("/api/alerts", "get"),
        ("/api/goals/{id}/milestone", "get"),
        ("/api/goals/{id}/milestone", "post"),
        ("/api/comments", "get"),
        ("/api/comments", "post"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    // Every $ref points at a schema the document defines.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for r in text.match_indices("\"$ref\":\"#/components/schemas/") {
        let rest = &text[r.0 + r.1.len()..];
        let name = &rest[..rest.find('"').unwrap()];
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn the_status_schema_names_every_field_the_status_route_returns() {
    let app = TestApp::spawn().await;
    let doc = app.get_json("/api/openapi.json").await;
    let props = doc["components"]["schemas"]["StatusItem"]["properties"]
        .as_object()
        .unwrap()
        .clone();
    for item in app.get_json("/api/status").await.as_array().unwrap() {
        for key in item.as_object().unwrap().keys() {
            assert!(
                props.contains_key(key),
                "status field {key} is not in the schema"
            );
        }
    }
}

#[tokio::test]
async fn the_openapi_document_parses_as_openapi_3_1_and_every_reference_resolves() {
    let app = TestApp::spawn().await;
    let text = app.get("/api/openapi.json").await.text().await.unwrap();
    let spec = oas3::from_json(&text).expect("a well-formed OpenAPI document");
    assert_eq!(spec.validate_version().unwrap().major, 3);
    let mut ops = Vec::new();
    for (path, method, op) in spec.operations() {
        ops.push(format!("{method} {path}"));
        for (code, res) in op.responses.iter().flatten() {
            let res = res
                .resolve(&spec)
                .unwrap_or_else(|e| panic!("{method} {path} {code}: {e}"));
            for media in res.content.values() {
                if let Some(schema) = &media.schema {
                    schema
                        .resolve(&spec)
                        .unwrap_or_else(|e| panic!("{method} {path} {code}: {e}"));
                }
            }
        }
        if let Some(body) = &op.request_body {
            let body = body.resolve(&spec).unwrap();
            for media in body.content.values() {
                media.schema.as_ref().unwrap().resolve(&spec).unwrap();
            }
        }
    }
    ops.sort();
    assert_eq!(ops.len(), 17, "{ops:?}");
    assert!(
        ops.contains(&"POST /api/observations".to_string()),
        "{ops:?}"
    );
    assert!(
        ops.contains(&"GET /api/goals/{id}/data.csv".to_string()),
        "{ops:?}"
    );
}

#[tokio::test]
async fn catalogue_texts_come_in_the_language_asked_for_with_english_by_default() {
    let catalogue = crate::common::catalogue::fixture_with(&[
        (
            "name = \"Liaoning\"",
            "name = { en = \"Liaoning\", zh-CN = \"辽宁\" }",
        ),
        (
            "unit = \"trains\"",
            "unit = { en = \"trains\", zh-CN = \"列\" }",
        ),
    ]);
    let app = TestApp::spawn_with(crate::common::app::Options {
        catalogue: Some(catalogue),
        ..Default::default()
    })
    .await;
    let name = |v: &serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "liaoning")
            .unwrap()["name"]
            .clone()
    };
    assert_eq!(name(&app.get_json("/api/regions").await), "Liaoning");
    assert_eq!(name(&app.get_json("/api/regions?lang=zh-CN").await), "辽宁");
    let by_header = app
        .client
        .get(app.url("/api/regions"))
        .header("Accept-Language", "zh-CN,zh;q=0.9")
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(name(&by_header), "辽宁");
    let indicators = app.get_json("/api/indicators?lang=zh-CN").await;
    let trains = indicators
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "china-europe-trains")
        .unwrap();
    assert_eq!(trains["unit"], "列");
    let series = app
        .get_json("/api/series?region=liaoning&indicator=china-europe-trains&lang=zh-CN")
        .await;
    assert_eq!(series["unit"], "列", "{series}");
    let series = app
        .get_json("/api/series?region=liaoning&indicator=china-europe-trains")
        .await;
    assert_eq!(series["unit"], "trains", "{series}");
}
