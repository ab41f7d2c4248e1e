//! Which figures are overdue: a period a goal needs, whose `due_days` have
//! passed, with no usable figure.

use super::catalogue::{Goal, Indicator};
use super::period::Period;
use super::series::Series;
use chrono::{Days, NaiveDate};

/// A missing figure that was due.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct OverdueFigure {
    pub region: String,
    pub indicator: String,
    pub period: Period,
    pub due: NaiveDate,
}

/// The date a period's figure is due: `due_days` after the period ends.
pub fn due_date(period: Period, indicator: &Indicator) -> NaiveDate {
    period.end_date() + Days::new(u64::from(indicator.due_days))
}

/// Periods from the start of the goal's baseline year to the end of its
/// target year (trend goals: open-ended) that were due by `today` and have
/// no figure. A goal with a stated `baseline_value` does not need the
/// baseline year's figures.
pub fn overdue(
    goal: &Goal,
    indicator: &Indicator,
    series: &Series,
    today: NaiveDate,
) -> Vec<OverdueFigure> {
    let Some(baseline_year) = goal.baseline_year else {
        return Vec::new();
    };
    let first_year = if goal.baseline_value.is_some() {
        baseline_year + 1
    } else {
        baseline_year
    };
    let Some(mut period) = Period::new(first_year, 1, indicator.frequency) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    loop {
        if goal.target_year.is_some_and(|t| period.year() > t) {
            break;
        }
        let due = due_date(period, indicator);
        if due > today {
            break;
        }
        if !series.values().contains_key(&period) {
            out.push(OverdueFigure {
                region: goal.region.to_string(),
                indicator: indicator.id.to_string(),
                period,
                due,
            });
        }
        match period.next() {
            Some(p) => period = p,
            None => break,
        }
    }
    out
}
