//! The dashboard and the entry page: escaping, login, CSRF, entry, CSV, logout.

use crate::harness::{FormExt, Options, TestApp, body, liaoning_figures};
use reqwest::StatusCode;

/// The value of `name="NAME" value="…"` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// `NAME=value` from the response's Set-Cookie headers.
pub fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers().get_all("set-cookie").iter().find_map(|v| {
        let v = v.to_str().ok()?;
        let pair = v.split(';').next()?;
        pair.strip_prefix(&format!("{name}="))
            .map(|s| format!("{name}={s}"))
    })
}

/// A signed-in browser: its session cookie and the page's CSRF token.
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

/// Sign in through the login form; `Err(status)` when the login is refused.
pub async fn login(app: &TestApp, token: &str) -> Result<Browser, StatusCode> {
    let res = app.get("/enter").await;
    let login_cookie = set_cookie(&res, "wm_login_csrf").expect("login CSRF cookie");
    let csrf = hidden(&res.text().await.unwrap(), "csrf");
    let res = app
        .client
        .post(app.url("/login"))
        .header("cookie", &login_cookie)
        .form(&[("csrf", csrf.as_str()), ("token", token)])
        .send()
        .await
        .unwrap();
    if res.status() != StatusCode::SEE_OTHER {
        return Err(res.status());
    }
    let set = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    let session = set
        .iter()
        .find(|c| c.starts_with("wm_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Strict")
            && session.contains("Path=/"),
        "{session}"
    );
    let cookie = session.split(';').next().unwrap().to_string();
    let page = app
        .client
        .get(app.url("/enter"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    Ok(Browser {
        csrf: hidden(&html, "csrf"),
        cookie,
    })
}

/// POST the single-figure form; returns the status and page.
pub async fn enter(
    app: &TestApp,
    b: &Browser,
    csrf: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut form = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    let res = app
        .client
        .post(app.url("/enter"))
        .header("cookie", &b.cookie)
        .form(&form[..])
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

const JUNE: [(&str, &str); 4] = [
    ("region", "liaoning"),
    ("indicator", "china-europe-trains"),
    ("period", "2021-06"),
    ("value", "300"),
];

#[tokio::test]
async fn the_dashboard_lists_every_goal_with_its_title_escaped() {
    let cat = std::fs::read_to_string(crate::harness::fixture("catalogue.toml"))
        .unwrap()
        .replace(
            "title = \"China-Europe trains up more than 10% in 2021\"",
            "title = \"Trains <script>alert(1)</script> & more\"",
        );
    let app = TestApp::spawn_with(Options {
        catalogue: Some(cat),
        ..Options::default()
    })
    .await;
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Trains &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    assert!(html.contains("name=\"viewport\""));
    for goal in app.state.catalogue.goals.iter() {
        assert!(
            html.contains(&format!("/api/goals/{}/chart.svg", goal.id)),
            "{}",
            goal.id
        );
    }
    let only = app.get("/?region=guizhou").await.text().await.unwrap();
    assert!(only.contains("Open the inland port"));
    assert!(!only.contains("alert(1)"));
}

#[tokio::test]
async fn an_unknown_dashboard_region_is_named_escaped_with_a_suggestion_and_every_goal_shown() {
    let app = TestApp::spawn().await;
    let html = app.get("/?region=guizho%3C").await.text().await.unwrap();
    assert!(
        html.contains(
            "Region: unknown region &quot;guizho&lt;&quot; (did you mean \
             &quot;guizhou&quot;?); showing every goal."
        ),
        "{html}"
    );
    for goal in app.state.catalogue.goals.iter() {
        assert!(
            html.contains(&format!("id=\"goal-{}\"", goal.id)),
            "{}",
            goal.id
        );
    }
}

#[tokio::test]
async fn the_dashboard_says_since_when_a_stale_goals_figures_are_missing() {
    // Figures to June 2021 and no more: as of today the 2021 goal is long
    // past its target year.
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()))
        .await;
    let html = app.get("/").await.text().await.unwrap();
    let start = html
        .find("id=\"goal-liaoning-trains-2021\"")
        .unwrap_or_else(|| panic!("{html}"));
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("missing since 2021-07"), "{section}");
    assert!(
        section.contains("data-status=\"not_available\""),
        "{section}"
    );
    assert!(
        section.contains("<dt>Overdue figures</dt><dd>2021-07 to 2021-12</dd>"),
        "{section}"
    );
    assert!(!section.contains("Projected"), "{section}");
}

#[tokio::test]
async fn an_operator_signs_in_enters_a_figure_and_sees_the_status_change() {
    let app = TestApp::spawn().await;
    app.post_figures(&app.admin, &body(liaoning_figures()[..17].to_vec()))
        .await;
    let b = login(&app, &app.operator).await.unwrap();
    let (code, html) = enter(&app, &b, &b.csrf, &JUNE).await;
    assert_eq!(code, StatusCode::OK, "{html}");
    assert!(html.contains("<strong>1</strong> new"), "{html}");
    assert!(
        html.contains("data-goal=\"liaoning-trains-2021\""),
        "{html}"
    );
    let s = app
        .get_json("/api/series?region=liaoning&indicator=china-europe-trains")
        .await;
    assert_eq!(s["figures"].as_array().unwrap().len(), 18);
    let hist = app
        .state
        .store
        .history("liaoning", "china-europe-trains", Some("2021-06"))
        .await
        .unwrap();
    assert_eq!(hist[0].recorded_by, "op-liaoning");
    // The region list offers only the operator's regions.
    let page = app
        .client
        .get(app.url("/enter"))
        .header("cookie", &b.cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("value=\"liaoning\""));
    assert!(!page.contains("value=\"guizhou\""));
}

#[tokio::test]
async fn a_form_without_the_csrf_token_is_rejected_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let (code, _) = enter(&app, &b, "", &JUNE).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    let (code, _) = enter(&app, &b, "wm_not-the-right-one", &JUNE).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert_eq!(app.figure_count().await, 0);
    // Login itself needs the double-submit cookie.
    let res = app
        .client
        .post(app.url("/login"))
        .form(&[("csrf", "x"), ("token", app.operator.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn invalid_entries_show_import_s_message_beside_the_field() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let fields = [
        ("region", "liaoning"),
        ("indicator", "china-europe-trains"),
        ("period", "2021-06"),
        ("value", "12,406"),
    ];
    let (code, html) = enter(&app, &b, &b.csrf, &fields).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"value-error\""), "{html}");
    assert!(
        html.contains("no thousands separators: write 12406"),
        "{html}"
    );
    // The typed value is kept in the form.
    assert!(html.contains("value=\"12,406\""), "{html}");
    let fields = [
        ("region", "liaoning"),
        ("indicator", "china-europe-trains"),
        ("period", "2021-Q2"),
        ("value", "1"),
    ];
    let (_, html) = enter(&app, &b, &b.csrf, &fields).await;
    assert!(html.contains("id=\"period-error\""), "{html}");
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn a_pasted_csv_is_recorded_all_or_nothing() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let post = async |csv: &str| {
        let res = app
            .client
            .post(app.url("/enter/csv"))
            .header("cookie", &b.cookie)
            .form(&[("csrf", b.csrf.as_str()), ("csv", csv)])
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    };
    let bad = "region,indicator,period,value\nliaoning,china-europe-trains,2021-01,5\nliaoning,china-europe-trains,2021-02,x\n";
    let (code, html) = post(bad).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Line 3"), "{html}");
    // A pasted line's problem is listed with its line, not put beside the form's field.
    assert!(!html.contains("id=\"value-error\""), "{html}");
    assert_eq!(app.figure_count().await, 0);
    let outside = "region,indicator,period,value\nguizhou,china-europe-trains,2021-01,5\n";
    assert_eq!(post(outside).await.0, StatusCode::FORBIDDEN);
    let good = "region,indicator,period,value\nliaoning,china-europe-trains,2021-01,5\nliaoning,china-europe-trains,2021-02,6\n";
    let (code, html) = post(good).await;
    assert_eq!(code, StatusCode::OK, "{html}");
    assert!(html.contains("<strong>2</strong> new"), "{html}");
}

#[tokio::test]
async fn the_entry_forms_refuse_values_beyond_1e15_and_a_quote_never_closed() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let fields = [
        ("region", "liaoning"),
        ("indicator", "china-europe-trains"),
        ("period", "2021-06"),
        ("value", "-1.7e308"),
    ];
    let (code, html) = enter(&app, &b, &b.csrf, &fields).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"value-error\""), "{html}");
    assert!(html.contains("out of range"), "{html}");
    // The rows after the open quote would have become part of line 2's note.
    let csv = "region,indicator,period,value,note\nliaoning,china-europe-trains,2021-01,5,\"customs, preliminary\nliaoning,china-europe-trains,2021-02,6,\n";
    let res = app
        .client
        .post(app.url("/enter/csv"))
        .header("cookie", &b.cookie)
        .form(&[("csrf", b.csrf.as_str()), ("csv", csv)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Line 2"), "{html}");
    assert!(html.contains("is never closed"), "{html}");
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let b = login(&app, &app.operator).await.unwrap();
    let res = app
        .client
        .post(app.url("/logout"))
        .header("cookie", &b.cookie)
        .form(&[("csrf", b.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (code, _) = enter(&app, &b, &b.csrf, &JUNE).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn with_public_read_off_the_dashboard_sends_strangers_to_sign_in() {
    let app = TestApp::spawn_with(Options {
        public_read: false,
        ..Options::default()
    })
    .await;
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let b = login(&app, &app.operator).await.unwrap();
    let res = app
        .client
        .get(app.url("/"))
        .header("cookie", &b.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The charts on the page load with the session too.
    let res = app
        .client
        .get(app.url("/api/goals/guizhou-port/chart.svg"))
        .header("cookie", &b.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
