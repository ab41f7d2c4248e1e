//! The chance of meeting the target (docs/progress.md, "Chance of meeting
//! the target"): replay the rest of this year as each earlier year's rest
//! went, and count in how many of those patterns the target is met.
//!
//! For the year Y with k of its n sub-periods counted, each usable earlier
//! year y (A(y) and YTD_k(y) exist, YTD_k(y) > 0; the 10 most recent) gives
//! V_y = YTD_k(Y) × A(y) / YTD_k(y), the full year Y would reach if its
//! remaining sub-periods grew as y's did. With at least 3 such years the
//! chance is the share of them whose V_y meets the target, and the spread
//! of the V_y is the projection range.

use crate::domain::series::Series;
use serde::Serialize;

/// At most this many earlier years are replayed (the most recent ones).
pub(crate) const HISTORY_YEARS: usize = 10;
/// Fewer usable years than this say too little: no chance is given.
pub(crate) const MIN_YEARS: usize = 3;

/// The chance, how many years it rests on, and the range of their outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub(crate) struct Chance {
    /// The share of replayed years in which the target is met; `None` with
    /// fewer than [`MIN_YEARS`].
    pub(crate) chance: Option<f64>,
    /// How many earlier years were replayed (0 when it does not apply).
    pub(crate) years: usize,
    /// The smallest and largest full-year outcome; `None` with fewer than
    /// [`MIN_YEARS`].
    pub(crate) range: Option<[f64; 2]>,
}

impl Chance {
    /// How many of the replayed years meet the target ("3 of 5").
    pub(crate) fn met(&self) -> Option<usize> {
        // The share was computed as met / years, so this rounds back exactly.
        self.chance
            .map(|c| (c * self.years as f64).round() as usize)
    }

    /// In words: "the target would be met in 3 of the last 5 years' patterns".
    #[cfg(test)]
    pub(crate) fn words(&self) -> Option<String> {
        let met = self.met()?;
        Some(format!(
            "the target would be met in {met} of the last {} years' patterns",
            self.years
        ))
    }

    /// Short form for tables: "3/5".
    pub(crate) fn fraction(&self) -> Option<String> {
        Some(format!("{}/{}", self.met()?, self.years))
    }
}

/// The chance for year `year` of `series` (a flow), with `k` sub-periods
/// counted (1 ≤ k < n) adding up to `to_date`, of reaching `tau` when
/// `increase` (of staying at or under it otherwise). The caller decides
/// whether the rule applies at all (a flow goal with a target value, not
/// stale, judged in its target year, which is incomplete).
pub(crate) fn chance(
    series: &Series,
    year: i32,
    k: u8,
    to_date: f64,
    tau: f64,
    increase: bool,
) -> Chance {
    let outcomes: Vec<f64> = series
        .years_desc()
        .into_iter()
        .filter(|&y| y < year)
        .filter_map(|y| {
            let a = series.annual(y)?;
            let part = series.ytd_checked(y, k).filter(|p| *p > 0.0)?;
            // The same order of operations as the seasonal projection, so
            // last year's outcome is that projection to the bit.
            Some(to_date * a / part)
        })
        .filter(|v| v.is_finite())
        .take(HISTORY_YEARS)
        .collect();
    let years = outcomes.len();
    if years < MIN_YEARS {
        return Chance {
            chance: None,
            years,
            range: None,
        };
    }
    let d = if increase { 1.0 } else { -1.0 };
    let met = outcomes.iter().filter(|v| d * (**v - tau) >= 0.0).count();
    let lo = outcomes.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = outcomes.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Chance {
        chance: Some(met as f64 / years as f64),
        years,
        range: Some([lo, hi]),
    }
}
