//! Charts rendered on request.

use crate::common::app::TestApp;
use crate::common::{body, images, liaoning_figures};
use reqwest::StatusCode;

#[tokio::test]
async fn a_goal_chart_is_served_as_svg_that_parses_and_png_that_decodes() {
    let app = TestApp::spawn().await;
    let mut figures = liaoning_figures();
    figures.last_mut().unwrap()["flag"] = "P".into();
    app.post_figures(&app.admin, &body(figures)).await;
    let res = app.get("/api/goals/liaoning-trains-2021/chart.svg").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.text().await.unwrap();
    let elements = images::svg_elements(svg.as_bytes()).expect("well-formed SVG");
    assert!(elements > 10, "{svg}");
    assert!(
        svg.contains("Jun 2021 provisional"),
        "the flag beside the status: {svg}"
    );
    // In the language the request asks for.
    let res = app
        .get("/api/goals/liaoning-trains-2021/chart.svg?lang=zh-CN")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["vary"], "Accept-Language, Cookie");
    let svg = res.text().await.unwrap();
    assert!(svg.contains("2021年6月为初步数"), "{svg}");
    assert!(svg.contains("2021年累计至今") && !svg.contains("provisional"));
    let res = app.get("/api/goals/liaoning-trains-2021/chart.png").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    let png = res.bytes().await.unwrap();
    let img = images::png(&png).expect("PNG decodes");
    assert_eq!((img.width(), img.height()), (800, 500));
}

#[tokio::test]
async fn a_milestone_has_a_chart_too_and_an_unknown_goal_is_a_404_with_a_suggestion() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/goals/guizhou-port/chart.svg").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.get("/api/goals/guizhou-prt/chart.png").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let v: serde_json::Value = res.json().await.unwrap();
    assert!(v["error"].as_str().unwrap().contains("guizhou-port"), "{v}");
}

#[tokio::test]
async fn a_goals_figures_download_as_csv_with_flags_and_a_404_for_an_unknown_goal() {
    let app = TestApp::spawn().await;
    let mut figures = liaoning_figures();
    figures.last_mut().unwrap()["flag"] = "P".into();
    figures[0]["value"] = 60.5.into();
    app.post_figures(&app.admin, &body(figures.clone())).await;
    let res = app.get("/api/goals/liaoning-trains-2021/data.csv").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"liaoning-trains-2021.csv\""
    );
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "goal,region,indicator,period,value,unit,flag");
    assert_eq!(lines.len(), 1 + figures.len(), "{csv}");
    assert_eq!(
        lines[1],
        "liaoning-trains-2021,liaoning,china-europe-trains,2020-01,60.5,trains,"
    );
    assert!(
        lines.last().unwrap().ends_with(",2021-06,92,trains,P"),
        "{csv}"
    );
    // A milestone's row; an unknown goal is a 404 naming the nearest.
    let csv = app
        .get("/api/goals/guizhou-port/data.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("goal,region,due,state,status\nguizhou-port,guizhou,"),
        "{csv}"
    );
    let res = app.get("/api/goals/guizhou-prt/data.csv").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let v: serde_json::Value = res.json().await.unwrap();
    assert!(v["error"].as_str().unwrap().contains("guizhou-port"), "{v}");
}

#[tokio::test]
async fn csv_cells_that_a_spreadsheet_would_run_are_defused() {
    let catalogue = crate::common::catalogue::fixture_with(&[(
        "unit = \"trains\"",
        "unit = \"=HYPERLINK(\\\"http://evil\\\")\"",
    )]);
    let app = TestApp::spawn_with(crate::common::app::Options {
        catalogue: Some(catalogue),
        ..Default::default()
    })
    .await;
    app.post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    let csv = app
        .get("/api/goals/liaoning-trains-2021/data.csv")
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut rows = 0;
    for row in reader.records() {
        let row = row.unwrap();
        assert_eq!(&row[5], "'=HYPERLINK(\"http://evil\")", "{csv}");
        rows += 1;
    }
    assert_eq!(rows, liaoning_figures().len());
}
