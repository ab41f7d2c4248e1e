//! Graceful shutdown: a request in flight completes, background tasks get
//! the signal and are waited for, and `serve` exits cleanly on SIGTERM.

use crate::common::app::TestApp;
use crate::common::cli::Env;
use crate::common::{block_on, fig};
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
    let env = Env::new();
    let daemon = env.serve();
    let code = block_on(async {
        reqwest::get(format!("{}/healthz", daemon.base))
            .await
            .unwrap()
            .status()
    });
    assert_eq!(code, StatusCode::OK);
    let log = daemon.stop();
    assert!(log.contains("stopped"), "{log}");
}
