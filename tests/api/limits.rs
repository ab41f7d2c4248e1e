//! The body limit and graceful shutdown with a request in flight.

use crate::harness::{TestApp, fig};
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let big = format!(
        r#"{{"observations":[{}]}}"#,
        vec![fig("liaoning", "china-europe-trains", "2021-01", 70.0).to_string(); 40_000].join(",")
    );
    assert!(big.len() > waymark::http::BODY_LIMIT);
    let (code, res) = app.post_raw(Some(&app.admin), big).await;
    assert_eq!(code, StatusCode::PAYLOAD_TOO_LARGE, "{res}");
    assert!(res["error"].as_str().unwrap().contains("limit"), "{res}");
    assert_eq!(app.figure_count().await, 0);
}

/// A body of `n` distinct monthly figures.
fn many(n: usize) -> String {
    let figures: Vec<Value> = (0..n)
        .map(|i| {
            fig(
                "liaoning",
                "china-europe-trains",
                &format!("{}-{:02}", 1000 + i / 12, i % 12 + 1),
                i as f64,
            )
        })
        .collect();
    serde_json::json!({ "observations": figures }).to_string()
}

#[tokio::test]
async fn a_request_in_flight_at_shutdown_completes_and_its_figures_are_written() {
    let mut app = TestApp::spawn().await;
    let body = many(5_000);
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut conn = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/observations HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        app.admin,
        body.len()
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    conn.write_all(first).await.unwrap();
    conn.flush().await.unwrap();
    // The handler has the request once the in-flight gauge counts it.
    let mut in_flight = app.state.metrics.in_flight();
    tokio::time::timeout(Duration::from_secs(60), in_flight.wait_for(|n| *n >= 1))
        .await
        .expect("the request reached the server before the safety timeout")
        .unwrap();
    app.shutdown.trigger();
    // New connections are refused once the listener is closed; the old one goes on.
    conn.write_all(rest).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), conn.read_to_end(&mut answer))
        .await
        .expect("answered before the safety timeout")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"new\":5000"), "{answer}");
    tokio::time::timeout(Duration::from_secs(60), app.server.take().unwrap())
        .await
        .expect("server stopped")
        .unwrap()
        .unwrap();
    assert_eq!(app.figure_count().await, 5_000);
}

#[tokio::test]
async fn background_tasks_get_the_shutdown_signal_and_run_waits_for_them() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let app = TestApp::spawn().await;
    let finished = Arc::new(AtomicBool::new(false));
    let flag = finished.clone();
    let task: waymark::daemon::Background = Box::new(move |signal| {
        Box::pin(async move {
            signal.wait().await;
            // A step in progress finishes after the signal; run() must wait for it.
            tokio::task::yield_now().await;
            flag.store(true, Ordering::SeqCst);
        })
    });
    let shutdown = waymark::daemon::Shutdown::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let run = tokio::spawn(waymark::daemon::run(
        app.state.clone(),
        listener,
        shutdown.signal(),
        vec![task],
    ));
    shutdown.trigger();
    tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("stopped")
        .unwrap()
        .unwrap();
    assert!(finished.load(Ordering::SeqCst));
}

#[test]
fn serve_runs_until_sigterm_and_then_exits_cleanly() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "catalogue = {:?}\n[database]\nurl = \"sqlite://{}\"\n[server]\nlisten = \"127.0.0.1:0\"\n",
        crate::harness::fixture("catalogue.toml")
            .display()
            .to_string(),
        dir.path().join("t.db").display()
    );
    std::fs::write(dir.path().join("waymark.toml"), config).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .current_dir(dir.path())
        .args(["--config", "waymark.toml", "serve"])
        .env_remove("WAYMARK_LOG")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect(&first)
        .to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let code = rt.block_on(async {
        reqwest::get(format!("{url}healthz"))
            .await
            .unwrap()
            .status()
    });
    assert_eq!(code, StatusCode::OK);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l.contains("stopped")), "{rest:?}");
}
