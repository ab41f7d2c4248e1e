//! Report runs: what each report said, so the next one can tell what changed.

use super::Result;
use super::{Store, timestamp};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

impl Store {
    /// The goal statuses of the latest report run, if any.
    pub(crate) async fn previous_report_statuses(
        &self,
    ) -> Result<Option<BTreeMap<String, String>>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT statuses FROM report_run ORDER BY id DESC LIMIT 1")
                .fetch_optional(self.readers())
                .await?;
        Ok(row.map(|(json,)| serde_json::from_str(&json)).transpose()?)
    }

    pub(crate) async fn record_report_run(
        &self,
        as_of: NaiveDate,
        known_at: Option<DateTime<Utc>>,
        out_dir: &str,
        statuses: &BTreeMap<String, String>,
    ) -> Result<()> {
        let statuses = serde_json::to_string(statuses)?;
        let now = timestamp(Utc::now());
        self.write(async |tx| {
            sqlx::query(
                "INSERT INTO report_run (as_of, known_at, generated_at, out_dir, statuses) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .bind(as_of.to_string())
            .bind(known_at.map(timestamp))
            .bind(&now)
            .bind(out_dir)
            .bind(&statuses)
            .execute(&mut **tx)
            .await?;
            Ok(())
        })
        .await
    }
}
