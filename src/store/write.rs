//! Recording figures from the command line and from pulls (`record`,
//! `import`, sources): all or nothing, without holding other writers up for
//! the length of a large import.
//!
//! Each figure is told new, revised or unchanged against a read snapshot
//! (`figure_current` and the unfolded tail), outside any write lock.
//! Revisions others commit meanwhile are caught up on the same way: they are
//! append-only and their ids grow in commit order, so reading the ids past
//! the snapshot's newest is all it takes. A large write then stages its new
//! and revised figures (src/store/stage.rs), still outside the lock. Only
//! the last few revisions are read inside the write transaction, which
//! then inserts the figures (a large write's with one statement from its
//! staging table) and commits: the write lock is held for the inserts
//! alone, about 1.5 s for 1.3 million revisions here. The fold that follows
//! runs a bounded transaction at a time.

use super::Result;
use super::figures::{ROWS_PER_INSERT, Stamp, insert_revisions};
use super::review::{self, ForReview};
use super::stage::{self, Stage};
use super::{Store, WriteSummary, fold, timestamp};
use crate::domain::{Basis, Figure, Flag, Period, Provenance};
use anyhow::Context;
use chrono::Utc;
use sqlx::SqliteConnection;
use std::ops::Range;
use std::time::{Duration, Instant};

/// Revisions read per query while catching up: memory stays bounded.
const REVISIONS_PER_READ: i64 = 50_000;
/// Up to this many series, reading revisions filters by series in SQL.
const SERIES_TO_FILTER: usize = 10_000;
/// Series per query when reading current figures.
const SERIES_PER_READ: usize = 200;
/// Writes of at most this many revisions fold in their own transaction.
const FOLD_INLINE: usize = 10_000;
/// Writes of more than this many revisions are staged first (src/store/stage.rs).
const STAGE_ABOVE: usize = 10_000;
/// Catch up outside the write lock until at most this many revisions are
/// left to read inside it.
const CATCH_UP: i64 = 10_000;

impl Store {
    /// Record figures, all or nothing. A figure equal (value, basis and
    /// flag) to the current one is unchanged and writes nothing; `dry_run`
    /// classifies without writing (and without taking the write lock).
    pub async fn write_figures(
        &self,
        figures: &[Figure],
        provenance: &Provenance,
        dry_run: bool,
    ) -> Result<WriteSummary> {
        self.write_figures_reviewed(figures, &[], provenance, dry_run)
            .await
    }

    /// As [`Store::write_figures`], keeping `reviews` for review in the
    /// same transaction (src/store/review.rs): held ones are not among
    /// `figures`, confirmed ones are.
    pub(crate) async fn write_figures_reviewed(
        &self,
        figures: &[Figure],
        reviews: &[ForReview],
        provenance: &Provenance,
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
        self.catch_up(&mut c).await?;
        if dry_run {
            return Ok(c.summary());
        }
        let by = &Stamp::of(provenance);
        let (p, started) = if c.changes() > STAGE_ABOVE {
            let mut stage = Stage::open(self).await?;
            c.stage(&mut stage.conn, by).await?;
            tracing::debug!(figures = figures.len(), "figures staged");
            self.catch_up(&mut c).await?;
            let started = Instant::now();
            let p = self
                .write_on(&mut stage.conn, async |tx| {
                    c.publish(tx, by, started, reviews).await
                })
                .await?;
            (p, started)
        } else {
            let started = Instant::now();
            let p = self
                .write(async |tx| c.publish(tx, by, started, reviews).await)
                .await?;
            (p, started)
        };
        tracing::debug!(
            new = p.summary.new,
            revised = p.summary.revised,
            waited = ?p.locked,
            held = ?p.held,
            committed = ?started.elapsed().saturating_sub(p.locked + p.held),
            "figures published"
        );
        if p.summary.new + p.summary.revised > FOLD_INLINE {
            // The revisions are committed: folding them is housekeeping that
            // readers do not depend on, so a failure here is not the write's.
            match self.fold_until(p.after).await {
                Ok(()) => tracing::debug!("figures folded"),
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "folding the revisions just written")
                }
            }
        }
        Ok(p.summary)
    }

    /// Read what others committed since `c`'s snapshot, outside any lock,
    /// until little is left for the write transaction to read.
    async fn catch_up(&self, c: &mut Classifier<'_>) -> Result<()> {
        loop {
            let newest = self.figure_epoch().await?;
            if newest - c.epoch <= CATCH_UP {
                return Ok(());
            }
            let mut conn = self.readers().acquire().await?;
            let from = c.epoch;
            c.read_revisions(&mut conn, from, newest).await?;
        }
    }
}

/// What the publishing transaction did.
struct Published {
    summary: WriteSummary,
    /// The newest revision id after it.
    after: i64,
    /// How long it waited for the write lock, and held it until the commit.
    locked: Duration,
    held: Duration,
}

/// The figures being written in key order, and how each compares with its
/// current value as far as read.
struct Classifier<'f> {
    figures: &'f [Figure],
    /// Indexes into `figures`, sorted by key (region, indicator, period).
    order: Vec<u32>,
    /// By index into `figures`: how it compares with the current figure
    /// (a byte each: an import may hold a million).
    current: Vec<Versus>,
    /// Every revision up to this id is reflected in `current`.
    epoch: i64,
    /// While publishing: indexes into `figures` whose current value was
    /// read inside the write transaction.
    touched: Option<Vec<u32>>,
    /// By index into `figures`: whether it is in the staging table.
    staged: Vec<bool>,
}

impl<'f> Classifier<'f> {
    fn new(figures: &'f [Figure]) -> Self {
        let mut order: Vec<u32> = (0..figures.len() as u32).collect();
        order.sort_unstable_by(|&x, &y| figures[x as usize].key().cmp(&figures[y as usize].key()));
        Classifier {
            figures,
            order,
            current: vec![Versus::Nothing; figures.len()],
            epoch: 0,
            touched: None,
            staged: Vec::new(),
        }
    }

    /// Positions in `order` of the figures of one series.
    fn series(&self, region: &str, indicator: &str) -> Range<usize> {
        let lo = self
            .order
            .partition_point(|&i| self.figures[i as usize].series() < (region, indicator));
        let hi = self
            .order
            .partition_point(|&i| self.figures[i as usize].series() <= (region, indicator));
        lo..hi
    }

    /// Record that a stored revision (in commit order) is the current value of its key.
    fn set(&mut self, (region, indicator, period, value, basis, flag): Row) {
        let Ok(period) = period.parse::<Period>() else {
            return; // cannot be the key of any figure being written
        };
        // A revision that does not read back is no figure's equal.
        let stored = basis
            .parse::<Basis>()
            .ok()
            .zip(Flag::parse(flag.as_deref().unwrap_or("")).ok());
        let range = self.series(&region, &indicator);
        let within = &self.order[range.clone()];
        let lo = within.partition_point(|&i| self.figures[i as usize].period < period);
        let hi = within.partition_point(|&i| self.figures[i as usize].period <= period);
        for pos in range.start + lo..range.start + hi {
            let i = self.order[pos];
            let f = &self.figures[i as usize];
            self.current[i as usize] = match stored {
                Some((basis, flag)) if f.same_as(value, basis, flag) => Versus::Same,
                _ => Versus::Different,
            };
            if let Some(touched) = &mut self.touched {
                touched.push(i);
            }
        }
    }

    /// The series (region, indicator) being written to, in order.
    fn all_series(&self) -> Vec<(&'f str, &'f str)> {
        let mut all: Vec<(&str, &str)> = self
            .order
            .iter()
            .map(|&i| self.figures[i as usize].series())
            .collect();
        all.dedup();
        all
    }

    /// The folded current figures of every series being written to.
    async fn read_folded(&mut self, conn: &mut SqliteConnection) -> Result<()> {
        for chunk in self.all_series().chunks(SERIES_PER_READ) {
            // CROSS JOIN keeps the series as the outer loop: a primary-key range each.
            let rows: Vec<Row> = sqlx::query_as(
                "SELECT c.region, c.indicator, c.period, c.value, c.basis, c.flag
                 FROM json_each(?1) AS k
                 CROSS JOIN figure_current AS c ON c.region = k.value ->> 0 AND c.indicator = k.value ->> 1",
            )
            .bind(serde_json::to_string(chunk)?)
            .fetch_all(&mut *conn)
            .await
            .context("reading current figures")?;
            for row in rows {
                self.set(row);
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
        // Only the revisions of the series being written cross the driver
        // (a small write after a large import has a long tail to look
        // through), unless there are too many series to list.
        let series = self.all_series();
        let only = (series.len() <= SERIES_TO_FILTER).then(|| serde_json::to_string(&series));
        let only = only.transpose()?;
        let mut at = from;
        while at < to {
            let end = to.min(at + REVISIONS_PER_READ);
            let rows: Vec<Row> = sqlx::query_as(
                "SELECT region, indicator, period, value, basis, flag FROM figure
                 WHERE id > ?1 AND id <= ?2
                   AND (?3 IS NULL OR (region, indicator) IN
                        (SELECT value ->> 0, value ->> 1 FROM json_each(?3)))
                 ORDER BY id",
            )
            .bind(at)
            .bind(end)
            .bind(only.as_deref())
            .fetch_all(&mut *conn)
            .await
            .context("reading recent revisions")?;
            for row in rows {
                self.set(row);
            }
            at = end;
        }
        self.epoch = self.epoch.max(to);
        Ok(())
    }

    fn is_change(&self, i: usize) -> bool {
        self.current[i] != Versus::Same
    }

    /// How many figures are new or revised.
    fn changes(&self) -> usize {
        (0..self.figures.len())
            .filter(|&i| self.is_change(i))
            .count()
    }

    /// Stage the new and revised figures, in key order, outside any lock.
    async fn stage(&mut self, conn: &mut SqliteConnection, by: &Stamp<'_>) -> Result<()> {
        self.staged = vec![false; self.figures.len()];
        let mut chunk = Vec::with_capacity(ROWS_PER_INSERT);
        for pos in 0..self.order.len() {
            let i = self.order[pos] as usize;
            if self.is_change(i) {
                chunk.push((&self.figures[i], by));
                self.staged[i] = true;
            }
            if chunk.len() == ROWS_PER_INSERT || pos + 1 == self.order.len() {
                stage::add(conn, &chunk).await?;
                chunk.clear();
            }
        }
        Ok(())
    }

    /// Inside the write transaction: read the last revisions others
    /// committed, and write the new and revised figures (from the staging
    /// table when there is one on `conn`, else directly); a small write also
    /// folds. `started` is when the caller asked for the lock.
    async fn publish(
        &mut self,
        conn: &mut SqliteConnection,
        by: &Stamp<'_>,
        started: Instant,
        reviews: &[ForReview],
    ) -> Result<Published> {
        let locked = started.elapsed();
        let (_, newest) = fold::marks(conn).await?;
        self.touched = Some(Vec::new());
        let from = self.epoch;
        self.read_revisions(conn, from, newest).await?;
        let mut summary = self.summary();
        let now = timestamp(Utc::now());
        // Before the revisions: a confirmed figure is compared with the
        // revision it replaces, not with itself.
        summary.held = review::insert(conn, reviews, by, &now).await?;
        if self.staged.is_empty() {
            let mut chunk = Vec::with_capacity(ROWS_PER_INSERT);
            for pos in 0..self.order.len() {
                let i = self.order[pos] as usize;
                if self.is_change(i) {
                    chunk.push((&self.figures[i], by));
                }
                if chunk.len() == ROWS_PER_INSERT || pos + 1 == self.order.len() {
                    insert_revisions(conn, &chunk, &now).await?;
                    chunk.clear();
                }
            }
        } else {
            // Figures whose current value someone else changed since they
            // were staged: in or out according to that value.
            let mut touched = self.touched.take().unwrap_or_default();
            touched.sort_unstable();
            touched.dedup();
            for &i in &touched {
                let i = i as usize;
                match (self.is_change(i), self.staged[i]) {
                    (true, false) => stage::add(conn, &[(&self.figures[i], by)]).await?,
                    (false, true) => stage::remove(conn, &self.figures[i]).await?,
                    _ => {}
                }
            }
            stage::publish(conn, &now).await?;
        }
        // A small write folds as it commits, in the same transaction; a
        // large one leaves the fold to bounded transactions after it, so
        // that its own stays short.
        if summary.new + summary.revised <= FOLD_INLINE {
            fold::fold_some(conn).await?;
        }
        let (_, after) = fold::marks(conn).await?;
        Ok(Published {
            summary,
            after,
            locked,
            held: started.elapsed() - locked,
        })
    }

    fn summary(&self) -> WriteSummary {
        let mut s = WriteSummary::default();
        for current in &self.current {
            match current {
                Versus::Nothing => s.new += 1,
                Versus::Different => s.revised += 1,
                Versus::Same => s.unchanged += 1,
            }
        }
        s
    }
}

/// A figure against the current figure of its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Versus {
    /// None stored: the figure is new.
    Nothing,
    /// Equal value, basis and flag: unchanged.
    Same,
    /// A revision.
    Different,
}

/// A stored revision as read: region, indicator, period, value, basis, flag.
type Row = (String, String, String, f64, String, Option<String>);

#[cfg(test)]
mod tests {
    //! Revisions committed by others between the snapshot a write is
    //! classified against and its publishing transaction count, whether the
    //! write is staged or not.
    use super::*;
    use crate::domain::{Channel, Provenance};
    use crate::store::FigureGroup;
    use crate::test_support::{store, test_figure};

    fn figure(n: u64, value: f64) -> Figure {
        let period = format!("{:04}-{:02}", 1000 + n / 12, n % 12 + 1);
        test_figure("a", "m", period.parse().unwrap(), value)
    }

    fn me() -> Provenance {
        Provenance::new("me", Channel::Import("x".into()))
    }

    /// Another writer (the HTTP API) sets these figures.
    async fn others_write(store: &Store, figures: &[(u64, f64)]) {
        let groups = [FigureGroup {
            figures: figures.iter().map(|&(n, v)| figure(n, v)).collect(),
            provenance: Provenance::new("other", Channel::Api),
            reviews: Vec::new(),
        }];
        store.write_figure_groups(&groups, None).await.unwrap();
    }

    async fn revisions(store: &Store, n: u64) -> Vec<(f64, String)> {
        let p = figure(n, 0.0).period.to_string();
        let h = store.history("a", "m", Some(&p)).await.unwrap();
        h.into_iter().map(|r| (r.value, r.recorded_by)).collect()
    }

    /// Classify `mine` (every figure 1.0), let others write, then publish.
    async fn interleaved(count: u64) -> (tempfile::TempDir, Store, WriteSummary) {
        let (dir, store) = store().await;
        // Before: 0..5 equal to mine, 6 different.
        others_write(
            &store,
            &[
                (0, 1.0),
                (1, 1.0),
                (2, 1.0),
                (3, 1.0),
                (4, 1.0),
                (5, 1.0),
                (6, 0.0),
            ],
        )
        .await;
        let mine: Vec<Figure> = (0..count).map(|n| figure(n, 1.0)).collect();
        let mut c = Classifier::new(&mine);
        let mut tx = store.readers().begin().await.unwrap();
        c.read_folded(&mut tx).await.unwrap();
        let (mark, newest) = fold::marks(&mut tx).await.unwrap();
        c.read_revisions(&mut tx, mark, newest).await.unwrap();
        tx.commit().await.unwrap();
        let me = me();
        let by = &Stamp::of(&me);
        let staged = c.changes() > STAGE_ABOVE;
        let mut stage = Stage::open(&store).await.unwrap();
        if staged {
            c.stage(&mut stage.conn, by).await.unwrap();
        }
        // Meanwhile: 0 changes (mine becomes a revision), 6 and 100 take my
        // value (mine becomes unchanged), 200 gets another value.
        others_write(&store, &[(0, 5.0), (6, 1.0), (100, 1.0), (200, 9.0)]).await;
        let now = Instant::now();
        let p = if staged {
            store
                .write_on(&mut stage.conn, async |tx| {
                    c.publish(tx, by, now, &[]).await
                })
                .await
                .unwrap()
        } else {
            store
                .write(async |tx| c.publish(tx, by, now, &[]).await)
                .await
                .unwrap()
        };
        (dir, store, p.summary)
    }

    async fn check(count: u64) {
        let (_dir, store, s) = interleaved(count).await;
        // 1..5 unchanged, plus 6 and 100 now; 0 and 200 revised; the rest new.
        assert_eq!((s.unchanged, s.revised, s.new), (7, 2, count as usize - 9));
        assert_eq!(
            revisions(&store, 0).await,
            vec![
                (1.0, "other".into()),
                (5.0, "other".into()),
                (1.0, "me".into())
            ]
        );
        assert_eq!(
            revisions(&store, 6).await,
            vec![(0.0, "other".into()), (1.0, "other".into())]
        );
        assert_eq!(revisions(&store, 100).await, vec![(1.0, "other".into())]);
        assert_eq!(
            revisions(&store, 200).await,
            vec![(9.0, "other".into()), (1.0, "me".into())]
        );
        assert_eq!(revisions(&store, 7).await, vec![(1.0, "me".into())]);
        // Theirs (7 + 4), and mine: the new and the 2 revised.
        assert_eq!(
            store.figure_count().await.unwrap(),
            7 + 4 + (count as i64 - 9) + 2
        );
        let current = store.current_figures(None).await.unwrap();
        assert_eq!(current.len(), count as usize);
        assert!(current.iter().all(|f| f.value == 1.0));
    }

    #[tokio::test]
    async fn a_staged_write_counts_what_others_committed_after_it_was_staged() {
        check(STAGE_ABOVE as u64 + 100).await;
    }

    #[tokio::test]
    async fn a_direct_write_counts_what_others_committed_after_its_snapshot() {
        check(1_000).await;
    }

    #[tokio::test]
    async fn a_large_write_through_the_front_door_is_staged_published_and_folded() {
        let (_dir, store) = store().await;
        let mine: Vec<Figure> = (0..STAGE_ABOVE as u64 + 5)
            .map(|n| figure(n, 2.0))
            .collect();
        let s = store.write_figures(&mine, &me(), false).await.unwrap();
        assert_eq!(s.new, mine.len());
        assert_eq!(store.unfolded().await.unwrap(), 0);
        let again = store.write_figures(&mine, &me(), false).await.unwrap();
        assert_eq!(again.unchanged, mine.len());
        let recorded: Vec<String> = store
            .history("a", "m", None)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.recorded_at)
            .collect();
        assert_eq!(recorded.len(), mine.len());
        assert!(
            recorded
                .iter()
                .all(|t| t == &recorded[0] && t.ends_with('Z')),
            "one publishing time"
        );
    }
}
