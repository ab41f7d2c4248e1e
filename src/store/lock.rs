//! The mark a daemon leaves on its database: a shared `flock` on
//! `<db>.lock` for as long as it runs, so `restore` (which takes it
//! exclusively) can tell a database is in use and refuse. The kernel drops
//! the lock when the process ends, however it ends: nothing goes stale.

use super::{Error, Result};
use anyhow::Context as _;
use rustix::fs::FlockOperation;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Held until dropped.
#[derive(Debug)]
pub(crate) struct DbLock {
    _file: File,
}

impl DbLock {
    /// The daemon's mark: shared, so daemons and other readers can share
    /// it; fails only while a restore holds it. `None` when the lock file
    /// cannot be made (a read-only folder, where nothing can be restored either).
    pub(crate) fn shared(db: &Path) -> Result<Option<DbLock>> {
        let path = sibling(db, ".lock");
        let file = match File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .or_else(|_| File::open(&path))
        {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "cannot create the database's lock file; `restore` will not see this daemon");
                return Ok(None);
            }
        };
        if !flock(&file, FlockOperation::NonBlockingLockShared)? {
            return Err(Error::Conflict(format!(
                "{} is being restored (`waymark restore` holds {}); start again when it is done",
                db.display(),
                path.display()
            )));
        }
        Ok(Some(DbLock { _file: file }))
    }

    /// A restore's hold: exclusive, refused while any daemon holds the database.
    pub(crate) fn exclusive(db: &Path) -> Result<DbLock> {
        let path = sibling(db, ".lock");
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .with_context(|| format!("creating the lock file {}", path.display()))?;
        if !flock(&file, FlockOperation::NonBlockingLockExclusive)? {
            return Err(Error::Conflict(format!(
                "a daemon (`waymark serve`) has {} open: stop it first (e.g. `systemctl stop waymark`), then restore",
                db.display()
            )));
        }
        Ok(DbLock { _file: file })
    }
}

/// Try to take the lock without waiting: false when someone else holds it.
fn flock(file: &File, how: FlockOperation) -> Result<bool> {
    match rustix::fs::flock(file, how) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(std::io::Error::from(e)).context("locking the database's lock file")?,
    }
}

/// `db` with `suffix` appended to its file name (`waymark.db-wal`).
pub(super) fn sibling(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
