//! Group commit: several independent writes (one per HTTP request) in one
//! `BEGIN IMMEDIATE` transaction, so concurrent single-figure writes share
//! one fsync instead of queueing for one each. Each group is classified
//! (new / revised / unchanged) as if the groups had been written one after
//! another, in order.

use super::figures::insert_chunk;
use super::{NewFigure, Store, WriteSummary, timestamp};
use crate::domain::{Basis, Period};
use anyhow::{Context, Result};
use chrono::Utc;
use std::collections::HashMap;

/// A figure that owns its text (it crosses a channel to the writer task).
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedFigure {
    pub region: String,
    pub indicator: String,
    pub period: Period,
    pub value: f64,
    pub basis: Basis,
    pub note: Option<String>,
}

impl OwnedFigure {
    pub fn as_new(&self) -> NewFigure<'_> {
        NewFigure {
            region: &self.region,
            indicator: &self.indicator,
            period: self.period,
            value: self.value,
            basis: self.basis,
            note: self.note.as_deref(),
        }
    }
}

/// One caller's write: all its figures, who and how.
#[derive(Debug, Clone)]
pub struct FigureGroup {
    pub figures: Vec<OwnedFigure>,
    pub recorded_by: String,
    pub source: String,
}

/// Current (value, basis) by (region, indicator, period).
type Current = HashMap<(String, String, String), (f64, String)>;

/// Keys per lookup query: the JSON parameter stays a few hundred kilobytes.
const KEYS_PER_QUERY: usize = 5_000;

/// What [`Store::write_figure_groups`] did: one summary per group, and the
/// largest figure id before and after (see [`super::SeriesCache`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupsWritten {
    pub summaries: Vec<WriteSummary>,
    pub before: i64,
    pub after: i64,
}

impl Store {
    /// Write every group in one transaction; one summary per group, in order.
    pub async fn write_figure_groups(&self, groups: &[FigureGroup]) -> Result<GroupsWritten> {
        let now = timestamp(Utc::now());
        let mut keys: Vec<(&str, &str, String)> = groups
            .iter()
            .flat_map(|g| &g.figures)
            .map(|f| {
                (
                    f.region.as_str(),
                    f.indicator.as_str(),
                    f.period.to_string(),
                )
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        self.write(async |tx| {
            let before = max_figure_id(tx).await?;
            let mut current = current_values(tx, &keys).await?;
            let mut out = Vec::with_capacity(groups.len());
            for g in groups {
                let mut summary = WriteSummary::default();
                let mut to_insert = Vec::with_capacity(g.figures.len());
                for f in &g.figures {
                    let key = (f.region.clone(), f.indicator.clone(), f.period.to_string());
                    match current.get(&key) {
                        Some((v, b)) if *v == f.value && b == f.basis.as_str() => {
                            summary.unchanged += 1;
                            continue;
                        }
                        Some(_) => summary.revised += 1,
                        None => summary.new += 1,
                    }
                    // Later groups see this figure as the current one.
                    current.insert(key, (f.value, f.basis.as_str().to_string()));
                    to_insert.push(f.as_new());
                }
                let refs: Vec<&NewFigure> = to_insert.iter().collect();
                for chunk in refs.chunks(200) {
                    insert_chunk(tx, chunk, &now, &g.recorded_by, &g.source)
                        .await
                        .context("writing figures")?;
                }
                out.push(summary);
            }
            Ok(GroupsWritten {
                summaries: out,
                before,
                after: max_figure_id(tx).await?,
            })
        })
        .await
    }
}

async fn max_figure_id(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM figure")
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// The current figure of each key, looked up in a few queries (the keys go
/// in as one JSON array) rather than one query per series: a batch touching
/// a thousand series would otherwise read every figure of each. CROSS JOIN
/// keeps the keys as the outer loop, so each key is one primary-key lookup
/// rather than a scan of every current figure.
async fn current_values(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    keys: &[(&str, &str, String)],
) -> Result<Current> {
    let mut out = Current::with_capacity(keys.len());
    for chunk in keys.chunks(KEYS_PER_QUERY) {
        let json = serde_json::to_string(chunk)?;
        let rows: Vec<(String, String, String, f64, String)> = sqlx::query_as(
            "SELECT k.value ->> 0, k.value ->> 1, k.value ->> 2, c.value, c.basis
             FROM json_each(?1) AS k
             CROSS JOIN figure_current AS c
               ON c.region = k.value ->> 0 AND c.indicator = k.value ->> 1 AND c.period = k.value ->> 2",
        )
        .bind(json)
        .fetch_all(&mut **tx)
        .await
        .context("reading current figures")?;
        out.extend(rows.into_iter().map(|(r, i, p, v, b)| ((r, i, p), (v, b))));
    }
    Ok(out)
}
