//! A database file looked at from outside waymark, with a plain SQLite
//! connection: its integrity, what it holds, and rows added behind
//! waymark's back.

use sqlx::Connection;
use std::path::Path;

/// A plain connection to the database file `db`.
pub async fn connect(db: &Path) -> sqlx::SqliteConnection {
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap_or_else(|e| panic!("opening {}: {e}", db.display()))
}

/// `PRAGMA integrity_check` of the database file: "ok" when intact.
pub async fn integrity(db: &Path) -> String {
    let mut conn = connect(db).await;
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    rows.join("\n")
}

/// How many figure revisions the database file holds.
pub async fn revisions(db: &Path) -> i64 {
    let mut conn = connect(db).await;
    let n = sqlx::query_scalar("SELECT count(*) FROM figure")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    n
}

/// `n` revisions of liaoning's china-europe-trains from 1800-01 added with
/// plain SQL, as another tool (or a daemon killed before it folded) leaves
/// them: not yet in the current figures. The WAL is then emptied into the
/// file, so that only new writes need room.
pub async fn add_unfolded(db: &Path, n: i64) {
    let mut conn = connect(db).await;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO figure (region, indicator, period, value, basis, recorded_at, recorded_by, source)
         SELECT 'liaoning', 'china-europe-trains', printf('%04d-%02d', 1800 + i / 12, i % 12 + 1),
                100 + i % 7, 'period', '2026-01-01T00:00:00.000000Z', 'sql', 'sql' FROM n",
    )
    .bind(n)
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}
