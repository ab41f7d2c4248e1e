//! `backup` while `serve` takes writes, then `restore` into a fresh place
//! and over the live database: the same revisions come back, the replaced
//! database is kept, and a restore is refused while the daemon runs.

use crate::common::cli::Env;
use crate::common::{client, fig, month};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::watch;

fn url(db: &Path) -> String {
    format!("sqlite://{}", db.display())
}

/// `export --revisions` of the database at `db`, one line per revision.
fn revisions(env: &Env, db: &Path) -> Vec<String> {
    let out = env.run(&["--db", &url(db), "export", "--revisions"]).ok();
    out.stdout.lines().skip(1).map(str::to_string).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_to_the_same_revisions() {
    let env = Env::new();
    let db = env.db();
    env.run(&["init"]).ok();
    let token = env.admin_token();
    let daemon = tokio::task::block_in_place(|| env.serve());

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
    let copy = env.path("copy.db");
    let copy_arg = copy.display().to_string();
    // The writers go on meanwhile, on the runtime's other threads.
    let backup = tokio::task::block_in_place(|| env.run(&["backup", &copy_arg]).ok());
    let at_backup = *acked.borrow();
    // Writes go on after the copy: it is a snapshot, not the end state.
    acked.wait_for(|n| *n >= at_backup + 50).await.unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    let printed = backup.stdout;
    assert!(
        printed.contains("integrity ok"),
        "{printed}{}",
        backup.stderr
    );

    // Into a fresh place: what the copy held, every line a line of the live database.
    let live = revisions(&env, &db);
    let fresh = env.path("fresh/waymark.db");
    std::fs::create_dir(fresh.parent().unwrap()).unwrap();
    let copy_arg = copy.display().to_string();
    let out = env.run(&["--db", &url(&fresh), "restore", &copy_arg]).ok();
    assert!(
        out.stdout.contains("there was no database there before"),
        "{}",
        out.stdout
    );
    let restored = revisions(&env, &fresh);
    assert!(
        printed.contains(&format!("{} revisions", restored.len())),
        "{printed}"
    );
    assert!(restored.len() >= 100 && restored.len() < live.len());
    let live_set: HashSet<&String> = live.iter().collect();
    let strays: Vec<_> = restored.iter().filter(|l| !live_set.contains(l)).collect();
    assert!(strays.is_empty(), "not in the live database: {strays:?}");

    // Refused while the daemon holds the database, which stays as it was.
    let err = env.run(&["restore", &copy_arg]).fails(1).stderr;
    assert!(err.contains("stop it first"), "{err}");
    assert_eq!(revisions(&env, &db), live);

    // Stopped: a quiet backup restores to exactly the live revisions.
    daemon.stop();
    let last = env.path("last.db");
    env.run(&["backup", &last.display().to_string()]).ok();
    let again = env.path("again/waymark.db");
    std::fs::create_dir(again.parent().unwrap()).unwrap();
    let last_arg = last.display().to_string();
    env.run(&["--db", &url(&again), "restore", &last_arg]).ok();
    assert_eq!(revisions(&env, &again), live);

    // Over the live database: the earlier copy comes back, the replaced one is kept.
    let out = env.run(&["restore", &copy_arg]).ok().stdout;
    let kept = out
        .split("kept as ")
        .nth(1)
        .map_or_else(|| panic!("{out}"), str::trim);
    assert!(kept.contains("waymark.db.before-restore-"), "{out}");
    assert_eq!(revisions(&env, &db), restored);
    assert_eq!(revisions(&env, Path::new(kept)), live);
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
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
