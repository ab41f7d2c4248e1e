//! Figure revisions: append-only writes in batches, current values (optionally
//! as known at a past time) and the full history of a series.

use super::{Store, known_bound, timestamp};
use crate::domain::{Basis, Period};
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// A series' current figures by period: value and basis.
type StoredSeries = HashMap<String, (f64, String)>;

/// A figure to record. Borrowed: an import may hold a million of these.
#[derive(Debug, Clone, Copy)]
pub struct NewFigure<'a> {
    pub region: &'a str,
    pub indicator: &'a str,
    pub period: Period,
    pub value: f64,
    pub basis: Basis,
    pub note: Option<&'a str>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct WriteSummary {
    pub new: usize,
    pub revised: usize,
    pub unchanged: usize,
}

/// The current revision of one (region, indicator, period).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CurrentFigure {
    pub region: String,
    pub indicator: String,
    pub period: String,
    pub value: f64,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub struct Revision {
    pub period: String,
    pub value: f64,
    pub basis: String,
    pub recorded_at: String,
    pub recorded_by: String,
    pub note: Option<String>,
    pub source: String,
}

/// Rows per multi-row INSERT: 9 parameters each stays far below SQLite's limit.
const BATCH: usize = 200;

impl Store {
    /// Record figures in one transaction. A figure equal (value and basis) to
    /// the current one is unchanged and writes nothing; `dry_run` classifies
    /// without writing.
    pub async fn write_figures(
        &self,
        figures: &[NewFigure<'_>],
        recorded_by: &str,
        source: &str,
        dry_run: bool,
    ) -> Result<WriteSummary> {
        let now = timestamp(Utc::now());
        self.write(async |tx| {
            let mut summary = WriteSummary::default();
            let mut to_insert = Vec::with_capacity(figures.len());
            let mut current: HashMap<(&str, &str), StoredSeries> = HashMap::new();
            for f in figures {
                let key = (f.region, f.indicator);
                if let Entry::Vacant(slot) = current.entry(key) {
                    slot.insert(load_series(tx, f.region, f.indicator).await?);
                }
                match current[&key].get(&f.period.to_string()) {
                    None => {
                        summary.new += 1;
                        to_insert.push(f);
                    }
                    Some((v, b)) if *v == f.value && b == f.basis.as_str() => {
                        summary.unchanged += 1
                    }
                    Some(_) => {
                        summary.revised += 1;
                        to_insert.push(f);
                    }
                }
            }
            if dry_run {
                return Ok(summary);
            }
            for chunk in to_insert.chunks(BATCH) {
                insert_chunk(tx, chunk, &now, recorded_by, source)
                    .await
                    .context("writing figures")?;
            }
            Ok(summary)
        })
        .await
    }

    /// Current figures of every series (as known at `known_at`), sorted by
    /// region, indicator, period.
    pub async fn current_figures(
        &self,
        known_at: Option<DateTime<Utc>>,
    ) -> Result<Vec<CurrentFigure>> {
        // SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
        Ok(sqlx::query_as(
            "SELECT region, indicator, period, value, basis, max(id) AS id FROM figure
             WHERE recorded_at <= ?1 GROUP BY region, indicator, period ORDER BY region, indicator, period",
        )
        .bind(known_bound(known_at))
        .fetch_all(self.readers())
        .await?)
    }

    /// Every revision of a series (optionally one period), oldest first.
    pub async fn history(
        &self,
        region: &str,
        indicator: &str,
        period: Option<&str>,
    ) -> Result<Vec<Revision>> {
        Ok(sqlx::query_as(
            "SELECT period, value, basis, recorded_at, recorded_by, note, source FROM figure
             WHERE region = ?1 AND indicator = ?2 AND (?3 IS NULL OR period = ?3) ORDER BY period, id",
        )
        .bind(region)
        .bind(indicator)
        .bind(period)
        .fetch_all(self.readers())
        .await?)
    }

    pub async fn figure_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM figure")
            .fetch_one(self.readers())
            .await?)
    }
}

async fn load_series(
    tx: &mut Transaction<'_, Sqlite>,
    region: &str,
    indicator: &str,
) -> Result<StoredSeries> {
    let rows: Vec<(String, f64, String, i64)> = sqlx::query_as(
        "SELECT period, value, basis, max(id) FROM figure WHERE region = ?1 AND indicator = ?2 GROUP BY period",
    )
    .bind(region)
    .bind(indicator)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|(p, v, b, _)| (p, (v, b))).collect())
}

pub(super) async fn insert_chunk(
    tx: &mut Transaction<'_, Sqlite>,
    chunk: &[&NewFigure<'_>],
    now: &str,
    recorded_by: &str,
    source: &str,
) -> Result<()> {
    let mut sql = String::from(
        "INSERT INTO figure (region, indicator, period, value, basis, recorded_at, recorded_by, note, source) VALUES ",
    );
    for i in 0..chunk.len() {
        sql.push_str(if i == 0 {
            "(?,?,?,?,?,?,?,?,?)"
        } else {
            ",(?,?,?,?,?,?,?,?,?)"
        });
    }
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for f in chunk {
        q = q
            .bind(f.region)
            .bind(f.indicator)
            .bind(f.period.to_string())
            .bind(f.value)
            .bind(f.basis.as_str())
            .bind(now)
            .bind(recorded_by)
            .bind(f.note)
            .bind(source);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}
