//! What readers lay over `figure_current`: the latest unfolded revision of
//! each key (src/store/fold.rs), read in the same snapshot. Readers never
//! fold, since a fold is a write and reads must keep working on a full disk
//! or from a read-only file; writers keep the tail short instead.

use super::{CurrentFigure, StoredSeries};
use super::{Error, Result};
use crate::domain::{Basis, Flag, Period};
use anyhow::Context;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// The latest unfolded revision of each key, sorted by key; only of the
/// given series (region, indicator) when `series` is given. A rowid range
/// from the fold mark: cheap when the tail is short, and an empty tail costs
/// one index probe.
pub(super) async fn read(
    conn: &mut SqliteConnection,
    series: Option<&[(&str, &str)]>,
) -> Result<Vec<CurrentFigure>> {
    // SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
    let rows =
        match series {
            None => sqlx::query_as(
                "SELECT region, indicator, period, value, basis, flag, max(id) AS id FROM figure
                 WHERE id > (SELECT id FROM figure_fold)
                 GROUP BY region, indicator, period ORDER BY region, indicator, period",
            )
            .fetch_all(conn)
            .await,
            Some(series) => sqlx::query_as(
                "SELECT region, indicator, period, value, basis, flag, max(id) AS id FROM figure
                 WHERE id > (SELECT id FROM figure_fold)
                   AND (region, indicator) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?1))
                 GROUP BY region, indicator, period ORDER BY region, indicator, period",
            )
            .bind(serde_json::to_string(series)?)
            .fetch_all(conn)
            .await,
        };
    Ok(rows.context("reading revisions not yet folded")?)
}

/// `base` with `tail` laid over it, both sorted by key (region, indicator,
/// period, compared as SQLite compares text): a revision in the tail
/// replaces the figure of its key.
pub(super) fn overlay_sorted(
    base: Vec<CurrentFigure>,
    tail: Vec<CurrentFigure>,
) -> Vec<CurrentFigure> {
    if tail.is_empty() {
        return base;
    }
    fn key(f: &CurrentFigure) -> (&str, &str, &str) {
        (&f.region, &f.indicator, &f.period)
    }
    let mut out = Vec::with_capacity(base.len() + tail.len());
    let mut tail = tail.into_iter().peekable();
    for f in base {
        while let Some(t) = tail.next_if(|t| key(t) < key(&f)) {
            out.push(t);
        }
        match tail.next_if(|t| key(t) == key(&f)) {
            Some(t) => out.push(t),
            None => out.push(f),
        }
    }
    out.extend(tail);
    out
}

/// Lay `tail` (sorted by key) over series as read from `figure_current`:
/// a revision replaces its period's figure or adds one; a series found only
/// in the tail is added.
pub(super) fn overlay_series(series: &mut Vec<StoredSeries>, tail: &[CurrentFigure]) -> Result<()> {
    if tail.is_empty() {
        return Ok(());
    }
    let mut at: HashMap<(String, String), usize> = series
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.region.clone(), s.indicator.clone()), i))
        .collect();
    for group in tail.chunk_by(|a, b| a.region == b.region && a.indicator == b.indicator) {
        let (region, indicator) = (&group[0].region, &group[0].indicator);
        let i = *at
            .entry((region.clone(), indicator.clone()))
            .or_insert_with(|| {
                series.push(StoredSeries {
                    region: region.clone(),
                    indicator: indicator.clone(),
                    figures: Vec::new(),
                });
                series.len() - 1
            });
        let figures = &mut series[i].figures;
        let mut index: HashMap<Period, usize> = figures
            .iter()
            .enumerate()
            .map(|(j, (p, _, _))| (*p, j))
            .collect();
        for f in group {
            let figure = parse(f)?;
            match index.get(&figure.0) {
                Some(&j) => figures[j] = figure,
                None => {
                    index.insert(figure.0, figures.len());
                    figures.push(figure);
                }
            }
        }
    }
    Ok(())
}

/// A stored flag as a [`Flag`] (`None` when the revision has none).
pub(super) fn flag(code: Option<&str>) -> Result<Option<Flag>> {
    Flag::parse(code.unwrap_or("")).map_err(|m| Error::other(format!("stored {m}")))
}

/// A stored figure's period, value and basis.
pub(super) fn parse(f: &CurrentFigure) -> Result<(Period, f64, Basis)> {
    let period = f.period.parse::<Period>().with_context(|| {
        format!(
            "stored period {:?} in {}/{}",
            f.period, f.region, f.indicator
        )
    })?;
    let basis = f.basis.parse::<Basis>().map_err(Error::other)?;
    Ok((period, f.value, basis))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cf(region: &str, period: &str, value: f64) -> CurrentFigure {
        CurrentFigure {
            region: region.into(),
            indicator: "m".into(),
            period: period.into(),
            value,
            basis: "period".into(),
            flag: None,
        }
    }

    #[test]
    fn the_tail_replaces_its_keys_and_adds_new_ones_in_key_order() {
        let base = vec![
            cf("a", "2020-01", 1.0),
            cf("a", "2020-03", 3.0),
            cf("c", "2020-01", 5.0),
        ];
        let tail = vec![
            cf("a", "2020-02", 20.0),
            cf("a", "2020-03", 30.0),
            cf("b", "2020-01", 40.0),
            cf("d", "2020-01", 50.0),
        ];
        let got = overlay_sorted(base, tail);
        let got: Vec<(&str, &str, f64)> = got
            .iter()
            .map(|f| (f.region.as_str(), f.period.as_str(), f.value))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", "2020-01", 1.0),
                ("a", "2020-02", 20.0),
                ("a", "2020-03", 30.0),
                ("b", "2020-01", 40.0),
                ("c", "2020-01", 5.0),
                ("d", "2020-01", 50.0),
            ]
        );
    }

    #[test]
    fn series_take_the_tail_and_series_only_in_the_tail_appear() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let mut series = vec![StoredSeries {
            region: "a".into(),
            indicator: "m".into(),
            figures: vec![
                (p("2020-01"), 1.0, Basis::Period),
                (p("2020-02"), 2.0, Basis::Period),
            ],
        }];
        let tail = vec![
            cf("a", "2020-02", 20.0),
            cf("a", "2020-04", 4.0),
            cf("b", "2020-01", 7.0),
        ];
        overlay_series(&mut series, &tail).unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(
            series[0].figures,
            vec![
                (p("2020-01"), 1.0, Basis::Period),
                (p("2020-02"), 20.0, Basis::Period),
                (p("2020-04"), 4.0, Basis::Period)
            ]
        );
        assert_eq!(
            (series[1].region.as_str(), series[1].figures.len()),
            ("b", 1)
        );
    }
}
