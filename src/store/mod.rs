//! SQLite through sqlx: the only place SQL lives. One writer connection
//! (every write transaction is `BEGIN IMMEDIATE`) and a small pool of readers;
//! WAL, synchronous=FULL, busy_timeout and foreign keys on every connection.

mod alerts;
mod batch;
mod catalogue;
mod figures;
mod jobs;
mod milestones;
mod reports;
mod sources;

pub use alerts::{AlertRow, NewNotification, OutboxCounts, OutboxRow, ReminderKey};
mod server;
mod tokens;

pub use batch::{FigureGroup, OwnedFigure};
pub use catalogue::SyncSummary;
pub use figures::{CurrentFigure, NewFigure, Revision, StoredSeries, WriteSummary};
pub use jobs::JobTotals;
pub use milestones::MilestoneRecord;
pub use sources::SourceStateRow;
pub use tokens::TokenRecord;

use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Sqlite, Transaction};
use std::str::FromStr;
use std::time::Duration;
use tokio::sync::Mutex;

/// Migrations embedded at build time (build.rs reruns the build when they change).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub struct Store {
    writer: Mutex<SqliteConnection>,
    readers: SqlitePool,
    url: String,
}

impl Store {
    /// Open (creating if missing) and migrate the database at `url`
    /// (`sqlite://path`, `sqlite::memory:` is not supported: readers need the file).
    pub async fn open(url: &str) -> Result<Store> {
        let options = connect_options(url)?;
        let mut writer = options
            .clone()
            .connect()
            .await
            .with_context(|| format!("opening database {}", crate::config::redact_url(url)))?;
        MIGRATOR
            .run(&mut writer)
            .await
            .with_context(|| format!("migrating database {}", crate::config::redact_url(url)))?;
        let readers = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .context("opening database readers")?;
        Ok(Store {
            writer: Mutex::new(writer),
            readers,
            url: url.to_string(),
        })
    }

    pub fn url(&self) -> &str {
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
        let mut conn = self.writer.lock().await;
        let mut tx = conn
            .begin_with("BEGIN IMMEDIATE")
            .await
            .context("starting a write transaction")?;
        let out = f(&mut tx).await?;
        tx.commit().await.context("committing")?;
        Ok(out)
    }

    pub async fn close(self) {
        self.readers.close().await;
        let _ = self.writer.into_inner().close().await;
    }
}

fn connect_options(url: &str) -> Result<SqliteConnectOptions> {
    let url = if url.starts_with("sqlite:") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    Ok(SqliteConnectOptions::from_str(&url)
        .with_context(|| format!("invalid database URL {:?}", crate::config::redact_url(&url)))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true))
}

/// Timestamps are stored as RFC 3339 UTC with microseconds, so text order is time order.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parse an RFC 3339 `--known-at` value into the stored form.
pub fn parse_known_at(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            anyhow::anyhow!(
                "invalid time {text:?} ({e}): expected RFC 3339, e.g. 2021-07-01T00:00:00Z"
            )
        })
}

/// The upper bound for "as known at": everything when `None`.
pub(crate) fn known_bound(known_at: Option<DateTime<Utc>>) -> String {
    known_at.map_or_else(|| "9999".to_string(), timestamp)
}
