//! Recording figures from the command line and from pulls (`record`,
//! `import`, sources): all or nothing, without holding other writers up for
//! the length of a large import.
//!
//! Each figure is told new, revised or unchanged against a read snapshot
//! (`figure_current` and the unfolded tail), outside any write lock.
//! Revisions others commit meanwhile are caught up on the same way: they are
//! append-only and their ids grow in commit order, so reading the ids past
//! the snapshot's newest is all it takes. Only the last few are read inside
//! the write transaction, which then inserts the revisions and commits: the
//! write lock is held for the inserts alone. The fold that follows runs a
//! bounded transaction at a time.

use super::figures::{ROWS_PER_INSERT, insert_revisions};
use super::{NewFigure, Store, WriteSummary, fold, timestamp};
use crate::domain::{Basis, Period};
use anyhow::{Context, Result};
use chrono::Utc;
use sqlx::SqliteConnection;
use std::ops::Range;

/// Revisions read per query while catching up: memory stays bounded.
const REVISIONS_PER_READ: i64 = 50_000;
/// Series per query when reading current figures.
const SERIES_PER_READ: usize = 200;
/// Writes of at most this many revisions fold in their own transaction.
const FOLD_INLINE: usize = 10_000;
/// Catch up outside the write lock until at most this many revisions are
/// left to read inside it.
const CATCH_UP: i64 = 10_000;

impl Store {
    /// Record figures, all or nothing. A figure equal (value and basis) to
    /// the current one is unchanged and writes nothing; `dry_run` classifies
    /// without writing (and without taking the write lock).
    pub async fn write_figures(
        &self,
        figures: &[NewFigure<'_>],
        recorded_by: &str,
        source: &str,
        dry_run: bool,
    ) -> Result<WriteSummary> {
        let mut c = Classifier::new(figures);
        {
            let mut tx = self.readers().begin().await?;
            c.read_folded(&mut tx).await?;
            let (mark, newest) = fold::marks(&mut tx).await?;
            c.read_revisions(&mut tx, mark, newest).await?;
            tx.commit().await?;
        }
        loop {
            let newest = self.figure_epoch().await?;
            if newest - c.epoch <= CATCH_UP {
                break;
            }
            let mut conn = self.readers().acquire().await?;
            let from = c.epoch;
            c.read_revisions(&mut conn, from, newest).await?;
        }
        if dry_run {
            return Ok(c.summary());
        }
        let started = std::time::Instant::now();
        let (summary, mark, after) = self
            .write(async |tx| {
                let (_, newest) = fold::marks(tx).await?;
                let from = c.epoch;
                c.read_revisions(tx, from, newest).await?;
                let summary = c.summary();
                if summary.new + summary.revised > 0 {
                    let now = timestamp(Utc::now());
                    // In key order, which keeps the fold's index pages in order.
                    let mut chunk = Vec::with_capacity(ROWS_PER_INSERT);
                    for pos in 0..c.order.len() {
                        let i = c.order[pos] as usize;
                        if c.is_change(i) {
                            chunk.push((c.figures[i], recorded_by, source));
                        }
                        if chunk.len() == ROWS_PER_INSERT || pos + 1 == c.order.len() {
                            insert_revisions(tx, &chunk, &now).await?;
                            chunk.clear();
                        }
                    }
                }
                // A small write folds as it commits, in the same transaction;
                // a large one leaves the fold to bounded transactions after
                // it, so that its own stays short.
                let mark = if summary.new + summary.revised <= FOLD_INLINE {
                    fold::fold_some(tx).await?
                } else {
                    fold::marks(tx).await?.0
                };
                let (_, after) = fold::marks(tx).await?;
                Ok((summary, mark, after))
            })
            .await?;
        tracing::debug!(
            new = summary.new,
            revised = summary.revised,
            held = ?started.elapsed(),
            "figures published (waiting for and holding the write lock)"
        );
        if mark < after {
            // The revisions are committed: folding them is housekeeping that
            // readers do not depend on, so a failure here is not the write's.
            if let Err(e) = self.fold_until(after).await {
                tracing::warn!(error = %format!("{e:#}"), "folding the revisions just written");
            }
        }
        Ok(summary)
    }
}

/// The figures being written in key order, and each one's current value as
/// far as read.
struct Classifier<'f, 'a> {
    figures: &'f [NewFigure<'a>],
    /// Indexes into `figures`, sorted by key (region, indicator, period).
    order: Vec<u32>,
    /// By index into `figures`: the current value and basis, if any.
    current: Vec<Option<(f64, Basis)>>,
    /// Every revision up to this id is reflected in `current`.
    epoch: i64,
}

impl<'f, 'a> Classifier<'f, 'a> {
    fn new(figures: &'f [NewFigure<'a>]) -> Self {
        let mut order: Vec<u32> = (0..figures.len() as u32).collect();
        order.sort_unstable_by(|&x, &y| key(&figures[x as usize]).cmp(&key(&figures[y as usize])));
        Classifier {
            figures,
            order,
            current: vec![None; figures.len()],
            epoch: 0,
        }
    }

    /// Positions in `order` of the figures of one series.
    fn series(&self, region: &str, indicator: &str) -> Range<usize> {
        let lo = self
            .order
            .partition_point(|&i| series(&self.figures[i as usize]) < (region, indicator));
        let hi = self
            .order
            .partition_point(|&i| series(&self.figures[i as usize]) <= (region, indicator));
        lo..hi
    }

    /// Record that a stored revision (in commit order) is the current value of its key.
    fn set(&mut self, region: &str, indicator: &str, period: &str, value: f64, basis: &str) {
        let Ok(period) = period.parse::<Period>() else {
            return; // cannot be the key of any figure being written
        };
        let Ok(basis) = basis.parse::<Basis>() else {
            return;
        };
        let range = self.series(region, indicator);
        let within = &self.order[range.clone()];
        let lo = within.partition_point(|&i| self.figures[i as usize].period < period);
        let hi = within.partition_point(|&i| self.figures[i as usize].period <= period);
        for pos in range.start + lo..range.start + hi {
            self.current[self.order[pos] as usize] = Some((value, basis));
        }
    }

    /// The folded current figures of every series being written to.
    async fn read_folded(&mut self, conn: &mut SqliteConnection) -> Result<()> {
        let mut all: Vec<(&str, &str)> = self
            .order
            .iter()
            .map(|&i| series(&self.figures[i as usize]))
            .collect();
        all.dedup();
        for chunk in all.chunks(SERIES_PER_READ) {
            // CROSS JOIN keeps the series as the outer loop: a primary-key range each.
            let rows: Vec<(String, String, String, f64, String)> = sqlx::query_as(
                "SELECT c.region, c.indicator, c.period, c.value, c.basis
                 FROM json_each(?1) AS k
                 CROSS JOIN figure_current AS c ON c.region = k.value ->> 0 AND c.indicator = k.value ->> 1",
            )
            .bind(serde_json::to_string(chunk)?)
            .fetch_all(&mut *conn)
            .await
            .context("reading current figures")?;
            for (r, i, p, v, b) in rows {
                self.set(&r, &i, &p, v, &b);
            }
        }
        Ok(())
    }

    /// Lay the revisions with ids in (`from`, `to`] over `current`, in
    /// commit order, a bounded page at a time.
    async fn read_revisions(
        &mut self,
        conn: &mut SqliteConnection,
        from: i64,
        to: i64,
    ) -> Result<()> {
        let mut at = from;
        while at < to {
            let end = to.min(at + REVISIONS_PER_READ);
            let rows: Vec<(String, String, String, f64, String)> = sqlx::query_as(
                "SELECT region, indicator, period, value, basis FROM figure
                 WHERE id > ?1 AND id <= ?2 ORDER BY id",
            )
            .bind(at)
            .bind(end)
            .fetch_all(&mut *conn)
            .await
            .context("reading recent revisions")?;
            for (r, i, p, v, b) in rows {
                self.set(&r, &i, &p, v, &b);
            }
            at = end;
        }
        self.epoch = self.epoch.max(to);
        Ok(())
    }

    fn is_change(&self, i: usize) -> bool {
        let f = &self.figures[i];
        !matches!(self.current[i], Some((v, b)) if v == f.value && b == f.basis)
    }

    fn summary(&self) -> WriteSummary {
        let mut s = WriteSummary::default();
        for (i, current) in self.current.iter().enumerate() {
            match current {
                None => s.new += 1,
                Some(_) if self.is_change(i) => s.revised += 1,
                Some(_) => s.unchanged += 1,
            }
        }
        s
    }
}

fn series<'a>(f: &NewFigure<'a>) -> (&'a str, &'a str) {
    (f.region, f.indicator)
}

fn key<'a>(f: &NewFigure<'a>) -> (&'a str, &'a str, Period) {
    (f.region, f.indicator, f.period)
}
