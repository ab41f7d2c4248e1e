//! A real browser (Debian's chromium + chromedriver, headless) signs in,
//! enters a figure through the form and sees the dashboard's status change.
//! Ignored by default: run with `cargo test --test integration -- --ignored browser`.

use crate::common::app::TestApp;
use crate::common::browser::Browser;
use crate::common::{body, trains};
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_an_operator_enters_a_figure_and_the_dashboard_status_changes() {
    let app = TestApp::spawn().await;
    // 2021 well behind 2020, with December 2021 never entered.
    let figures = [trains(2020, &[100.; 12]), trains(2021, &[60.; 11])].concat();
    app.post_figures(&app.admin, &body(figures)).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    let wait = Duration::from_secs(30);
    let status = async |c: &fantoccini::Client| -> String {
        c.goto(&app.url("/")).await.unwrap();
        c.wait()
            .at_most(wait)
            .for_element(Locator::Css("#goal-liaoning-trains-2021 .status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    // Judged today, the 2021 goal's year is long over and December 2021 was
    // never entered: the goal is stale, "Not available", and the page says
    // which figures are missing instead of showing a projection.
    assert_eq!(status(c).await, "Not available");
    let card = c
        .find(Locator::Css("#goal-liaoning-trains-2021"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(card.contains("missing since 2021-12"), "{card}");
    // The stylesheet loads under the Content-Security-Policy: the badge has its colour.
    let colour = c
        .find(Locator::Css("#goal-liaoning-trains-2021 .status"))
        .await
        .unwrap()
        .css_value("background-color")
        .await
        .unwrap();
    assert_eq!(colour, "rgba(153, 153, 153, 1)");

    c.goto(&app.url("/enter")).await.unwrap();
    c.find(Locator::Id("token"))
        .await
        .unwrap()
        .send_keys(&app.operator)
        .await
        .unwrap();
    c.find(Locator::Css("form[action='/login'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let form = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Id("entry"))
        .await
        .unwrap();
    form.find(Locator::Id("region"))
        .await
        .unwrap()
        .select_by_value("liaoning")
        .await
        .unwrap();
    form.find(Locator::Id("indicator"))
        .await
        .unwrap()
        .select_by_value("china-europe-trains")
        .await
        .unwrap();
    form.find(Locator::Id("period"))
        .await
        .unwrap()
        .send_keys("2021-12")
        .await
        .unwrap();
    form.find(Locator::Id("value"))
        .await
        .unwrap()
        .send_keys("800")
        .await
        .unwrap();
    c.find(Locator::Id("save"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let result = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Id("result"))
        .await
        .unwrap();
    let text = result.text().await.unwrap();
    assert!(text.contains("1 new"), "{text}");
    assert!(text.contains("Target achieved"), "{text}");

    assert_eq!(status(c).await, "Target achieved");
    c.clone().close().await.unwrap();
}
