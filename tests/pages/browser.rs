//! A real browser (Debian's chromium + chromedriver, headless) signs in,
//! enters a figure through the form, sees it held for review (suspect) and
//! confirms it, and sees the dashboard's status change;
//! and shows the Chinese dashboard on a desktop and a phone (screenshots in
//! target/tmp, to look at).
//! Ignored by default: run with `cargo test --test integration -- --ignored browser`.

use crate::common::app::{Options, TestApp};
use crate::common::browser::Browser;
use crate::common::catalogue::fixture_with;
use crate::common::{body, liaoning_figures, trains};
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_an_operator_confirms_a_held_figure_and_the_dashboard_status_changes() {
    let app = TestApp::spawn_with(Options {
        catalogue: Some(crate::common::catalogue::reviewed()),
        ..Options::default()
    })
    .await;
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
    assert!(card.contains("missing since Dec 2021"), "{card}");
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
    c.find(Locator::Css("form[action^='/login'] button"))
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
    // 800 trains in a month that ran at 60: suspect, so held for review,
    // and the goal's status does not move.
    let text = result.text().await.unwrap();
    assert!(text.contains("0 new"), "{text}");
    assert!(text.contains("1 held for review"), "{text}");
    assert!(text.contains("Not available"), "{text}");
    let held = c
        .find(Locator::Css("#held .held"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(held.contains("Dec") || held.contains("2021-12"), "{held}");
    assert!(
        held.contains("800") && held.contains("looks wrong"),
        "{held}"
    );
    assert_eq!(status(c).await, "Not available");

    // The operator who entered it confirms it at once, with a reason.
    c.goto(&app.url("/enter")).await.unwrap();
    let reason = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#held input[name='reason']"))
        .await
        .unwrap();
    reason
        .send_keys("a record month: the new line opened")
        .await
        .unwrap();
    c.find(Locator::Css("#held button[value='confirm']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let notice = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("p.notice"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(notice.contains("confirmed"), "{notice}");
    assert!(
        c.find(Locator::Css("#held")).await.is_err(),
        "nothing held any more"
    );
    assert_eq!(status(c).await, "Target achieved");
    c.clone().close().await.unwrap();
}

/// The fixture catalogue's texts as a Chinese catalogue gives them.
const CHINESE_CATALOGUE: [(&str, &str); 16] = [
    ("name = \"China\"", "name = \"全国\""),
    ("name = \"Liaoning\"", "name = \"辽宁\""),
    ("name = \"Guizhou\"", "name = \"贵州\""),
    ("name = \"Zhejiang\"", "name = \"浙江\""),
    (
        "name = \"China-Europe freight trains\"",
        "name = \"中欧班列开行量\"",
    ),
    ("unit = \"trains\"", "unit = \"列\""),
    ("name = \"Imports and exports\"", "name = \"进出口总额\""),
    ("unit = \"100 million yuan\"", "unit = \"亿元\""),
    (
        "name = \"Foreign direct investment actually used\"",
        "name = \"实际使用外资\"",
    ),
    ("unit = \"million USD\"", "unit = \"百万美元\""),
    (
        "name = \"Trade as a share of GDP\"",
        "name = \"外贸依存度\"",
    ),
    (
        "name = \"Cross-border e-commerce shops\"",
        "name = \"跨境电子商务店铺\"",
    ),
    ("unit = \"shops\"", "unit = \"家\""),
    (
        "title = \"China-Europe trains up more than 10% in 2021\"",
        "title = \"中欧班列开行量增长10%以上\"",
    ),
    (
        "title = \"Double imports and exports by 2023\"",
        "title = \"2023年进出口总额翻一番\"",
    ),
    ("title = \"Open the inland port\"", "title = \"建成内陆港\""),
];

/// Whether `c` is a Chinese character or Chinese punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_the_chinese_dashboard_reads_in_chinese_on_a_desktop_and_a_phone() {
    let app = TestApp::spawn_with(Options {
        catalogue: Some(fixture_with(&CHINESE_CATALOGUE)),
        ..Options::default()
    })
    .await;
    let mut figures = liaoning_figures();
    for y in 2016..2020 {
        figures.extend(trains(y, &[90.; 12]));
    }
    let (code, answer) = app.post_figures(&app.admin, &body(figures)).await;
    assert_eq!(code, reqwest::StatusCode::OK, "{answer}");
    let ids: Vec<String> = app
        .get_json("/api/goals")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect();
    let browser = Browser::start().await;
    let c = &browser.client;
    let wait = Duration::from_secs(30);
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    // The switch sets the cookie; the pages after it need no ?lang=.
    c.goto(&app.url("/?lang=zh-CN")).await.unwrap();
    for (width, height) in [(1280, 1600), (375, 2400)] {
        c.set_window_size(width, height).await.unwrap();
        c.goto(&app.url("/")).await.unwrap();
        c.wait()
            .at_most(wait)
            .for_element(Locator::Css("#goal-liaoning-trains-2021 .status"))
            .await
            .unwrap();
        // Text waits for the served Chinese font; so does the screenshot.
        let loaded = c
            .execute_async(
                "const done = arguments[0]; document.fonts.ready.then(() => \
                 done([...document.fonts].filter(f => f.status === 'loaded').length))",
                vec![],
            )
            .await
            .unwrap();
        let lang = c
            .execute("return document.documentElement.lang", vec![])
            .await
            .unwrap();
        assert_eq!(lang, "zh-CN");
        // The layout fits the window: nothing wider than the page.
        let overflow = c
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            overflow.as_i64().unwrap() <= 0,
            "{width} px: {overflow} px too wide"
        );
        let text = c
            .execute("return document.body.innerText", vec![])
            .await
            .unwrap();
        let mut text = text.as_str().unwrap().to_string();
        for id in &ids {
            text = text.replace(id.as_str(), " ");
        }
        let cjk = text.chars().filter(|c| is_cjk(*c)).count();
        let latin = text.chars().filter(char::is_ascii_alphabetic).count();
        assert!(
            cjk > 3 * latin,
            "{cjk} Chinese and {latin} Latin letters in {text}"
        );
        let png = c.screenshot().await.unwrap();
        let path = shots.join(format!("dashboard-zh-CN-{width}.png"));
        std::fs::write(&path, png).unwrap();
        eprintln!(
            "{width} px: {cjk} Chinese characters, {latin} Latin letters, {loaded} fonts \
             loaded; {}",
            path.display()
        );
    }
    c.clone().close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_milestone_update_on_the_goal_page_shows_the_new_state_and_history() {
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    let guizhou = app
        .secret(crate::common::app::Caller::OtherOperator)
        .unwrap();
    let browser = Browser::start().await;
    let c = &browser.client;
    let wait = Duration::from_secs(30);
    c.goto(&app.url("/enter")).await.unwrap();
    c.find(Locator::Id("token"))
        .await
        .unwrap()
        .send_keys(&guizhou)
        .await
        .unwrap();
    c.find(Locator::Css("form[action^='/login'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(wait)
        .for_element(Locator::Id("entry"))
        .await
        .unwrap();
    // From the dashboard's link to the goal's page.
    c.goto(&app.url("/")).await.unwrap();
    c.wait()
        .at_most(wait)
        .for_element(Locator::Css("#goal-guizhou-port h2 a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let form = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Id("milestone-form"))
        .await
        .unwrap();
    let now = c.find(Locator::Id("milestone-state")).await.unwrap();
    assert_eq!(now.text().await.unwrap(), "Now: planned");
    form.find(Locator::Id("milestone-state-field"))
        .await
        .unwrap()
        .select_by_value("done")
        .await
        .unwrap();
    form.find(Locator::Id("milestone-note"))
        .await
        .unwrap()
        .send_keys("opened <1 July>")
        .await
        .unwrap();
    c.find(Locator::Id("milestone-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let history = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#milestone-history tbody tr"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        history.contains("done")
            && history.contains("op-guizhou")
            && history.contains("opened <1 July>"),
        "{history}"
    );
    let now = c.find(Locator::Id("milestone-state")).await.unwrap();
    assert_eq!(now.text().await.unwrap(), "Now: done");
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/goals/guizhou-port?lang=en#milestone")
    );
    // The other goal's page at a phone's width, to look at.
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    c.set_window_size(375, 2400).await.unwrap();
    c.goto(&app.url("/goals/liaoning-trains-2021"))
        .await
        .unwrap();
    c.wait()
        .at_most(wait)
        .for_element(Locator::Id("comments"))
        .await
        .unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots.join("goal-page-375.png"), png).unwrap();
    c.goto(&app.url("/goals/guizhou-port")).await.unwrap();
    c.set_window_size(1280, 1400).await.unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots.join("goal-page-milestone.png"), png).unwrap();
    c.clone().close().await.unwrap();
}
