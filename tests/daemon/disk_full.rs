//! Check 3: the daemon's disk fills up. The daemon runs under a file-size
//! limit (RLIMIT_FSIZE via `prlimit`, which needs no privileges and works
//! in CI): a large write fails with a clear JSON error and a log line that
//! says why, earlier figures stay, reads go on, and once the limit is
//! lifted the same write succeeds.

use crate::harness::{Daemon, cli, client, fig, month, write_config};
use sqlx::Connection;
use std::process::Command;

/// `n` new figures (8 series × n/8 months from `from`), each with a long note.
fn figures(n: usize, from: usize) -> serde_json::Value {
    let series = [
        ("liaoning", "china-europe-trains"),
        ("guizhou", "china-europe-trains"),
        ("zhejiang", "china-europe-trains"),
        ("china", "china-europe-trains"),
        ("liaoning", "import-export"),
        ("guizhou", "import-export"),
        ("zhejiang", "import-export"),
        ("china", "import-export"),
    ];
    let figs: Vec<_> = (0..n)
        .map(|i| {
            let (r, ind) = series[i % 8];
            let mut f = fig(r, ind, &month(from + i / 8), i as f64);
            f["note"] = format!("{i:>80}").into();
            f
        })
        .collect();
    serde_json::json!({ "observations": figs })
}

async fn integrity(db: &std::path::Path) -> String {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_fails_the_write_clearly_keeps_reads_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    let db = dir.path().join("waymark.db");
    cli(&config, &["init"], &[]);
    let (token, _) = cli(&config, &["token", "create", "t", "--role", "admin"], &[]);
    let token = token.trim().to_string();
    let c = client();

    // Earlier data, written without a limit.
    let daemon = tokio::task::block_in_place(|| Daemon::start(&[], &config, &[])).unwrap();
    let res = c
        .post(format!("{}/api/observations", daemon.base))
        .bearer_auth(&token)
        .json(&figures(800, 0))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    tokio::task::block_in_place(|| daemon.stop());
    let size = std::fs::metadata(&db).unwrap().len();

    // No file may grow past its size now plus 256 KiB; the big write needs megabytes.
    let limit = size + 256 * 1024;
    let fsize = format!("--fsize={limit}:unlimited");
    let env = [("WAYMARK_LOG", "info")];
    let daemon =
        tokio::task::block_in_place(|| Daemon::start(&["prlimit", &fsize, "--"], &config, &env))
            .expect("serve starts under the limit");
    let base = daemon.base.clone();
    let big = figures(9_000, 100);
    let res = c
        .post(format!("{base}/api/observations"))
        .bearer_auth(&token)
        .json(&big)
        .send()
        .await
        .expect("an answer, not a dropped connection");
    let status = res.status();
    let answer: serde_json::Value = res.json().await.expect("a JSON answer");
    assert_eq!(status, 507, "{answer}");
    let message = answer["error"].as_str().expect("{\"error\": …}");
    assert!(message.contains("disk is full"), "{message}");
    assert!(daemon_alive(&daemon), "serve survived the failed write");
    let log = daemon.log();
    assert!(
        log.contains("disk is full") && log.contains("SIGXFSZ"),
        "{log}"
    );

    // Reads go on, and the earlier figures are all there.
    for path in ["/healthz", "/api/status", "/api/goals"] {
        let res = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(res.status(), 200, "GET {path}");
    }
    let series: serde_json::Value = c
        .get(format!(
            "{base}/api/series?region=liaoning&indicator=china-europe-trains"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(series["figures"].as_array().map(Vec::len), Some(100));

    // Room again: the same write now succeeds.
    let lifted = Command::new("prlimit")
        .args([
            "--pid",
            &daemon.pid().to_string(),
            "--fsize=unlimited:unlimited",
        ])
        .status()
        .expect("prlimit")
        .success();
    assert!(lifted);
    let res = c
        .post(format!("{base}/api/observations"))
        .bearer_auth(&token)
        .json(&big)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let answer: serde_json::Value = res.json().await.unwrap();
    if status != 200 {
        let log = tokio::task::block_in_place(|| daemon.stop());
        panic!("after the limit was lifted: {status} {answer}\n{log}");
    }
    assert_eq!(answer["new"], 9_000, "{answer}");
    tokio::task::block_in_place(|| daemon.stop());
    assert_eq!(integrity(&db).await, "ok");
    eprintln!(
        "disk full: 1 write refused with 507 {message:?}, reads 200, 800 earlier figures intact, the write succeeded after the limit was lifted, integrity ok"
    );
}

fn daemon_alive(d: &Daemon) -> bool {
    Command::new("kill")
        .args(["-0", &d.pid().to_string()])
        .status()
        .is_ok_and(|s| s.success())
}
