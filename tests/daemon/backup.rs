//! `backup` while `serve` takes writes, then `restore` into a fresh place
//! and over the live database: the same revisions come back, the replaced
//! database is kept, and a restore is refused while the daemon runs.

use crate::harness::{Daemon, cli, client, fig, month, write_config};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::watch;

fn url(db: &Path) -> String {
    format!("sqlite://{}", db.display())
}

/// `export --revisions` of the database at `db`, one line per revision.
fn revisions(config: &Path, db: &Path) -> Vec<String> {
    let (out, _) = cli(config, &["--db", &url(db), "export", "--revisions"], &[]);
    out.lines().skip(1).map(str::to_string).collect()
}

/// `waymark … ARGS` that is expected to fail: its stderr.
fn refused(config: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(crate::harness::bin())
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_to_the_same_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    let db = dir.path().join("waymark.db");
    cli(&config, &["init"], &[]);
    let (token, _) = cli(&config, &["token", "create", "w", "--role", "admin"], &[]);
    let token = token.trim().to_string();
    let daemon = Daemon::start(&[], &config, &[]).expect("serve starts");

    // Two writers: new figures, then revisions of them, until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let (acked_tx, mut acked) = watch::channel(0usize);
    let acked_tx = Arc::new(acked_tx);
    let writers: Vec<_> = ["liaoning", "guizhou"]
        .into_iter()
        .map(|region| {
            let (c, stop, acked_tx) = (client(), stop.clone(), acked_tx.clone());
            let url = format!("{}/api/observations", daemon.base);
            let token = token.clone();
            tokio::spawn(async move {
                let mut i = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let f = fig(region, "china-europe-trains", &month(i % 40), i as f64);
                    let body = serde_json::json!({ "observations": [f] });
                    let res = c.post(&url).bearer_auth(&token).json(&body).send().await;
                    assert!(res.unwrap().status().is_success());
                    acked_tx.send_modify(|n| *n += 1);
                    i += 1;
                }
            })
        })
        .collect();
    acked.wait_for(|n| *n >= 100).await.unwrap();
    let copy = dir.path().join("copy.db");
    let copy_arg = copy.display().to_string();
    let (printed, err) = {
        let config = config.clone();
        tokio::task::spawn_blocking(move || cli(&config, &["backup", &copy_arg], &[]))
            .await
            .unwrap()
    };
    let at_backup = *acked.borrow();
    // Writes go on after the copy: it is a snapshot, not the end state.
    acked.wait_for(|n| *n >= at_backup + 50).await.unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    assert!(printed.contains("integrity ok"), "{printed}{err}");

    // Into a fresh place: what the copy held, every line a line of the live database.
    let live = revisions(&config, &db);
    let fresh = dir.path().join("fresh/waymark.db");
    std::fs::create_dir(fresh.parent().unwrap()).unwrap();
    let copy_arg = copy.display().to_string();
    let (out, _) = cli(&config, &["--db", &url(&fresh), "restore", &copy_arg], &[]);
    assert!(out.contains("there was no database there before"), "{out}");
    let restored = revisions(&config, &fresh);
    assert!(
        printed.contains(&format!("{} revisions", restored.len())),
        "{printed}"
    );
    assert!(restored.len() >= 100 && restored.len() < live.len());
    let live_set: HashSet<&String> = live.iter().collect();
    let strays: Vec<_> = restored.iter().filter(|l| !live_set.contains(l)).collect();
    assert!(strays.is_empty(), "not in the live database: {strays:?}");

    // Refused while the daemon holds the database, which stays as it was.
    let err = refused(&config, &["restore", &copy_arg]);
    assert!(err.contains("stop it first"), "{err}");
    assert_eq!(revisions(&config, &db), live);

    // Stopped: a quiet backup restores to exactly the live revisions.
    daemon.stop();
    let last = dir.path().join("last.db");
    cli(&config, &["backup", &last.display().to_string()], &[]);
    let again = dir.path().join("again/waymark.db");
    std::fs::create_dir(again.parent().unwrap()).unwrap();
    let last_arg = last.display().to_string();
    cli(&config, &["--db", &url(&again), "restore", &last_arg], &[]);
    assert_eq!(revisions(&config, &again), live);

    // Over the live database: the earlier copy comes back, the replaced one is kept.
    let (out, _) = cli(&config, &["restore", &copy_arg], &[]);
    let kept = out
        .split("kept as ")
        .nth(1)
        .map(str::trim)
        .unwrap_or_else(|| panic!("{out}"));
    assert!(kept.contains("waymark.db.before-restore-"), "{out}");
    assert_eq!(revisions(&config, &db), restored);
    assert_eq!(revisions(&config, Path::new(kept)), live);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    eprintln!(
        "backup under load: {} revisions in the copy of {} at the end",
        restored.len(),
        live.len()
    );
}
