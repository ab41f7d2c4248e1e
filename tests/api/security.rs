//! Security headers on pages and API answers, pages without inline script
//! or style, `Secure` cookies when configured, request ids, and answers to bad bodies
//! and pasted CSV that stay short however many problems they hold.

use crate::harness::{FormExt, Options, TestApp, fig};
use crate::pages::{hidden, login, set_cookie};
use reqwest::StatusCode;
use serde_json::Value;

fn check_headers(res: &reqwest::Response, what: &str) {
    let h = res.headers();
    let csp = h
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no CSP"))
        .to_str()
        .unwrap();
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
    assert!(csp.contains("script-src 'none'"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(h["x-frame-options"], "DENY", "{what}");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in [
        "/",
        "/enter",
        "/healthz",
        "/metrics",
        "/api/status",
        "/api/goals",
        "/api/goals/liaoning-trains-2021/chart.svg",
        "/no/such/route",
    ] {
        let res = app.get(path).await;
        check_headers(&res, path);
    }
    let (code, _) = app.post_raw(None, "{}").await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    let res = app
        .client
        .post(app.url("/api/observations"))
        .body("{}")
        .send()
        .await
        .unwrap();
    check_headers(&res, "POST /api/observations without a token");
}

#[tokio::test]
async fn pages_have_no_inline_script_or_style_and_their_stylesheet_is_served() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let entry = app
        .client
        .get(app.url("/enter"))
        .header("cookie", &b.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(entry.headers()["cache-control"], "no-store");
    let entry = entry.text().await.unwrap();
    let sign_in = app.get("/enter").await;
    assert_eq!(sign_in.headers()["cache-control"], "no-store");
    let sign_in = sign_in.text().await.unwrap();
    let dashboard = app.get("/").await.text().await.unwrap();
    assert!(dashboard.contains("data-status="), "{dashboard}");
    for (what, html) in [
        ("entry", &entry),
        ("sign-in", &sign_in),
        ("dashboard", &dashboard),
    ] {
        let lower = html.to_ascii_lowercase();
        for banned in [
            "<script",
            "<style",
            " style=",
            " onclick=",
            " onload=",
            "javascript:",
        ] {
            assert!(
                !lower.contains(banned),
                "{what} page has {banned:?}: {html}"
            );
        }
    }
    let href = dashboard
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a stylesheet link");
    let css = app.get(href).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    check_headers(&css, href);
    let css = css.text().await.unwrap();
    assert!(
        css.contains(".status[data-status=on_track]{background:#009e73"),
        "{css}"
    );
    // Chinese families after the system font: hanzi show where the UI font has none.
    assert!(
        css.contains("font-family:system-ui") && css.contains("Noto Sans SC, Noto Sans CJK SC"),
        "{css}"
    );
}

/// The Set-Cookie headers of the sign-in page and of a successful login.
async fn cookies(app: &TestApp) -> Vec<String> {
    let page = app.get("/enter").await;
    let mut all: Vec<String> = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let login_cookie = set_cookie(&page, "wm_login_csrf").unwrap();
    let csrf = hidden(&page.text().await.unwrap(), "csrf");
    let res = app
        .client
        .post(app.url("/login"))
        .header("cookie", &login_cookie)
        .form(&[("csrf", csrf.as_str()), ("token", app.operator.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    all.extend(
        res.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string()),
    );
    assert!(all.iter().any(|c| c.starts_with("wm_session=")), "{all:?}");
    all
}

fn is_secure(cookie: &str) -> bool {
    cookie.split(';').any(|a| a.trim() == "Secure")
}

#[tokio::test]
async fn cookies_are_secure_when_configured_or_the_public_url_is_https() {
    let plain = TestApp::spawn().await;
    let all = cookies(&plain).await;
    assert!(!all.iter().any(|c| is_secure(c)), "{all:?}");
    for server in [
        "secure_cookies = true",
        "public_url = \"https://waymark.example/\"",
    ] {
        let app = TestApp::spawn_with(Options {
            server: server.into(),
            ..Options::default()
        })
        .await;
        let all = cookies(&app).await;
        assert!(
            all.len() >= 3 && all.iter().all(|c| is_secure(c)),
            "{server}: {all:?}"
        );
    }
    let off = TestApp::spawn_with(Options {
        server: "public_url = \"https://waymark.example/\"\nsecure_cookies = false".into(),
        ..Options::default()
    })
    .await;
    assert!(!cookies(&off).await.iter().any(|c| is_secure(c)));
}

/// POST a body; the status, the raw answer's length and its parsed errors.
async fn post(app: &TestApp, body: String) -> (StatusCode, usize, Vec<Value>) {
    let res = app
        .client
        .post(app.url("/api/observations"))
        .bearer_auth(&app.admin)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    (
        status,
        text.len(),
        json["errors"].as_array().unwrap().clone(),
    )
}

#[tokio::test]
async fn a_body_of_a_million_bad_items_gets_100_problems_and_a_summary() {
    let app = TestApp::spawn().await;
    // 1.8 MB: 899,999 items that are not figures, just under the body limit.
    let n = 899_999;
    let body = format!("{{\"observations\":[{}1]}}", "1,".repeat(n - 1));
    assert!(body.len() < waymark::http::BODY_LIMIT);
    let (status, len, errors) = post(&app, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors.len(), 101);
    assert_eq!(errors[99]["index"], 99);
    let last = &errors[100];
    assert_eq!(last["index"], 100);
    assert_eq!(last["field"], Value::Null);
    assert_eq!(last["message"], format!("… and {} more problems", n - 100));
    assert!(len < 20_000, "{len} bytes");

    // Figures that parse but fail validation are capped the same way.
    let figures: Vec<Value> = (0..5_000)
        .map(|i| {
            fig(
                "atlantis",
                "china-europe-trains",
                // Months that have ended: each figure has one problem, its region.
                &format!("{}-{:02}", 1000 + i / 12, i % 12 + 1),
                1.0,
            )
        })
        .collect();
    let (status, len, errors) = post(
        &app,
        serde_json::json!({ "observations": figures }).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors.len(), 101);
    assert_eq!(errors[100]["message"], "… and 4900 more problems");
    assert!(len < 40_000, "{len} bytes");
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn a_pasted_csv_of_many_bad_lines_shows_100_problems_and_a_summary() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let mut csv = String::from("region,indicator,period,value\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "liaoning,china-europe-trains,{}-01,oops\n",
            1000 + i % 999
        ));
    }
    let res = app
        .client
        .post(app.url("/enter/csv"))
        .header("cookie", &b.cookie)
        .form(&[("csrf", b.csrf.as_str()), ("csv", csv.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let shown = html.matches("class=\"problem\" role=\"alert\"").count();
    assert_eq!(shown, 101, "{html}");
    assert!(html.contains("more problems"), "{html}");
    assert!(html.len() < 60_000, "{} bytes", html.len());
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn every_answer_has_a_request_id_and_only_a_plain_one_is_taken_from_the_client() {
    let app = TestApp::spawn().await;
    let id = |res: &reqwest::Response| res.headers()["x-request-id"].to_str().unwrap().to_string();
    let (a, b) = (
        id(&app.get("/healthz").await),
        id(&app.get("/no/such/route").await),
    );
    assert!(
        a.len() == 16 && a.bytes().all(|c| c.is_ascii_hexdigit()),
        "{a}"
    );
    assert_ne!(a, b, "each request its own id");
    let sent = |value: &str| {
        app.client
            .get(app.url("/healthz"))
            .header("x-request-id", value)
            .send()
    };
    assert_eq!(id(&sent("proxy-7f.3_a").await.unwrap()), "proxy-7f.3_a");
    let long = "a".repeat(65);
    for hostile in ["two words", "\"quoted\"", "x{}", long.as_str()] {
        let got = id(&sent(hostile).await.unwrap());
        assert!(got.len() == 16 && got != hostile, "{hostile:?} -> {got}");
    }
}
