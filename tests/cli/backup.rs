//! `backup` and `restore` refusing what they must: a damaged copy, a copy
//! from a newer waymark, a PostgreSQL URL, the database as its own target.
//! Each refusal leaves the database as it was. (Backups under load and the
//! refusal while `serve` runs are in the daemon tests.)

use crate::harness::Env;
use sqlx::Connection as _;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};

/// A database with two revisions, and a backup of it in `copy.db`.
fn with_copy() -> Env {
    let env = Env::new();
    for value in ["78", "87"] {
        env.run(&[
            "record",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-03",
            "--value",
            value,
        ])
        .ok();
    }
    let out = env.run(&["backup", "copy.db"]).ok().stdout;
    assert!(
        out.contains("integrity ok, 1 figures, 2 revisions"),
        "{out}"
    );
    env
}

/// The restore failed, said `what`, and changed nothing.
#[track_caller]
fn refused_without_change(env: &Env, before: &str, what: &str) {
    let run = env.run(&["restore", "copy.db"]).fails(1);
    assert!(run.stderr.contains(what), "{}", run.stderr);
    assert_eq!(env.export(), before);
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("before-restore") || n.starts_with('.')),
        "{names:?}"
    );
}

#[test]
fn a_damaged_copy_is_refused_and_the_database_kept() {
    let env = with_copy();
    let before = env.export();
    let copy = env.path("copy.db");
    let mut bytes = std::fs::read(&copy).unwrap();
    assert!(bytes.len() > 3 * 4096, "{} bytes", bytes.len());
    // Scribble over the pages after the schema.
    for b in &mut bytes[2 * 4096..3 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&copy, bytes).unwrap();
    refused_without_change(&env, &before, "malformed");
}

#[tokio::test]
async fn a_copy_from_a_newer_waymark_is_refused() {
    let env = with_copy();
    let before = env.export();
    let url = format!("sqlite://{}", env.path("copy.db").display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', 1, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    refused_without_change(
        &env,
        &before,
        "has migration 9999, newer than this waymark knows",
    );
}

#[test]
fn a_good_copy_restores_and_keeps_the_replaced_database() {
    let env = with_copy();
    let before = env.export();
    env.run(&[
        "record",
        "--region",
        "guizhou",
        "--indicator",
        "china-europe-trains",
        "--period",
        "2021-03",
        "--value",
        "5",
    ])
    .ok();
    // The service's user owns the database, readable by it alone.
    let db = env.path("test.db");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let chowned = std::os::unix::fs::chown(&db, Some(4242), Some(4243)).is_ok();
    let out = env.run(&["restore", "copy.db"]).ok().stdout;
    assert!(
        out.contains("integrity ok, 1 figures, 2 revisions"),
        "{out}"
    );
    assert!(out.contains("test.db.before-restore-"), "{out}");
    let restored = std::fs::metadata(&db).unwrap();
    assert_eq!(restored.mode() & 0o777, 0o600);
    if chowned {
        assert_eq!((restored.uid(), restored.gid()), (4242, 4243));
    }
    assert_eq!(env.export(), before);
}

#[test]
fn a_postgres_database_is_backed_up_with_pg_dump() {
    let env = Env::new();
    let run = env
        .run(&[
            "--db",
            "postgres://waymark:s3cret-pw@db.example/waymark",
            "backup",
            "x.db",
        ])
        .fails(1);
    assert!(run.stderr.contains("pg_dump"), "{}", run.stderr);
    assert!(!run.stderr.contains("s3cret-pw"), "{}", run.stderr);
}

#[test]
fn a_backup_goes_neither_over_the_database_nor_into_a_missing_folder() {
    let env = with_copy();
    let before = env.export();
    let run = env.run(&["backup", "test.db"]).fails(1);
    assert!(
        run.stderr.contains("is the database itself"),
        "{}",
        run.stderr
    );
    let run = env.run(&["backup", "no/such/folder/copy.db"]).fails(1);
    assert!(
        run.stderr.contains("no/such/folder: no such folder"),
        "{}",
        run.stderr
    );
    assert_eq!(env.export(), before);
}
