//! A large write's staging area: its new and revised figures in a temporary
//! table on a connection of its own, filled before the write takes the
//! write lock and copied into the revision table by one statement under it
//! (copying inside SQLite takes about half the time of inserting the same
//! rows through the driver). Filling it takes no lock on the database, and
//! SQLite deletes a temporary table's file as soon as it opens it, so a
//! write killed halfway leaves nothing behind for the next one to clear.

use super::Result;
use super::Store;
use super::figures::{NewRevision, REVISION_COLUMNS, insert_into};
use crate::domain::Figure;
use anyhow::Context;
use sqlx::SqliteConnection;

/// A connection holding a staging table.
pub(super) struct Stage {
    pub(super) conn: SqliteConnection,
}

impl Stage {
    pub(super) async fn open(store: &Store) -> Result<Stage> {
        let mut conn = store.connect().await?;
        // In a file rather than in memory (every connection's default): a
        // million staged figures would otherwise add about 100 MB. SQLite
        // keeps it in its temporary folder ($SQLITE_TMPDIR, else $TMPDIR,
        // else /var/tmp or /tmp).
        sqlx::query("PRAGMA temp_store = FILE")
            .execute(&mut conn)
            .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE TEMP TABLE staged_figure ({REVISION_COLUMNS},
                 PRIMARY KEY (region, indicator, period)) WITHOUT ROWID"
        )))
        .execute(&mut conn)
        .await
        .context("creating the staging table")?;
        Ok(Stage { conn })
    }
}

/// Stage revisions (at most a statement's worth); their time is set when
/// they are published. A key staged again replaces the earlier figure.
pub(super) async fn add(conn: &mut SqliteConnection, revisions: &[NewRevision<'_>]) -> Result<()> {
    insert_into(
        conn,
        "INSERT OR REPLACE INTO temp.staged_figure",
        revisions,
        "",
    )
    .await
    .context("staging figures in a temporary file")
    .map_err(Into::into)
}

/// Unstage a figure that turned out unchanged after all.
pub(super) async fn remove(conn: &mut SqliteConnection, f: &Figure) -> Result<()> {
    sqlx::query(
        "DELETE FROM temp.staged_figure WHERE region = ?1 AND indicator = ?2 AND period = ?3",
    )
    .bind(f.region.as_str())
    .bind(f.indicator.as_str())
    .bind(f.period.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Copy every staged figure into the revision table in key order, recorded
/// at `now` (inside the publishing transaction, on the staging connection).
pub(super) async fn publish(conn: &mut SqliteConnection, now: &str) -> Result<()> {
    let select: Vec<&str> = REVISION_COLUMNS
        .split(',')
        .map(|c| match c.trim() {
            "recorded_at" => "?1",
            c => c,
        })
        .collect();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO main.figure ({REVISION_COLUMNS})
         SELECT {} FROM temp.staged_figure ORDER BY region, indicator, period",
        select.join(", ")
    )))
    .bind(now)
    .execute(conn)
    .await
    .context("publishing the staged figures")?;
    Ok(())
}
