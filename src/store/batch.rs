//! Group commit: several independent writes (one per HTTP request) in one
//! `BEGIN IMMEDIATE` transaction, so concurrent single-figure writes share
//! one fsync instead of queueing for one each. Each group is classified
//! (new / revised / unchanged) as if the groups had been written one after
//! another, in order.

use super::figures::{StoredSeries, insert_chunk, load_series};
use super::{NewFigure, Store, WriteSummary, timestamp};
use crate::domain::{Basis, Period};
use anyhow::{Context, Result};
use chrono::Utc;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

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

impl Store {
    /// Write every group in one transaction; one summary per group, in order.
    pub async fn write_figure_groups(&self, groups: &[FigureGroup]) -> Result<Vec<WriteSummary>> {
        let now = timestamp(Utc::now());
        self.write(async |tx| {
            let mut current: HashMap<(&str, &str), StoredSeries> = HashMap::new();
            let mut out = Vec::with_capacity(groups.len());
            for g in groups {
                let mut summary = WriteSummary::default();
                let mut to_insert = Vec::with_capacity(g.figures.len());
                for f in &g.figures {
                    let key = (f.region.as_str(), f.indicator.as_str());
                    let series = match current.entry(key) {
                        Entry::Occupied(e) => e.into_mut(),
                        Entry::Vacant(slot) => slot.insert(load_series(tx, key.0, key.1).await?),
                    };
                    let period = f.period.to_string();
                    match series.get(&period) {
                        Some((v, b)) if *v == f.value && b == f.basis.as_str() => {
                            summary.unchanged += 1;
                            continue;
                        }
                        Some(_) => summary.revised += 1,
                        None => summary.new += 1,
                    }
                    // Later groups see this figure as the current one.
                    series.insert(period, (f.value, f.basis.as_str().to_string()));
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
            Ok(out)
        })
        .await
    }
}
