//! Check 3: the daemon's disk fills up. The daemon runs under a file-size
//! limit (RLIMIT_FSIZE via `prlimit`, which needs no privileges and works
//! in CI): a large write fails with a clear JSON error and a log line that
//! says why, earlier figures stay, reads go on, and once the limit is
//! lifted the same write succeeds.

use crate::common::cli::Env;
use crate::common::daemon::Daemon;
use crate::common::db::{add_unfolded, integrity};
use crate::common::{client, fig, month};
use std::process::Command;
use std::time::Duration;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_fails_the_write_clearly_keeps_reads_and_recovers() {
    let env = Env::new();
    let db = env.db();
    env.run(&["init"]).ok();
    let token = env.admin_token();
    let c = client();

    // Earlier data, written without a limit.
    let daemon = tokio::task::block_in_place(|| env.serve());
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
    let mut serve = env.command_under(&["prlimit", &fsize, "--"], &["serve"]);
    serve.env("WAYMARK_LOG", "info");
    let daemon = tokio::task::block_in_place(|| Daemon::start(&mut serve))
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
    let logged = |log: &str| log.contains("disk is full") && log.contains("SIGXFSZ");
    let log = daemon.wait_log(Duration::from_secs(60), logged);
    assert!(logged(&log), "{log}");

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_that_find_unfolded_revisions_answer_on_a_full_disk() {
    let env = Env::new();
    let db = env.db();
    env.run(&["init"]).ok();
    let token = env.admin_token();
    // Folding these would take about a megabyte of WAL: no file may grow
    // past 256 KiB now (the database file itself is larger, and only read).
    add_unfolded(&db, 20_000).await;
    let limit = 256 * 1024;
    assert!(std::fs::metadata(&db).unwrap().len() > limit);
    let fsize = format!("--fsize={limit}:unlimited");
    let mut serve = env.command_under(&["prlimit", &fsize, "--"], &["serve"]);
    let daemon = tokio::task::block_in_place(|| Daemon::start(&mut serve))
        .expect("serve starts under the limit");
    let c = client();
    let read = async |path: &str| {
        let res = c
            .get(format!("{}{path}", daemon.base))
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.text().await.unwrap())
    };
    for path in ["/api/status", "/", "/api/goals", "/healthz"] {
        let (status, body) = read(path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
    }
    let series_path = "/api/series?region=liaoning&indicator=china-europe-trains";
    let (status, body) = read(series_path).await;
    assert_eq!(status, 200, "{body}");
    let series: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(series["figures"].as_array().map(Vec::len), Some(20_000));

    // Writes answer 507, and reads keep working.
    let res = c
        .post(format!("{}/api/observations", daemon.base))
        .bearer_auth(&token)
        .json(&figures(9_000, 100))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 507);
    let (status, _) = read(series_path).await;
    assert_eq!(status, 200);
    let log = tokio::task::block_in_place(|| daemon.stop());
    assert!(!log.contains("request failed: something"), "{log}");
    assert_eq!(integrity(&db).await, "ok");
    eprintln!(
        "full disk with 20,000 unfolded revisions: 5 reads 200 (the series with all 20,000), a write 507, reads 200 after it"
    );
}
