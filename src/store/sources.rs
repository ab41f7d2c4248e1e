//! Remote source state: conditional-request validators, the last outcome and
//! the current failure of each source (`crate::sources` decides what they mean).

use super::Result;
use super::{Store, WriteSummary, timestamp};
use chrono::{DateTime, Utc};

/// One row of `source_state`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct SourceStateRow {
    pub(crate) name: String,
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
    pub(crate) last_pull_at: String,
    pub(crate) last_status: String,
    pub(crate) last_new: i64,
    pub(crate) last_revised: i64,
    pub(crate) last_unchanged: i64,
    pub(crate) last_ok_at: Option<String>,
    pub(crate) error: Option<String>,
    pub(crate) failing_since: Option<String>,
    pub(crate) failed_attempts: i64,
}

const COLUMNS: &str = "name, etag, last_modified, last_pull_at, last_status, last_new, last_revised, \
     last_unchanged, last_ok_at, error, failing_since, failed_attempts";

impl Store {
    pub(crate) async fn source_state(&self, name: &str) -> Result<Option<SourceStateRow>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM source_state WHERE name = ?1"
        )))
        .bind(name)
        .fetch_optional(self.readers())
        .await?)
    }

    /// Every source's state, by name.
    pub(crate) async fn source_states(&self) -> Result<Vec<SourceStateRow>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM source_state ORDER BY name"
        )))
        .fetch_all(self.readers())
        .await?)
    }

    /// A good pull (`status` ok or not_modified): clears the failure. The
    /// validators are replaced only when `validators` is `Some` (a new body).
    pub(crate) async fn record_source_success(
        &self,
        name: &str,
        status: &str,
        summary: WriteSummary,
        validators: Option<(Option<&str>, Option<&str>)>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let at = timestamp(at);
        let replace = validators.is_some();
        let (etag, modified) = validators.unwrap_or((None, None));
        self.write(async |tx| {
            sqlx::query(
                "INSERT INTO source_state (name, etag, last_modified, last_pull_at, last_status,
                     last_new, last_revised, last_unchanged, last_ok_at, error, failing_since, failed_attempts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?4, NULL, NULL, 0)
                 ON CONFLICT (name) DO UPDATE SET
                     etag = CASE WHEN ?9 THEN ?2 ELSE etag END,
                     last_modified = CASE WHEN ?9 THEN ?3 ELSE last_modified END,
                     last_pull_at = ?4, last_status = ?5, last_new = ?6, last_revised = ?7,
                     last_unchanged = ?8, last_ok_at = ?4, error = NULL, failing_since = NULL,
                     failed_attempts = 0",
            )
            .bind(name)
            .bind(etag)
            .bind(modified)
            .bind(&at)
            .bind(status)
            .bind(summary.new as i64)
            .bind(summary.revised as i64)
            .bind(summary.unchanged as i64)
            .bind(replace)
            .execute(&mut **tx)
            .await?;
            Ok(())
        })
        .await
    }

    /// A failed pull: keeps the validators and the start of the failure run.
    pub(crate) async fn record_source_failure(
        &self,
        name: &str,
        error: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let at = timestamp(at);
        self.write(async |tx| {
            sqlx::query(
                "INSERT INTO source_state (name, last_pull_at, last_status, error, failing_since, failed_attempts)
                 VALUES (?1, ?2, 'failed', ?3, ?2, 1)
                 ON CONFLICT (name) DO UPDATE SET
                     last_pull_at = ?2, last_status = 'failed', last_new = 0, last_revised = 0,
                     last_unchanged = 0, error = ?3, failing_since = coalesce(failing_since, ?2),
                     failed_attempts = failed_attempts + 1",
            )
            .bind(name)
            .bind(&at)
            .bind(error)
            .execute(&mut **tx)
            .await?;
            Ok(())
        })
        .await
    }

    /// Drop the state of sources no longer configured, so a removed source
    /// does not stay "failing" forever.
    pub(crate) async fn forget_sources_except(&self, keep: &[&str]) -> Result<u64> {
        let keep = serde_json::to_string(keep)?;
        self.write(async |tx| {
            let done = sqlx::query(
                "DELETE FROM source_state WHERE name NOT IN (SELECT value FROM json_each(?1))",
            )
            .bind(&keep)
            .execute(&mut **tx)
            .await?;
            Ok(done.rows_affected())
        })
        .await
    }
}
