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
