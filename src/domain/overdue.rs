//! Which figures are overdue: a period a goal needs, whose `due_days` have
//! passed, with no usable figure; and how to name a list of periods briefly.

use super::catalogue::{Goal, Indicator};
use super::period::Period;
use super::series::Series;
use chrono::{Days, NaiveDate};

/// A missing figure that was due.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub(crate) struct OverdueFigure {
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) period: Period,
    pub(crate) due: NaiveDate,
}

/// The date a period's figure is due: `due_days` after the period ends (a
/// due date past the calendar's end is never reached).
pub(crate) fn due_date(period: Period, indicator: &Indicator) -> NaiveDate {
    period
        .end_date()
        .checked_add_days(Days::new(u64::from(indicator.due_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Periods from the start of the goal's baseline year to the end of its
/// target year (trend goals: open-ended) that were due on or before `today`
/// and have no figure, each with its due date, in order. A goal with a
/// stated `baseline_value` does not need the baseline year's figures.
pub(crate) fn overdue_periods(
    goal: &Goal,
    indicator: &Indicator,
    series: &Series,
    today: NaiveDate,
) -> Vec<(Period, NaiveDate)> {
    let Some(baseline_year) = goal.baseline_year else {
        return Vec::new();
    };
    let first_year = if goal.baseline_value.is_some() {
        baseline_year + 1
    } else {
        baseline_year
    };
    let Some(first) = Period::new(first_year, 1, indicator.frequency) else {
        return Vec::new();
    };
    // Due dates only grow, so the walk ends at `today` (or the target year)
    // whatever the series holds.
    std::iter::successors(Some(first), |p| p.next())
        .take_while(|p| goal.last_year().is_none_or(|t| p.year() <= t))
        .map(|p| (p, due_date(p, indicator)))
        .take_while(|(_, due)| *due <= today)
        .filter(|(p, _)| !series.values().contains_key(p))
        .collect()
}

/// [`overdue_periods`] with the region and indicator they belong to.
pub(crate) fn overdue(
    goal: &Goal,
    indicator: &Indicator,
    series: &Series,
    today: NaiveDate,
) -> Vec<OverdueFigure> {
    overdue_periods(goal, indicator, series, today)
        .into_iter()
        .map(|(period, due)| OverdueFigure {
            region: goal.region.to_string(),
            indicator: indicator.id.to_string(),
            period,
            due,
        })
        .collect()
}

/// Ordered periods in words, consecutive runs joined: "2020-03, 2021-07 to
/// 2021-12". At most `max_runs` runs are named; the rest are counted, so the
/// text stays short however many periods are missing.
#[cfg(test)]
pub(crate) fn period_runs(periods: &[Period], max_runs: usize) -> String {
    period_runs_in(
        periods,
        max_runs,
        &RunWords {
            period: &|p| p.to_string(),
            span: &|a, b| format!("{a} to {b}"),
            more: &|n| format!("and {n} more"),
            separator: ", ",
        },
    )
}

/// How [`period_runs_in`] words a list of periods: each period, a run from
/// one to another, the count of those left unnamed, and what goes between.
pub(crate) struct RunWords<'a> {
    pub(crate) period: &'a dyn Fn(Period) -> String,
    pub(crate) span: &'a dyn Fn(String, String) -> String,
    pub(crate) more: &'a dyn Fn(usize) -> String,
    pub(crate) separator: &'a str,
}

/// [`period_runs`] in other words (another language's).
pub(crate) fn period_runs_in(periods: &[Period], max_runs: usize, words: &RunWords<'_>) -> String {
    let mut runs: Vec<(Period, Period)> = Vec::new();
    for &p in periods {
        match runs.last_mut() {
            Some((_, last)) if last.next() == Some(p) => *last = p,
            _ => runs.push((p, p)),
        }
    }
    let mut out: Vec<String> = runs
        .iter()
        .take(max_runs)
        .map(|(a, b)| {
            if a == b {
                (words.period)(*a)
            } else {
                (words.span)((words.period)(*a), (words.period)(*b))
            }
        })
        .collect();
    let named: usize = runs.iter().take(max_runs).map(|(a, b)| count(*a, *b)).sum();
    if named < periods.len() {
        out.push((words.more)(periods.len() - named));
    }
    out.join(words.separator)
}

/// Ordered periods as runs of consecutive ones (first and last of each),
/// for wording them: the first `max_runs` runs, and how many periods are
/// in the runs left out.
pub(crate) fn runs_of(periods: &[Period], max_runs: usize) -> (Vec<(Period, Period)>, usize) {
    let mut runs: Vec<(Period, Period)> = Vec::new();
    for &p in periods {
        match runs.last_mut() {
            Some((_, last)) if last.next() == Some(p) => *last = p,
            _ => runs.push((p, p)),
        }
    }
    runs.truncate(max_runs);
    let named: usize = runs.iter().map(|(a, b)| count(*a, *b)).sum();
    (runs, periods.len().saturating_sub(named))
}

/// Periods from `a` to `b`, both included (`a <= b`, one frequency).
fn count(a: Period, b: Period) -> usize {
    let n = usize::from(a.frequency().per_year());
    let index = |p: Period| p.year() as usize * n + usize::from(p.index());
    index(b) - index(a) + 1
}

#[cfg(test)]
mod tests;
