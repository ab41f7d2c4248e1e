//! Warnings for figures about to be recorded that look wrong (a unit slip, an
//! outlier): shown by `import` and `record` and in the HTTP API's `warnings`,
//! never a reason to reject.
//!
//! A check of a figure looks only at its series' recent years
//! ([`suspect::window_start`]), so only those are read: from the database
//! ([`suspect_warnings`]) or through the daemon's [`SeriesCache`]
//! ([`suspect_warnings_cached`]).

use crate::domain::{Basis, Catalogue, Measure, Period, series, suspect};
use crate::ingest::FigureInput;
use crate::store::{SeriesCache, Store};
use anyhow::Result;
use std::collections::{BTreeMap, HashMap};

/// One suspect figure of an import.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FigureWarning {
    /// The figure's line (CSV line, sheet row or JSON index).
    pub line: u64,
    pub column: &'static str,
    pub value: f64,
    pub message: String,
}

/// Stored figures of one series from some period on.
type Stored = BTreeMap<Period, (f64, Basis)>;

/// Check `figures` against their series as stored, with the new figures in place.
pub async fn suspect_warnings(
    store: &Store,
    cat: &Catalogue,
    figures: &[FigureInput],
) -> Result<Vec<FigureWarning>> {
    let wanted = windows_wanted(figures);
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let keys = key_names(cat, &wanted);
    let (_, stored) = store.current_windows(&keys).await?;
    let mut by_name: HashMap<(&str, &str), Stored> = stored
        .iter()
        .map(|s| {
            let figures = s.figures.iter().map(|(p, v, b)| (*p, (*v, *b))).collect();
            ((s.region.as_str(), s.indicator.as_str()), figures)
        })
        .collect();
    let windows: HashMap<(u32, u32), Stored> = wanted
        .iter()
        .zip(&keys)
        .map(|((series, _), (r, i, _))| (*series, by_name.remove(&(*r, *i)).unwrap_or_default()))
        .collect();
    Ok(check_figures(cat, figures, |series| windows.get(&series)))
}

/// As [`suspect_warnings`], reading the stored figures through `cache`.
pub async fn suspect_warnings_cached(
    cache: &SeriesCache,
    store: &Store,
    cat: &Catalogue,
    figures: &[FigureInput],
) -> Result<Vec<FigureWarning>> {
    let wanted = windows_wanted(figures);
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let keys = key_names(cat, &wanted);
    let found = cache.windows(store, &keys).await?;
    let windows: HashMap<(u32, u32), _> = wanted
        .iter()
        .map(|(series, _)| *series)
        .zip(found)
        .collect();
    Ok(check_figures(cat, figures, |series| {
        windows.get(&series).map(|w| &w.figures)
    }))
}

/// Each series the figures touch, with the first period any of its checks
/// looks at.
fn windows_wanted(figures: &[FigureInput]) -> Vec<((u32, u32), Period)> {
    let mut from: BTreeMap<(u32, u32), Period> = BTreeMap::new();
    for f in figures {
        let start = suspect::window_start(f.period);
        from.entry((f.region, f.indicator))
            .and_modify(|p| *p = (*p).min(start))
            .or_insert(start);
    }
    from.into_iter().collect()
}

fn key_names<'c>(
    cat: &'c Catalogue,
    wanted: &[((u32, u32), Period)],
) -> Vec<(&'c str, &'c str, Period)> {
    wanted
        .iter()
        .map(|((r, i), from)| {
            (
                cat.regions[*r as usize].id.as_str(),
                cat.indicators[*i as usize].id.as_str(),
                *from,
            )
        })
        .collect()
}

/// Check every figure against its series' stored window (from
/// `stored(series)`, which starts at or before the figure's window) with the
/// new figures in place. Each series is converted to period values once.
fn check_figures<'s>(
    cat: &Catalogue,
    figures: &[FigureInput],
    stored: impl Fn((u32, u32)) -> Option<&'s Stored>,
) -> Vec<FigureWarning> {
    let mut by_series: BTreeMap<(u32, u32), Vec<&FigureInput>> = BTreeMap::new();
    for f in figures {
        by_series
            .entry((f.region, f.indicator))
            .or_default()
            .push(f);
    }
    let mut out = Vec::new();
    for (series, mut new) in by_series {
        let ind = &cat.indicators[series.1 as usize];
        new.sort_by_key(|f| f.period);
        // Only the stretch the checks look at: from the earliest window's
        // start to the latest new period.
        let (Some(first), Some(last)) = (new.first(), new.last()) else {
            continue;
        };
        let (from, to) = (suspect::window_start(first.period), last.period);
        let stored = stored(series)
            .into_iter()
            .flat_map(|s| s.range(from..=to))
            .map(|(p, (v, b))| (*p, *v, *b));
        let given = merge(stored, new.iter().map(|f| (f.period, f.value, f.basis)))
            .filter(|(p, _, _)| p.frequency() == ind.frequency);
        // Period values in a dense array from `from` on.
        let per_year = i64::from(ind.frequency.per_year());
        let offset =
            |p: Period| i64::from(p.year() - from.year()) * per_year + i64::from(p.index()) - 1;
        let mut values = vec![None; usize::try_from(offset(to) + 1).unwrap_or(0)];
        let mut put = |p: Period, v: f64| {
            if let Some(slot) = usize::try_from(offset(p))
                .ok()
                .and_then(|i| values.get_mut(i))
            {
                *slot = Some(v);
            }
        };
        match ind.measure {
            Measure::Flow => series::period_values_of(given).for_each(|(p, v)| put(p, v)),
            Measure::Level => given.for_each(|(p, v, _)| put(p, v)),
        }
        let get = |p: Period| {
            if p.frequency() != ind.frequency {
                return None;
            }
            usize::try_from(offset(p))
                .ok()
                .and_then(|i| values.get(i).copied().flatten())
        };
        for f in new {
            let Some(value) = get(f.period) else {
                continue;
            };
            if let Some(s) = suspect::check_with(get, f.period, value) {
                out.push(warning(cat, f, &s.reason));
            }
        }
    }
    out.sort_by_key(|w| w.line);
    out
}

/// The warning for figure `f`, suspect for `reason`.
fn warning(cat: &Catalogue, f: &FigureInput, reason: &str) -> FigureWarning {
    FigureWarning {
        line: f.line,
        column: "value",
        value: f.value,
        message: format!(
            "column value: {} for {} {} {} looks wrong: {reason}",
            f.value,
            f.region_id(cat),
            f.indicator(cat).id,
            f.period,
        ),
    }
}

/// Two period-ordered runs of figures as one, `b`'s figure winning where
/// both have a period.
fn merge(
    a: impl Iterator<Item = (Period, f64, Basis)>,
    b: impl Iterator<Item = (Period, f64, Basis)>,
) -> impl Iterator<Item = (Period, f64, Basis)> {
    let mut a = a.peekable();
    let mut b = b.peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if x.0 < y.0 => a.next(),
        (Some(x), Some(y)) if x.0 == y.0 => {
            a.next();
            b.next()
        }
        (Some(_), None) => a.next(),
        _ => b.next(),
    })
}

#[cfg(test)]
mod tests {
    //! Reading only each series' window gives the same warnings as checking
    //! against the whole series, from the database and through the cache.
    use super::*;
    use crate::domain::Frequency;
    use crate::store::NewFigure;

    const CATALOGUE: &str = r#"
[[region]]
id = "r"
name = "R"
[[indicator]]
id = "m"
name = "M"
unit = "u"
frequency = "monthly"
measure = "flow"
[[indicator]]
id = "q"
name = "Q"
unit = "u"
frequency = "quarterly"
measure = "level"
"#;

    struct Lcg(u64);
    impl Lcg {
        fn unit(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[tokio::test]
    async fn windowed_and_cached_checks_agree_with_whole_series_checks() {
        let (_dir, store) = crate::store::test_store(CATALOGUE).await;
        let cat = Catalogue::from_toml(CATALOGUE, "t").unwrap();
        let cache = SeriesCache::default();
        let mut rng = Lcg(11);
        // Twelve years of stored history, some of it as year-to-date totals.
        let mut stored = Vec::new();
        for (ind, freq) in [("m", Frequency::Monthly), ("q", Frequency::Quarterly)] {
            for y in 2008..2020 {
                let mut ytd = 0.0;
                for j in 1..=freq.per_year() {
                    let v = 100.0 * (1.0 + 0.05 * f64::from(y - 2008)) * (0.9 + 0.2 * rng.unit());
                    ytd += v;
                    let ytd_basis = y % 3 == 0;
                    stored.push(NewFigure {
                        region: "r",
                        indicator: ind,
                        period: Period::new(y, j, freq).unwrap(),
                        value: if ytd_basis { ytd } else { v },
                        basis: if ytd_basis { Basis::Ytd } else { Basis::Period },
                        note: None,
                    });
                }
            }
        }
        store.write_figures(&stored, "t", "t", false).await.unwrap();
        // Batches of new figures, some ordinary, some slips and jumps, some
        // revising the past.
        let mut flagged = 0;
        for round in 0..100u64 {
            let mut figures = Vec::new();
            // Two monthly figures (sometimes in one year), one quarterly.
            let kinds = [
                (1u32, Frequency::Monthly),
                (1, Frequency::Monthly),
                (2, Frequency::Quarterly),
            ];
            for (k, (ind, freq)) in kinds.into_iter().enumerate() {
                let year = 2014 + (rng.unit() * 7.0) as i32;
                let j = 1 + (rng.unit() * f64::from(freq.per_year())) as u8;
                let period = Period::new(year, j, freq).unwrap();
                if figures
                    .iter()
                    .any(|f: &FigureInput| f.indicator == ind - 1 && f.period == period)
                {
                    continue;
                }
                let scale = [1.0, 1.0, 1.0, 10.0, 0.1, 1.8][(rng.unit() * 6.0) as usize];
                figures.push(FigureInput {
                    line: round * 3 + k as u64,
                    region: 0,
                    indicator: ind - 1,
                    period,
                    value: 100.0 * (1.0 + 0.05 * f64::from(year - 2008)) * scale,
                    basis: Basis::Period,
                    note: None,
                    flag: None,
                });
            }
            let from_db = suspect_warnings(&store, &cat, &figures).await.unwrap();
            let cached = suspect_warnings_cached(&cache, &store, &cat, &figures)
                .await
                .unwrap();
            let whole = whole_series_warnings(&store, &cat, &figures).await;
            assert_eq!(from_db, whole, "round {round}");
            assert_eq!(cached, whole, "round {round}");
            flagged += whole.len();
        }
        assert!(flagged > 5, "the rounds exercise the warnings: {flagged}");
    }

    /// Each figure checked against its whole stored series (no window), the
    /// plain way: the series through [`Series`], then [`suspect::check`].
    async fn whole_series_warnings(
        store: &Store,
        cat: &Catalogue,
        figures: &[FigureInput],
    ) -> Vec<FigureWarning> {
        let all = store.current_series(None).await.unwrap();
        let mut out = Vec::new();
        for f in figures {
            let ind = f.indicator(cat);
            let mut raw: Stored = all
                .iter()
                .find(|s| s.indicator == ind.id.as_str())
                .map(|s| s.figures.iter().map(|(p, v, b)| (*p, (*v, *b))).collect())
                .unwrap_or_default();
            for g in figures.iter().filter(|g| g.indicator == f.indicator) {
                raw.insert(g.period, (g.value, g.basis));
            }
            let series = crate::domain::Series::from_figures(
                ind.frequency,
                ind.measure,
                raw.into_iter().map(|(p, (v, b))| (p, v, b)),
            );
            let Some(value) = series.get(f.period) else {
                continue;
            };
            if let Some(s) = suspect::check(series.values(), f.period, value) {
                out.push(warning(cat, f, &s.reason));
            }
        }
        out.sort_by_key(|w| w.line);
        out
    }
}
