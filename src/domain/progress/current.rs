//! The current point (docs/progress.md "The current point"): which year is
//! judged, the value v at time t, and how an incomplete flow year is
//! projected to a full year.

use super::Projection;
use crate::domain::catalogue::Measure;
use crate::domain::period::Period;
use crate::domain::series::Series;

/// Where a series stands: the value judged against the goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CurrentPoint {
    /// Y, the current year.
    pub(crate) year: i32,
    /// The last sub-period counted (flow) or the reading's period (level).
    pub(crate) period: Period,
    /// t: Y for a flow year (projected or not), Y − 1 + j/n for a reading.
    pub(crate) time: f64,
    /// v: the full-year value (possibly projected) or the reading.
    pub(crate) value: f64,
    /// YTD_k(Y) for a flow, v for a level.
    pub(crate) to_date: f64,
    /// How v was projected; `None` when v is an actual figure.
    pub(crate) projection: Option<Projection>,
    /// s: the share of the year the figures so far are expected to make up
    /// (`None` when not projected).
    pub(crate) share: Option<f64>,
}

impl CurrentPoint {
    pub(crate) fn is_projected(&self) -> bool {
        self.projection.is_some()
    }

    /// k: sub-periods counted so far in Y (a level counts up to its reading).
    pub(crate) fn counted(&self) -> u8 {
        self.period.index()
    }
}

/// The current point of `series`, using years up to `max_year` (the target
/// year; `None` for trend goals). `series` must already be cut to as-of.
pub(crate) fn current_point(series: &Series, max_year: Option<i32>) -> Option<CurrentPoint> {
    let year = series
        .years_desc()
        .into_iter()
        .filter(|y| max_year.is_none_or(|m| *y <= m))
        .find(|&y| usable(series, y))?;
    match series.measure() {
        Measure::Flow => flow_point(series, year),
        Measure::Level => level_point(series, year),
    }
}

/// A year counts when its first sub-period is there (flow) or it has any
/// reading (level).
fn usable(series: &Series, year: i32) -> bool {
    match series.measure() {
        Measure::Flow => series.leading_count(year) >= 1,
        Measure::Level => series.latest_in_year(year).is_some(),
    }
}

fn level_point(series: &Series, year: i32) -> Option<CurrentPoint> {
    let (period, value) = series.latest_in_year(year)?;
    Some(CurrentPoint {
        year,
        period,
        time: period.time(),
        value,
        to_date: value,
        projection: None,
        share: None,
    })
}

fn flow_point(series: &Series, year: i32) -> Option<CurrentPoint> {
    let n = series.per_year();
    let k = series.leading_count(year);
    let period = Period::new(year, k, series.frequency())?;
    let to_date = series.ytd(year, k);
    let (value, projection, share) = if k == n {
        (to_date, None, None)
    } else {
        let (v, how, s) = project(series, year, k, to_date);
        (v, Some(how), Some(s))
    };
    Some(CurrentPoint {
        year,
        period,
        time: f64::from(year),
        value,
        to_date,
        projection,
        share,
    })
}

/// Project YTD_k(Y) to a full year: with last year's seasonal profile when
/// last year is complete, else linearly. Returns (v, projection, s).
///
/// A seasonal projection needs A(Y−1) and YTD_k(Y−1) > 0; it also requires
/// A(Y−1) > 0, since a non-positive last year would make the seasonal share
/// meaningless (or infinite) and flip the projection's sign.
fn project(series: &Series, year: i32, k: u8, to_date: f64) -> (f64, Projection, f64) {
    let last_year = series.annual(year - 1);
    let last_ytd = series.ytd_checked(year - 1, k);
    if let (Some(a), Some(y)) = (last_year, last_ytd)
        && a > 0.0
        && y > 0.0
    {
        return (to_date * a / y, Projection::Seasonal, y / a);
    }
    let (n, k) = (f64::from(series.per_year()), f64::from(k));
    (to_date * n / k, Projection::Linear, k / n)
}
