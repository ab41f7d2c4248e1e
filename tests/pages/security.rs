//! Pages without inline script or style, their stylesheet served under
//! the security headers, `Secure` cookies when configured, and a pasted CSV
//! whose answer stays short however many problems it holds.

use crate::common::app::{Options, TestApp, check_headers};
use crate::common::session::{FormExt, hidden, login, set_cookie};
use reqwest::StatusCode;

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
    // Chinese text in a Chinese font (the machine's, else the served one),
    // the rest in the system's font, then the Chinese families by name.
    assert!(
        css.contains("font-family:\"waymark CJK\", system-ui")
            && css.contains("Noto Sans SC, Noto Sans CJK SC"),
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
    // 100 problems, the summary, and the notice that the text is not kept.
    assert_eq!(shown, 102, "{html}");
    assert!(html.contains("more problems"), "{html}");
    // Too long to be given back in the box: said instead.
    assert!(html.contains("is not put back in the box"), "{html}");
    assert!(html.len() < 60_000, "{} bytes", html.len());
    assert_eq!(app.figure_count().await, 0);
}
