//! Check 5: an API token's secret never reaches the database, the WAL, the
//! daemon's logs (at debug level) or any response, whether it is used
//! rightly, wrongly, or almost (a near miss of the real one).

use crate::common::cli::{Env, Run};
use crate::common::daemon::Daemon;
use crate::common::{client, fig};
use std::path::Path;

fn occurrences(hay: &[u8], needle: &str) -> usize {
    hay.windows(needle.len())
        .filter(|w| *w == needle.as_bytes())
        .count()
}

/// The secret with its last character changed: what a typo looks like.
fn near_miss(secret: &str) -> String {
    let mut s = secret.to_string();
    let last = s.pop().unwrap();
    s.push(if last == 'a' { 'b' } else { 'a' });
    s
}

/// Every file of the database (main, -wal, -shm) that exists now, by name.
fn db_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    ["waymark.db", "waymark.db-wal", "waymark.db-shm"]
        .iter()
        .filter_map(|n| std::fs::read(dir.join(n)).ok().map(|b| (n.to_string(), b)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_secret_is_never_stored_logged_or_echoed() {
    let env = Env::new();
    // trace includes debug: every line any layer would log.
    let vars = [("WAYMARK_LOG", "trace")];
    let cli = |args: &[&str]| Run::of(env.command(args).envs(vars)).ok();
    let mut logs = String::new();
    logs += &cli(&["init"]).stderr;
    let run = cli(&[
        "token", "create", "ana", "--role", "operator", "--region", "liaoning",
    ]);
    logs += &run.stderr;
    let operator = run.stdout.trim().to_string();
    let run = cli(&["token", "create", "boss", "--role", "admin"]);
    logs += &run.stderr;
    let admin = run.stdout.trim().to_string();
    assert!(
        operator.starts_with("wm_") && operator.len() == 46,
        "{operator}"
    );
    let run = cli(&["token", "list"]);
    logs += &run.stderr;
    let list = run.stdout;

    let daemon = Daemon::start(env.command(&["serve"]).envs(vars)).expect("serve starts");
    let c = client();
    let base = daemon.base.clone();
    let post = |auth: Option<String>, body: String| {
        let mut r = c
            .post(format!("{base}/api/observations"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r
    };
    let good = serde_json::json!({"observations": [fig("liaoning", "china-europe-trains", "2021-01", 70.0)]}).to_string();
    let invalid = serde_json::json!({"observations": [fig("liaoning", "china-europe-trains", "2021-13", 70.0)]}).to_string();
    let outside = serde_json::json!({"observations": [fig("guizhou", "china-europe-trains", "2021-01", 70.0)]}).to_string();
    let mut requests = Vec::new();
    for secret in [&operator, &admin] {
        let miss = near_miss(secret);
        for auth in [
            format!("Bearer {secret}"),
            format!("bearer   {secret}  "),
            format!("Bearer {miss}"),
            format!("Token {secret}"),
            format!("Basic {secret}"),
            format!("Bearer {secret}x"),
            format!("Bearer {secret} {secret}"),
            secret.clone(),
        ] {
            for body in [&good, &invalid, &outside, &"{not json".to_string()] {
                requests.push(post(Some(auth.clone()), body.clone()));
            }
            requests.push(
                c.get(format!("{base}/api/status"))
                    .header("authorization", auth.clone()),
            );
            requests.push(
                c.get(format!("{base}/api/status?as_of=nonsense"))
                    .header("authorization", auth.clone()),
            );
            requests.push(
                c.get(format!("{base}/enter"))
                    .header("authorization", auth.clone()),
            );
        }
        // A secret where it does not belong: the query string, a cookie, the login form.
        requests.push(c.get(format!("{base}/api/status?token={secret}")));
        requests.push(
            c.get(format!("{base}/enter"))
                .header("cookie", format!("wm_session={secret}")),
        );
        requests.push(
            c.post(format!("{base}/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", "wm_login_csrf=abc")
                .body(format!("csrf=abc&token={miss}")),
        );
        requests.push(
            c.post(format!("{base}/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("csrf=&token={secret}")),
        );
    }
    let mut answers = Vec::new();
    let mut ok = 0;
    for r in requests {
        let res = r.send().await.expect("request");
        if res.status().is_success() {
            ok += 1;
        }
        let mut text = format!("{:?}\n", res.headers());
        text += &res.text().await.unwrap();
        answers.push(text);
    }
    assert!(
        ok >= 2,
        "the real tokens worked at least for the good writes"
    );
    // While the daemon runs the figures and token uses are still in the WAL.
    let running = db_files(env.dir.path());
    assert!(running.iter().any(|(n, _)| n.ends_with("-wal")));
    let log = daemon.stop();
    let stopped = db_files(env.dir.path());
    logs += &log;
    assert!(
        log.contains("DEBUG") || log.contains("debug"),
        "verbose logging is on: {log:.2000}"
    );

    let mut found = Vec::new();
    for secret in [&operator, &admin] {
        // Also the secret without its prefix, and its near miss.
        for needle in [secret.clone(), secret[3..].to_string(), near_miss(secret)] {
            for (name, bytes) in running.iter().chain(&stopped) {
                if occurrences(bytes, &needle) > 0 {
                    found.push(format!("database file {name}"));
                }
            }
            if occurrences(logs.as_bytes(), &needle) > 0 {
                found.push("logs".into());
            }
            if occurrences(list.as_bytes(), &needle) > 0 {
                found.push("token list".into());
            }
            for a in &answers {
                if occurrences(a.as_bytes(), &needle) > 0 {
                    found.push(format!("response {a:.300}"));
                }
            }
        }
    }
    eprintln!(
        "secrets: {} requests, {} answered 2xx, {} bytes of logs, {} database files scanned: {} occurrences",
        answers.len(),
        ok,
        logs.len(),
        running.len() + stopped.len(),
        found.len()
    );
    assert!(found.is_empty(), "a secret appeared in: {found:#?}");
}
