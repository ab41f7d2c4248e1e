//! A real browser (Debian's chromium + chromedriver, headless) signs in,
//! enters a figure through the form and sees the dashboard's status change.
//! Ignored by default: run with `cargo test --test api -- --ignored browser`.

use crate::harness::{TestApp, body, fig};
use fantoccini::{ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_chromedriver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver on PATH (apt-get install chromium chromium-driver)");
    // chromedriver says when it listens; read until then instead of sleeping.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    loop {
        let line = lines
            .next()
            .expect("chromedriver exited before starting")
            .unwrap();
        if line.contains("started successfully") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

fn goal_figures() -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for m in 1..=12 {
        out.push(fig(
            "liaoning",
            "china-europe-trains",
            &format!("2020-{m:02}"),
            100.0,
        ));
    }
    for m in 1..=11 {
        out.push(fig(
            "liaoning",
            "china-europe-trains",
            &format!("2021-{m:02}"),
            60.0,
        ));
    }
    out
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver"]
async fn browser_an_operator_enters_a_figure_and_the_dashboard_status_changes() {
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(goal_figures())).await;
    let driver = start_chromedriver();
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    let mut chrome = serde_json::json!({
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            format!("--user-data-dir={}", profile.path().display()),
        ]
    });
    if std::path::Path::new("/usr/bin/chromium").exists() {
        chrome["binary"] = "/usr/bin/chromium".into();
    }
    caps.insert("goog:chromeOptions".into(), chrome);
    let c = ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a browser session");
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
    assert_eq!(status(&c).await, "Not available");
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

    assert_eq!(status(&c).await, "Target achieved");
    c.close().await.unwrap();
}
