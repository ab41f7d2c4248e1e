//! Bringing `figure_current` up to date from the append-only revision table
//! (migrations/0009). Revisions above `figure_fold.id` are the unfolded
//! tail; folding upserts them into `figure_current` in key order, a chunk of
//! ids at a time, and moves the mark. Every revision ever committed is
//! therefore either folded or in the tail, whoever wrote it.

use super::Store;
use anyhow::{Context, Result};
use sqlx::{Sqlite, Transaction};

/// Revisions folded per statement: the sort stays a few megabytes.
const FOLD_CHUNK: i64 = 50_000;

/// The fold mark and the largest revision id.
pub(super) async fn marks(tx: &mut Transaction<'_, Sqlite>) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT id FROM figure_fold), (SELECT coalesce(max(id), 0) FROM figure)",
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Fold every revision not yet in `figure_current` (inside a write transaction).
pub(super) async fn fold(tx: &mut Transaction<'_, Sqlite>) -> Result<()> {
    let (mut mark, newest) = marks(tx).await?;
    if mark >= newest {
        return Ok(());
    }
    while mark < newest {
        let upto = newest.min(mark + FOLD_CHUNK);
        // In id order, so within a key the latest revision comes last and
        // wins. Writers insert each transaction's rows in key order, so this
        // mostly visits the index pages in order without a sort.
        sqlx::query(
            "INSERT INTO figure_current (region, indicator, period, figure_id, value, basis)
             SELECT region, indicator, period, id, value, basis FROM figure
             WHERE id > ?1 AND id <= ?2
             ORDER BY id
             ON CONFLICT (region, indicator, period) DO UPDATE
                 SET figure_id = excluded.figure_id, value = excluded.value, basis = excluded.basis",
        )
        .bind(mark)
        .bind(upto)
        .execute(&mut **tx)
        .await
        .context("folding revisions into the current figures")?;
        mark = upto;
    }
    sqlx::query("UPDATE figure_fold SET id = ?1")
        .bind(mark)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Make `figure_current` hold every committed revision before reading
    /// it: a no-op (one small read) unless a writer left a tail.
    pub async fn ensure_folded(&self) -> Result<()> {
        if self.unfolded().await? > 0 {
            self.write(async |tx| fold(tx).await).await?;
        }
        Ok(())
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
    use crate::domain::{Basis, Period};
    use crate::store::{CurrentFigure, FigureGroup, NewFigure, OwnedFigure};
    use chrono::Utc;

    const CATALOGUE: &str = r#"
[[region]]
id = "a"
name = "A"
[[region]]
id = "b"
name = "B"
[[indicator]]
id = "m"
name = "M"
unit = "u"
frequency = "monthly"
measure = "flow"
"#;

    async fn store() -> (tempfile::TempDir, Store) {
        crate::store::test_store(CATALOGUE).await
    }

    fn month(n: u64) -> Period {
        format!("20{:02}-{:02}", 10 + n / 12, n % 12 + 1)
            .parse()
            .unwrap()
    }

    fn figure(region: &str, n: u64, value: f64) -> OwnedFigure {
        OwnedFigure {
            region: region.into(),
            indicator: "m".into(),
            period: month(n),
            value,
            basis: Basis::Period,
            note: None,
        }
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
            let (_, windows) = store
                .current_windows(&[(region, "m", month(0))])
                .await
                .unwrap();
            let got: usize = windows.iter().map(|w| w.figures.len()).sum();
            assert_eq!(got, mine.len());
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
                    recorded_by: "x".into(),
                    source: "api".into(),
                },
                FigureGroup {
                    figures: (10..30)
                        .map(|n| figure("b", n, (n + round) as f64))
                        .collect(),
                    recorded_by: "y".into(),
                    source: "api".into(),
                },
            ];
            store.write_figure_groups(&groups, None).await.unwrap();
            assert!(
                store.unfolded().await.unwrap() > 0,
                "the writer leaves a tail"
            );
            assert_readers_agree(&store).await;
            assert_eq!(store.unfolded().await.unwrap(), 0, "reading folded it");
        }
    }

    #[tokio::test]
    async fn revisions_written_past_waymark_are_folded_too() {
        let (_dir, store) = store().await;
        let owned = [figure("a", 1, 5.0), figure("a", 2, 6.0)];
        let new: Vec<NewFigure> = owned
            .iter()
            .map(|f| NewFigure {
                region: &f.region,
                indicator: &f.indicator,
                period: f.period,
                value: f.value,
                basis: f.basis,
                note: None,
            })
            .collect();
        store.write_figures(&new, "t", "t", false).await.unwrap();
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
        let figures: Vec<OwnedFigure> = (0..1000).map(|n| figure("a", n, 1.0)).collect();
        for round in 0..60 {
            let groups = vec![FigureGroup {
                figures: figures
                    .iter()
                    .map(|f| OwnedFigure {
                        value: f64::from(round),
                        ..f.clone()
                    })
                    .collect(),
                recorded_by: "x".into(),
                source: "api".into(),
            }];
            store.write_figure_groups(&groups, None).await.unwrap();
            let tail = store.unfolded().await.unwrap();
            assert!(tail <= crate::store::batch::MAX_UNFOLDED, "{tail} unfolded");
        }
        assert_readers_agree(&store).await;
    }
}
