//! Who may do what through the API: `POST /api/observations` against
//! every kind of caller, reads with `public_read` off, secrets kept only as
//! hashes, and a revoked token.

use crate::common::app::{CALLERS, Options, TestApp};
use crate::common::session::{enter, login};
use crate::common::{body, fig};
use reqwest::StatusCode;

#[tokio::test]
async fn post_observations_answers_each_caller_as_the_matrix_says() {
    for c in CALLERS {
        let app = TestApp::spawn().await;
        let figures = body(vec![fig(
            "liaoning",
            "china-europe-trains",
            "2021-01",
            70.0,
        )]);
        let (code, res) = app
            .post_raw(app.secret(c).as_deref(), figures.to_string())
            .await;
        assert_eq!(code, c.expected(), "{c:?}: {res}");
        let written = i64::from(code == StatusCode::OK);
        assert_eq!(app.figure_count().await, written, "{c:?}");
        if code != StatusCode::OK {
            assert!(res["error"].is_string(), "{c:?}: {res}");
        }
    }
}

#[tokio::test]
async fn a_batch_with_one_figure_outside_the_operator_s_regions_is_refused_whole() {
    let app = TestApp::spawn().await;
    let figures = body(vec![
        fig("liaoning", "china-europe-trains", "2021-01", 70.0),
        fig("guizhou", "china-europe-trains", "2021-01", 7.0),
    ]);
    let (code, res) = app.post_figures(&app.operator, &figures).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert!(
        res["error"]
            .as_str()
            .unwrap()
            .contains("\"guizhou\" (index 1)"),
        "{res}"
    );
    assert_eq!(app.figure_count().await, 0);
}

#[tokio::test]
async fn with_public_read_off_reads_need_a_valid_token() {
    let app = TestApp::spawn_with(Options {
        public_read: false,
        ..Options::default()
    })
    .await;
    for path in [
        "/api/regions",
        "/api/status",
        "/api/goals/guizhou-port/chart.svg",
        "/api/alerts",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        let res = app
            .client
            .get(app.url(path))
            .bearer_auth("wm_nope")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        let res = app
            .client
            .get(app.url(path))
            .bearer_auth(&app.viewer)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
    // A malformed header is a 401 too, and says what is expected.
    let res = app
        .client
        .get(app.url("/api/regions"))
        .header("authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn secrets_are_stored_only_as_hashes_and_never_echoed() {
    let mut app = TestApp::spawn().await;
    let (_, res) = app.post_raw(Some(&format!("{}x", app.admin)), "{}").await;
    assert!(!res.to_string().contains(&app.admin), "{res}");
    app.stop().await;
    let mut bytes = std::fs::read(app.env.db()).unwrap();
    if let Ok(wal) = std::fs::read(app.env.db().with_extension("db-wal")) {
        bytes.extend(wal);
    }
    let hay = String::from_utf8_lossy(&bytes);
    for s in [&app.admin, &app.operator, &app.viewer] {
        assert!(!hay.contains(s.as_str()), "a secret is in the database");
        assert!(
            hay.contains(&waymark::tokens::hash_secret(s)),
            "its hash is not"
        );
    }
}

#[test]
fn new_secrets_are_long_random_and_base62() {
    let a = waymark::tokens::new_secret();
    let b = waymark::tokens::new_secret();
    assert_ne!(a, b);
    assert!(a.starts_with("wm_") && a.len() == 46, "{a}");
    assert!(a[3..].chars().all(|c| c.is_ascii_alphanumeric()));
}

#[tokio::test]
async fn a_revoked_token_stops_working_at_once() {
    let app = TestApp::spawn().await;
    let figures = body(vec![fig(
        "liaoning",
        "china-europe-trains",
        "2021-01",
        70.0,
    )]);
    let b = login(&app, &app.operator).await.unwrap();
    app.state.store.revoke_token("op-liaoning").await.unwrap();
    let (code, _) = app.post_figures(&app.operator, &figures).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    let (code, _) = enter(
        &app,
        &b,
        &b.csrf,
        &[
            ("region", "liaoning"),
            ("indicator", "china-europe-trains"),
            ("period", "2021-01"),
            ("value", "1"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
}
