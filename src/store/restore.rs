//! Restores: a checked copy swapped in for the database, refused while a
//! daemon or any other process has the database open, the replaced file
//! kept beside it.

use super::backup::{
    CopyCounts, check_copy, database_path, open_read_only, sync_file, sync_parent,
    temporary_beside, vacuum_into,
};
use super::lock::{DbLock, sibling};
use super::{Error, Result, connect_options};
use anyhow::Context as _;
use sqlx::{ConnectOptions as _, Connection as _};
use std::path::{Path, PathBuf};

/// What [`restore`] did.
#[derive(Debug, Clone)]
pub(crate) struct Restored {
    pub(crate) counts: CopyCounts,
    /// Where the database it replaced now is (`None`: there was none).
    pub(crate) kept: Option<PathBuf>,
}

/// Replace the database at `url` with a checked copy of `from`. Refused
/// while a daemon holds the database ([`DbLock`]) or any other process has
/// it open; the replaced file is kept as `<db>.before-restore-<stamp>`.
pub(crate) async fn restore(url: &str, from: &Path, stamp: &str) -> Result<Restored> {
    let db = database_path(url)?;
    if !from.is_file() {
        return Err(Error::NotFound(format!("{}: no such file", from.display())));
    }
    let _lock = DbLock::exclusive(&db)?;
    // The copy goes beside the database, so the swap is one rename.
    let tmp = temporary_beside(&db, "restore")?;
    let staged = async {
        let mut conn = open_read_only(from).await?;
        let copied = vacuum_into(&mut conn, &tmp).await;
        let _ = conn.close().await;
        copied?;
        let counts = check_copy(&tmp).await?;
        sync_file(&tmp)?;
        Ok::<_, Error>(counts)
    }
    .await;
    let counts = match staged {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    let swapped = swap_in(&db, &tmp, stamp).await;
    if swapped.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(Restored {
        counts,
        kept: swapped?,
    })
}

/// Move the current database aside (its WAL folded in first) and `tmp` into its place.
async fn swap_in(db: &Path, tmp: &Path, stamp: &str) -> Result<Option<PathBuf>> {
    if !db.exists() {
        std::fs::rename(tmp, db)
            .with_context(|| format!("renaming {} to {}", tmp.display(), db.display()))?;
        sync_parent(db);
        return Ok(None);
    }
    settle(db).await?;
    same_owner_and_mode(db, tmp);
    let kept = sibling(db, &format!(".before-restore-{stamp}"));
    if kept.exists() {
        return Err(Error::Conflict(format!(
            "{} already exists; try again in a second",
            kept.display()
        )));
    }
    std::fs::rename(db, &kept)
        .with_context(|| format!("renaming {} to {}", db.display(), kept.display()))?;
    if let Err(e) = std::fs::rename(tmp, db) {
        // Put the old database back rather than leave none.
        let _ = std::fs::rename(&kept, db);
        Err(e).with_context(|| format!("renaming {} to {}", tmp.display(), db.display()))?;
    }
    // A -shm left without its WAL holds no data; SQLite rebuilds it.
    let _ = std::fs::remove_file(sibling(db, "-shm"));
    sync_parent(db);
    Ok(Some(kept))
}

/// Fold the WAL into the database file and close, so the file alone is the
/// whole database. SQLite deletes the WAL when its last connection closes:
/// a WAL still there afterwards means another process has the database open.
async fn settle(db: &Path) -> Result<()> {
    let mut conn = connect_options(&format!("sqlite://{}", db.display()))?
        .create_if_missing(false)
        .connect()
        .await
        .with_context(|| format!("opening {}", db.display()))?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .with_context(|| format!("{}: folding the WAL into the database", db.display()))?;
    conn.close().await?;
    let wal = sibling(db, "-wal");
    if wal.exists() {
        return Err(Error::Conflict(format!(
            "another process has {} open ({} is still in use): stop every waymark command using it, then restore",
            db.display(),
            wal.display()
        )));
    }
    Ok(())
}

/// Give `copy` the owner and permissions of `original`, so a restore run by
/// root leaves a database the service's own user can still write. Best
/// effort: without the right to change them, the copy keeps the restoring
/// user's (which is then also the database's owner).
fn same_owner_and_mode(original: &Path, copy: &Path) {
    use std::os::unix::fs::MetadataExt as _;
    if let Ok(m) = std::fs::metadata(original) {
        let _ = std::os::unix::fs::chown(copy, Some(m.uid()), Some(m.gid()));
        let _ = std::fs::set_permissions(copy, m.permissions());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each refusal is the variant a caller can act on: a missing copy or
    /// database is not found, a database a daemon holds is a conflict.
    #[tokio::test]
    async fn refusals_are_sorted_into_not_found_and_conflict() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.db");
        let url = format!("sqlite://{}", db.display());
        let copy = dir.path().join("copy.db");
        let e = crate::store::backup::backup(&url, &copy).await.unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "{e:#}");
        let e = restore(&url, &copy, "t").await.unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "{e:#}");

        crate::store::Store::open(&url).await.unwrap().close().await;
        crate::store::backup::backup(&url, &copy).await.unwrap();
        let daemon = DbLock::shared(&db).unwrap();
        let e = restore(&url, &copy, "t").await.unwrap_err();
        assert!(matches!(e, Error::Conflict(_)), "{e:#}");
        assert!(e.to_string().contains("stop it first"), "{e:#}");
        drop(daemon);
        restore(&url, &copy, "t").await.unwrap();
    }
}
