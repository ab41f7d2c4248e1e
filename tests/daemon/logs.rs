//! The daemon's logs: no terminal colour codes in a pipe; with
//! `WAYMARK_LOG_FORMAT=json` every line is a JSON object, and lines about a
//! request carry its id; in either format no secret of the settings (SMTP
//! password, webhook URL path and query, source password, API tokens) is
//! ever written, however verbose the logs.

use crate::harness::{Daemon, cli, client, write_config};
use std::path::Path;
use std::time::Duration;

#[test]
fn logs_to_a_pipe_have_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    cli(&config, &["init"], &[]);
    // The harness reads the daemon's stderr through a pipe.
    let daemon = Daemon::start(&[], &config, &[("WAYMARK_LOG", "info")]).expect("serve starts");
    let log = daemon.stop();
    assert!(log.contains(" INFO "), "{log}");
    assert!(!log.contains("\x1b["), "{log:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_are_one_object_per_line_and_http_lines_carry_the_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    cli(&config, &["init"], &[]);
    let env = [("WAYMARK_LOG", "debug"), ("WAYMARK_LOG_FORMAT", "json")];
    let daemon = Daemon::start(&[], &config, &env).expect("serve starts");
    let res = client()
        .get(format!("{}/api/status?as_of=nonsense", daemon.base))
        .send()
        .await
        .unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16, "{id}");
    daemon.wait_log(Duration::from_secs(60), |log| log.contains(&id));
    let log = daemon.stop();
    assert!(!log.contains("\x1b["), "{log:?}");
    let mut lines = 0;
    let mut of_request = Vec::new();
    for line in log.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        for key in ["timestamp", "level", "target", "message"] {
            assert!(v[key].is_string(), "no {key}: {line}");
        }
        lines += 1;
        if v["span"]["request_id"] == id.as_str() {
            assert_eq!(v["span"]["route"], "/api/status", "{line}");
            of_request.push(v);
        }
    }
    assert!(lines >= 4, "{log}");
    assert!(
        !of_request.is_empty(),
        "no line with request id {id}: {log}"
    );
    assert!(log.contains("\"message\":\"serving http://"), "{log}");
}

/// Secret strings, each of which must never reach a log.
const SECRETS: [&str; 5] = [
    "smtp-url-pw-7f3a",
    "smtp-field-pw-91c2",
    "hook-path-secret-5d1e",
    "hook-query-secret-c0b4",
    "source-pw-e8a9",
];

/// Settings with every secret in place; every network peer is a closed
/// loopback port, so each delivery and pull fails and says so in the log.
fn secret_config(dir: &Path) -> std::path::PathBuf {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let config = write_config(dir);
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        r#"
[email]
smtp_url = "smtp://mailer:{}@127.0.0.1:{port}"
smtp_password = "{}"

[[channel]]
kind = "webhook"
url = "http://127.0.0.1:{port}/hook/{}?token={}"

[[channel]]
kind = "email"
to = ["ops@example.org"]

[[source]]
name = "feed"
url = "http://reader:{}@127.0.0.1:{port}/feed.csv"
format = "csv"
allow_private = true
"#,
        SECRETS[0], SECRETS[1], SECRETS[2], SECRETS[3], SECRETS[4]
    ));
    std::fs::write(&config, text).unwrap();
    config
}

/// Run the paths that log with secrets about, in one format; all stderr.
async fn logs_with_secrets(format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let config = secret_config(dir.path());
    let env = [("WAYMARK_LOG", "trace"), ("WAYMARK_LOG_FORMAT", format)];
    let mut logs = String::new();
    let (token, err) = cli(&config, &["token", "create", "t", "--role", "admin"], &env);
    logs += &err;
    // Goals are overdue and off track: alerts fire, and their delivery fails.
    let (out, err) = cli(&config, &["alerts", "evaluate"], &env);
    logs += &err;
    assert!(out.contains("notification"), "{out}");
    let pull = std::process::Command::new(crate::harness::bin())
        .arg("--config")
        .arg(&config)
        .arg("pull")
        .envs(env)
        .output()
        .unwrap();
    logs += &String::from_utf8_lossy(&pull.stderr);
    let daemon = Daemon::start(&[], &config, &env).expect("serve starts");
    let c = client();
    for auth in [
        format!("Bearer {}", token.trim()),
        format!("Bearer {}x", token.trim()),
    ] {
        let res = c
            .get(format!("{}/api/status", daemon.base))
            .header("authorization", auth)
            .send()
            .await
            .unwrap();
        assert!(res.status().as_u16() < 500);
    }
    // The worker retries what is pending at start: wait for its failures.
    daemon.wait_log(Duration::from_secs(60), |log| {
        log.matches("delivery failed").count() >= 2
    });
    logs += &daemon.stop();
    assert!(logs.contains("delivery failed"), "{logs}");
    assert!(logs.contains("127.0.0.1"), "failures name the host: {logs}");
    for secret in SECRETS.iter().copied().chain([token.trim()]) {
        assert!(
            !logs.contains(secret),
            "{format} logs show {secret:?}:\n{logs}"
        );
    }
    logs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_text_logs() {
    let logs = logs_with_secrets("text").await;
    assert!(
        logs.contains(" TRACE ") || logs.contains(" DEBUG "),
        "verbose: {logs:.500}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_json_logs() {
    let logs = logs_with_secrets("json").await;
    assert!(logs.contains("\"level\":\"DEBUG\""), "verbose: {logs:.500}");
}
