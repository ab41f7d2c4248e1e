//! Each [`Error`] variant from the real condition behind it: a database
//! that cannot grow, a write lock held by another connection, a name that
//! is not there or already taken, a file that is not a database. The
//! producers are shared with the HTTP layer's tests of its status mapping.

use super::Error;
use crate::domain::{Frequency, Period};
use crate::store::{Store, set_busy_timeout};
use crate::test_support::{store_with, test_by, test_figure};
use sqlx::{Connection, SqliteConnection};
use std::time::Duration;
use tempfile::TempDir;

const CATALOGUE: &str = "[[region]]\nid = \"a\"\nname = \"A\"\n\n\
    [[indicator]]\nid = \"m\"\nname = \"M\"\nunit = \"u\"\nfrequency = \"monthly\"\nmeasure = \"flow\"\n";

/// `n` monthly figures of one series, from January 2001 on.
fn figures(n: i32) -> Vec<crate::domain::Figure> {
    (0..n)
        .map(|i| {
            let p = Period::new(2001 + i / 12, (i % 12 + 1) as u8, Frequency::Monthly).unwrap();
            test_figure("a", "m", p, f64::from(i))
        })
        .collect()
}

/// A store whose writer may not grow the database file past its size now
/// (`max_page_count`: SQLite answers as to a full disk), and what writing
/// a thousand figures to it gives.
pub(crate) async fn disk_full() -> (TempDir, Store, Error) {
    let (dir, store) = store_with(CATALOGUE).await;
    sqlx::query("PRAGMA max_page_count = 1")
        .execute(&mut *store.writer.lock().await)
        .await
        .unwrap();
    let e = store
        .write_figures(&figures(1000), &test_by("t"), false)
        .await
        .unwrap_err();
    (dir, store, e)
}

/// What a write gives while another connection holds the write lock past
/// the writer's busy timeout (shortened to 50 ms; the lock is held for
/// certain, so the wait always ends in SQLITE_BUSY).
pub(crate) async fn busy() -> (TempDir, Store, Error) {
    let (dir, store) = store_with(CATALOGUE).await;
    let mut other = SqliteConnection::connect(store.url()).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    set_busy_timeout(&mut *store.writer.lock().await, Duration::from_millis(50)).await;
    let e = store
        .create_token("t", "viewer", &[], "hash")
        .await
        .unwrap_err();
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    (dir, store, e)
}

/// What revoking a token that was never created gives.
pub(crate) async fn not_found() -> (TempDir, Store, Error) {
    let (dir, store) = store_with(CATALOGUE).await;
    let e = store.revoke_token("nobody").await.unwrap_err();
    (dir, store, e)
}

/// What creating a token under a name already taken gives.
pub(crate) async fn conflict() -> (TempDir, Store, Error) {
    let (dir, store) = store_with(CATALOGUE).await;
    store.create_token("t", "viewer", &[], "h1").await.unwrap();
    let e = store
        .create_token("t", "operator", &[], "h2")
        .await
        .unwrap_err();
    (dir, store, e)
}

/// What opening a file that is not a database gives.
pub(crate) async fn other() -> (TempDir, Error) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not.db");
    std::fs::write(&path, [0x5a_u8; 8192]).unwrap();
    let Err(e) = Store::open(&format!("sqlite://{}", path.display())).await else {
        panic!("opened a file of Zs as a database");
    };
    (dir, e)
}

#[tokio::test]
async fn a_database_that_cannot_grow_is_disk_full_and_keeps_what_it_had() {
    let (_dir, store, e) = disk_full().await;
    assert!(matches!(e, Error::DiskFull(_)), "{e:?}");
    let full = e.in_full();
    assert!(
        full.starts_with("cannot write the database: the disk may be full")
            && full.contains("nothing was recorded")
            && full.contains("database or disk is full"),
        "{full}"
    );
    // Without `#`, its own words only: what a person is told.
    assert_eq!(
        e.to_string(),
        "cannot write the database: the disk may be full or the file too large; nothing was recorded"
    );
    // Wrapped in anyhow, each cause shows once.
    let wrapped = format!("{:#}", anyhow::Error::new(e.clone()));
    assert_eq!(wrapped, full);
    assert_eq!(store.figure_count().await.unwrap(), 0);
    // With room again the same write goes in whole.
    sqlx::query("PRAGMA max_page_count = 1073741823")
        .execute(&mut *store.writer.lock().await)
        .await
        .unwrap();
    let done = store
        .write_figures(&figures(1000), &test_by("t"), false)
        .await
        .unwrap();
    assert_eq!(done.new, 1000);
}

#[tokio::test]
async fn a_write_lock_held_elsewhere_is_busy_and_the_next_write_succeeds() {
    let (_dir, store, e) = busy().await;
    assert!(matches!(e, Error::Busy(_)), "{e:?}");
    assert!(
        e.in_full().contains("database is locked") && e.to_string().contains("try again"),
        "{}",
        e.in_full()
    );
    // Waiting left the writer usable: nothing to reconnect.
    store
        .create_token("t", "viewer", &[], "hash")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_missing_name_is_not_found() {
    let (_dir, store, e) = not_found().await;
    assert!(
        matches!(&e, Error::NotFound(m) if m == "no token named \"nobody\""),
        "{e:?}"
    );
    // A row a query must find is not there: not found too.
    let e = store.notification_state(42).await.unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "{e:?}");
}

#[tokio::test]
async fn a_name_taken_is_a_conflict() {
    let (_dir, store, e) = conflict().await;
    assert!(
        matches!(&e, Error::Conflict(m) if m == "a token named \"t\" already exists (revoke it first)"),
        "{e:?}"
    );
    assert_eq!(store.list_tokens().await.unwrap()[0].role, "viewer");
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_other() {
    let (_dir, e) = other().await;
    assert!(matches!(e, Error::Other(_)), "{e:?}");
    assert!(e.in_full().contains("not a database"), "{}", e.in_full());
}

#[tokio::test]
async fn a_store_error_keeps_its_variant_through_context() {
    let (_dir, _store, e) = busy().await;
    let wrapped = anyhow::Error::new(e).context("recording the pull");
    assert!(matches!(Error::from(wrapped), Error::Busy(_)));
    let (_dir, e) = other().await;
    let wrapped = anyhow::Error::new(e).context("opening");
    let again = Error::from(wrapped);
    assert!(matches!(again, Error::Other(_)));
    assert!(
        again.in_full().starts_with("opening: "),
        "{}",
        again.in_full()
    );
}
