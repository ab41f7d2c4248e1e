//! Stale goals (docs/progress.md, "Stale goals"): once the figure for the
//! target year's last sub-period was due and the year is still incomplete,
//! the goal is never judged on a projection.

use super::{SeriesProgress, Status};
use crate::domain::catalogue::{Indicator, Measure};
use crate::domain::overdue::due_date;
use crate::domain::period::Period;
use crate::domain::series::Series;
use chrono::NaiveDate;

/// When the goal with target year `target` is stale as of `as_of`, the
/// period its figures are missing since: the start of the run of overdue
/// periods that holds, for a flow, the target year's first sub-period
/// without a figure, for a level the period after the latest reading.
/// `series` is the goal's window (cut to `as_of` and the target year);
/// `overdue` its overdue periods, in order.
pub(super) fn stale_since(
    target: i32,
    indicator: &Indicator,
    series: &Series,
    as_of: NaiveDate,
    overdue: &[Period],
) -> Option<Period> {
    let last = Period::new(target, series.per_year(), series.frequency())?;
    if due_date(last, indicator) > as_of || series.is_complete(target) {
        return None;
    }
    let since = match series.measure() {
        Measure::Flow => {
            Period::all_in_year(target, series.frequency()).find(|p| series.get(*p).is_none())
        }
        Measure::Level => series
            .values()
            .range(..last)
            .next_back()
            .and_then(|(p, _)| p.next()),
    };
    let mut since = since.or_else(|| overdue.first().copied()).unwrap_or(last);
    // A series with nothing since 2020 is missing figures since 2020, not
    // since the target year began.
    while let Some(before) = since.prev().filter(|p| overdue.binary_search(p).is_ok()) {
        since = before;
    }
    Some(since)
}

/// Settle a stale goal: final, nothing projected. A target the recorded
/// figures already achieve stays achieved; anything else is not available.
pub(super) fn settle(out: &mut SeriesProgress, since: Period) {
    out.stale_since = Some(since);
    out.is_final = true;
    out.required_per_period = None;
    out.chance = None;
    out.chance_years = 0;
    out.projection_range = None;
    if out.projected {
        // Everything that came from projecting the incomplete year goes.
        out.current_value = None;
        out.projected = false;
        out.projection = None;
        out.expected_to_date = None;
        out.progress_ratio = None;
    }
    if out.status != Status::TargetAchieved {
        out.status = Status::NotAvailable;
        out.progress_ratio = None;
        out.score = None;
    }
}
