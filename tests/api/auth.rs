//! Who may do what: every write route against every kind of caller, reads
//! with `public_read` off, and tokens from the command line.

use crate::harness::{FormExt, Options, TestApp, body, fig};
use crate::pages::{enter, login};
use reqwest::StatusCode;

#[derive(Clone, Copy, Debug)]
enum Caller {
    Nobody,
    BadToken,
    Viewer,
    OtherOperator,
    Operator,
    Admin,
}

const ALL: [Caller; 6] = [
    Caller::Nobody,
    Caller::BadToken,
    Caller::Viewer,
    Caller::OtherOperator,
    Caller::Operator,
    Caller::Admin,
];

fn secret(app: &TestApp, c: Caller) -> Option<String> {
    match c {
        Caller::Nobody => None,
        Caller::BadToken => Some("wm_0000000000000000000000000000000000000000000".into()),
        Caller::Viewer => Some(app.viewer.clone()),
        Caller::OtherOperator => Some(app.other_operator.clone()),
        Caller::Operator => Some(app.operator.clone()),
        Caller::Admin => Some(app.admin.clone()),
    }
}

fn expected(c: Caller) -> StatusCode {
    match c {
        Caller::Nobody | Caller::BadToken => StatusCode::UNAUTHORIZED,
        Caller::Viewer | Caller::OtherOperator => StatusCode::FORBIDDEN,
        Caller::Operator | Caller::Admin => StatusCode::OK,
    }
}

#[tokio::test]
async fn post_observations_answers_each_caller_as_the_matrix_says() {
    for c in ALL {
        let app = TestApp::spawn().await;
        let figures = body(vec![fig(
            "liaoning",
            "china-europe-trains",
            "2021-01",
            70.0,
        )]);
        let (code, res) = app
            .post_raw(secret(&app, c).as_deref(), figures.to_string())
            .await;
        assert_eq!(code, expected(c), "{c:?}: {res}");
        let written = if code == StatusCode::OK { 1 } else { 0 };
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
async fn the_entry_form_answers_each_caller_as_the_matrix_says() {
    let fields = [
        ("region", "liaoning"),
        ("indicator", "china-europe-trains"),
        ("period", "2021-01"),
        ("value", "70"),
    ];
    for c in ALL {
        let app = TestApp::spawn().await;
        let code = match secret(&app, c) {
            None => {
                // No session at all.
                let res = app
                    .client
                    .post(app.url("/enter"))
                    .form(&fields[..])
                    .send()
                    .await
                    .unwrap();
                res.status()
            }
            Some(token) => match login(&app, &token).await {
                Ok(b) => enter(&app, &b, &b.csrf, &fields).await.0,
                Err(refused) => refused,
            },
        };
        assert_eq!(code, expected(c), "{c:?}");
        let written = if code == StatusCode::OK { 1 } else { 0 };
        assert_eq!(app.figure_count().await, written, "{c:?}");
    }
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
    let mut bytes = std::fs::read(&app.db_path).unwrap();
    if let Ok(wal) = std::fs::read(app.db_path.with_extension("db-wal")) {
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

fn waymark_cmd(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"));
    cmd.current_dir(dir)
        .arg("--config")
        .arg(dir.join("waymark.toml"))
        .args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("WAYMARK_") {
            cmd.env_remove(k);
        }
    }
    cmd.output().unwrap()
}

#[tokio::test]
async fn token_commands_create_list_and_revoke() {
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "catalogue = {:?}\n[database]\nurl = \"sqlite://{}\"\n",
        crate::harness::fixture("catalogue.toml")
            .display()
            .to_string(),
        dir.path().join("t.db").display()
    );
    std::fs::write(dir.path().join("waymark.toml"), config).unwrap();
    let out = waymark_cmd(
        dir.path(),
        &["token", "create", "ana", "--role", "operator"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least one region"));
    let out = waymark_cmd(
        dir.path(),
        &[
            "token", "create", "ana", "--role", "operator", "--region", "lioaning",
        ],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("liaoning"),
        "suggests the closest region"
    );
    let out = waymark_cmd(
        dir.path(),
        &[
            "token", "create", "ana", "--role", "operator", "--region", "liaoning", "--region",
            "guizhou",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(secret.starts_with("wm_"));
    let out = waymark_cmd(dir.path(), &["token", "create", "ana", "--role", "viewer"]);
    assert_eq!(out.status.code(), Some(1), "names are unique");
    let list = String::from_utf8(waymark_cmd(dir.path(), &["token", "list"]).stdout).unwrap();
    assert!(
        list.contains("ana") && list.contains("liaoning guizhou") && list.contains("never"),
        "{list}"
    );
    assert!(!list.contains(&secret));
    let out = waymark_cmd(dir.path(), &["token", "revoke", "ana"]);
    assert!(out.status.success());
    let list = String::from_utf8(waymark_cmd(dir.path(), &["token", "list"]).stdout).unwrap();
    assert!(!list.contains("ana"), "{list}");
    assert_eq!(
        waymark_cmd(dir.path(), &["token", "revoke", "ana"])
            .status
            .code(),
        Some(1)
    );
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
