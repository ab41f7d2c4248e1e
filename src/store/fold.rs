//! Bringing `figure_current` up to date from the append-only revision table
//! (migrations/0009). Revisions above `figure_fold.id` are the unfolded
//! tail; folding upserts them into `figure_current` in key order, a chunk of
//! ids at a time, and moves the mark. Every revision ever committed is
//! therefore either folded or in the tail, whoever wrote it. Only writers
//! fold, a bounded number of revisions per transaction; readers lay the
//! tail over `figure_current` instead (src/store/tail.rs), so a read never
//! needs a write.

use super::Result;
use super::Store;
use anyhow::Context;
use sqlx::SqliteConnection;

/// Revisions folded per statement: the sort stays a few megabytes.
const FOLD_CHUNK: i64 = 50_000;

/// Revisions folded per transaction at most: folding the tail a large import
/// leaves holds other writers up for a fraction of a second at a time, not
/// for the whole tail. Each commit also costs a checkpoint and its syncs,
/// so not much less either.
pub(super) const FOLD_PER_TRANSACTION: i64 = 250_000;

/// The pause between two transactions of a long fold (see [`Store::fold_until`]).
const FOLD_GAP: std::time::Duration = std::time::Duration::from_millis(100);

/// The fold mark and the largest revision id.
pub(super) async fn marks(conn: &mut SqliteConnection) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT id FROM figure_fold), (SELECT coalesce(max(id), 0) FROM figure)",
    )
    .fetch_one(conn)
    .await?)
}

/// Fold the revisions after the mark up to id `upto` at most (inside a write
/// transaction); the new mark.
pub(super) async fn fold_to(conn: &mut SqliteConnection, upto: i64) -> Result<i64> {
    let (mut mark, newest) = marks(conn).await?;
    let end = newest.min(upto);
    if mark >= end {
        return Ok(mark);
    }
    while mark < end {
        let chunk_end = end.min(mark + FOLD_CHUNK);
        // In id order, so within a key the latest revision comes last and
        // wins. Writers insert each transaction's rows in key order, so this
        // mostly visits the index pages in order without a sort.
        sqlx::query(
            "INSERT INTO figure_current (region, indicator, period, figure_id, value, basis, flag)
             SELECT region, indicator, period, id, value, basis, flag FROM figure
             WHERE id > ?1 AND id <= ?2
             ORDER BY id
             ON CONFLICT (region, indicator, period) DO UPDATE
                 SET figure_id = excluded.figure_id, value = excluded.value,
                     basis = excluded.basis, flag = excluded.flag",
        )
        .bind(mark)
        .bind(chunk_end)
        .execute(&mut *conn)
        .await
        .context("folding revisions into the current figures")?;
        mark = chunk_end;
    }
    sqlx::query("UPDATE figure_fold SET id = ?1")
        .bind(mark)
        .execute(&mut *conn)
        .await?;
    Ok(mark)
}

/// Fold a bounded share of the tail (see [`FOLD_PER_TRANSACTION`]); the new mark.
pub(super) async fn fold_some(conn: &mut SqliteConnection) -> Result<i64> {
    let (mark, _) = marks(conn).await?;
    fold_to(conn, mark.saturating_add(FOLD_PER_TRANSACTION)).await
}

impl Store {
    /// Fold every revision committed so far, one bounded transaction at a
    /// time so that other writers get in between. Reads do not need this;
    /// it keeps them fast, and leaves a file that needs no fold (a
    /// read-only copy, say).
    pub(crate) async fn fold_pending(&self) -> Result<()> {
        let newest = self.figure_epoch().await?;
        self.fold_until(newest).await
    }

    /// Fold, a transaction at a time, until every revision up to id `upto`
    /// (or the newest, if fewer) is folded.
    pub(super) async fn fold_until(&self, upto: i64) -> Result<()> {
        loop {
            let (mark, newest) = self
                .write(async |tx| {
                    let (mark, newest) = marks(tx).await?;
                    let mark =
                        fold_to(tx, upto.min(mark.saturating_add(FOLD_PER_TRANSACTION))).await?;
                    Ok((mark, newest))
                })
                .await?;
            if mark >= upto.min(newest) {
                return Ok(());
            }
            // SQLite wakes a writer waiting in another process on a timer
            // (every 100 ms once it has waited a while), not when the lock
            // is released: without a gap this loop would take the lock
            // again first every time, and keep that writer out throughout.
            tokio::time::sleep(FOLD_GAP).await;
        }
    }

    /// Fold one bounded transaction's worth of the tail; how many revisions
    /// are left unfolded.
    pub(crate) async fn fold_step(&self) -> Result<i64> {
        self.write(async |tx| {
            let mark = fold_some(tx).await?;
            let (_, newest) = marks(tx).await?;
            Ok(newest - mark)
        })
        .await
    }

    /// How many revisions are not yet folded.
    pub async fn unfolded(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT (SELECT coalesce(max(id), 0) FROM figure) - (SELECT id FROM figure_fold)",
        )
        .fetch_one(self.readers())
        .await?)
    }
}

#[cfg(test)]
mod tests {
    //! Whatever is left unfolded, and however it got there, every reader of
    //! current figures answers what the revision table says.
    use super::*;
    use crate::domain::Period;
    use crate::domain::{Channel, Figure, Provenance};
    use crate::store::{CurrentFigure, FigureGroup};
    use crate::test_support::{store, test_by, test_figure};
    use chrono::Utc;

    fn month(n: u64) -> Period {
        format!("20{:02}-{:02}", 10 + n / 12, n % 12 + 1)
            .parse()
            .unwrap()
    }

    fn figure(region: &str, n: u64, value: f64) -> Figure {
        test_figure(region, "m", month(n), value)
    }

    fn api(by: &str) -> Provenance {
        Provenance::new(by, Channel::Api)
    }

    /// The current figures straight from the revision table (the latest
    /// revision of each key, as `--known-at` reads them).
    async fn from_revisions(store: &Store) -> Vec<CurrentFigure> {
        let far = Utc::now() + chrono::TimeDelta::days(1);
        store.current_figures(Some(far)).await.unwrap()
    }

    /// Every reader of figure_current against the revision table.
    async fn assert_readers_agree(store: &Store) {
        let want = from_revisions(store).await;
        assert_eq!(store.current_figures(None).await.unwrap(), want);
        let mut packed: Vec<CurrentFigure> = store
            .current_series(None)
            .await
            .unwrap()
            .into_iter()
            .flat_map(|s| {
                let (r, i) = (s.region.clone(), s.indicator.clone());
                s.figures.into_iter().map(move |(p, v, b)| CurrentFigure {
                    region: r.clone(),
                    indicator: i.clone(),
                    period: p.to_string(),
                    value: v,
                    basis: b.as_str().into(),
                    flag: None,
                })
            })
            .collect();
        packed.sort_by(|x, y| (&x.region, &x.period).cmp(&(&y.region, &y.period)));
        assert_eq!(packed, want);
        for region in ["a", "b"] {
            let mine: Vec<CurrentFigure> = want
                .iter()
                .filter(|c| c.region == region)
                .cloned()
                .collect();
            assert_eq!(store.series_figures(region, "m").await.unwrap(), mine);
            let mut of = store.current_series_of(region, "m").await.unwrap();
            of.sort_by_key(|(p, _, _)| *p);
            let of: Vec<(String, f64)> = of.iter().map(|(p, v, _)| (p.to_string(), *v)).collect();
            let expect: Vec<(String, f64)> =
                mine.iter().map(|c| (c.period.clone(), c.value)).collect();
            assert_eq!(of, expect);
            // A window from the middle of the series, and the epoch it reflects.
            let from = mine
                .get(mine.len() / 2)
                .map_or(month(0), |c| c.period.parse().unwrap());
            let (epoch, windows) = store.current_windows(&[(region, "m", from)]).await.unwrap();
            assert_eq!(epoch, store.figure_epoch().await.unwrap());
            let mut got: Vec<(String, f64)> = windows
                .iter()
                .flat_map(|w| w.figures.iter().map(|(p, v, _)| (p.to_string(), *v)))
                .collect();
            got.sort_by(|x, y| x.0.cmp(&y.0));
            let from = from.to_string();
            let expect: Vec<(String, f64)> =
                expect.into_iter().filter(|(p, _)| *p >= from).collect();
            assert_eq!(got, expect);
            let packed = store.current_series_for(&[(region, "m")]).await.unwrap();
            let n: usize = packed.iter().map(|s| s.figures.len()).sum();
            assert_eq!(n, mine.len());
        }
    }

    #[tokio::test]
    async fn readers_see_revisions_left_unfolded_by_the_http_writer() {
        let (_dir, store) = store().await;
        for round in 0..5u64 {
            let groups = vec![
                FigureGroup {
                    figures: (0..20)
                        .map(|n| figure("a", n, (n * round) as f64))
                        .collect(),
                    provenance: api("x"),
                    reviews: Vec::new(),
                },
                FigureGroup {
                    figures: (10..30)
                        .map(|n| figure("b", n, (n + round) as f64))
                        .collect(),
                    provenance: api("y"),
                    reviews: Vec::new(),
                },
            ];
            store.write_figure_groups(&groups, None).await.unwrap();
            let tail = store.unfolded().await.unwrap();
            assert!(tail > 0, "the writer leaves a tail");
            assert_readers_agree(&store).await;
            assert_eq!(
                store.unfolded().await.unwrap(),
                tail,
                "reading wrote nothing"
            );
            if round % 2 == 1 {
                store.fold_pending().await.unwrap();
                assert_eq!(store.unfolded().await.unwrap(), 0);
                assert_readers_agree(&store).await;
            }
        }
    }

    /// Revisions added with plain SQL: `value` for the `n` months from 1000-01 of `region`.
    async fn add_by_hand(store: &Store, region: &str, n: u64, value: f64) {
        let mut w = store.writer.lock().await;
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
             INSERT INTO figure (region, indicator, period, value, basis, recorded_at, recorded_by, source)
             SELECT ?2, 'm', printf('%04d-%02d', 1000 + i / 12, i % 12 + 1), ?3, 'period',
                    '2026-01-01T00:00:00.000000Z', 'sql', 'sql' FROM n",
        )
        .bind(n as i64)
        .bind(region)
        .bind(value)
        .execute(&mut *w)
        .await
        .unwrap();
    }

    /// A figure for the `n`th month from 1000-01.
    fn early(region: &str, n: u64, value: f64) -> Figure {
        let period = format!("{:04}-{:02}", 1000 + n / 12, n % 12 + 1);
        Figure {
            period: period.parse().unwrap(),
            ..figure(region, 0, value)
        }
    }

    #[tokio::test]
    async fn a_tail_longer_than_one_fold_is_read_where_it_is_by_writers_and_readers() {
        let (_dir, store) = store().await;
        // Three rounds of revisions of n keys in each region, a's first:
        // 12/11 of a fold, so one fold leaves most of b's last round
        // unfolded, less than the HTTP writer leaves.
        let n = (FOLD_PER_TRANSACTION * 2 / 11) as u64;
        assert!(6 * n as i64 - FOLD_PER_TRANSACTION < crate::store::batch::MAX_UNFOLDED);
        for region in ["a", "b"] {
            for value in [1.0, 2.0, 3.0] {
                add_by_hand(&store, region, n, value).await;
            }
        }
        assert_eq!(store.unfolded().await.unwrap(), 6 * n as i64);
        // The HTTP writer folds one transaction's worth and reads the rest
        // of the tail for its keys: b's current values are its third round.
        let groups = vec![FigureGroup {
            figures: vec![
                early("b", n - 1, 3.0),
                early("b", n, 4.0),
                early("b", n - 2, 4.0),
            ],
            provenance: api("x"),
            reviews: Vec::new(),
        }];
        let w = store.write_figure_groups(&groups, None).await.unwrap();
        let s = w.summaries[0];
        assert_eq!((s.new, s.revised, s.unchanged), (1, 1, 1));
        let left = store.unfolded().await.unwrap();
        assert!(left > 0 && left < 6 * n as i64, "{left} left unfolded");
        assert_readers_agree(&store).await;
        // So does a CLI write, which reads without folding first.
        let f = [
            early("b", n - 3, 3.0),
            early("b", n - 1, 5.0),
            early("a", n, 1.0),
        ];
        let s = store.write_figures(&f, &test_by("t"), true).await.unwrap();
        assert_eq!((s.new, s.revised, s.unchanged), (1, 1, 1));
        store.fold_pending().await.unwrap();
        assert_eq!(store.unfolded().await.unwrap(), 0);
        assert_readers_agree(&store).await;
    }

    #[tokio::test]
    async fn revisions_written_past_waymark_are_folded_too() {
        let (_dir, store) = store().await;
        let new = [figure("a", 1, 5.0), figure("a", 2, 6.0)];
        store
            .write_figures(&new, &test_by("t"), false)
            .await
            .unwrap();
        assert_eq!(store.unfolded().await.unwrap(), 0, "write_figures folds");
        // A revision added with plain SQL (a repair by hand, another tool).
        let mut w = store.writer.lock().await;
        sqlx::query(
            "INSERT INTO figure (region, indicator, period, value, basis, recorded_at, recorded_by, source)
             VALUES ('a', 'm', '2010-02', 60, 'period', '2026-01-01T00:00:00.000000Z', 'sql', 'sql')",
        )
        .execute(&mut *w)
        .await
        .unwrap();
        drop(w);
        assert_readers_agree(&store).await;
        let a = store.series_figures("a", "m").await.unwrap();
        assert_eq!(
            a.iter().map(|c| c.value).collect::<Vec<_>>(),
            vec![60.0, 6.0]
        );
    }

    #[tokio::test]
    async fn the_http_writer_keeps_the_tail_bounded() {
        let (_dir, store) = store().await;
        let figures: Vec<Figure> = (0..1000).map(|n| figure("a", n, 1.0)).collect();
        for round in 0..60 {
            let groups = vec![FigureGroup {
                figures: figures
                    .iter()
                    .map(|f| Figure {
                        value: f64::from(round),
                        ..f.clone()
                    })
                    .collect(),
                provenance: api("x"),
                reviews: Vec::new(),
            }];
            store.write_figure_groups(&groups, None).await.unwrap();
            let tail = store.unfolded().await.unwrap();
            assert!(tail <= crate::store::batch::MAX_UNFOLDED, "{tail} unfolded");
        }
        assert_readers_agree(&store).await;
    }
}
