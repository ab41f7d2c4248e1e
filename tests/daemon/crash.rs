//! Check 1 (long, ignored; run by `scripts/crash-serve.sh`): kill `waymark
//! serve` with SIGKILL at random moments while clients send batches of
//! figures, restart it, and after every restart check that the database is
//! intact, that every batch is entirely present or entirely absent, and
//! that every acknowledged batch is present.
//!
//! `CRASH_KILLS` (default 200) sets the number of kills; `RELIABILITY_BIN` the
//! daemon binary (the script passes the release build).

use crate::common::cli::Env;
use crate::common::daemon::Daemon;
use crate::common::{client, fig, month};
use rand::Rng;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SERIES: [(&str, &str); 6] = [
    ("liaoning", "china-europe-trains"),
    ("guizhou", "china-europe-trains"),
    ("zhejiang", "china-europe-trains"),
    ("liaoning", "import-export"),
    ("guizhou", "import-export"),
    ("zhejiang", "import-export"),
];
const CLIENTS: usize = 3;

/// Batch `id`: its size and body. Every figure carries the note
/// `crash-batch-<id>` and the value `id + 0.5`, so each is a new revision
/// (never "unchanged") and the batch's rows can be counted by note.
fn batch(id: usize) -> (usize, serde_json::Value) {
    let size = 1 + (id * 7919) % 240;
    let (region, indicator) = SERIES[id % SERIES.len()];
    let figures: Vec<_> = (0..size)
        .map(|i| {
            let mut f = fig(region, indicator, &month(i), id as f64 + 0.5);
            f["note"] = format!("crash-batch-{id}").into();
            f
        })
        .collect();
    (size, serde_json::json!({ "observations": figures }))
}

fn sqlite(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("running sqlite3 (apt-get install sqlite3)");
    assert!(
        out.status.success(),
        "sqlite3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[derive(Default)]
struct Ledger {
    /// Batch id → its size, for every batch sent (answered or not).
    sent: BTreeMap<usize, usize>,
    acked: BTreeSet<usize>,
}

#[derive(Default, Debug)]
struct Verdict {
    integrity_ok: usize,
    /// Batches present after the latest check.
    present: usize,
    partial: Vec<String>,
    lost: Vec<usize>,
}

/// Check the database against the ledger (the daemon may be running).
fn check(db: &Path, ledger: &Ledger, v: &mut Verdict) {
    let integrity = sqlite(db, "PRAGMA integrity_check;");
    if integrity.trim() == "ok" {
        v.integrity_ok += 1;
    } else {
        v.partial.push(format!("integrity_check: {integrity}"));
    }
    let rows = sqlite(
        db,
        "SELECT substr(note, 13), count(*) FROM figure WHERE note LIKE 'crash-batch-%' GROUP BY note;",
    );
    let mut present = BTreeMap::new();
    for line in rows.lines() {
        let (id, n) = line.split_once('|').unwrap();
        present.insert(id.parse::<usize>().unwrap(), n.parse::<usize>().unwrap());
    }
    v.present = present.len();
    for (id, n) in &present {
        match ledger.sent.get(id) {
            Some(size) if size == n => {}
            Some(size) => v.partial.push(format!("batch {id}: {n} of {size} figures")),
            None => v.partial.push(format!("batch {id} was never sent")),
        }
    }
    for id in &ledger.acked {
        if !present.contains_key(id) && !v.lost.contains(id) {
            v.lost.push(*id);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: run scripts/crash-serve.sh"]
async fn sigkill_during_writes_loses_no_acknowledged_batch_and_leaves_none_partial() {
    let kills: usize = std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let started = Instant::now();
    let env = Env::new();
    let db = env.db();
    env.run(&["init"]).ok();
    let token = env
        .run(&["token", "create", "crash", "--role", "admin"])
        .ok()
        .stdout
        .trim()
        .to_string();
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut verdict = Verdict::default();
    let c = client();
    let mut killed = 0;
    let mut restarts = 0; // starts, counting the first
    while killed < kills {
        let daemon = tokio::task::block_in_place(|| Daemon::start(&mut env.command(&["serve"])))
            .expect("serve starts after a crash");
        restarts += 1;
        check(&db, &ledger.lock().unwrap(), &mut verdict);
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let (c, url, token) = (
                    c.clone(),
                    format!("{}/api/observations", daemon.base),
                    token.clone(),
                );
                let (ledger, next) = (ledger.clone(), next.clone());
                tokio::spawn(async move {
                    loop {
                        let id = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let (size, body) = batch(id);
                        ledger.lock().unwrap().sent.insert(id, size);
                        match c.post(&url).bearer_auth(&token).json(&body).send().await {
                            Ok(res) if res.status().is_success() => {
                                let answer: Result<serde_json::Value, _> = res.json().await;
                                match answer {
                                    Ok(a) => {
                                        let written = a["new"].as_u64().unwrap()
                                            + a["revised"].as_u64().unwrap();
                                        assert_eq!(written as usize, size, "{a}");
                                        ledger.lock().unwrap().acked.insert(id);
                                    }
                                    Err(_) => break,
                                }
                            }
                            Ok(res) => panic!(
                                "batch {id}: {} {}",
                                res.status(),
                                res.text().await.unwrap_or_default()
                            ),
                            Err(_) => break,
                        }
                    }
                })
            })
            .collect();
        // The random moment: mostly while batches are in flight.
        let delay = rand::rng().random_range(0..400);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        tokio::task::block_in_place(|| daemon.kill());
        killed += 1;
        for t in clients {
            t.await.unwrap();
        }
    }
    // After the last kill: one more restart and check.
    let daemon = tokio::task::block_in_place(|| Daemon::start(&mut env.command(&["serve"])))
        .expect("serve starts after the last crash");
    restarts += 1;
    check(&db, &ledger.lock().unwrap(), &mut verdict);
    tokio::task::block_in_place(|| daemon.stop());
    let ledger = ledger.lock().unwrap();
    eprintln!(
        "crash-serve: {killed} kills, {restarts} starts, {} integrity ok, {} partial batches, {} acknowledged-but-lost, {} batches acknowledged, {} sent ({} of the {} unanswered were written, whole), in {:.0?}",
        verdict.integrity_ok,
        verdict.partial.len(),
        verdict.lost.len(),
        ledger.acked.len(),
        ledger.sent.len(),
        verdict.present.saturating_sub(ledger.acked.len()),
        ledger.sent.len() - ledger.acked.len(),
        started.elapsed()
    );
    assert_eq!(verdict.integrity_ok, restarts);
    assert!(verdict.partial.is_empty(), "{:#?}", verdict.partial);
    assert!(verdict.lost.is_empty(), "{:?}", verdict.lost);
}
