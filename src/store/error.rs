//! What a store operation fails with, sorted by what the caller can do
//! about it: make room ([`Error::DiskFull`]), try again in a moment
//! ([`Error::Busy`]), ask for something that exists ([`Error::NotFound`])
//! or something that does not clash ([`Error::Conflict`]); anything else
//! ([`Error::Other`]) is for the log. SQLite's result codes are read here
//! and nowhere else, so every caller sorts a failure the same way.

use std::fmt;
use std::sync::Arc;

/// `Result` with the store's [`Error`].
pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a store operation failed. A failed write was rolled back whole:
/// nothing of it was recorded. Cloning shares the cause, so one failed
/// transaction can answer every request that was part of it.
///
/// Shows as its own words; `{:#}` adds its causes, as anyhow's errors do
/// (`cannot write the database: …: committing: … database or disk is full`).
#[derive(Debug, Clone)]
pub enum Error {
    /// The disk is full, or the database file is at a size limit: SQLite's
    /// SQLITE_FULL (ENOSPC), or a write the system refused
    /// (SQLITE_IOERR_WRITE: EFBIG past a file-size limit) or could not
    /// grow the shared-memory file for (SQLITE_IOERR_SHMSIZE). Retrying
    /// once there is room succeeds.
    DiskFull(Cause),
    /// Another connection (a large import in another process, say) held
    /// the write lock for longer than the busy timeout (SQLITE_BUSY).
    /// Retrying in a moment succeeds.
    Busy(Cause),
    /// What the operation names does not exist (the message says what).
    NotFound(String),
    /// What the operation would create clashes with what is stored, or
    /// with another process using the database (a restore while a daemon
    /// runs); the message says what, and how to resolve it.
    Conflict(String),
    /// Anything else: a broken connection, an unreadable row, a bug. Shows
    /// as the error it wraps.
    Other(Cause),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::DiskFull(_) => f.write_str(
                "cannot write the database: the disk may be full or the file too large; \
                 nothing was recorded",
            )?,
            Error::Busy(_) => write!(
                f,
                "the database is busy with another write (such as a large import) and stayed \
                 busy for {} s; nothing was recorded; try again in a moment",
                super::busy_timeout().as_secs_f64()
            )?,
            Error::NotFound(what) | Error::Conflict(what) => f.write_str(what)?,
            // Its causes are the wrapped error's own, so `{:#}` goes on below.
            Error::Other(cause) => write!(f, "{cause}")?,
        }
        if f.alternate() {
            let mut next = std::error::Error::source(self);
            while let Some(cause) = next {
                write!(f, ": {cause}")?;
                next = cause.source();
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::DiskFull(cause) | Error::Busy(cause) => Some(cause),
            Error::Other(cause) => std::error::Error::source(cause),
            Error::NotFound(_) | Error::Conflict(_) => None,
        }
    }
}

impl Error {
    /// Sort `e` by its SQLite result code (see [`Error`]'s variants). A
    /// store error already in its chain keeps its variant (and, unless it
    /// is [`Error::Other`], its own words rather than the context around it).
    pub(crate) fn classify(e: anyhow::Error) -> Error {
        match e.chain().find_map(|c| c.downcast_ref::<Error>()) {
            Some(Error::Other(_)) => return Error::Other(Cause::new(e)),
            Some(known) => return known.clone(),
            None => {}
        }
        let code = e.chain().find_map(sqlite_code);
        let not_found = e
            .chain()
            .any(|c| matches!(c.downcast_ref(), Some(sqlx::Error::RowNotFound)));
        match code {
            Some(code) if is_disk_full(code) => Error::DiskFull(Cause::new(e)),
            Some(code) if code & 0xff == SQLITE_BUSY => Error::Busy(Cause::new(e)),
            _ if not_found => Error::NotFound(format!("{e:#}")),
            _ => Error::Other(Cause::new(e)),
        }
    }

    /// Anything else, in words: a stored row that cannot be read, a
    /// writer task that has stopped.
    pub(crate) fn other(message: impl fmt::Display + fmt::Debug + Send + Sync + 'static) -> Error {
        Error::Other(Cause::new(anyhow::Error::msg(message)))
    }

    /// This error and its causes on one line (`{:#}`): for the log, and
    /// for messages that must say everything.
    pub(crate) fn in_full(&self) -> String {
        format!("{self:#}")
    }

    /// Busy for a reason given in words (not a SQLite code).
    pub(super) fn busy(why: &'static str) -> Error {
        Error::Busy(Cause::new(anyhow::anyhow!(why)))
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Error {
        Error::classify(e)
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Error {
        Error::classify(e.into())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Other(Cause::new(e.into()))
    }
}

/// The underlying failure of an [`Error`], shared between clones. It
/// shows as the error it wraps, and its sources are that error's.
#[derive(Clone)]
pub struct Cause(Arc<anyhow::Error>);

impl Cause {
    fn new(e: anyhow::Error) -> Cause {
        Cause(Arc::new(e))
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only the wrapped error's own words: its causes are this one's
        // sources, which `{:#}` prints after it.
        write!(f, "{}", self.0)
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let inner: &(dyn std::error::Error + Send + Sync + 'static) = &**self.0;
        inner.source()
    }
}

const SQLITE_BUSY: i64 = 5;
const SQLITE_FULL: i64 = 13;
/// A write(2) that failed: what a file-size limit (EFBIG) gives.
const SQLITE_IOERR_WRITE: i64 = 778;
/// Growing the WAL's shared-memory file failed (a full tmpfs).
const SQLITE_IOERR_SHMSIZE: i64 = 4874;

/// The one rule for "out of room" (see [`Error::DiskFull`]).
fn is_disk_full(code: i64) -> bool {
    matches!(
        code,
        SQLITE_FULL | SQLITE_IOERR_WRITE | SQLITE_IOERR_SHMSIZE
    )
}

/// The (extended) SQLite result code of `cause`, if it is a database error.
fn sqlite_code(cause: &(dyn std::error::Error + 'static)) -> Option<i64> {
    cause
        .downcast_ref::<sqlx::Error>()
        .and_then(|e| e.as_database_error())
        .and_then(|db| db.code())
        .and_then(|code| code.parse().ok())
}

#[cfg(test)]
pub(crate) mod tests;
