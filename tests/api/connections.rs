//! Connection limits on real sockets: a client trickling its request head
//! is cut off by the header timeout, an idle connection by the keep-alive
//! timeout, and at the connection cap a newcomer displaces an idle
//! connection, so /healthz answers while slow clients hold every slot.
//! The tests wait for the server to close sockets; timeouts are safety nets.

use crate::common::app::{Options, TestApp};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous: a loaded 2-core machine, a debug build.
const SAFETY: Duration = Duration::from_secs(60);

async fn app_with(server: &str) -> TestApp {
    TestApp::spawn_with(Options {
        server: server.into(),
        ..Options::default()
    })
    .await
}

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect")
}

/// Send a request head a line at a time, one every `every`, until the
/// server closes the connection; what the server sent before closing.
async fn trickle(mut conn: TcpStream, every: Duration) -> Vec<u8> {
    conn.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    let mut tick = tokio::time::interval(every);
    for n in 0u64.. {
        tokio::select! {
            read = conn.read(&mut buf) => match read {
                Ok(0) | Err(_) => return got,
                Ok(k) => got.extend_from_slice(&buf[..k]),
            },
            _ = tick.tick() => {
                // A reset is the server closing too; the read sees it next.
                let _ = conn.write_all(format!("X-Slow-{n}: 1\r\n").as_bytes()).await;
            }
        }
    }
    unreachable!()
}

/// Read until the server closes the connection; what it sent.
async fn read_to_close(conn: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match conn.read(&mut buf).await {
            Ok(0) | Err(_) => return got,
            Ok(k) => got.extend_from_slice(&buf[..k]),
        }
    }
}

#[tokio::test]
async fn a_client_trickling_its_request_head_is_cut_off_by_the_header_timeout() {
    let app = app_with("header_read_timeout = \"2s\"\nkeep_alive_timeout = \"1s\"").await;
    let started = Instant::now();
    let got = tokio::time::timeout(
        SAFETY,
        trickle(connect(&app).await, Duration::from_millis(200)),
    )
    .await
    .expect("the server closed the trickling connection");
    // A byte every 200 ms keeps it from ever being idle for 1 s: only the
    // head's own deadline can have ended it, and not before 2 s.
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
    // The server is fine.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn idle_connections_are_closed_after_the_keep_alive_timeout() {
    // The header timeout is far off, so only the idle timeout can close them.
    let app = app_with("header_read_timeout = \"10m\"\nkeep_alive_timeout = \"1s\"").await;

    // Kept alive after an answered request, then silent.
    let mut used = connect(&app).await;
    used.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let got = tokio::time::timeout(SAFETY, read_to_close(&mut used))
        .await
        .expect("the idle kept-alive connection was closed");
    let got = String::from_utf8_lossy(&got);
    assert!(
        got.starts_with("HTTP/1.1 200") && got.ends_with("ok\n"),
        "{got}"
    );

    // Opened and never used.
    let mut silent = connect(&app).await;
    let got = tokio::time::timeout(SAFETY, read_to_close(&mut silent))
        .await
        .expect("the silent connection was closed");
    assert!(got.is_empty());
}

#[tokio::test]
async fn at_the_connection_cap_newcomers_displace_slow_clients_and_healthz_answers() {
    // Timeouts far off: only displacement can free a slot.
    let app = app_with(
        "header_read_timeout = \"10m\"\nkeep_alive_timeout = \"10m\"\nmax_connections = 4",
    )
    .await;
    let mut slow = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let conn = connect(&app).await;
        slow.spawn(trickle(conn, Duration::from_millis(300)));
    }
    // 12 slow clients for 4 slots: the server accepts each and closes an
    // older one to make room, so at least 8 are closed.
    for _ in 0..8 {
        let got = tokio::time::timeout(SAFETY, slow.join_next())
            .await
            .expect("a slow client was displaced")
            .unwrap()
            .unwrap();
        assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
    }
    // Four slow clients hold every slot; each check still gets an answer.
    let fresh = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(SAFETY)
        .build()
        .unwrap();
    for _ in 0..10 {
        let res = fresh.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.unwrap(), "ok\n");
    }
    slow.abort_all();
}

#[tokio::test]
async fn a_request_head_over_the_buffer_limit_is_refused_with_431() {
    let app = app_with("").await;
    let mut conn = connect(&app).await;
    let head = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200 * 1024)
    );
    // The server may close before taking all of it.
    let _ = conn.write_all(head.as_bytes()).await;
    let got = tokio::time::timeout(SAFETY, read_to_close(&mut conn))
        .await
        .expect("answered");
    let got = String::from_utf8_lossy(&got);
    assert!(got.starts_with("HTTP/1.1 431"), "{got}");
}
