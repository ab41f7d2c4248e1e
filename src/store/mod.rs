//! SQLite through sqlx: the only place SQL lives. One writer connection
//! (every write transaction is `BEGIN IMMEDIATE`) and a small pool of readers;
//! WAL, synchronous=FULL, busy_timeout and foreign keys on every connection.

mod alerts;
pub(crate) mod backup;
mod batch;
mod catalogue;
mod comments;
mod error;
mod export;
mod figure_rows;
mod figures;
mod flags;
mod fold;
mod jobs;
mod ledger;
mod lock;
mod milestones;
mod reports;
pub(crate) mod restore;
mod review;
mod series_cache;
mod sources;
mod tail;
mod write;

pub(crate) use alerts::{AlertRow, NewNotification, OutboxRow, ReminderKey};
mod server;
mod stage;
mod tokens;

pub(crate) use batch::{FigureGroup, GroupsWritten};
/// Each [`Error`] from its real condition, for tests of how callers answer it.
#[cfg(test)]
pub(crate) use error::tests as failures;
pub(crate) use error::{Error, Result};
pub(crate) use export::ExportRow;
pub use figure_rows::{CurrentFigure, StoredSeries};
pub(crate) use figures::{Revision, WriteSummary};
pub(crate) use flags::Flags;
pub use ledger::{LedgerView, NewRun, RunRecord, RunState};
pub(crate) use lock::DbLock;
pub(crate) use milestones::MilestoneRecord;
pub(crate) use review::{ForReview, ReviewFilter, ReviewRow};
pub(crate) use series_cache::{SeriesCache, Window};
pub(crate) use sources::SourceStateRow;
pub(crate) use tokens::TokenRecord;

use crate::domain::text::redact_url;
use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Sqlite, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Migrations embedded at build time (build.rs reruns the build when they change).
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The database: every read and write of figures, catalogue, alerts, tokens and the run ledger.
pub struct Store {
    writer: Mutex<SqliteConnection>,
    /// Set when WAL checkpoints run in the background (the daemon).
    checkpoints: std::sync::OnceLock<CheckpointTask>,
    /// How the writer connects, to replace it after a failed transaction.
    writer_options: SqliteConnectOptions,
    readers: SqlitePool,
    url: String,
}

impl Store {
    /// Open (creating if missing) and migrate the database at `url`
    /// (`sqlite://path`, `sqlite::memory:` is not supported: readers need the file).
    pub async fn open(url: &str) -> Result<Store> {
        let options = connect_options(url)?;
        let writer_options = options.clone();
        let mut writer = writer_options
            .clone()
            .connect()
            .await
            .with_context(|| format!("opening database {}", redact_url(url)))?;
        MIGRATOR
            .run(&mut writer)
            .await
            .with_context(|| format!("migrating database {}", redact_url(url)))?;
        let readers = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.clone().read_only(true))
            .await
            .context("opening database readers")?;
        Ok(Store {
            writer: Mutex::new(writer),
            checkpoints: std::sync::OnceLock::new(),
            writer_options,
            readers,
            url: url.to_string(),
        })
    }

    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    pub(crate) fn readers(&self) -> &SqlitePool {
        &self.readers
    }

    /// Run `f` inside one `BEGIN IMMEDIATE` transaction on the writer
    /// connection: committed when it returns Ok, rolled back otherwise.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T>
    where
        F: for<'t> AsyncFnOnce(&'t mut Transaction<'_, Sqlite>) -> Result<T>,
    {
        let asked = Instant::now();
        let mut conn = self.writer.lock().await;
        // Waiting behind this process's other writes counts against the busy
        // timeout too: otherwise each write queued behind one kept waiting
        // by another process would wait a whole timeout of its own.
        let timeout = busy_timeout();
        let left = timeout.saturating_sub(asked.elapsed());
        if left.is_zero() {
            return Err(Error::busy("waiting for this process's other writes"));
        }
        let shortened = left < timeout.saturating_sub(Duration::from_millis(100));
        if shortened {
            set_busy_timeout(&mut conn, left).await;
        }
        let result = transaction(&mut conn, f).await;
        if shortened {
            set_busy_timeout(&mut conn, timeout).await;
        }
        match result {
            Ok(out) => {
                self.committed();
                Ok(out)
            }
            Err((e, Wedged(wedged))) => {
                if wedged {
                    drop(self.reconnect_writer(&mut conn).await);
                }
                Err(e)
            }
        }
    }

    /// As [`Store::write`], on a connection of the caller's own (a large
    /// write's, see src/store/stage.rs) rather than the shared writer; after
    /// a failure the caller drops that connection.
    pub(super) async fn write_on<T, F>(&self, conn: &mut SqliteConnection, f: F) -> Result<T>
    where
        F: for<'t> AsyncFnOnce(&'t mut Transaction<'_, Sqlite>) -> Result<T>,
    {
        let out = transaction(conn, f).await.map_err(|(e, _)| e)?;
        self.committed();
        Ok(out)
    }

    /// A connection of its own, set up as the writer's.
    pub(super) async fn connect(&self) -> Result<SqliteConnection> {
        Ok(self
            .writer_options
            .connect()
            .await
            .context("opening a database connection")?)
    }

    /// After a commit: the background checkpoint may copy it.
    fn committed(&self) {
        if let Some(c) = self.checkpoints.get() {
            c.0.wake.notify_one();
        }
    }

    /// Replace the writer connection with a fresh one. After a failed COMMIT
    /// or ROLLBACK (a full disk, an I/O error) SQLite may already have rolled
    /// the transaction back on its own, and sqlx still counts it as open: the
    /// old connection would refuse every later `BEGIN` ("non-zero transaction
    /// depth") until a restart. Closing it also ends anything still open.
    async fn reconnect_writer(&self, conn: &mut SqliteConnection) -> Result<()> {
        match self.writer_options.connect().await {
            Ok(mut fresh) => {
                if self.checkpoints.get().is_some() {
                    sqlx::query(DAEMON_WRITER).execute(&mut fresh).await?;
                }
                let old = std::mem::replace(conn, fresh);
                let _ = old.close().await;
                tracing::info!("reopened the database writer after a failed transaction");
                Ok(())
            }
            Err(e) => {
                // The next write tries again (its BEGIN fails on the old connection).
                tracing::error!(error = %e, "reopening the database writer");
                Err(e.into())
            }
        }
    }

    /// Move WAL checkpoints off the commit path: the writer no longer
    /// checkpoints when it commits (SQLite's default every 1,000 pages, which
    /// copies and syncs the database file inside a commit); a task on its own
    /// connection does, after commits, at most every
    /// [`CHECKPOINT_INTERVAL`]. Pages rewritten by many commits in between
    /// are copied once. Commits stay durable: the WAL is synced at each.
    /// The writer also gets up to 64 MiB of page cache (SQLite's default is
    /// 2 MiB, which a one-off import is better off with): the daemon's writer
    /// comes back to the same pages of `figure_current` fold after fold.
    /// For the long-running daemon; needs a Tokio runtime.
    pub(crate) async fn checkpoint_in_background(&self) -> Result<()> {
        if self.checkpoints.get().is_some() {
            return Ok(());
        }
        let mut conn = self
            .writer_options
            .connect()
            .await
            .context("opening the checkpoint connection")?;
        sqlx::query(DAEMON_WRITER)
            .execute(&mut *self.writer.lock().await)
            .await?;
        let c = Arc::new(Checkpoints::default());
        let _ = self.checkpoints.set(CheckpointTask(c.clone()));
        tokio::spawn(async move {
            loop {
                c.wake.notified().await;
                if c.stop.load(Ordering::Acquire) {
                    break;
                }
                match checkpoint(&mut conn).await {
                    Ok(()) => c.done.send_modify(|n| *n += 1),
                    Err(e) => tracing::warn!(error = %e, "WAL checkpoint"),
                }
                tokio::time::sleep(CHECKPOINT_INTERVAL).await;
            }
            let _ = conn.close().await;
        });
        Ok(())
    }

    /// How many background checkpoints have completed (None when they do
    /// not run in the background).
    #[cfg(test)]
    pub(crate) fn checkpoints_done(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        self.checkpoints.get().map(|c| c.0.done.subscribe())
    }

    /// Close the pool, waiting for connections to finish.
    pub async fn close(self) {
        self.readers.close().await;
        let _ = self.writer.into_inner().close().await;
    }
}

/// Copy what the WAL holds into the database file without holding anyone
/// up. Under a steady stream of commits a passive checkpoint never finds the
/// WAL wholly copied at the moment a writer starts, so the WAL would only
/// grow; past [`WAL_RESTART_FRAMES`] a RESTART checkpoint makes the next
/// writer start it again from the beginning (it waits for readers of older
/// frames, and holds writers up only while it copies the last few frames).
async fn checkpoint(conn: &mut SqliteConnection) -> Result<()> {
    let (_, log, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(&mut *conn)
        .await?;
    // Only right after a passive checkpoint that copied everything, so the
    // restart has little left to copy while it holds writers up.
    if log > WAL_RESTART_FRAMES && copied == log {
        sqlx::query("PRAGMA wal_checkpoint(RESTART)")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// About 256 MiB of WAL at SQLite's 4 KiB pages: restarting more often holds
/// writers up more (a quarter of this measured 17% fewer figures/s in
/// benches/http.sh).
const WAL_RESTART_FRAMES: i64 = 65_536;

/// How the daemon's writer connection runs (see [`Store::checkpoint_in_background`]).
const DAEMON_WRITER: &str = "PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -65536";

/// Background checkpoints run at most this often.
pub(crate) const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(250);

#[derive(Default)]
struct Checkpoints {
    wake: tokio::sync::Notify,
    stop: AtomicBool,
    done: tokio::sync::watch::Sender<u64>,
}

/// Stops the checkpoint task when the store goes.
struct CheckpointTask(Arc<Checkpoints>);

impl Drop for CheckpointTask {
    fn drop(&mut self) {
        self.0.stop.store(true, Ordering::Release);
        self.0.wake.notify_one();
    }
}

/// How long a write waits for another connection's write to finish, unless
/// `WAYMARK_BUSY_TIMEOUT_MS` says otherwise (see `busy_timeout`).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The busy timeout in force: [`BUSY_TIMEOUT`], or `WAYMARK_BUSY_TIMEOUT_MS`
/// milliseconds when that is set to a whole number from 1 to 3,600,000 (an
/// administrator whose imports are very large may prefer writers to wait
/// longer; the concurrency tests use it as a safety net on a loaded machine).
pub(crate) fn busy_timeout() -> Duration {
    static CHOSEN: std::sync::LazyLock<Duration> = std::sync::LazyLock::new(|| {
        std::env::var("WAYMARK_BUSY_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| (1..=3_600_000).contains(ms))
            .map_or(BUSY_TIMEOUT, Duration::from_millis)
    });
    *CHOSEN
}

/// How long `conn` waits for another connection's write lock. A failure
/// leaves the previous timeout, which errs on the side of waiting longer.
pub(super) async fn set_busy_timeout(conn: &mut SqliteConnection, wait: Duration) {
    let sql = format!("PRAGMA busy_timeout = {}", wait.as_millis().max(1));
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
    if let Err(e) = q.execute(conn).await {
        tracing::warn!(error = %e, "setting the busy timeout");
    }
}

/// Whether a failed transaction may have left the connection unusable.
struct Wedged(bool);

/// `BEGIN IMMEDIATE`, `f`, `COMMIT` (or `ROLLBACK` when `f` fails).
async fn transaction<T, F>(conn: &mut SqliteConnection, f: F) -> Result<T, (Error, Wedged)>
where
    F: for<'t> AsyncFnOnce(&'t mut Transaction<'_, Sqlite>) -> Result<T>,
{
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(|e| {
        let e = Error::from(anyhow::Error::from(e).context("starting a write transaction"));
        // Waiting for another writer leaves the connection as it was.
        let wedged = !matches!(e, Error::Busy(_));
        (e, Wedged(wedged))
    })?;
    let out = match f(&mut tx).await {
        Ok(out) => out,
        Err(e) => {
            let wedged = tx.rollback().await.is_err();
            return Err((e, Wedged(wedged)));
        }
    };
    tx.commit().await.map_err(|e| {
        (
            anyhow::Error::from(e).context("committing").into(),
            Wedged(true),
        )
    })?;
    Ok(out)
}

fn connect_options(url: &str) -> Result<SqliteConnectOptions> {
    let url = if url.starts_with("sqlite:") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    Ok(SqliteConnectOptions::from_str(&url)
        .with_context(|| format!("invalid database URL {:?}", redact_url(&url)))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(busy_timeout())
        .foreign_keys(true)
        // Statement journals and sorts in memory rather than temporary files.
        .pragma("temp_store", "memory")
        // After a busy spell the WAL file shrinks back to 64 MiB when it restarts.
        .pragma("journal_size_limit", "67108864"))
}

/// Timestamps are stored as RFC 3339 UTC with microseconds, so text order is time order.
pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The upper bound for "as known at": everything when `None`.
pub(crate) fn known_bound(known_at: Option<DateTime<Utc>>) -> String {
    known_at.map_or_else(|| "9999".to_string(), timestamp)
}
