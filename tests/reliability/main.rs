//! Reliability (issue 8): hostile input, output safety, concurrent writers,
//! a full disk and crashes while rendering; memory bombs (issue 12). The
//! long crash checks are `#[ignore]`d or live in `scripts/`; README.md names
//! the command for each.

#[path = "../cli/harness.rs"]
#[allow(dead_code)]
mod harness;

mod bombs;
mod concurrency;
mod disk_full;
mod formula_injection;
mod output_paths;
mod parsers;
mod read_only;
mod render_crash;
mod workbook;

use sqlx::{ConnectOptions, Connection, sqlite::SqliteConnectOptions};
use std::path::Path;

fn with_db<T>(db: &Path, f: impl AsyncFnOnce(&mut sqlx::SqliteConnection) -> T) -> T {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut conn = SqliteConnectOptions::new()
            .filename(db)
            .connect()
            .await
            .expect("open database");
        let out = f(&mut conn).await;
        conn.close().await.unwrap();
        out
    })
}

/// `PRAGMA integrity_check` of the database file: "ok" when intact.
pub fn integrity_check(db: &Path) -> String {
    with_db(db, async |c| {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut *c)
            .await
            .unwrap();
        rows.join("\n")
    })
}

/// How many figure revisions the database holds.
pub fn figure_count(db: &Path) -> i64 {
    with_db(db, async |c| {
        sqlx::query_scalar("SELECT count(*) FROM figure")
            .fetch_one(&mut *c)
            .await
            .unwrap()
    })
}

/// Run a prepared command to completion.
pub fn harness_run(mut cmd: std::process::Command) -> harness::Run {
    let o = cmd.output().expect("run command");
    harness::Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}
