//! Copies of the database file: a consistent copy taken while others write
//! (`VACUUM INTO`, one read transaction), and the checks a copy must pass
//! before it is trusted (integrity, migrations this binary knows).

use super::{Error, MIGRATOR, Result, connect_options};
use crate::domain::text::redact_url;
use anyhow::Context as _;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions as _, Connection as _};
use std::path::{Path, PathBuf};

/// What a checked copy holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CopyCounts {
    /// Current figures: one per region, indicator and period.
    pub(crate) figures: i64,
    /// Every revision ever recorded.
    pub(crate) revisions: i64,
    /// The newest migration applied to the copy.
    pub(crate) migration: i64,
}

/// The database file a `sqlite://` URL names. Other databases are copied
/// with their own tools, which the error names.
pub(crate) fn database_path(url: &str) -> Result<PathBuf> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Err(Error::other(format!(
            "{} is a PostgreSQL database: back it up with pg_dump (e.g. `pg_dump -Fc -f waymark.dump URL`) and restore it with pg_restore",
            redact_url(url)
        )));
    }
    let file = connect_options(url)?.get_filename().to_path_buf();
    if file.as_os_str().is_empty() || file == Path::new(":memory:") {
        return Err(Error::other(format!(
            "{}: an in-memory database has no file to copy",
            redact_url(url)
        )));
    }
    Ok(file)
}

/// Write a consistent copy of the database at `url` to `target`: into a
/// temporary name beside it, checked ([`check_copy`]), synced, then renamed,
/// so `target` is either the old file or a whole, checked copy. Safe while
/// other processes write: the copy is one read transaction's snapshot, and
/// it holds up no writer (WAL). Never migrates or writes the source.
pub(crate) async fn backup(url: &str, target: &Path) -> Result<CopyCounts> {
    let source = database_path(url)?;
    if !source.exists() {
        return Err(Error::NotFound(format!(
            "database {} does not exist (nothing to back up; `waymark init` creates it)",
            source.display()
        )));
    }
    let mut conn = open_read_only(&source).await?;
    let tmp = temporary_beside(target, "backup")?;
    let copied = vacuum_into(&mut conn, &tmp).await;
    let _ = conn.close().await;
    let result = async {
        copied?;
        let counts = check_copy(&tmp).await?;
        sync_file(&tmp)?;
        std::fs::rename(&tmp, target)
            .with_context(|| format!("renaming {} to {}", tmp.display(), target.display()))?;
        sync_parent(target);
        Ok(counts)
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Check a copy without changing it: `PRAGMA integrity_check` says ok, it is
/// a waymark database, and every migration it has is one this binary knows
/// (a copy made by a newer waymark would be misread). Counts what it holds.
pub(crate) async fn check_copy(path: &Path) -> Result<CopyCounts> {
    let shown = path.display();
    let mut conn = open_read_only(path).await?;
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(20)")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| {
            // SQLite's own words ("database disk image is malformed", "file is not a database").
            let why = e
                .as_database_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_string());
            Error::other(format!("{shown}: integrity check failed: {why}"))
        })?;
    if problems != ["ok"] {
        return Err(Error::other(format!(
            "{shown}: integrity check failed: {}",
            problems.join("; ")
        )));
    }
    let migration = check_migrations(&mut conn, path).await?;
    let (figures, revisions): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM (SELECT 1 FROM figure GROUP BY region, indicator, period)), \
                (SELECT count(*) FROM figure)",
    )
    .fetch_one(&mut conn)
    .await
    .with_context(|| format!("{shown}: counting figures"))?;
    let _ = conn.close().await;
    Ok(CopyCounts {
        figures,
        revisions,
        migration,
    })
}

/// The newest migration of the copy, after checking each against this binary's.
async fn check_migrations(conn: &mut SqliteConnection, path: &Path) -> Result<i64> {
    let shown = path.display();
    let applied: Vec<(i64, bool, Vec<u8>)> =
        sqlx::query_as("SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .with_context(|| format!("{shown}: not a waymark database (no migration table)"))?;
    let newest_known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    for (version, success, checksum) in &applied {
        let Some(known) = MIGRATOR.iter().find(|m| m.version == *version) else {
            return Err(Error::other(format!(
                "{shown}: has migration {version}, newer than this waymark knows (up to {newest_known}); restore it with the waymark version that made it"
            )));
        };
        if !success {
            return Err(Error::other(format!(
                "{shown}: migration {version} failed in this copy; it is not usable"
            )));
        }
        if known.checksum.as_ref() != checksum.as_slice() {
            return Err(Error::other(format!(
                "{shown}: migration {version} ({}) differs from this waymark's; the copy comes from another build",
                known.description
            )));
        }
    }
    match applied.last() {
        Some((v, ..)) => Ok(*v),
        None => Err(Error::other(format!(
            "{shown}: not a waymark database (no migration applied)"
        ))),
    }
}

/// Read-only and with no pragma that writes (the daemon's options set the
/// journal mode, which a copy in rollback mode would have to write).
pub(super) async fn open_read_only(path: &Path) -> Result<SqliteConnection> {
    Ok(SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(super::busy_timeout())
        .connect()
        .await
        .with_context(|| format!("opening {}", path.display()))?)
}

pub(super) async fn vacuum_into(conn: &mut SqliteConnection, target: &Path) -> Result<()> {
    let name = target
        .to_str()
        .with_context(|| format!("{}: not a UTF-8 path", target.display()))?;
    sqlx::query("VACUUM INTO ?1")
        .bind(name)
        .execute(&mut *conn)
        .await
        // A full disk under the copy is a DiskFull, sorted by the store's one rule.
        .with_context(|| format!("copying the database into {}", target.display()))?;
    Ok(())
}

/// `<dir>/.<name>.<what>-<pid>` beside `target`, removed if a crashed run
/// left it (`VACUUM INTO` refuses a file that is not empty).
pub(super) fn temporary_beside(target: &Path, what: &str) -> Result<PathBuf> {
    let name = target
        .file_name()
        .with_context(|| format!("{}: not a file name", target.display()))?;
    let tmp = target.with_file_name(format!(
        ".{}.{what}-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    match std::fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => Err(e).with_context(|| format!("removing {}", tmp.display()))?,
    }
    Ok(tmp)
}

pub(super) fn sync_file(path: &Path) -> Result<()> {
    Ok(std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("syncing {}", path.display()))?)
}

/// Make a rename durable; best effort (some filesystems cannot sync a folder).
pub(super) fn sync_parent(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
